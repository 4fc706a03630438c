-- Formats the results of bench/run.lua as Markdown (bench/RESULTS.md).
-- Times are medians of the repetitions (CPU seconds unless a column says
-- wall); ratios are diplomat's median over the peer's (below 1: diplomat
-- is faster) or, for the pure-Lua references, the reference's over
-- diplomat's (how many times faster diplomat is).

local function secs(x)
  if x == nil then return "—" end
  if x >= 100 then return ("%.0f s"):format(x) end
  if x >= 1 then return ("%.2f s"):format(x) end
  if x >= 0.001 then return ("%.2f ms"):format(x * 1e3) end
  return ("%.1f µs"):format(x * 1e6)
end

local function mib(kb) return kb and ("%.0f"):format(kb / 1024) or "—" end

local function ratio(x, ref)
  if not x or not ref or ref == 0 then return "—" end
  local r = x / ref
  if r >= 100 then return ("%.0f×"):format(r) end
  if r >= 10 then return ("%.1f×"):format(r) end
  return ("%.2f×"):format(r)
end

local function diff(d)
  if d == nil then return "—" end
  if d == 0 then return "0" end
  return ("%.0e"):format(d)
end

local function count(n)
  local s = tostring(math.tointeger(n) or n)
  return (s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", ""))
end

-- Least-squares slope of log(time) on log(n): time ~ n^b.
local function exponent(points)
  if #points < 2 then return nil end
  local sx, sy, sxx, sxy, k = 0, 0, 0, 0, #points
  for _, p in ipairs(points) do
    local x, y = math.log(p[1]), math.log(p[2])
    sx, sy, sxx, sxy = sx + x, sy + y, sxx + x * x, sxy + x * y
  end
  local den = k * sxx - sx * sx
  if den == 0 then return nil end
  return (k * sxy - sx * sy) / den
end

local function row(cells) return "| " .. table.concat(cells, " | ") .. " |" end

return function(results, machine, quick)
  local out = {}
  local function say(s) out[#out + 1] = s or "" end
  local function cpu(r) return r and r.cpu end

  say("# Benchmarks")
  say()
  local spent = 0
  for _, t in pairs(results.elapsed) do spent = spent + t end
  say(("Written by `make bench%s` (bench/run.lua); %.0f s of runs. "
    .. "Every tool runs "
    .. "as its own process, one after the other in the same run, on the "
    .. "same generated systems (`diplomat.generate{ actors = N, seed = 1 }`: "
    .. "N actors, 10 N ties, 5 issues; bench/prepare.lua exports the same "
    .. "system for the peers). **Times are medians of the repetitions, in "
    .. "CPU seconds** of the process with `OMP_NUM_THREADS=1` (every tool "
    .. "on one thread; the machine is shared, and CPU time is the work "
    .. "done); wall-clock medians are in the last columns. Peak memory is "
    .. "the process's maximum resident set size (getrusage), loading "
    .. "included.")
    :format(quick and "-quick" or "", spent))
  say()
  say("## Machine")
  say()
  say("| | |")
  say("|---|---|")
  for _, m in ipairs(machine) do say(row(m)) end
  say()

  -- network
  if #results.network > 0 then
    say("## Network measures")
    say()
    say("diplomat: the method called from Lua (`sys:centrality(\"pagerank\")`, "
      .. "`sys:centrality(\"betweenness\")`, `sys:constraint()`, "
      .. "`sys:communities{ method = \"leiden\" }`, `... \"louvain\"`), timed "
      .. "whole: options, the cached view, igraph, and the result table "
      .. "keyed by actor id; the first call, which builds the view, is "
      .. "shown apart. igraph C: the same igraph calls with the same "
      .. "arguments from a C driver (bench/net_igraph.c) on the exported "
      .. "edge list. python-igraph and NetworkX: their own functions "
      .. "(bench/net_python.py). Ratios: the peer's time over diplomat's "
      .. "(above 1: diplomat is faster); for igraph C, diplomat's over "
      .. "igraph's (the overhead: target ≤ 1.2×). \"diff\": the largest "
      .. "difference of the values from igraph C's, relative to the largest "
      .. "value; for communities the difference of the partitions' "
      .. "modularity (the partition itself depends on each tool's random "
      .. "draws; diplomat and the C driver draw alike).")
    say()
    say(row{ "measure", "actors", "diplomat", "first call", "igraph C",
             "diplomat / igraph C", "python-igraph", "python-igraph / diplomat",
             "NetworkX", "NetworkX / diplomat", "diff (diplomat, python, nx)" })
    say("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
    for _, r in ipairs(results.network) do
      local d, c, p, x = r.diplomat, r.igraph, r.python, r.networkx
      local nx = "skipped"
      if r.measure == "leiden" then nx = "no Leiden" end
      if x then nx = secs(x.cpu) .. (x.estimated and " (est.)" or "") end
      say(row{ r.measure, count(r.n), secs(cpu(d)), secs(d and d.first),
        secs(cpu(c)), ratio(cpu(d), cpu(c)), secs(cpu(p)),
        ratio(cpu(p), cpu(d)), nx, x and ratio(x.cpu, cpu(d)) or "—",
        ("%s, %s, %s"):format(diff(d and d.diff), diff(p and p.diff),
          diff(x and x.diff)) })
    end
    say()
    say("Peak memory (MiB) and wall-clock medians:")
    say()
    say(row{ "measure", "actors", "diplomat MiB", "igraph C MiB",
             "python-igraph MiB", "NetworkX MiB", "diplomat wall",
             "igraph C wall", "python-igraph wall", "NetworkX wall" })
    say("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for _, r in ipairs(results.network) do
      local d, c, p, x = r.diplomat, r.igraph, r.python, r.networkx
      say(row{ r.measure, count(r.n), mib(d and d.rss_kb), mib(c and c.rss_kb),
        mib(p and p.rss_kb), mib(x and x.rss_kb), secs(d and d.wall),
        secs(c and c.wall), secs(p and p.wall), secs(x and x.wall) })
    end
    say()
  end

  -- json
  if #results.json > 0 then
    say(("## JSON: the largest map (%s bytes, %s actors)")
      :format(count(results.json.bytes or 0), count(results.json[1].n)))
    say()
    say("diplomat (bench/json_diplomat.lua) against cJSON alone on the same "
      .. "file (bench/json_cjson.c): load and decode read the text, check "
      .. "every rule and build the system (cJSON parses the text into a "
      .. "tree, csrc/json.c checks it and builds the system from it, freeing "
      .. "the tree as it goes); cJSON's parse builds its tree only (the "
      .. "floor; freeing the tree is not timed). Encode "
      .. "makes each item of the system a small cJSON object, prints it and "
      .. "frees it (csrc/jsonwrite.c); cJSON prints a tree it already has. "
      .. "Target: load within 2× of cJSON's parse.")
    say()
    say(row{ "operation", "diplomat", "cJSON", "diplomat / cJSON",
             "diplomat MiB", "cJSON MiB", "diplomat wall", "cJSON wall" })
    say("|---|--:|--:|--:|--:|--:|--:|--:|")
    for _, r in ipairs(results.json) do
      local d, c = r.diplomat, r.cjson
      say(row{ r.what, secs(cpu(d)), secs(cpu(c)), ratio(cpu(d), cpu(c)),
        mib(d and d.rss_kb), mib(c and c.rss_kb), secs(d and d.wall),
        secs(c and c.wall) })
    end
    say()
  end

  -- models
  if #results.models > 0 then
    say("## Compiled algorithms against pure Lua")
    say()
    say("diplomat's method (bench/models.lua) against a straightforward "
      .. "pure-Lua implementation of the same computation "
      .. "(bench/ref/*.lua, run by bench/models_lua.lua) on the same input, "
      .. "read into Lua tables before the clock starts. \"diff\": the "
      .. "largest difference between the two results (0: the same numbers). "
      .. "Calls under 20 ms are timed in batches. Target: diplomat at least "
      .. "20× faster. The exponent b fits time ∝ nᵇ over the sizes run.")
    say()
    say(row{ "algorithm", "n", "diplomat", "pure Lua", "Lua / diplomat",
             "diff", "diplomat MiB", "Lua MiB" })
    say("|---|--:|--:|--:|--:|--:|--:|--:|")
    local fits, order = {}, {}
    for _, r in ipairs(results.models) do
      local d, l = r.diplomat, r.lua
      say(row{ r.name, count(r.n), secs(cpu(d)),
        l and secs(cpu(l)) or "not run",
        ratio(cpu(l), cpu(d)), diff(r.diff), mib(d and d.rss_kb),
        mib(l and l.rss_kb) })
      if not fits[r.name] then
        fits[r.name] = { d = {}, l = {} }
        order[#order + 1] = r.name
      end
      if d then table.insert(fits[r.name].d, { r.n, d.cpu }) end
      if l then table.insert(fits[r.name].l, { r.n, l.cpu }) end
    end
    say()
    local lines = {}
    for _, name in ipairs(order) do
      local bd, bl = exponent(fits[name].d), exponent(fits[name].l)
      if bd or bl then
        lines[#lines + 1] = row{ name, bd and ("%.2f"):format(bd) or "—",
          bl and ("%.2f"):format(bl) or "—" }
      end
    end
    if #lines > 0 then
      say("How time grows (time ∝ nᵇ, least squares over the sizes above; "
        .. "the minimal winning coalitions grow exponentially, so their b "
        .. "only says how steeply):")
      say()
      say(row{ "algorithm", "b, diplomat", "b, pure Lua" })
      say("|---|--:|--:|")
      for _, l in ipairs(lines) do say(l) end
      say()
    end
  end
  -- start-up
  if #(results.startup or {}) > 0 then
    say("## Start-up (hyperfine)")
    say()
    say(("Whole processes timed from outside by hyperfine (`-N`, one "
      .. "warm-up run; wall clock, so the shared machine's load shows): "
      .. "starting each tool, and loading the largest map (%s actors) "
      .. "the way a script or the command line does.")
      :format(count(results.startup.n or 0)))
    say()
    say(row{ "command", "median (wall)", "sd" })
    say("|---|--:|--:|")
    for _, r in ipairs(results.startup) do
      say(row{ r.command, secs(r.median), secs(r.stddev) })
    end
    say()
  end

  -- the hand-written notes: targets, profiles, before and after
  local f = not quick and io.open("bench/notes.md", "rb")
  if f then
    say(f:read("a"))
    f:close()
  end
  return table.concat(out, "\n") .. "\n"
end
