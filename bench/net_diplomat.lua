-- Network measures, diplomat from Lua: one measure, one process.
--
--   lua5.4 bench/net_diplomat.lua MEASURE N REPS OUT
--
-- MEASURE: betweenness | pagerank | constraint | leiden | louvain.
-- Makes the system diplomat.generate{ actors = N, seed = 1 } (the one
-- bench/prepare.lua saved and exported for the peers; not timed), calls
-- the method once (`first`: that call builds the view of the layers,
-- which later calls find in the system's cache), then REPS more times;
-- each call is timed whole, from the Lua call to the result table keyed
-- by actor id.  Writes the values in actor order to OUT (communities:
-- modularity and count) and prints the BENCH line (bench/timing.lua).
local diplomat = require "diplomat"
local timing = require "timing"

local measure, n, reps, out = arg[1], tonumber(arg[2]), tonumber(arg[3]),
  arg[4]

local sys = diplomat.generate{ actors = n, seed = 1 }
timing.loaded()

local calls = {
  betweenness = function() return sys:centrality("betweenness") end,
  pagerank = function() return sys:centrality("pagerank") end,
  constraint = function() return sys:constraint() end,
  leiden = function() return sys:communities{ method = "leiden", seed = 1 } end,
  louvain = function()
    return sys:communities{ method = "louvain", seed = 1 }
  end,
}
local call = assert(calls[measure], "unknown measure " .. tostring(measure))
local result, first, wall, cpu = timing.run(call, reps)

local f = assert(io.open(out, "wb"))
if result.modularity then
  f:write(("%.17g\n%d\n"):format(result.modularity, result.count))
else
  local buf = {}
  for k, id in ipairs(sys:actor_ids()) do
    buf[k] = ("%.17g"):format(result[id])
  end
  f:write(table.concat(buf, "\n"), "\n")
end
f:close()
timing.report(first, wall, cpu)
