-- Compiled algorithms, diplomat from Lua: one algorithm and size, one
-- process.  bench/models_lua.lua runs the pure-Lua references on the
-- same inputs (bench/inputs.lua builds them).
--
--   lua5.4 bench/models.lua ALGORITHM N REPS OUT
--
-- ALGORITHM (the call timed, whole):
--   fj          sys:dynamics("issue1") on diplomat.generate{ actors = N,
--               issues = 1 }: Friedkin-Johnsen, every layer, defaults
--               (the view is built by the first, untimed call)
--   eu          sys:forecast("issue1", { model = "eu", rounds = 10 }) on
--               the same kind of system
--   perturb     sys:forecast("issue1", { perturb = { runs = 1000,
--               position = 5, salience = 0.05, seed = 1 } }): the
--               compromise model on 1,000 noisy copies of the inputs
--   banzhaf     sys:power{ index = "banzhaf", counts = false }: N players,
--               whole weights 1..99, more than half to win
--   shapley     sys:power{ index = "shapley", counts = false }, the same
--   coalitions  sys:coalitions{ issue = "i", target = 50, tolerance = 10 }
--               (top 5, no network) on N actors as bench/coalitions.lua
--   minimal     sys:minimal_winning{ limit = 1 } on the same actors: every
--               minimal winning coalition enumerated and counted
--   scenario    scenario:run(sys, { runs = 100 }) of abolish("org1",
--               { successor = "org2", informal_loss = 0.4 }) and
--               cut("whatsapp", 0.2) on diplomat.generate{ actors = N }
-- Writes the result's numbers to OUT (for the comparison with the
-- reference) and prints the BENCH line of bench/timing.lua.
local timing = require "timing"
local inputs = require "inputs"

local algorithm, n, reps, out = arg[1], tonumber(arg[2]), tonumber(arg[3]),
  arg[4]

local sys = inputs.system(algorithm, n)
timing.loaded()

local call, numbers
if algorithm == "fj" then
  call = function() return sys:dynamics("issue1") end
  numbers = function(r)
    local t = {}
    for k, id in ipairs(sys:actor_ids()) do t[k] = r.positions[id] end
    return t
  end
elseif algorithm == "eu" then
  call = function()
    return sys:forecast("issue1", { model = "eu", rounds = inputs.EU_ROUNDS })
  end
  numbers = function(r)
    local t = { r.outcome }
    for _, id in ipairs(sys:actor_ids()) do t[#t + 1] = r.final[id] end
    return t
  end
elseif algorithm == "perturb" then
  call = function()
    return sys:forecast("issue1", { perturb = inputs.PERTURB })
  end
  numbers = function(r)
    local d = r.distribution
    return { d.mean, d.sd, d.quantiles.p05, d.quantiles.p50,
             d.quantiles.p95 }
  end
elseif algorithm == "banzhaf" or algorithm == "shapley" then
  call = function()
    return sys:power{ index = algorithm, counts = false }
  end
  numbers = function(r)
    local t = {}
    for k, id in ipairs(sys:actor_ids()) do t[k] = r[id] end
    return t
  end
elseif algorithm == "coalitions" then
  call = function() return sys:coalitions(inputs.COALITIONS) end
  numbers = function(r)
    return inputs.coalition_numbers(r, sys:actor_ids())
  end
elseif algorithm == "minimal" then
  call = function() return sys:minimal_winning{ limit = 1 } end
  numbers = function(r)
    assert(r.stats.complete, "the enumeration stopped early")
    return { r.stats.found }
  end
elseif algorithm == "scenario" then
  local sc = inputs.scenario(require "diplomat")
  call = function()
    return sc:run(sys, { runs = inputs.SCENARIO_RUNS, seed = 1,
                         measure = inputs.scenario_measure })
  end
  numbers = function(r)
    return { r.measures.ties.mean }
  end
else
  error("unknown algorithm " .. tostring(algorithm))
end

local result, first, wall, cpu = timing.run(call, reps)
local f = assert(io.open(out, "wb"))
for _, x in ipairs(numbers(result)) do f:write(("%.17g\n"):format(x)) end
f:close()
timing.report(first, wall, cpu)
