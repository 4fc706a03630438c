--- The content of a report, computed once and rendered by every format.
--
-- `build(sys, o)` takes checked options (see `diplomat.report`) and
-- returns a plain table: the numbers, names and groupings the HTML,
-- Markdown and JSON reports show.  Nothing here formats text; every list
-- is in a fixed order (so the same system and seed give the same report).
--
-- @module diplomat.report.data

local text = require "diplomat.report.text"
local summary = require "diplomat.summary"

local ipairs, pairs, pcall, type, tostring = ipairs, pairs, pcall, type,
  tostring
local error, next, setmetatable = error, next, setmetatable
local sort = table.sort
local sqrt, atan, cos, sin, huge, floor, max, min = math.sqrt, math.atan,
  math.cos, math.sin, math.huge, math.floor, math.max, math.min

local M = {}

local fmt = text.num -- numbers in captions and highlights

--- Colours for groups, in legend order: Tableau 10, then the lighter
-- Tableau 20 shades; more groups than this reuse them.  "(none)" is grey.
M.PALETTE = {
  "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948",
  "#B07AA1", "#FF9DA7", "#9C755F", "#499894", "#A0CBE8", "#FFBE7D",
  "#FF9D9A", "#86BCB6", "#8CD17D", "#F1CE63", "#D4A6C8", "#FABFD2",
  "#D7B5A6", "#79706E",
}
M.NONE_COLOUR = "#C9CDD2"
M.NO_GROUP = "(none)"

--- Forecast models in the order they are shown, with their names.
M.MODELS = { "compromise", "median", "nash", "eu" }
M.MODEL_NAMES = {
  compromise = "Compromise (power-weighted mean)",
  median = "Weighted median",
  nash = "Nash bargaining",
  eu = "Expected utility",
}

--- Section titles, by section id.
M.TITLES = {
  summary = "Summary",
  network = "The network",
  soft_power = "Who holds soft power",
  brokers = "Brokers across boundaries",
  power = "Voting power",
  positions = "Where actors stand",
  power_interest = "Power and interest",
  coalitions = "Coalitions",
  scenarios = "Scenarios",
  notes = "Notes on method",
}

--- The notes on method: { term, explanation } in order.
M.NOTES = {
  { "Network picture", "A force-directed layout computed by igraph from "
    .. "a fixed seed, so the same map always gives the same picture. "
    .. "Distance on the page suggests closeness in the network but has "
    .. "no exact meaning." },
  { "Soft power", "A documented composite: PageRank over all channels, "
    .. "brokerage across organisational boundaries, strength over "
    .. "informal channels and capability, each scaled to 0–1 by the "
    .. "strongest actor and weighted (see the table caption)." },
  { "Brokerage", "Gould and Fernandez (1989): actor j brokers when i → "
    .. "j → k and i has no tie to k. Roles depend on the groups of i, j "
    .. "and k: coordinator (all one group), itinerant (j an outsider), "
    .. "representative (j in i's group), gatekeeper (j in k's group), "
    .. "liaison (three groups)." },
  { "Voting power", "Power indices of a weighted majority game in which "
    .. "every actor votes with its weight (by default its capability); "
    .. "the index measures how often an actor's vote is decisive." },
  { "Forecasts", "Compromise: the power-weighted mean of positions "
    .. "(power = capability × salience). Weighted median: the position "
    .. "where half the power lies on either side. Nash bargaining: the "
    .. "outcome maximising the product of gains over the status quo. "
    .. "Expected utility: Bueno de Mesquita's model of rounds of "
    .. "challenges and offers." },
  { "Power and interest", "Mendelow's grid: manage closely those with "
    .. "high power and high interest, keep satisfied the powerful but "
    .. "less interested, keep informed the interested but less powerful, "
    .. "and monitor the rest." },
}

--- The quadrants of Mendelow's power–interest grid.
M.QUADRANTS = { "manage_closely", "keep_satisfied", "keep_informed",
                "monitor" }
M.QUADRANT_NAMES = {
  manage_closely = "Manage closely",
  keep_satisfied = "Keep satisfied",
  keep_informed = "Keep informed",
  monitor = "Monitor",
}

-- The message of a failed pcall without the "file:line: " prefix.
local function reason(err)
  return (tostring(err):gsub("^[^\n]-:%d+: ", "", 1))
end

--- The adjective for the boundaries of a grouping: "org" ->
-- "organisational", "attrs.team" -> "team".
function M.boundary(by)
  local names = { org = "organisational", profession = "professional" }
  return names[by] or by:match("^attrs%.(.+)$") or by
end

-- The group value of an actor for a field ("sector", "attrs.x").
local function groupof(actor, by)
  local attr = by:match("^attrs%.(.+)$")
  local v
  if attr then v = actor.attrs[attr] else v = actor[by] end
  if v == nil or v == "" then return M.NO_GROUP end
  return tostring(v)
end

-- {====== Summary ======

local function build_summary(sys, d)
  local s = summary.describe(sys, { pairs = 0 })
  local info = sys:info()
  d.summary = {
    name = info.name,
    description = info.description,
    counts = s.counts,
    informal_share = s.informal_share,
    by_sector = s.by_sector,
    by_level = s.by_level,
    by_kind = s.by_kind,
    layers = s.layers,
  }
end

-- }======

-- {====== Network picture ======

-- Coordinates centred and rotated so that the widest spread runs
-- across (principal axes), scaled into [0, 1] on the longer side; the
-- first actor sits left of centre or on it, so the picture never flips
-- between runs.
local function normalise(ids, pos)
  local n = #ids
  if n == 0 then return {} end
  local mx, my = 0, 0
  for _, id in ipairs(ids) do mx, my = mx + pos[id].x, my + pos[id].y end
  mx, my = mx / n, my / n
  local sxx, syy, sxy = 0, 0, 0
  for _, id in ipairs(ids) do
    local dx, dy = pos[id].x - mx, pos[id].y - my
    sxx, syy, sxy = sxx + dx * dx, syy + dy * dy, sxy + dx * dy
  end
  local theta = 0.5 * atan(2 * sxy, sxx - syy) -- the major axis
  local c, s = cos(theta), sin(theta)
  local out = {}
  for _, id in ipairs(ids) do
    local dx, dy = pos[id].x - mx, pos[id].y - my
    out[id] = { x = c * dx + s * dy, y = -s * dx + c * dy }
  end
  if out[ids[1]].x > 1e-9 then
    for _, id in ipairs(ids) do out[id].x = -out[id].x end
  end
  local x0, x1, y0, y1 = huge, -huge, huge, -huge
  for _, id in ipairs(ids) do
    local p = out[id]
    x0, x1 = min(x0, p.x), max(x1, p.x)
    y0, y1 = min(y0, p.y), max(y1, p.y)
  end
  local span = max(x1 - x0, y1 - y0)
  for _, id in ipairs(ids) do
    local p = out[id]
    if span > 0 then
      p.x = (p.x - x0) / span + (1 - (x1 - x0) / span) / 2
      p.y = (p.y - y0) / span + (1 - (y1 - y0) / span) / 2
    else
      p.x, p.y = 0.5, 0.5
    end
    -- 6 decimals: plenty for a picture, and the same on every run
    p.x = floor(p.x * 1e6 + 0.5) / 1e6
    p.y = floor(p.y * 1e6 + 0.5) / 1e6
  end
  return out
end

--- The legend for a grouping: `{ { value, colour, count } }`, values in
-- byte order with "(none)" last; and `colour[value]`.
function M.legend(actors, by)
  local counts = {}
  for _, a in ipairs(actors) do
    local g = groupof(a, by)
    counts[g] = (counts[g] or 0) + 1
  end
  local values = {}
  for v in pairs(counts) do
    if v ~= M.NO_GROUP then values[#values + 1] = v end
  end
  sort(values)
  if counts[M.NO_GROUP] then values[#values + 1] = M.NO_GROUP end
  local legend, colour = {}, {}
  for i, v in ipairs(values) do
    local c = v == M.NO_GROUP and M.NONE_COLOUR
      or M.PALETTE[(i - 1) % #M.PALETTE + 1]
    legend[i] = { value = v, colour = c, count = counts[v] }
    colour[v] = c
  end
  return legend, colour
end

-- The ties of the picture: one per tied pair and kind (formal or
-- informal), between actors in map order, with the layers and summed
-- weight of the ties it stands for.
local function picture_ties(sys, o, order)
  local layers, selected = {}, nil
  for i, l in ipairs(sys:layers()) do layers[l.id] = { l = l, i = i } end
  if o.layers then
    selected = {}
    for _, id in ipairs(o.layers) do selected[id] = true end
  end
  local byKey, list = {}, {}
  for _, t in ipairs(sys:ties()) do
    local l = layers[t.layer].l
    if (not selected or selected[t.layer]) and t.from ~= t.to then
      local a, b = t.from, t.to
      if order[a] > order[b] then a, b = b, a end
      local key = a .. "\0" .. b .. "\0" .. (l.informal and "i" or "f")
      local e = byKey[key]
      if not e then
        e = { from = a, to = b, informal = l.informal, layers = {},
              weight = 0, directed = false }
        byKey[key] = e
        list[#list + 1] = e
      end
      e.weight = e.weight + t.weight
      e.directed = e.directed or l.directed
      local seen = false
      for _, id in ipairs(e.layers) do if id == t.layer then seen = true end end
      if not seen then e.layers[#e.layers + 1] = t.layer end
    end
  end
  for _, e in ipairs(list) do
    sort(e.layers, function(x, y) return layers[x].i < layers[y].i end)
  end
  sort(list, function(x, y)
    if x.from ~= y.from then return order[x.from] < order[y.from] end
    if x.to ~= y.to then return order[x.to] < order[y.to] end
    return (not x.informal) and y.informal
  end)
  return list
end

local function build_network(sys, o, d, ctx)
  local actors, order = ctx.actors, ctx.order
  local ids = {}
  for i, a in ipairs(actors) do ids[i] = a.id end
  local lopts = { method = o.layout, seed = o.seed }
  if o.layers then lopts.layers = o.layers end
  local pos = #ids > 0 and sys:layout(lopts) or {}
  pos = normalise(ids, pos)
  local legend, colour = M.legend(actors, o.colour_by)
  local size = {}
  for _, a in ipairs(actors) do
    if o.size_by == "capability" then
      size[a.id] = a.capability
    else
      size[a.id] = ctx.soft_power()[a.id].score
    end
  end
  local nodes = {}
  for i, a in ipairs(actors) do
    local g = groupof(a, o.colour_by)
    nodes[i] = { id = a.id, name = a.name, label = text.label(a),
                 group = g, colour = colour[g], size = size[a.id],
                 x = pos[a.id].x, y = pos[a.id].y }
  end
  local ties = picture_ties(sys, o, order)
  local informal = 0
  for _, t in ipairs(ties) do if t.informal then informal = informal + 1 end end
  local caption = ("%d actors, coloured by %s and sized by %s (area). %d "
    .. "lines stand for the ties in %s: %d formal, %d informal (a pair "
    .. "with both kinds is drawn as two arcs); thicker lines are stronger "
    .. "ties, summed over channels; direction is not drawn. Layout: %s "
    .. "(igraph), seed %d."):format(#nodes,
    text.humane(o.colour_by):lower(), o.size_by == "capability"
    and "capability" or "soft power", #ties, o.layers
    and ("the layers " .. table.concat(o.layers, ", ")) or "all channels",
    #ties - informal, informal, o.layout == "kk" and "Kamada–Kawai"
    or "Fruchterman–Reingold", o.seed)
  d.network = {
    caption = caption,
    layout = { method = o.layout, seed = o.seed, layers = o.layers },
    colour_by = o.colour_by, size_by = o.size_by,
    legend = legend, nodes = nodes, ties = ties,
    counts = { nodes = #nodes, ties = #ties, informal = informal,
               formal = #ties - informal },
  }
end

-- }======

-- {====== Tables: soft power, brokers, power indices ======

-- The first `top` ids of `ids` by score, largest first, map order for
-- equal scores; ids scoring at most `floor_` are left out.
local function ranked(ids, score, order, top, floor_)
  local out = {}
  for _, id in ipairs(ids) do
    if floor_ == nil or score[id] > floor_ then out[#out + 1] = id end
  end
  sort(out, function(a, b)
    if score[a] ~= score[b] then return score[a] > score[b] end
    return order[a] < order[b]
  end)
  -- (top + 1 would wrap around for top = math.maxinteger)
  if top < #out then
    for i = #out, top + 1, -1 do out[i] = nil end
  end
  return out
end

local function build_soft_power(o, d, ctx)
  local sp, used = ctx.soft_power()
  local score = {}
  for id, r in pairs(sp) do score[id] = r.score end
  local rows = {}
  for i, id in ipairs(ranked(ctx.ids, score, ctx.order, o.top)) do
    local r = sp[id]
    rows[i] = { id = id, name = ctx.byid[id].name, rank = r.rank,
                score = r.score, pagerank = r.scaled.pagerank,
                brokerage = r.scaled.brokerage, informal = r.scaled.informal,
                capability = r.scaled.capability }
  end
  local w = used.weights
  d.soft_power = { weights = w, by = used.by, rows = rows,
    caption = ("Soft power = %s × PageRank + %s × cross-boundary "
      .. "brokerage (by %s) + %s × informal standing + %s × capability; "
      .. "each component scaled so the strongest actor scores 1 on it.")
      :format(fmt(w.pagerank), fmt(w.brokerage), used.by, fmt(w.informal),
      fmt(w.capability)) }
end

local function build_brokers(sys, o, d, ctx)
  local roles = sys:brokerage{ by = o.broker_by }
  local crossing = {}
  for id, r in pairs(roles) do
    crossing[id] = r.itinerant + r.gatekeeper + r.representative + r.liaison
  end
  local rows = {}
  for i, id in ipairs(ranked(ctx.ids, crossing, ctx.order, o.top, 0)) do
    local r = roles[id]
    rows[i] = { id = id, name = ctx.byid[id].name, crossing = crossing[id],
                liaison = r.liaison, gatekeeper = r.gatekeeper,
                representative = r.representative, itinerant = r.itinerant,
                coordinator = r.coordinator }
  end
  d.brokers = { by = o.broker_by, rows = rows,
    caption = ("Gould–Fernandez brokerage roles across %s boundaries "
      .. "(groups by %s): how often each actor stands between two others "
      .. "that have no direct tie. \"Across\" sums the roles that cross a "
      .. "boundary (every role but coordinator)."):format(
      M.boundary(o.broker_by), o.broker_by) }
end

local function build_power(sys, o, d, ctx)
  if not sys.power then
    d.power = { unavailable = "power indices are not in this build" }
    return
  end
  local popts = {}
  for k, v in pairs(o.power) do popts[k] = v end
  local ok, value, info = pcall(sys.power, sys, popts)
  if not ok then
    if next(o.power) ~= nil then error(value, 0) end -- the caller's options
    d.power = { unavailable = reason(value) }
    return
  end
  local rows = {}
  for i, id in ipairs(ranked(ctx.ids, value, ctx.order, o.top)) do
    rows[i] = { id = id, name = ctx.byid[id].name, value = value[id],
                units = info.units and info.units[id],
                weight = info.units and info.units[id] * info.resolution }
  end
  d.power = { index = info.index, method = info.method,
              quota = info.quota, total = info.total,
              resolution = info.resolution,
              quota_weight = info.quota * info.resolution,
              total_weight = info.total * info.resolution,
              weight = type(o.power.weight) == "string" and o.power.weight
                or "capability",
              rows = rows }
  d.power.caption = ("%s index (%s) of a weighted vote: each actor votes "
    .. "with its %s; a coalition wins with a weight of at least %s of %s.")
    :format(text.humane(info.index), info.method or "", d.power.weight,
    fmt(d.power.quota_weight), fmt(d.power.total_weight))
end

-- }======

-- {====== Issues: positions, forecasts, power-interest grid ======

local function forecasts(sys, issue, o, count)
  local out = {}
  if not sys.forecast or count == 0 then return out end
  for _, model in ipairs(o.models) do
    local row = { model = model, name = M.MODEL_NAMES[model] or model }
    if model == "nash" and issue.status_quo == nil then
      row.unavailable = "the issue has no status quo"
    else
      local ok, f = pcall(sys.forecast, sys, issue.id, { model = model })
      if ok then row.outcome = f.outcome
      else row.unavailable = reason(f) end
    end
    out[#out + 1] = row
  end
  return out
end

--- The Mendelow quadrant of an actor: high power when capability >=
-- power_threshold, high interest when salience >= interest_threshold.
-- @treturn string one of `QUADRANTS`
function M.quadrant(capability, salience, power_threshold, interest_threshold)
  local power = capability >= power_threshold
  local interest = salience >= interest_threshold
  if power and interest then return "manage_closely" end
  if power then return "keep_satisfied" end
  if interest then return "keep_informed" end
  return "monitor"
end

local function build_issues(sys, o, d, ctx)
  local cmax = 0
  for _, a in ipairs(ctx.actors) do cmax = max(cmax, a.capability) end
  local pt = o.grid.power or cmax / 2
  local it = o.grid.interest or 0.5
  local legend, colour = M.legend(ctx.actors, o.colour_by)
  local list = {}
  for _, issue in ipairs(ctx.issues) do
    local pos = sys:positions(issue.id)
    local rows = {}
    for _, a in ipairs(ctx.actors) do
      local p = pos[a.id]
      if p then
        local g = groupof(a, o.colour_by)
        rows[#rows + 1] = {
          id = a.id, name = a.name, label = text.label(a),
          list_label = text.label(a, 48), group = g,
          colour = colour[g], position = p.position, salience = p.salience,
          capability = a.capability, power = a.capability * p.salience,
          quadrant = M.quadrant(a.capability, p.salience, pt, it) }
      end
    end
    local quadrants = {}
    for _, q in ipairs(M.QUADRANTS) do quadrants[q] = {} end
    for _, r in ipairs(rows) do
      local q = quadrants[r.quadrant]
      q[#q + 1] = r.id
    end
    list[#list + 1] = {
      id = issue.id, name = issue.name, description = issue.description,
      min = issue.min, max = issue.max, status_quo = issue.status_quo,
      min_label = issue.min_label, max_label = issue.max_label,
      positions = rows, forecasts = forecasts(sys, issue, o, #rows),
      quadrants = quadrants }
  end
  d.issues = list
  d.grid = { power_threshold = pt, interest_threshold = it,
             capability_max = cmax,
             caption = ("Mendelow's grid: power is capability (high at %s "
               .. "or more%s), interest is the salience of the issue to "
               .. "the actor (high at %s or more)."):format(fmt(pt),
               o.grid.power and "" or ", half the largest in the map",
               fmt(it)) }
  d.issue_legend = legend
end

-- }======

-- {====== Coalitions and scenarios (given by the caller) ======

-- Marks a table that is a JSON object even when empty.
local OBJECT = { __jsontype = "object" }

local function build_coalitions(o, d, ctx)
  local columns, seen, rows = {}, {}, {}
  for i, c in ipairs(o.coalitions) do
    local names = {}
    for k, id in ipairs(c.members) do names[k] = ctx.byid[id].name end
    rows[i] = { name = c.name, members = c.members, member_names = names,
                values = setmetatable(c.values, OBJECT) }
    for k in pairs(c.values) do
      if not seen[k] then seen[k] = true; columns[#columns + 1] = k end
    end
  end
  sort(columns)
  d.coalitions = { columns = columns, rows = rows }
end

-- Bins shared by every scenario of one measure: `bins` equal bins over
-- [lo, hi] of all draws (one bin when they are all equal).
local function histograms(rows, nbins)
  local lo, hi = huge, -huge
  for _, r in ipairs(rows) do
    for _, x in ipairs(r.draws or {}) do lo, hi = min(lo, x), max(hi, x) end
  end
  if lo > hi then return nil end
  local n = hi > lo and nbins or 1
  local width = hi > lo and (hi - lo) / n or 0
  for _, r in ipairs(rows) do
    if r.draws and #r.draws > 0 then
      local counts = {}
      for k = 1, n do counts[k] = 0 end
      for _, x in ipairs(r.draws) do
        local k = width > 0 and floor((x - lo) / width) + 1 or 1
        if k > n then k = n end -- hi itself falls in the last bin
        counts[k] = counts[k] + 1
      end
      r.histogram = counts
    end
  end
  return { lo = lo, hi = hi, bins = n }
end

-- Comparisons of two results, one row per measure in byte order.
local function build_comparisons(o)
  local out = {}
  for i, c in ipairs(o.comparisons or {}) do
    local names = {}
    for m in pairs(c.measures) do names[#names + 1] = m end
    sort(names)
    local rows = {}
    for k, m in ipairs(names) do
      local v = c.measures[m]
      rows[k] = { measure = m, a = v.a, b = v.b, delta = v.delta,
                  quantiles = v.quantiles, p_higher = v.p_higher }
    end
    out[i] = { name = c.name, rows = rows }
  end
  return out
end

local function build_scenarios(o, d)
  local names, measures, index = {}, {}, {}
  for i, s in ipairs(o.scenarios or {}) do
    names[i] = s.name
    for m in pairs(s.measures) do
      if not index[m] then index[m] = true; measures[#measures + 1] = m end
    end
  end
  sort(measures)
  local out = {}
  for k, m in ipairs(measures) do
    local rows = {}
    local first = o.scenarios[1].measures[m]
    local base = first and first.mean
    for i, s in ipairs(o.scenarios) do
      local r = s.measures[m]
      if r then
        rows[#rows + 1] = {
          scenario = s.name, mean = r.mean, sd = r.sd,
          quantiles = r.quantiles, draws = r.draws,
          n = r.draws and #r.draws or nil,
          difference = (i > 1 and base) and r.mean - base or nil }
      end
    end
    local h = histograms(rows, o.bins)
    for _, row in ipairs(rows) do row.draws = nil end
    out[k] = { name = m, rows = rows, histogram = h }
  end
  d.scenarios = { names = names, baseline = names[1], measures = out,
    comparisons = build_comparisons(o),
    caption = #names > 0 and ("%d scenario%s; differences are from the "
      .. "first, %s."):format(#names, #names == 1 and "" or "s", names[1])
      or "Comparisons of scenario results." }
end

-- }======

-- {====== Highlights ======

-- One-line findings drawn from the sections present, as plain text
-- (each format escapes them).
local function highlights(d)
  local out = {}
  local s = d.summary
  if s and s.counts.ties > 0 then
    out[#out + 1] = ("%.0f%% of the %s over informal channels.")
      :format(100 * s.informal_share.ties, s.counts.ties == 1 and "1 tie runs"
      or s.counts.ties .. " ties run")
  end
  local sp = d.soft_power and d.soft_power.rows
  if sp and #sp > 0 then
    local others = {}
    for k = 2, min(3, #sp) do others[#others + 1] = sp[k].name end
    out[#out + 1] = ("Most soft power: %s (score %s)%s."):format(sp[1].name,
      fmt(sp[1].score), #others > 0 and (", then " .. table.concat(others,
      " and ")) or "")
  end
  local b = d.brokers and d.brokers.rows
  if b and #b > 0 then
    out[#out + 1] = ("Leading broker across %s boundaries: %s (%d brokered "
      .. "pairs across them)."):format(M.boundary(d.brokers.by), b[1].name,
      b[1].crossing)
  end
  local p = d.power and d.power.rows
  if p and #p > 0 then
    out[#out + 1] = ("Largest voting power (%s index): %s (%s)."):format(
      text.humane(d.power.index), p[1].name, text.fixed(p[1].value, 3))
  end
  for _, is in ipairs(d.issues or {}) do
    local lo, hi = huge, -huge
    for _, f in ipairs(is.forecasts) do
      if f.outcome then lo, hi = min(lo, f.outcome), max(hi, f.outcome) end
    end
    local where
    if lo == hi then
      where = ("the forecast is %s"):format(fmt(lo))
    elseif lo < hi then
      where = ("forecasts range from %s to %s"):format(fmt(lo), fmt(hi))
    end
    if where then
      local k = #is.quadrants.manage_closely
      out[#out + 1] = ("%s: %s on a %s–%s scale%s; %d %s to manage "
        .. "closely."):format(is.name, where, fmt(is.min), fmt(is.max),
        is.status_quo and (" (status quo " .. fmt(is.status_quo) .. ")")
        or "", k, k == 1 and "actor" or "actors")
    end
  end
  return out
end

-- }======

--- The report content for the checked options `o`.
-- @tparam System sys
-- @tparam table o options as `diplomat.report` checks and fills them
-- @treturn table
function M.build(sys, o)
  local actors = sys:actors()
  local ids, order, byid = {}, {}, {}
  for i, a in ipairs(actors) do
    ids[i], order[a.id], byid[a.id] = a.id, i, a
  end
  local issues = {}
  for _, id in ipairs(o.issues) do issues[#issues + 1] = sys:issue(id) end
  local sp, used
  local ctx = { actors = actors, ids = ids, order = order, byid = byid,
                issues = issues }
  function ctx.soft_power() -- computed once, when first needed
    if not sp then sp, used = sys:soft_power() end
    return sp, used
  end
  local info = sys:info()
  local d = {
    format = "diplomat-report/1",
    generator = "diplomat " .. (o.version or ""),
    title = o.title or info.name or "System report",
    subtitle = o.subtitle, date = o.date,
    sections = o.sections, colour_by = o.colour_by,
  }
  local want = {}
  for _, s in ipairs(o.sections) do want[s] = true end
  if want.summary then build_summary(sys, d) end
  if want.network then build_network(sys, o, d, ctx) end
  if want.soft_power then build_soft_power(o, d, ctx) end
  if want.brokers then build_brokers(sys, o, d, ctx) end
  if want.power then build_power(sys, o, d, ctx) end
  if want.positions or want.power_interest then
    build_issues(sys, o, d, ctx)
  end
  if want.coalitions then build_coalitions(o, d, ctx) end
  if want.scenarios then build_scenarios(o, d) end
  if d.summary then d.summary.highlights = highlights(d) end
  return d
end

M.groupof = groupof

return M
