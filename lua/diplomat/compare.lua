--- What changed between two systems: the unintended-consequences view.
--
-- `diplomat.compare(before, after, opts)` puts two system maps side by
-- side (typically a base and `scenario:apply(base)`) and reports, for the
-- actors present in both, the change in soft power, cross-boundary
-- brokerage and reach; the biggest winners and losers; actors newly cut
-- off from others; brokers lost; coalitions that no longer win; and
-- forecasts that moved. Given two scenario results it compares their
-- distributions instead (`result:compare`).
--
-- @module diplomat.compare
-- @usage
-- local after = reform:apply(sys, { seed = 1 })
-- local d = diplomat.compare(sys, after, { coalitions = { { "icb_north",
--   "acute_trust", "city_council" } } })
-- for _, w in ipairs(d.losers) do print(w.id, w.delta) end

local scenario = require "diplomat.scenario"

local error, ipairs, pairs, pcall, type, tostring = error, ipairs, pairs,
  pcall, type, tostring
local getmetatable, mtype, abs, huge = getmetatable, math.type, math.abs,
  math.huge
local sort, concat = table.sort, table.concat

local M = {}

local VIEWS = { "soft_power", "brokerage", "reach", "coalitions", "forecasts",
                "system" }
local ISVIEW = {}
for _, v in ipairs(VIEWS) do ISVIEW[v] = true end

local OPTIONS = { measures = true, by = true, top = true, coalitions = true,
                  quota = true, share = true, forecast = true,
                  tolerance = true }

local function argerror(msg)
  error("bad argument #3 to 'compare' (" .. msg .. ")", 3)
end

-- {====== Per-actor measures ======

-- The crossing brokerage of every actor: Gould-Fernandez roles across
-- the boundaries of `by` (every role but coordinator), as in soft power.
local function brokerage(sys, by)
  local out = {}
  for id, r in pairs(sys:brokerage{ by = by }) do
    out[id] = r.itinerant + r.gatekeeper + r.representative + r.liaison
  end
  return out
end

-- Connected components over every layer, direction ignored (union-find
-- with path halving over the ties, O(m α(n))): comp[id] = a root id,
-- size[root] = its size, degree[id] = ties at id.
local function components(sys)
  local parent, degree = {}, {}
  for _, id in ipairs(sys:actor_ids()) do parent[id], degree[id] = id, 0 end
  local function find(x)
    while parent[x] ~= x do
      parent[x] = parent[parent[x]]
      x = parent[x]
    end
    return x
  end
  for _, t in ipairs(sys:ties()) do
    degree[t.from] = degree[t.from] + 1
    degree[t.to] = degree[t.to] + 1
    local a, b = find(t.from), find(t.to)
    if a ~= b then parent[a] = b end
  end
  local comp, size, count = {}, {}, 0
  for id in pairs(parent) do
    local r = find(id)
    comp[id] = r
    if not size[r] then count = count + 1 end
    size[r] = (size[r] or 0) + 1
  end
  return comp, size, count, degree
end

local function capabilities(sys)
  local c, total = {}, 0
  for _, a in ipairs(sys:actors()) do
    c[a.id] = a.capability
    total = total + a.capability
  end
  return c, total
end

-- }======

-- {====== Options ======

local function readopts(opts)
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then argerror("options must be a table") end
  for k in pairs(opts) do
    if not OPTIONS[k] then
      argerror(("unknown option '%s' (options: by, coalitions, forecast, "
        .. "measures, quota, share, tolerance, top)"):format(tostring(k)))
    end
  end
  local o = { want = {}, custom = {}, by = opts.by or "org",
              top = opts.top or 5, quota = opts.quota, share = opts.share,
              tolerance = opts.tolerance or 1e-9,
              forecast = opts.forecast or {} }
  if opts.measures == nil then
    for _, v in ipairs(VIEWS) do o.want[v] = true end
  else
    if type(opts.measures) ~= "table" then
      argerror("measures: must be a table")
    end
    for k, v in pairs(opts.measures) do
      if mtype(k) == "integer" then
        if not ISVIEW[v] then
          argerror(("measures: unknown measure '%s' (measures: %s, or "
            .. "name = function(sys))"):format(tostring(v),
            concat(VIEWS, ", ")))
        end
        o.want[v] = true
      elseif type(k) == "string" and type(v) == "function" then
        o.custom[#o.custom + 1] = { name = k, fn = v }
      else
        argerror(("measures: '%s' must be a built-in name or name = "
          .. "function(sys)"):format(tostring(k)))
      end
    end
    sort(o.custom, function(x, y) return x.name < y.name end)
  end
  if opts.coalitions ~= nil then
    if type(opts.coalitions) ~= "table" then
      argerror("coalitions: must be an array of coalitions")
    end
    o.want.coalitions = true
    o.coalitions = {}
    for i, c in ipairs(opts.coalitions) do
      local members = type(c) == "table" and (c.members or c) or nil
      if type(members) ~= "table" or #members == 0 then
        argerror(("coalitions[%d]: must be an array of actor ids (or "
          .. "{ members = ... })"):format(i))
      end
      for j, id in ipairs(members) do
        if type(id) ~= "string" then
          argerror(("coalitions[%d][%d]: must be an actor id"):format(i, j))
        end
      end
      o.coalitions[i] = members
    end
  end
  if type(o.by) ~= "string" then argerror("by: must be a string") end
  if mtype(o.top) ~= "integer" or o.top < 0 then
    argerror("top: must be an integer >= 0")
  end
  -- the same rule as sys:power: more than `share` of the total
  -- capability (share = 1: all of it), or at least the absolute `quota`
  if o.quota ~= nil and o.share ~= nil then
    argerror("give quota or share, not both")
  end
  if o.quota ~= nil and (type(o.quota) ~= "number" or not (o.quota > 0)
      or o.quota == huge) then
    argerror("quota: must be a finite number > 0 (capability units)")
  end
  if o.quota == nil then
    o.share = o.share or 0.5
    if type(o.share) ~= "number" or not (o.share > 0 and o.share <= 1) then
      argerror("share: must be a number in (0, 1]")
    end
  end
  if type(o.tolerance) ~= "number" or not (o.tolerance >= 0)
      or o.tolerance == huge then
    argerror("tolerance: must be a finite number >= 0")
  end
  if type(o.forecast) ~= "table" then argerror("forecast: must be a table") end
  return o
end

-- }======

-- {====== Comparing systems ======

local function pair(a, b)
  return { a = a, b = b, delta = (a and b) and b - a or nil }
end

-- ids sorted by key(id), largest first; equal keys keep order[].
local function ranked(ids, key, order)
  sort(ids, function(x, y)
    local kx, ky = key(x), key(y)
    if kx ~= ky then return kx > ky end
    return order[x] < order[y]
  end)
  return ids
end

local function compare_systems(a, b, opts)
  local o = readopts(opts)
  local out = { actors = {}, added = {}, removed = {} }
  local ids_a, ids_b = a:actor_ids(), b:actor_ids()
  local in_a, in_b, order, common = {}, {}, {}, {}
  for i, id in ipairs(ids_a) do in_a[id], order[id] = true, i end
  for i, id in ipairs(ids_b) do
    in_b[id] = true
    if not order[id] then order[id] = #ids_a + i end
  end
  for _, id in ipairs(ids_a) do
    if in_b[id] then
      common[#common + 1] = id
      out.actors[id] = {}
    else
      out.removed[#out.removed + 1] = id
    end
  end
  for _, id in ipairs(ids_b) do
    if not in_a[id] then out.added[#out.added + 1] = id end
  end

  local function per_actor(name, va, vb)
    for _, id in ipairs(common) do
      out.actors[id][name] = pair(va[id] or 0, vb[id] or 0)
    end
  end

  if o.want.soft_power then
    local sa, sb = a:soft_power{ by = o.by }, b:soft_power{ by = o.by }
    local va, vb = {}, {}
    for id, r in pairs(sa) do va[id] = r.score end
    for id, r in pairs(sb) do vb[id] = r.score end
    per_actor("soft_power", va, vb)
    local up, down = {}, {}
    for _, id in ipairs(common) do
      local d = out.actors[id].soft_power.delta
      if d > 0 then up[#up + 1] = id elseif d < 0 then down[#down + 1] = id end
    end
    local function delta(id) return out.actors[id].soft_power.delta end
    ranked(up, delta, order)
    ranked(down, function(id) return -delta(id) end, order)
    out.winners, out.losers = {}, {}
    for i = 1, math.min(o.top, #up) do
      local p = out.actors[up[i]].soft_power
      out.winners[i] = { id = up[i], a = p.a, b = p.b, delta = p.delta }
    end
    for i = 1, math.min(o.top, #down) do
      local p = out.actors[down[i]].soft_power
      out.losers[i] = { id = down[i], a = p.a, b = p.b, delta = p.delta }
    end
  end

  if o.want.brokerage then
    local va, vb = brokerage(a, o.by), brokerage(b, o.by)
    per_actor("brokerage", va, vb)
    local lost = {}
    for _, id in ipairs(ids_a) do
      if va[id] > 0 and (not in_b[id] or vb[id] == 0) then
        lost[#lost + 1] = id
      end
    end
    ranked(lost, function(id) return va[id] end, order)
    out.brokers_lost = {}
    for i, id in ipairs(lost) do
      out.brokers_lost[i] = { id = id, a = va[id], b = vb[id] or 0,
                              removed = not in_b[id] }
    end
  end

  local ca, sa, na, da = components(a)
  local cb, sb, nb, db = components(b)
  if o.want.reach then
    local ra, rb = {}, {}
    for _, id in ipairs(common) do
      ra[id], rb[id] = sa[ca[id]] - 1, sb[cb[id]] - 1
    end
    per_actor("reach", ra, rb)
    -- actors (present in both) that shared i's component in a but not in
    -- b: |C_a(i) ∩ common| − |C_a(i) ∩ C_b(i) ∩ common|
    local na_, nab = {}, {}
    for _, id in ipairs(common) do
      local k = ca[id] .. "\0" .. cb[id]
      na_[ca[id]] = (na_[ca[id]] or 0) + 1
      nab[k] = (nab[k] or 0) + 1
    end
    local cut = {}
    for _, id in ipairs(common) do
      local lost = na_[ca[id]] - nab[ca[id] .. "\0" .. cb[id]]
      if lost > 0 then cut[#cut + 1] = { id = id, lost = lost } end
    end
    local lostof = {}
    for _, e in ipairs(cut) do lostof[e.id] = e.lost end
    local ids = {}
    for i, e in ipairs(cut) do ids[i] = e.id end
    ranked(ids, function(id) return lostof[id] end, order)
    out.disconnected = {}
    for i, id in ipairs(ids) do
      out.disconnected[i] = { id = id, lost = lostof[id], reach_a = ra[id],
        reach_b = rb[id], isolated = db[id] == 0 and da[id] > 0 }
    end
  end

  -- whether weight w of total t wins (sums compared with a 1e-12 slack)
  local function wins(w, t, opt)
    if t <= 0 then return false end
    if opt.quota then return w >= opt.quota - 1e-12 * opt.quota end
    if opt.share >= 1 then return w >= t - 1e-12 * t end
    return w > opt.share * t + 1e-12 * t
  end
  if o.want.coalitions and o.coalitions then
    local capa, ta = capabilities(a)
    local capb, tb = capabilities(b)
    out.coalitions, out.no_longer_win, out.now_win = {}, {}, {}
    for i, members in ipairs(o.coalitions) do
      local wa, wb, missing = 0, 0, {}
      for _, id in ipairs(members) do
        if not in_a[id] and not in_b[id] then
          argerror(("coalitions[%d]: unknown actor '%s'"):format(i, id))
        end
        wa = wa + (capa[id] or 0)
        wb = wb + (capb[id] or 0)
        if not in_b[id] then missing[#missing + 1] = id end
      end
      local e = { members = members, a = ta > 0 and wa / ta or 0,
        b = tb > 0 and wb / tb or 0, missing = missing,
        wins_a = wins(wa, ta, o), wins_b = wins(wb, tb, o) }
      out.coalitions[i] = e
      if e.wins_a and not e.wins_b then
        out.no_longer_win[#out.no_longer_win + 1] = e
      elseif e.wins_b and not e.wins_a then
        out.now_win[#out.now_win + 1] = e
      end
    end
  end

  if o.want.forecasts and a.forecast then
    out.forecasts, out.moved = {}, {}
    local scale = {}
    for _, is in ipairs(b:issues()) do scale[is.id] = is.max - is.min end
    for _, is in ipairs(a:issues()) do
      if scale[is.id] then
        local oka, fa = pcall(a.forecast, a, is.id, o.forecast)
        local okb, fb = pcall(b.forecast, b, is.id, o.forecast)
        local e = pair(oka and fa.outcome or nil, okb and fb.outcome or nil)
        e.issue = is.id
        out.forecasts[is.id] = e
        if e.delta and abs(e.delta) > o.tolerance * scale[is.id] then
          out.moved[#out.moved + 1] = e
        end
      end
    end
    sort(out.moved, function(x, y)
      local ax, ay = abs(x.delta), abs(y.delta)
      if ax ~= ay then return ax > ay end
      return x.issue < y.issue
    end)
  end

  if o.want.system then
    out.system = {
      actors = pair(#ids_a, #ids_b),
      ties = pair(#a:ties(), #b:ties()),
      components = pair(na, nb),
    }
    if a.channels then
      out.system.informal_share = pair(a:channels().informal_share,
                                       b:channels().informal_share)
    end
  end

  for _, c in ipairs(o.custom) do
    local va, vb = c.fn(a), c.fn(b)
    if type(va) == "number" and type(vb) == "number" then
      out.system = out.system or {}
      out.system[c.name] = pair(va, vb)
    elseif type(va) == "table" and type(vb) == "table" then
      per_actor(c.name, va, vb)
    else
      argerror(("measures.%s: must return a number or a table by actor id "
        .. "for both systems"):format(c.name))
    end
  end
  return out
end

-- }======

--- Compares two systems (before, after), or two scenario results.
-- For systems: `{ actors = { [id] = { soft_power = { a, b, delta },
-- brokerage = ..., reach = ..., <custom> = ... } }, added, removed,
-- winners, losers, brokers_lost, disconnected, coalitions, no_longer_win,
-- now_win, forecasts, moved, system }` (see the README, "Comparing").
-- For results: `a:compare(b)`.
-- @tparam System|Result a before
-- @tparam System|Result b after
-- @tparam[opt] table opts `{ measures = { "soft_power", "brokerage",
--   "reach", "coalitions", "forecasts", "system", name = function(sys) },
--   by = "org", top = 5, coalitions = { { ids }, ... }, share = 0.5 | quota,
--   forecast = { model = "compromise" }, tolerance = 1e-9 }`
-- @treturn table
-- @raise on unknown options or bad values
-- @usage local d = diplomat.compare(sys, reform:apply(sys))
function M.compare(a, b, opts)
  local Result = scenario.Result
  if getmetatable(a) == Result or getmetatable(b) == Result then
    if getmetatable(a) ~= Result or getmetatable(b) ~= Result then
      error("bad argument #2 to 'compare' (compare a result with a result, "
        .. "or a system with a system)", 2)
    end
    if opts ~= nil then
      error("bad argument #3 to 'compare' (results take no options)", 2)
    end
    return a:compare(b)
  end
  if type(a) ~= "userdata" or type(b) ~= "userdata" then
    error(("bad argument #%d to 'compare' (a System or a scenario result "
      .. "expected, got %s)"):format(type(a) ~= "userdata" and 1 or 2,
      type(type(a) ~= "userdata" and a or b)), 2)
  end
  return compare_systems(a, b, opts)
end

return M
