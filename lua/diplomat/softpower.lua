--- Soft power: a documented composite of network position and resources.
--
-- Soft power here is the capacity to shape what others do without
-- commanding them: being listened to across the system, brokering between
-- organisations, being reachable over informal channels, and having some
-- resources to bring. No single measure captures that, so the index is an
-- open composite: each component is computed by a documented measure,
-- scaled to [0, 1] by dividing by its largest value in the system (so the
-- actor strongest on a component scores 1 on it), and the score is the
-- weighted mean of the scaled components:
--
--     score_i = Σ_k w_k · c_ik / max_j c_jk  /  Σ_k w_k
--
-- Components (default weights in brackets):
--
-- * `pagerank` (0.4): PageRank over all layers, tie weight as strength,
--   damping 0.85 — being pointed to by those who are themselves pointed to.
-- * `brokerage` (0.3): Gould–Fernandez brokerage roles that cross the
--   boundaries of `by` (default "org"): itinerant + gatekeeper +
--   representative + liaison, i.e. every role but coordinator.
-- * `informal` (0.15): strength (sum of tie weights) over informal layers
--   only — standing in WhatsApp groups, private meetings, frontline
--   working. Zero for everyone when the map has no informal layers.
-- * `capability` (0.15): the actor's capability field (resources, formal
--   authority).
--
-- A component whose largest value is 0 contributes 0 to every actor.
-- Every component is returned beside the score (raw and scaled), so no
-- one has to trust a black box.
--
-- @module diplomat.softpower

local error, pairs, ipairs, type, tostring = error, pairs, ipairs, type, tostring
local sort = table.sort

local M = {}

--- The default component weights.
M.DEFAULT_WEIGHTS = { pagerank = 0.4, brokerage = 0.3, informal = 0.15,
                      capability = 0.15 }

local COMPONENTS = { "pagerank", "brokerage", "informal", "capability" }
local OPTIONS = { weights = true, by = true, damping = true }

local function argerror(msg)
  error("bad argument #1 to 'soft_power' (" .. msg .. ")", 3)
end

-- Raw values of each component, keyed by actor id.
local function components(sys, by, damping)
  local raw = {}
  raw.pagerank = sys:centrality("pagerank", { damping = damping })
  raw.brokerage = {}
  local roles = sys:brokerage{ by = by }
  for id, r in pairs(roles) do
    raw.brokerage[id] = r.itinerant + r.gatekeeper + r.representative
      + r.liaison
  end
  local has_informal = false
  for _, l in ipairs(sys:layers()) do
    if l.informal then has_informal = true end
  end
  if has_informal then
    raw.informal = sys:centrality("strength", { informal = true })
  else
    raw.informal = {}
    for _, id in ipairs(sys:actor_ids()) do raw.informal[id] = 0 end
  end
  raw.capability = {}
  for _, a in ipairs(sys:actors()) do raw.capability[a.id] = a.capability end
  return raw
end

--- Soft power of every actor.
-- @tparam System sys
-- @tparam[opt] table opts `{ weights = { pagerank =, brokerage =, informal
--   =, capability = }, by = "org", damping = 0.85 }`; weights not given
--   keep their defaults, a weight of 0 drops a component
-- @treturn table `{ [id] = { score, rank, pagerank, brokerage, informal,
--   capability, scaled = { pagerank, ... } } }` (rank 1 = highest score;
--   equal scores share the order of the map)
-- @treturn table the weights used (summing to 1) and `by`
-- @raise on unknown options or components, negative or non-numeric
--   weights, all weights 0
-- @usage local sp = sys:soft_power{ weights = { capability = 0 } }
-- print(sp.mayor.score, sp.mayor.rank)
function M.soft_power(sys, opts)
  opts = opts or {}
  if type(opts) ~= "table" then argerror("options must be a table") end
  for k in pairs(opts) do
    if not OPTIONS[k] then argerror(("unknown option '%s'"):format(tostring(k))) end
  end
  local weights = {}
  for k, v in pairs(M.DEFAULT_WEIGHTS) do weights[k] = v end
  if opts.weights ~= nil then
    if type(opts.weights) ~= "table" then argerror("weights: must be a table") end
    for k, v in pairs(opts.weights) do
      if M.DEFAULT_WEIGHTS[k] == nil then
        argerror(("weights: unknown component '%s' (components: pagerank, "
          .. "brokerage, informal, capability)"):format(tostring(k)))
      end
      if type(v) ~= "number" or v ~= v or v < 0 or v == math.huge then
        argerror(("weights.%s: must be a finite number >= 0"):format(k))
      end
      weights[k] = v
    end
  end
  local total = 0
  for _, k in ipairs(COMPONENTS) do total = total + weights[k] end
  if total <= 0 then argerror("weights: at least one must be above 0") end
  for _, k in ipairs(COMPONENTS) do weights[k] = weights[k] / total end
  local by = opts.by or "org"
  local raw = components(sys, by, opts.damping)
  local top = {}
  for _, k in ipairs(COMPONENTS) do
    local m = 0
    for _, v in pairs(raw[k]) do if v > m then m = v end end
    top[k] = m
  end
  local result, ids = {}, sys:actor_ids()
  for _, id in ipairs(ids) do
    local r = { scaled = {} }
    local score = 0
    for _, k in ipairs(COMPONENTS) do
      local v = raw[k][id] or 0
      local s = top[k] > 0 and v / top[k] or 0
      r[k], r.scaled[k] = v, s
      score = score + weights[k] * s
    end
    r.score = score
    result[id] = r
  end
  local order = {}
  for i, id in ipairs(ids) do order[id] = i end
  local ranked = {}
  for i, id in ipairs(ids) do ranked[i] = id end
  sort(ranked, function(a, b)
    if result[a].score ~= result[b].score then
      return result[a].score > result[b].score
    end
    return order[a] < order[b]
  end)
  for i, id in ipairs(ranked) do result[id].rank = i end
  return result, { weights = weights, by = by }
end

return M
