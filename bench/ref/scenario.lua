-- Reference: scenario replicates in pure Lua (diplomat: csrc/scenario.c
-- behind lua/diplomat/scenario.lua).  The system is plain tables; each
-- replicate copies it, abolishes one organisation into another (formal
-- ties pass to the successor, each informal tie is lost with probability
-- p or passes, ties that meet combine by summing, the successor gains
-- the capability, people of the abolished organisation move to it), cuts
-- a fraction of one layer's ties at random (a partial Fisher-Yates
-- shuffle), and counts the ties left.  Draws follow the README
-- ("Randomness and reproducibility"): replicate r is seeded with
-- splitmix64(splitmix64(seed) ~ r) >> 11.
local rng = require "ref.rng"

local M = {}

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

local function replicate_seed(seed, r)
  local a = rng.splitmix64(seed)
  local b = rng.splitmix64(a ~ r)
  return b >> 11
end
M.replicate_seed = replicate_seed

--- base: { actors = {...}, ties = { {from, to, layer, weight} },
-- positions = {...}, informal = { [layer] = bool }, directed = {...},
-- index = { [id] = k } }.  Runs replicates 1..runs; returns the mean
-- number of ties left.
function M.run(base, runs, seed, abolished, successor, loss, layer, fraction)
  local total = 0
  local a, b = base.index[abolished], base.index[successor]
  for r = 1, runs do
    local g = rng.new(replicate_seed(seed, r))
    -- the copy
    local actors, ties, positions = {}, {}, {}
    for k, x in ipairs(base.actors) do actors[k] = copy(x) end
    for k, t in ipairs(base.ties) do ties[k] = copy(t) end
    for k, p in ipairs(base.positions) do positions[k] = copy(p) end
    -- abolish a into b
    for _, x in ipairs(actors) do
      if x.org == abolished then x.org = successor end
    end
    actors[b].capability = actors[b].capability + actors[a].capability
    actors[a].gone = true
    local kept, at_b = {}, {}
    local function key(t)
      local u, v = t.from, t.to
      if not base.directed[t.layer] and u > v then u, v = v, u end
      return t.layer .. "\0" .. u .. "\0" .. v
    end
    for _, t in ipairs(ties) do
      if (t.from == b or t.to == b) and t.from ~= a and t.to ~= a then
        at_b[key(t)] = t
      end
    end
    for _, t in ipairs(ties) do
      if t.from == a or t.to == a then
        local passes = true
        if base.informal[t.layer] then passes = g.uniform() >= loss end
        if passes then
          if t.from == a then t.from = b end
          if t.to == a then t.to = b end
          if t.from ~= t.to then
            local k = key(t)
            local there = at_b[k]
            if there then there.weight = there.weight + t.weight
            else
              at_b[k] = t
              kept[#kept + 1] = t
            end
          end
        end
      else
        kept[#kept + 1] = t
      end
    end
    ties = kept
    local left = {}
    for _, p in ipairs(positions) do
      if p.actor ~= a then left[#left + 1] = p end
    end
    positions = left
    -- cut a fraction of one layer
    local chosen = {}
    for k, t in ipairs(ties) do
      if t.layer == layer then chosen[#chosen + 1] = k end
    end
    local count = #chosen
    local cut = math.floor(fraction * count + 0.5)
    for j = 0, cut - 1 do
      local pick = j + math.floor(g.uniform() * (count - j))
      chosen[j + 1], chosen[pick + 1] = chosen[pick + 1], chosen[j + 1]
    end
    local drop = {}
    for j = 1, cut do drop[chosen[j]] = true end
    local n = 0
    for k = 1, #ties do if not drop[k] then n = n + 1 end end
    total = total + n
  end
  return total / runs
end

return M
