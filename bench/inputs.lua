-- The inputs of the algorithm benchmarks (bench/models.lua for diplomat,
-- bench/models_lua.lua for the pure-Lua references): both processes
-- build the same system from the same seeds, and the references read it
-- into plain Lua tables (not timed).
local diplomat = require "diplomat"

local M = {}

M.EU_ROUNDS = 10
M.PERTURB = { runs = 1000, position = 5, salience = 0.05, seed = 1 }
M.COALITIONS = { issue = "i", target = 50, tolerance = 10 }
M.SCENARIO_RUNS = 100

--- The system an algorithm runs on at size n.
function M.system(algorithm, n)
  if algorithm == "banzhaf" or algorithm == "shapley" then
    -- n players with whole weights 1..99 (as bench/power.lua)
    local sys = diplomat.new{ name = "power" }
    math.randomseed(n)
    for i = 1, n do
      sys:add_actor{ id = "p" .. i, capability = math.random(1, 99) }
    end
    return sys
  elseif algorithm == "coalitions" or algorithm == "minimal" then
    -- as bench/coalitions.lua, without the network
    local sys = diplomat.new{ name = "coalitions" }
    sys:add_issue{ id = "i" }
    math.randomseed(1)
    for k = 1, n do
      sys:add_actor{ id = "a" .. k, capability = math.random(1, 10) }
      sys:set_position("a" .. k, "i", math.random(0, 100),
                       math.random(1, 10) / 10)
    end
    return sys
  elseif algorithm == "scenario" then
    return diplomat.generate{ actors = n, seed = 1 }
  end
  return diplomat.generate{ actors = n, issues = 1, seed = 1 }
end

--- The numbers compared of a coalition search's result (diplomat's and
-- the reference's alike): quota, total, resolution, stats (exact as 1 or
-- 0, lower_bound, gap; -1 when absent); per coalition its cost, weight,
-- size, then its members, pivotal members and brokers, each as a count
-- followed by the actors' numbers; then every actor's cost in actor order
-- (-1: cannot join).  ids: the actor ids in order.
function M.coalition_numbers(r, ids)
  local index = {}
  for k, id in ipairs(ids) do index[id] = k end
  local s = r.stats
  local t = { r.quota, r.total, r.resolution, s.exact and 1 or 0,
              s.lower_bound or -1, s.gap or -1 }
  local function actors(list)
    t[#t + 1] = #list
    for _, id in ipairs(list) do t[#t + 1] = index[id] end
  end
  for _, c in ipairs(r.coalitions) do
    t[#t + 1] = c.cost
    t[#t + 1] = c.weight
    t[#t + 1] = c.size
    actors(c.members)
    actors(c.pivotal)
    actors(c.brokers)
  end
  for _, id in ipairs(ids) do t[#t + 1] = r.costs[id] or -1 end
  return t
end

--- The scenario timed: an organisation abolished into another (its
-- informal ties lost with probability 0.4), a fifth of the WhatsApp ties
-- cut.
function M.scenario(d)
  return d.scenario("abolish and cut")
    :abolish("org1", { successor = "org2", informal_loss = 0.4 })
    :cut("whatsapp", 0.2)
end

--- What each replicate measures: how many ties it kept (counted in C,
-- so the time is the replicate's own).
function M.scenario_measure(s)
  return { ties = s:info().ties }
end

--- The system as plain tables: actors (in order, with their fields),
-- layers, ties (from, to as actor numbers; layer; weight), and the
-- positions on `issue` by actor number.
function M.tables(sys, issue)
  local t = { actors = sys:actors(), layers = sys:layers(), ties = {},
              index = {}, positions = {} }
  for k, a in ipairs(t.actors) do t.index[a.id] = k end
  t.layer = {}
  for k, l in ipairs(t.layers) do t.layer[l.id] = l end
  for k, tie in ipairs(sys:ties()) do
    t.ties[k] = { from = t.index[tie.from], to = t.index[tie.to],
                  layer = tie.layer, weight = tie.weight }
  end
  if issue then
    t.issue = sys:issue(issue)
    for id, p in pairs(sys:positions(issue)) do
      t.positions[t.index[id]] = p
    end
  end
  return t
end

return M
