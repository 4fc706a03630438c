-- The benchmark runner behind `make bench` and `make bench-quick`.
--
--   lua5.4 bench/run.lua [--quick] [--out FILE] [--only SECTION,...]
--
-- Runs every driver as its own process (one per tool, measure and size),
-- one after the other in the same run, reads the BENCH line each prints
-- (bench/timing.lua), compares the results of the tools with each other,
-- and writes a Markdown report: medians of the repetitions, ratios to
-- the reference tool, peak memory, and the machine.  SECTIONs: network,
-- json, models, startup (--only none: no run, the report from the saved
-- results, e.g. after editing bench/notes.md).  --quick: the smallest size only (under a minute), report
-- to build/bench/RESULTS-quick.md unless --out says otherwise.
--
-- Times are CPU seconds of the process (the machine may be shared; with
-- OMP_NUM_THREADS=1 every tool runs on one thread, so CPU time is the
-- work done); wall-clock medians are kept in the report too.
local clock = require "benchclock"

local quick, out, only = false, nil, nil
do
  local i = 1
  while i <= #arg do
    if arg[i] == "--quick" then quick = true
    elseif arg[i] == "--out" then i = i + 1; out = arg[i]
    elseif arg[i] == "--only" then
      i = i + 1
      only = {}
      for s in arg[i]:gmatch("[^,]+") do only[s] = true end
    else error("bench/run.lua: unknown argument " .. arg[i]) end
    i = i + 1
  end
end
out = out or (quick and "build/bench/RESULTS-quick.md" or "bench/RESULTS.md")

local DATA, TMP, BIN = "build/bench/data", "build/bench/tmp", "build/bench"
local LUA = "lua5.4"
local PY = "/usr/bin/python3"
os.execute("mkdir -p " .. DATA .. " " .. TMP)
local log = io.stderr

-- {====== Running drivers ======

local function sh(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local text = p:read("a")
  local ok, _, code = p:close()
  return text, ok, code
end

local function median(t)
  if #t == 0 then return nil end
  local s = {}
  for i, x in ipairs(t) do s[i] = x end
  table.sort(s)
  local m = #s // 2
  return #s % 2 == 1 and s[m + 1] or (s[m] + s[m + 1]) / 2
end

local function numbers(list)
  local t = {}
  for x in (list or ""):gmatch("[^,]+") do t[#t + 1] = tonumber(x) end
  return t
end

-- Runs one driver; returns { cpu, wall, first, rss_kb, base_kb, ... } or
-- nil and the output when it failed.
local function run(cmd)
  log:write("  $ ", cmd, "\n")
  local t0 = clock.now()
  local text, ok = sh("env OMP_NUM_THREADS=1 " .. cmd)
  local r = { elapsed = clock.now() - t0 }
  local found = false
  for line in text:gmatch("[^\n]+") do
    if line:match("^BENCH ") then
      found = true
      for k, v in line:gmatch("([%w_]+)=(%S+)") do r[k] = v end
    end
  end
  if not ok or not found then
    log:write(text, "\n  ! failed\n")
    return nil, text
  end
  r.cpu_all, r.wall_all = numbers(r.cpu), numbers(r.wall)
  r.cpu, r.wall = median(r.cpu_all), median(r.wall_all)
  r.first = tonumber(r.first)
  r.rss_kb, r.base_kb = tonumber(r.rss_kb), tonumber(r.base_kb)
  log:write(("  = cpu %.4f s (wall %.4f s), peak %.0f MiB, %d reps\n")
    :format(r.cpu, r.wall, r.rss_kb / 1024, #r.cpu_all))
  return r
end

-- Reads a file of numbers (one a line).
local function values(path)
  local t = {}
  local f = io.open(path, "rb")
  if not f then return t end
  for line in f:lines() do t[#t + 1] = tonumber(line) end
  f:close()
  return t
end

-- Largest difference between two value lists, relative to the largest
-- magnitude in a (nil when the lengths differ).
local function maxdiff(a, b)
  if #a ~= #b or #a == 0 then return nil end
  local d, scale = 0, 0
  for i = 1, #a do
    d = math.max(d, math.abs(a[i] - b[i]))
    scale = math.max(scale, math.abs(a[i]))
  end
  return scale > 0 and d / scale or d
end

-- }======

-- {====== The machine ======

local function first_line(cmd)
  local text = sh(cmd)
  return ((text:match("[^\n]*") or ""):gsub("%s+$", ""))
end

local function machine()
  local cpu = first_line("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")
  local mem = tonumber(first_line("awk '/MemTotal/ {print $2}' /proc/meminfo"))
  local py = first_line(PY .. " -c 'import igraph, networkx, sys; "
    .. "print(sys.version.split()[0], igraph.__version__, "
    .. "networkx.__version__)'")
  local pyv, igv, nxv = py:match("(%S+) (%S+) (%S+)")
  return {
    { "CPU", ("%s, %s cores"):format((cpu:gsub("^%s+", "")),
      first_line("nproc")) },
    { "memory", ("%.0f GiB"):format((mem or 0) / 1048576) },
    { "system", ("Debian %s, Linux %s"):format(
      first_line("cat /etc/debian_version"), first_line("uname -r")) },
    { "compiler", first_line("cc --version") .. ", -O2" },
    { "Lua", first_line(LUA .. " -v") },
    { "igraph (C)", first_line("pkg-config --modversion igraph") },
    { "cJSON", first_line("pkg-config --modversion libcjson") },
    { "Python", pyv or "?" },
    { "python-igraph", igv or "?" },
    { "NetworkX", nxv or "?" },
    { "load average (1, 5, 15 min) at the end",
      first_line("cut -d' ' -f1-3 /proc/loadavg") },
  }
end

-- }======

local SIZES = quick and { 1000 } or { 1000, 10000, 100000 }
local results = { network = {}, json = {}, models = {}, startup = {} }

-- {====== Network measures ======

local MEASURES = { "pagerank", "betweenness", "constraint", "leiden",
                   "louvain" }

-- Repetitions (after the first call) by measure and size; nil: not run.
local function reps(measure, n)
  if quick then return 3 end
  if measure == "betweenness" then
    return n <= 1000 and 5 or n <= 10000 and 3 or nil
  end
  return n <= 10000 and 5 or 3
end

-- NetworkX: what runs in full, and what is estimated from a sample
-- (betweenness from k sources, constraint from k actors, scaled to all);
-- nil: skipped (minutes or more).
local NX = {
  pagerank = { full = 100000 },
  louvain = { full = 10000 },
  betweenness = { full = quick and 0 or 1000, sample = 10000,
                  k = quick and 20 or 50 },
  constraint = { sample = 100000, k = quick and 20 or 100 },
  leiden = {}, -- NetworkX 2.8 has no Leiden
}

local function network()
  for _, n in ipairs(SIZES) do
    for _, m in ipairs(MEASURES) do
      local r = reps(m, n)
      if r then
        local edges = ("%s/sys%d.%s"):format(DATA, n,
          (m == "leiden" or m == "louvain") and "edges" or "arcs")
        local res = { n = n, measure = m }
        local function path(tool)
          return ("%s/%s-%s-%d.txt"):format(TMP, tool, m, n)
        end
        log:write(("network: %s, %d actors\n"):format(m, n))
        res.diplomat = run(("%s bench/net_diplomat.lua %s %d %d %s")
          :format(LUA, m, n, r, path("diplomat")))
        res.igraph = run(("%s/net_igraph %s %s %d %s"):format(BIN, m, edges, r,
          path("igraph")))
        res.python = run(("%s bench/net_python.py igraph %s %s %d %s")
          :format(PY, m, edges, r, path("python")))
        local nx = NX[m]
        if nx.full and n <= nx.full then
          res.networkx = run(("%s bench/net_python.py networkx %s %s %d %s")
            :format(PY, m, edges, (m == "pagerank" or n <= 1000) and 3 or 1,
                    path("networkx")))
        elseif nx.sample and n <= nx.sample then
          res.networkx = run(("%s bench/net_python.py networkx %s %s 1 %s %d")
            :format(PY, m, edges, path("networkx"), nx.k))
          if res.networkx then res.networkx.estimated = true end
        end
        local ref = values(path("igraph"))
        for _, tool in ipairs{ "diplomat", "python", "networkx" } do
          if res[tool] and not res[tool].estimated then
            local v = values(path(tool))
            if m == "leiden" or m == "louvain" then
              -- a partition may differ (other random draws): compare
              -- its quality, the modularity
              res[tool].modularity = v[1]
              res[tool].diff = v[1] and ref[1] and math.abs(v[1] - ref[1])
            else
              res[tool].diff = maxdiff(ref, v)
            end
          end
        end
        if res.igraph then res.igraph.modularity = ref[1] end
        results.network[#results.network + 1] = res
      end
    end
  end
end

-- }======

-- {====== JSON ======

local function json()
  local n = SIZES[#SIZES]
  local map = ("%s/sys%d.json"):format(DATA, n)
  local r = n >= 100000 and 3 or 5
  local pairs_ = {
    { "load (read + parse + validate + build)", "load", "load" },
    { "decode (text in memory)", "decode", "parse" },
    { "encode, pretty (as save)", "encode", "print" },
    { "encode, compact", "compact", "compact" },
    { "save (encode + write + fsync)", "save", "write" },
  }
  for _, p in ipairs(pairs_) do
    log:write("json: ", p[1], "\n")
    local res = { what = p[1], n = n }
    res.diplomat = run(("%s bench/json_diplomat.lua %s %s %d %s")
      :format(LUA, p[2], map, r, TMP))
    res.cjson = run(("%s/json_cjson %s %s %d %s")
      :format(BIN, p[3], map, r, TMP))
    results.json[#results.json + 1] = res
  end
  local f = io.open(map, "rb")
  results.json.bytes = f:seek("end")
  f:close()
end

-- }======

-- {====== Start-up: hyperfine ======
-- Whole processes, timed from outside by hyperfine (wall clock, warm
-- file cache): starting each tool and loading the largest map, the way
-- a script or the command line uses it.

local function startup()
  local n = SIZES[#SIZES]
  local map = ("%s/sys%d.json"):format(DATA, n)
  local arcs = ("%s/sys%d.arcs"):format(DATA, n)
  local cmds = {
    { "lua5.4 + require diplomat",
      LUA .. [[ -e 'require "diplomat"']] },
    { "python3 + import igraph", PY .. [[ -c 'import igraph']] },
    { "python3 + import networkx", PY .. [[ -c 'import networkx']] },
    { "diplomat check MAP (the command line)",
      LUA .. " bin/diplomat check " .. map },
    { "lua5.4: diplomat.load(MAP)",
      LUA .. [[ -e "assert(require('diplomat').load(']] .. map .. [['))"]] },
    { "python3: igraph.Graph.Read_Ncol(edge list)",
      PY .. [[ -c 'import igraph, sys; igraph.Graph.Read_Ncol(sys.argv[1], ]]
        .. [[directed=True)' ]] .. arcs },
  }
  local json = TMP .. "/hyperfine.json"
  local args = {}
  for _, c in ipairs(cmds) do
    args[#args + 1] = ("-n %q %q"):format(c[1], c[2])
  end
  log:write("startup: hyperfine\n")
  local text, ok = sh(("env OMP_NUM_THREADS=1 LUA_PATH=%q LUA_CPATH=%q "
    .. "hyperfine -N --warmup 1 --runs %d --export-json %s %s")
    :format(os.getenv("LUA_PATH") or "", os.getenv("LUA_CPATH") or "",
      quick and 3 or 10, json, table.concat(args, " ")))
  if not ok then
    log:write(text, "\n  ! hyperfine failed\n")
    return
  end
  local f = assert(io.open(json, "rb"))
  local data = f:read("a")
  f:close()
  -- the few fields needed, read without a JSON library
  for block in data:gmatch('{%s*"command":.-"exit_codes"') do
    results.startup[#results.startup + 1] = {
      command = block:match('"command":%s*"(.-)"'),
      median = tonumber(block:match('"median":%s*([%d.eE+-]+)')),
      stddev = tonumber(block:match('"stddev":%s*([%d.eE+-]+)')),
    }
  end
  results.startup.n = n
end

-- }======

-- {====== Compiled algorithms against pure Lua ======

-- Each: a name, the sizes, the repetitions, and how to call the drivers
-- (bench/models.lua runs diplomat, bench/models_lua.lua the reference).
local MODELS = {
  { id = "fj", name = "Friedkin–Johnsen (iterate)",
    sizes = quick and { 1000 } or { 1000, 10000, 100000 } },
  { id = "eu", name = "EU model, 10 rounds",
    sizes = quick and { 50 } or { 50, 100, 200, 400, 1000 }, lua_max = 200 },
  { id = "perturb", name = "Compromise, 1,000 perturbed runs",
    sizes = quick and { 1000 } or { 1000, 10000 } },
  { id = "banzhaf", name = "Banzhaf, exact",
    sizes = quick and { 100 } or { 100, 200, 400, 800, 5000 },
    lua_max = 800 },
  { id = "shapley", name = "Shapley–Shubik, exact",
    sizes = quick and { 50 } or { 50, 100, 200, 1000 }, lua_max = 200 },
  { id = "coalitions", name = "Coalition search, top 5",
    sizes = quick and { 20 } or { 20, 25, 30 } },
  { id = "minimal", name = "Minimal winning coalitions, all counted",
    sizes = quick and { 16 } or { 16, 20, 24 } },
  { id = "scenario", name = "Scenario, 100 replicates",
    sizes = quick and { 1000 } or { 1000, 10000 } },
}

local function models()
  for _, m in ipairs(MODELS) do
    for _, n in ipairs(m.sizes) do
      log:write(("models: %s, n = %d\n"):format(m.id, n))
      local res = { id = m.id, name = m.name, n = n }
      local r = (quick or n >= 1000) and 3 or 5
      local o1 = ("%s/model-diplomat-%s-%d.txt"):format(TMP, m.id, n)
      local o2 = ("%s/model-lua-%s-%d.txt"):format(TMP, m.id, n)
      res.diplomat = run(("%s bench/models.lua %s %d %d %s")
        :format(LUA, m.id, n, r, o1))
      if not m.lua_max or n <= m.lua_max then
        res.lua = run(("%s bench/models_lua.lua %s %d %d %s")
          :format(LUA, m.id, n, (quick or n >= 1000) and 1 or 3, o2))
        if res.diplomat and res.lua then
          res.diff = maxdiff(values(o1), values(o2))
        end
      end
      results.models[#results.models + 1] = res
    end
  end
end

-- }======

-- {====== Saved results ======
-- Each section's results are saved (build/bench/results-<section>.lua),
-- so that --only reruns one section and the report still shows the
-- others from their last run.

local function serialize(v, indent)
  indent = indent or ""
  if type(v) == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    local parts = {}
    for _, k in ipairs(keys) do
      local key = type(k) == "number" and ("[%d]"):format(k)
        or ("[%q]"):format(k)
      parts[#parts + 1] = ("%s  %s = %s,\n"):format(indent, key,
        serialize(v[k], indent .. "  "))
    end
    return "{\n" .. table.concat(parts) .. indent .. "}"
  elseif type(v) == "number" then
    return math.type(v) == "integer" and tostring(v) or ("%.17g"):format(v)
  end
  return ("%q"):format(v)
end

local function saved(name)
  return ("build/bench/results-%s%s.lua"):format(name, quick and "-quick" or "")
end

-- }======

local sections = { network = network, json = json, models = models,
                   startup = startup }
local t0 = clock.now()
results.elapsed = {}
for _, name in ipairs{ "network", "json", "models", "startup" } do
  if not only or only[name] then
    local t = clock.now()
    log:write(("== %s\n"):format(name))
    assert(os.execute(("%s bench/prepare.lua %s %s"):format(LUA, DATA,
      table.concat(SIZES, " "))))
    sections[name]()
    results.elapsed[name] = clock.now() - t
    local f = assert(io.open(saved(name), "wb"))
    f:write("return ", serialize({ results = results[name],
      elapsed = results.elapsed[name], date = os.date("!%Y-%m-%d %H:%M UTC") }),
      "\n")
    f:close()
  else
    local ok, old = pcall(dofile, saved(name))
    if ok then
      results[name] = old.results
      results.elapsed[name] = old.elapsed
    end
  end
end
results.total = clock.now() - t0

-- The report (bench/report.lua formats it).
local write = require("report")
local f = assert(io.open(out, "wb"))
f:write(write(results, machine(), quick))
f:close()
log:write(("wrote %s in %.0f s\n"):format(out, results.total))
