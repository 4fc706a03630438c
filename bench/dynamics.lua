-- Timing of sys:dynamics (Friedkin-Johnsen) on a large random system:
-- n actors with positions, m ties half in a directed layer, half in an
-- undirected one (weights 1..5).  The target is about a second to
-- convergence for 1,000,000 ties.  Run from the repository root:
--
--   make build
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 bench/dynamics.lua [n [m]]
--
-- The first call includes building the view of the layers (cached for
-- the calls after it).
local diplomat = require "diplomat"

local n, m = tonumber(arg[1]) or 100000, tonumber(arg[2]) or 1000000
local t0 = os.clock()
local sys = diplomat.new{ name = "bench" }
sys:add_layer{ id = "formal", directed = true }
sys:add_layer{ id = "informal", informal = true }
for k = 1, n do sys:add_actor{ id = "a" .. k } end
sys:add_issue{ id = "i" }
math.randomseed(1)
for k = 1, n do
  sys:set_position("a" .. k, "i", math.random(0, 100), math.random() * 0.9)
end
local added = 0
while added < m do
  local a, b = math.random(n), math.random(n)
  local layer = added % 2 == 0 and "formal" or "informal"
  if a ~= b and pcall(sys.add_tie, sys, { from = "a" .. a, to = "a" .. b,
                      layer = layer, weight = math.random(1, 5) }) then
    added = added + 1
  end
end
print(("built: %d actors, %d ties in %.2f s"):format(n, m, os.clock() - t0))

local runs = {
  { "Friedkin-Johnsen, all layers (first call)", {} },
  { "Friedkin-Johnsen, all layers (view cached)", {} },
  { "Friedkin-Johnsen, directed layer only", { layers = { "formal" } } },
  { "DeGroot (susceptibility 1)", { susceptibility = 1 } },
}
for _, run in ipairs(runs) do
  local t = os.clock()
  local r = sys:dynamics("i", run[2])
  print(("%-45s %4d iterations, converged %-5s %.3f s"):format(run[1],
    r.iterations, tostring(r.converged), os.clock() - t))
end
