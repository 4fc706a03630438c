-- Timing of sys:power: the exact dynamic programmes on the sizes the
-- design asks for (Banzhaf for 5,000 players with total weight about
-- 250,000; Shapley-Shubik for 1,000 players with total weight about
-- 50,000), the exact counts, and the Myerson value.  Weights are whole
-- numbers drawn uniformly from 1..99 (seeded), quota more than half.
-- Run from the repository root:
--
--   make build
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 bench/power.lua
--
-- Times are wall-clock seconds of one call each.
local diplomat = require "diplomat"

local function now()
  return os.clock()
end

local function system(n, top, seed)
  local sys = diplomat.new{ name = "bench" }
  math.randomseed(seed)
  local total = 0
  for i = 1, n do
    local w = math.random(1, top)
    total = total + w
    sys:add_actor{ id = "p" .. i, capability = w }
  end
  return sys, total
end

local function run(label, sys, opts)
  local t0 = now()
  local v, info = sys:power(opts)
  local took = now() - t0
  local s = 0
  for _, x in pairs(v) do s = s + x end
  print(("%-48s %7.2f s   sum %.15f  (quota %d of %d%s)"):format(label,
    took, s, info.quota, info.total,
    info.counted and ", counted" or ""))
end

local big, total = system(5000, 99, 1)
print(("5,000 players, total weight %d"):format(total))
run("Banzhaf (exact, no counts)", big, { index = "banzhaf", counts = false })
run("Penrose-Banzhaf, quota two thirds", big,
  { index = "banzhaf_abs", share = 2 / 3, counts = false })

local mid
mid, total = system(1000, 99, 2)
print(("1,000 players, total weight %d"):format(total))
run("Shapley-Shubik (exact, no counts)", mid, { counts = false })
run("Shapley-Shubik with exact counts", mid, { counts = true })
run("Coleman power to prevent", mid, { index = "coleman_prevent" })
run("Shapley-Shubik, Monte Carlo 100,000 orders", mid,
  { method = "montecarlo", samples = 100000 })
run("Holler, Monte Carlo 100,000 coalitions", mid,
  { index = "holler", method = "montecarlo", samples = 100000 })

local small
small, total = system(24, 99, 3)
small:add_layer{ id = "l" }
for i = 1, 23 do
  small:add_tie{ from = "p" .. i, to = "p" .. (i + 1), layer = "l" }
end
for i = 1, 20 do
  small:add_tie{ from = "p" .. i, to = "p" .. (i + 4), layer = "l" }
end
print(("24 players, total weight %d, 43 ties"):format(total))
run("Johnston (exact: 2^24 shapes)", small, { index = "johnston" })
run("Myerson value (exact: 2^24 coalitions)", small, { connected = true })
run("Myerson value, Monte Carlo 100,000 orders", small,
  { connected = true, method = "montecarlo", samples = 100000 })
