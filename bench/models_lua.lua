-- The pure-Lua references of the algorithm benchmarks (bench/ref/*.lua):
-- one algorithm and size, one process; the same inputs as
-- bench/models.lua (bench/inputs.lua), read into plain tables before the
-- clock starts.  The timed part is the reference's own work from those
-- tables to the result.
--
--   lua5.4 bench/models_lua.lua ALGORITHM N REPS OUT
local timing = require "timing"
local inputs = require "inputs"

local algorithm, n, reps, out = arg[1], tonumber(arg[2]), tonumber(arg[3]),
  arg[4]

local sys = inputs.system(algorithm, n)
-- call: the timed reference; numbers: its result as the list of numbers
-- compared with bench/models.lua's (by default the result is that list)
local call, numbers = nil, function(r) return r end

if algorithm == "fj" or algorithm == "eu" or algorithm == "perturb" then
  local t = inputs.tables(sys, "issue1")
  local N = #t.actors
  local x, s, c = {}, {}, {}
  for k = 1, N do
    local p = t.positions[k]
    if p then x[k], s[k] = p.position, p.salience end
    c[k] = t.actors[k].capability
  end
  if algorithm == "fj" then
    -- the view of every layer: directed (the formal layer is), a tie of
    -- an undirected layer both ways, parallel ties summed
    local sums, arcs = {}, {}
    for _, tie in ipairs(t.ties) do
      local u, v, w = tie.from, tie.to, tie.weight
      local k = u * (N + 1) + v
      sums[k] = (sums[k] or 0) + w
      if not t.layer[tie.layer].directed and u ~= v then
        k = v * (N + 1) + u
        sums[k] = (sums[k] or 0) + w
      end
    end
    for k, w in pairs(sums) do
      arcs[#arcs + 1] = { k // (N + 1), k % (N + 1), w }
    end
    table.sort(arcs, function(a, b)
      if a[1] ~= b[1] then return a[1] < b[1] end
      return a[2] < b[2]
    end)
    local fj = require "ref.fj"
    local scale = t.issue.max - t.issue.min
    call = function() return (fj.run(N, arcs, x, s, scale, 1e-9)) end
  else
    -- the actors holding a position, in actor order
    local xs, ss, cs = {}, {}, {}
    for k = 1, N do
      if x[k] then xs[#xs + 1], ss[#ss + 1], cs[#cs + 1] = x[k], s[k], c[k] end
    end
    if algorithm == "eu" then
      local eu = require "ref.eu"
      local tol = 1e-9 * (t.issue.max - t.issue.min)
      call = function()
        local final, outcome = eu.run(#xs, cs, ss, xs, inputs.EU_ROUNDS, tol)
        local r = { outcome }
        for k = 1, #final do r[k + 1] = final[k] end
        return r
      end
    else
      local perturb = require "ref.perturb"
      call = function()
        return perturb.run(xs, ss, cs, t.issue.min, t.issue.max,
                           inputs.PERTURB)
      end
    end
  end
elseif algorithm == "banzhaf" or algorithm == "shapley" then
  local power = require "ref.power"
  local weights, total = {}, 0
  for k, a in ipairs(sys:actors()) do
    weights[k] = math.tointeger(a.capability)
    total = total + weights[k]
  end
  local q = total // 2 + 1 -- more than half
  call = function() return power.index(algorithm, weights, q) end
elseif algorithm == "coalitions" then
  local coalitions = require "ref.coalitions"
  local t = inputs.tables(sys, "i")
  local opts, ids = inputs.COALITIONS, sys:actor_ids()
  call = function() return coalitions.run(t, opts.target, opts.tolerance, 5) end
  numbers = function(r) return inputs.coalition_numbers(r, ids) end
elseif algorithm == "minimal" then
  local coalitions = require "ref.coalitions"
  local weights = {}
  for k, a in ipairs(sys:actors()) do
    weights[k] = math.tointeger(a.capability)
  end
  call = function() return { coalitions.count_minimal(weights) } end
elseif algorithm == "scenario" then
  local scenario = require "ref.scenario"
  local t = inputs.tables(sys)
  local base = { actors = t.actors, ties = t.ties, positions = {},
                 informal = {}, directed = {}, index = t.index }
  for _, l in ipairs(t.layers) do
    base.informal[l.id], base.directed[l.id] = l.informal, l.directed
  end
  for _, issue in ipairs(sys:issues()) do
    for id, p in pairs(sys:positions(issue.id)) do
      base.positions[#base.positions + 1] = { actor = t.index[id],
        issue = issue.id, position = p.position, salience = p.salience }
    end
  end
  call = function()
    return { scenario.run(base, inputs.SCENARIO_RUNS, 1, "org1", "org2", 0.4,
                          "whatsapp", 0.2) }
  end
else
  error("unknown algorithm " .. tostring(algorithm))
end

sys:close()
collectgarbage()
timing.loaded()
local result, first, wall, cpu = timing.run(call, reps)
local f = assert(io.open(out, "wb"))
local values = numbers(result)
for k = 1, #values do f:write(("%.17g\n"):format(values[k])) end
f:close()
timing.report(first, wall, cpu)
