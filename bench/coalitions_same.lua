-- Do two builds of diplomat give the same coalition searches?  A check
-- for changes that should only make sys:coalitions and
-- sys:minimal_winning faster: runs the same searches (random games,
-- every kind of search, node budgets from 1 up, progress calls recorded)
-- under each build and compares everything they return but the seconds.
--
--   lua5.4 bench/coalitions_same.lua OLD_CPATH_DIR NEW_CPATH_DIR [games]
--
-- OLD_CPATH_DIR holds the old build's diplomat/core.so (before the
-- change: make build; mkdir -p /tmp/old/diplomat; cp
-- build/diplomat/core.so /tmp/old/diplomat/), NEW_CPATH_DIR the new one
-- (usually build).  Run from the repository root.  Each build runs in its own process (this script in
-- "dump" mode) and writes its results to a temporary file; the script
-- prints the first difference, or how many results agree.  Nothing here
-- is a fixture: both sides are computed, never saved.
local mode = arg[1]

-- {====== dump: run the searches with whatever diplomat is on the path

if mode == "--dump" then
  local diplomat = require "diplomat"
  local out = assert(io.open(arg[2], "wb"))
  local games = tonumber(arg[3])

  -- a canonical text of any value (keys sorted, numbers exact)
  local function show(v)
    local t = type(v)
    if t == "number" then
      return math.type(v) == "integer" and tostring(v)
        or ("%.17g"):format(v)
    elseif t ~= "table" then
      return tostring(v)
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      if type(a) ~= type(b) then return type(a) < type(b) end
      return a < b
    end)
    local parts = {}
    for _, k in ipairs(keys) do
      if k ~= "seconds" then
        parts[#parts + 1] = show(k) .. "=" .. show(v[k])
      end
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end

  local function build(seed, n, degree, zeros)
    math.randomseed(seed)
    local sys = diplomat.new{ name = "same" }
    sys:add_layer{ id = "chat", informal = true }
    sys:add_issue{ id = "i" }
    for k = 1, n do
      local w = math.random(1, 10)
      if zeros and math.random() < 0.2 then w = 0 end
      sys:add_actor{ id = "a" .. k, capability = w }
      if math.random() < 0.9 then
        sys:set_position("a" .. k, "i", math.random(0, 100),
                         math.random(1, 10) / 10)
      end
    end
    local p = degree / (n - 1)
    for a = 1, n do
      for b = a + 1, n do
        if math.random() < p then
          sys:add_tie{ from = "a" .. a, to = "a" .. b, layer = "chat" }
        end
      end
    end
    return sys
  end

  local function run(label, sys, method, opts)
    local calls, stop_after = {}, opts.stop_after
    opts.progress = function(done, total)
      calls[#calls + 1] = done .. "/" .. total
      if stop_after and #calls >= stop_after then return false end
    end
    opts.stop_after = nil
    local each
    if opts.each then
      each = {}
      local limit = opts.each
      opts.each = function(c)
        each[#each + 1] = c
        if #each >= limit then return false end
      end
    end
    local ok, r = pcall(sys[method], sys, opts)
    opts.stop_after = stop_after
    out:write(label, " ", method, " ", show(ok and r or { error = r }),
              " each=", show(each or {}), " progress=",
              table.concat(calls, ","), "\n")
  end

  local budgets = { 1, 2, 3, 5, 8, 13, 50, 200, 1023, 1024, 1025, 5000,
                    100000 }
  for g = 1, games do
    local n = 8 + g % 17
    local sys = build(g, n, 2 + g % 5, g % 3 == 0)
    local ids = {}
    for k = 1, n do
      if sys:positions("i")["a" .. k] then ids[#ids + 1] = "a" .. k end
    end
    local req = { ids[1 + g % #ids] }
    local excl = { ids[1 + (g * 7 + 3) % #ids] }
    if excl[1] == req[1] then excl = {} end
    local function both(label, method, opts)
      run(label, sys, method, opts)
      for _, b in ipairs(budgets) do
        local o = {}
        for k, v in pairs(opts) do o[k] = v end
        o.max_nodes = b
        run(label .. " max_nodes=" .. b, sys, method, o)
      end
    end
    local tol = (g * 13) % 40
    local target = (g * 29) % 101
    local share = ({ 0.5, 0.3, 0.6, 2 / 3 })[1 + g % 4]
    -- minimal winning coalitions
    both("mw", "minimal_winning", {})
    both("mw limit1", "minimal_winning", { limit = 1 })
    both("mw share", "minimal_winning", { share = share, limit = 7 })
    both("mw weight", "minimal_winning", { order = "weight", limit = 3 })
    both("mw range", "minimal_winning", { issue = "i", order = "range" })
    both("mw issue", "minimal_winning", { issue = "i", limit = 2 })
    both("mw dist", "minimal_winning", { issue = "i", max_distance = 30 })
    both("mw req", "minimal_winning", { require = req, exclude = excl,
                                        issue = "i" })
    both("mw reqnoissue", "minimal_winning", { require = req, limit = 4 })
    both("mw conn", "minimal_winning", { connected = true, limit = 5 })
    both("mw conn req", "minimal_winning", { connected = true,
      require = req, issue = "i", max_distance = 40 })
    run("mw each", sys, "minimal_winning", { each = 20000 })
    run("mw each stop", sys, "minimal_winning", { each = 7 })
    run("mw each conn", sys, "minimal_winning", { each = 20000,
                                                   connected = true })
    run("mw progress stop", sys, "minimal_winning", { stop_after = 1,
                                                       share = 0.3 })
    -- cheapest coalitions
    both("co", "coalitions", { issue = "i", target = 50, tolerance = 10 })
    both("co var", "coalitions", { issue = "i", target = target,
                                   tolerance = tol, share = share })
    both("co top1", "coalitions", { issue = "i", target = target,
                                    tolerance = tol, top = 1 })
    both("co top20", "coalitions", { issue = "i", target = target,
                                     tolerance = tol, top = 20 })
    both("co req", "coalitions", { issue = "i", target = target,
      tolerance = tol, require = req, exclude = excl })
    both("co conn", "coalitions", { issue = "i", target = target,
      tolerance = tol, connected = true })
    both("co conn req", "coalitions", { issue = "i", target = target,
      tolerance = tol, connected = true, require = req })
    both("co cost", "coalitions", { issue = "i", target = target,
      tolerance = tol, cost = function(a, d)
        if a.id == excl[1] then return false end
        return d * 0.5 + (a.capability % 3)
      end })
    run("co progress stop", sys, "coalitions", { issue = "i", target = 50,
      tolerance = 0, share = 0.3, stop_after = 1 })
    sys:close()
  end
  -- larger games: the progress is called (every 1,024 nodes) and stops
  for g = 1, 3 do
    local sys = build(1000 + g, 22 + 4 * g, 3, false)
    for _, k in ipairs{ 1, 2, 5 } do
      run("big mw progress " .. k, sys, "minimal_winning",
          { limit = 3, stop_after = k })
      run("big mw conn progress " .. k, sys, "minimal_winning",
          { connected = true, limit = 3, stop_after = k })
      run("big co progress " .. k, sys, "coalitions", { issue = "i",
        target = 50, tolerance = 0, share = 0.3, top = 50,
        stop_after = k })
      run("big co conn progress " .. k, sys, "coalitions", { issue = "i",
        target = 50, tolerance = 10, connected = true, stop_after = k })
    end
    for _, b in ipairs{ 4096, 4097, 30000, 200001 } do
      run("big mw " .. b, sys, "minimal_winning", { limit = 2,
                                                    max_nodes = b })
      run("big co " .. b, sys, "coalitions", { issue = "i", target = 30,
        tolerance = 5, share = 0.3, top = 100, max_nodes = b })
    end
    sys:close()
  end
  out:close()
  os.exit(0)
end

-- }======

-- {====== compare: run the dump under each build and diff

local old, new, games = arg[1], arg[2], tonumber(arg[3]) or 60
assert(old and new,
  "usage: lua5.4 bench/coalitions_same.lua OLD_DIR NEW_DIR [games]")
local script = arg[0]
local function dump(dir)
  local file = os.tmpname()
  local cmd = ("LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH=%q "
    .. "lua5.4 %q --dump %q %d"):format(dir .. "/?.so;;", script, file,
    games)
  assert(os.execute(cmd), "the dump failed: " .. cmd)
  local lines = {}
  for line in io.lines(file) do lines[#lines + 1] = line end
  os.remove(file)
  return lines
end
local a, b = dump(old), dump(new)
for k = 1, math.max(#a, #b) do
  if a[k] ~= b[k] then
    print(("differ at result %d:\n  old: %s\n  new: %s"):format(k,
      tostring(a[k]):sub(1, 2000), tostring(b[k]):sub(1, 2000)))
    os.exit(1)
  end
end
print(("%d results agree (%d games)"):format(#a, games))

-- }======
