--- SVG pictures for the HTML report: the network, the power–interest
-- grid, position strips, scenario box plots and histograms.
--
-- Each function takes part of the report content (`diplomat.report.data`)
-- and returns one `<svg>` element as a string: a viewBox, no fixed size
-- (the page's CSS scales it), every text escaped, tooltips as `<title>`.
-- Placement is deterministic: labels are placed greedily, largest marks
-- first, at the first of eight spots around the mark that overlaps no
-- mark or label already placed and stays inside the picture; a label
-- with no free spot is left out (its mark keeps the tooltip).
--
-- @module diplomat.report.svg

local text = require "diplomat.report.text"

local ipairs = ipairs
local concat, sort = table.concat, table.sort
local format = string.format
local sqrt, max, min, floor, ceil, abs, log, cos, sin, huge = math.sqrt,
  math.max, math.min, math.floor, math.ceil, math.abs, math.log, math.cos,
  math.sin, math.huge

local esc, C, num = text.html, text.coord, text.num

local M = {}

--- Colours of the forecast markers.
M.MODEL_COLOURS = { compromise = "#1F3A5F", median = "#C8553D",
                    nash = "#2A7F62", eu = "#7B4B94" }
local STATUS_QUO = "#59636E"

local QUADRANT_FILL = { manage_closely = "#FBE7DD", keep_satisfied = "#E3ECF7",
                        keep_informed = "#E5F1E8", monitor = "#F1F2F4" }

local FONT = 11       -- label size in picture units
local CHAR = 0.58     -- average glyph width, in ems (system sans fonts)

-- {====== Helpers ======

local function width_of(s, size)
  return text.length(s) * (size or FONT) * CHAR
end

--- Round tick values covering [lo, hi]: about `n` of them at 1, 2 or 5
-- times a power of ten.
-- @treturn {number,...}
function M.ticks(lo, hi, n)
  if hi <= lo then return { lo } end
  local raw = (hi - lo) / (n or 5)
  local mag = 10 ^ floor(log(raw, 10))
  local step = mag
  for _, m in ipairs{ 1, 2, 2.5, 5, 10 } do
    if m * mag >= raw then step = m * mag break end
  end
  local out = {}
  local k = ceil(lo / step - 1e-9)
  while k * step <= hi + 1e-9 * step do
    local v = k * step
    if abs(v) < 1e-12 * step then v = 0 end
    out[#out + 1] = v
    k = k + 1
  end
  return out
end

-- A placer for labels: boxes and circles already taken in a w x h area.
local function placer(w, h)
  return { w = w, h = h, boxes = {}, circles = {} }
end

local function circle_hits(c, b)
  local dx = max(b[1] - c.x, 0, c.x - b[3])
  local dy = max(b[2] - c.y, 0, c.y - b[4])
  return dx * dx + dy * dy < (c.r + 1) ^ 2
end

local function free(p, b, own)
  if b[1] < 2 or b[2] < 2 or b[3] > p.w - 2 or b[4] > p.h - 2 then
    return false
  end
  for _, o in ipairs(p.boxes) do
    if b[1] < o[3] + 2 and o[1] < b[3] + 2 and b[2] < o[4] + 1
        and o[2] < b[4] + 1 then
      return false
    end
  end
  for _, c in ipairs(p.circles) do
    if c ~= own and circle_hits(c, b) then return false end
  end
  return true
end

-- The eight spots around a mark (x, y, r) for a label w wide: the text
-- position, its anchor and its box {x0, y0, x1, y1}.
local function spots(x, y, r, w, size)
  local asc, desc = size * 0.78, size * 0.26
  local g = 3
  local d = r * 0.72 + g
  local out = {}
  local function add(tx, ty, anchor)
    local x0 = anchor == "start" and tx or anchor == "end" and tx - w
      or tx - w / 2
    out[#out + 1] = { tx, ty, anchor, { x0, ty - asc, x0 + w, ty + desc } }
  end
  add(x + r + g, y + asc / 2 - desc / 2, "start")     -- right
  add(x - r - g, y + asc / 2 - desc / 2, "end")       -- left
  add(x, y - r - g - desc, "middle")                  -- above
  add(x, y + r + g + asc, "middle")                   -- below
  add(x + d, y - d - desc, "start")                   -- above right
  add(x - d, y - d - desc, "end")                     -- above left
  add(x + d, y + d + asc, "start")                    -- below right
  add(x - d, y + d + asc, "end")                      -- below left
  return out
end

-- Places labels for marks { x, y, r, label } (in priority order) and
-- returns the `<text>` elements and how many were placed.
local function place_labels(p, marks, size, class)
  local out, placed = {}, 0
  for _, m in ipairs(marks) do
    local w = width_of(m.label, size)
    for _, s in ipairs(spots(m.x, m.y, m.r, w, size)) do
      if free(p, s[4], m.circle) then
        p.boxes[#p.boxes + 1] = s[4]
        out[#out + 1] = format('<text class="%s" x="%s" y="%s" '
          .. 'text-anchor="%s">%s</text>', class, C(s[1]), C(s[2]), s[3],
          esc(m.label))
        placed = placed + 1
        m.labelled = true
        break
      end
    end
  end
  return concat(out, "\n"), placed
end

local function svg_open(class, w, h, title, desc)
  return format('<svg class="chart %s" viewBox="0 0 %d %d" '
    .. 'xmlns="http://www.w3.org/2000/svg" role="img" '
    .. 'preserveAspectRatio="xMidYMid meet">'
    .. '<title>%s</title><desc>%s</desc>', class, w, h, esc(title),
    esc(desc or ""))
end

-- Spreads marks that would sit on top of each other (same spot to
-- within a pixel) on a sunflower around it, in their given order.
local function spread(marks, step)
  local seen = {}
  for _, m in ipairs(marks) do
    local key = floor(m.x + 0.5) .. ":" .. floor(m.y + 0.5)
    local k = seen[key] or 0
    seen[key] = k + 1
    if k > 0 then
      local a = k * 2.399963 -- the golden angle
      m.x = m.x + step * sqrt(k) * cos(a)
      m.y = m.y + step * sqrt(k) * sin(a)
    end
  end
end

-- }======

-- {====== The network ======

--- The network picture.
-- @tparam table net `d.network`
-- @treturn string the `<svg>`
-- @treturn integer how many labels were placed
function M.network(net)
  local W, H, pad = 1000, 640, 30
  local nodes, ties = net.nodes, net.ties
  local x0, x1, y0, y1 = huge, -huge, huge, -huge
  local vmax = 0
  for _, n in ipairs(nodes) do
    x0, x1 = min(x0, n.x), max(x1, n.x)
    y0, y1 = min(y0, n.y), max(y1, n.y)
    vmax = max(vmax, n.size)
  end
  local bw, bh = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
  local s = min((W - 2 * pad) / bw, (H - 2 * pad) / bh)
  local ox = (W - s * bw) / 2 - s * x0
  local oy = (H - s * bh) / 2 - s * y0
  local at, marks = {}, {}
  for i, n in ipairs(nodes) do
    local r = vmax > 0 and 4 + 11 * sqrt(max(n.size, 0) / vmax) or 6
    local m = { x = ox + s * n.x, y = oy + s * n.y, r = r, node = n,
                label = n.label, i = i }
    if #nodes == 1 then m.x, m.y = W / 2, H / 2 end
    at[n.id] = m
    marks[i] = m
  end
  -- ties: pairs with both kinds are drawn as two arcs bowing apart
  local kinds, wmax = {}, 0
  for _, t in ipairs(ties) do
    local key = t.from .. "\0" .. t.to
    kinds[key] = (kinds[key] or 0) + 1
    wmax = max(wmax, t.weight)
  end
  local out = { svg_open("network", W, H, "The network of actors",
    "Each circle is an actor, coloured by " .. net.colour_by
    .. " and sized by " .. net.size_by:gsub("_", " ")
    .. "; solid lines are formal ties, dashed lines informal ones.") }
  out[#out + 1] = '<g class="ties">'
  for _, t in ipairs(ties) do
    local a, b = at[t.from], at[t.to]
    local sw = 0.7 + 2.3 * sqrt(t.weight / wmax)
    local cls = t.informal and "tie informal" or "tie formal"
    local dash = t.informal and ' stroke-dasharray="5 4"' or ""
    local tip = format("<title>%s – %s: %s (weight %s)</title>",
      esc(a.node.name), esc(b.node.name), esc(concat(t.layers, ", ")),
      num(t.weight))
    if kinds[t.from .. "\0" .. t.to] > 1 then
      local mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
      local dx, dy = b.x - a.x, b.y - a.y
      local len = sqrt(dx * dx + dy * dy)
      local bow = min(0.12 * len, 14) * (t.informal and 1 or -1)
      local cx = len > 0 and mx - dy / len * bow or mx
      local cy = len > 0 and my + dx / len * bow or my
      out[#out + 1] = format('<path class="%s" d="M%s %sQ%s %s %s %s" '
        .. 'stroke-width="%s"%s>%s</path>', cls, C(a.x), C(a.y), C(cx),
        C(cy), C(b.x), C(b.y), C(sw), dash, tip)
    else
      out[#out + 1] = format('<line class="%s" x1="%s" y1="%s" x2="%s" '
        .. 'y2="%s" stroke-width="%s"%s>%s</line>', cls, C(a.x), C(a.y),
        C(b.x), C(b.y), C(sw), dash, tip)
    end
  end
  out[#out + 1] = '</g>\n<g class="actors">'
  -- larger marks first below, so small ones stay visible on top
  local draw = {}
  for i, m in ipairs(marks) do draw[i] = m end
  sort(draw, function(p, q)
    if p.r ~= q.r then return p.r > q.r end
    return p.i < q.i
  end)
  local size_name = net.size_by == "capability" and "capability"
    or "soft power"
  for _, m in ipairs(draw) do
    local n = m.node
    out[#out + 1] = format('<circle class="actor" data-id="%s" '
      .. 'data-group="%s" cx="%s" cy="%s" r="%s" fill="%s">'
      .. '<title>%s\n%s: %s · %s %s</title></circle>', esc(n.id),
      esc(n.group), C(m.x), C(m.y), C(m.r), n.colour, esc(n.name),
      esc(text.humane(net.colour_by)), esc(text.humane(n.group)), size_name,
      num(n.size))
  end
  out[#out + 1] = '</g>\n<g class="labels">'
  local p = placer(W, H)
  for _, m in ipairs(marks) do
    local c = { x = m.x, y = m.y, r = m.r }
    p.circles[#p.circles + 1] = c
    m.circle = c
  end
  local labels, placed = place_labels(p, draw, FONT, "label")
  out[#out + 1] = labels
  out[#out + 1] = "</g></svg>"
  return concat(out, "\n"), placed
end

-- }======

-- {====== Power–interest grid ======

--- The power–interest grid of one issue.
-- @tparam table issue an entry of `d.issues`
-- @tparam table grid `d.grid`
-- @tparam table names quadrant id -> name
-- @treturn string
function M.grid(issue, grid, names)
  local W, H = 560, 400
  local L, R, T, B = 58, W - 14, 14, H - 46
  local xt = min(max(grid.interest_threshold, 0), 1)
  local ymax = max(grid.capability_max, grid.power_threshold, 1e-9) * 1.04
  local function px(v) return L + (R - L) * v end
  local function py(v) return B - (B - T) * v / ymax end
  local out = { svg_open("grid", W, H, "Power and interest: " .. issue.name,
    "Each dot is an actor holding a position on the issue: interest "
    .. "(salience) across, power (capability) up.") }
  local cx, cy = px(xt), py(min(grid.power_threshold, ymax))
  local rects = {
    { "keep_satisfied", L, T, cx, cy }, { "manage_closely", cx, T, R, cy },
    { "monitor", L, cy, cx, B }, { "keep_informed", cx, cy, R, B },
  }
  for _, q in ipairs(rects) do
    out[#out + 1] = format('<rect class="quadrant" data-quadrant="%s" '
      .. 'x="%s" y="%s" width="%s" height="%s" fill="%s"/>', q[1], C(q[2]),
      C(q[3]), C(max(q[4] - q[2], 0)), C(max(q[5] - q[3], 0)),
      QUADRANT_FILL[q[1]])
  end
  local qlabel = {
    keep_satisfied = { L + 8, T + 16, "start" },
    manage_closely = { R - 8, T + 16, "end" },
    monitor = { L + 8, B - 8, "start" },
    keep_informed = { R - 8, B - 8, "end" },
  }
  local p = placer(W, H)
  for _, q in ipairs(rects) do
    local l = qlabel[q[1]]
    local name = names[q[1]]
    local w = width_of(name, 12)
    local x0 = l[3] == "start" and l[1] or l[1] - w
    p.boxes[#p.boxes + 1] = { x0, l[2] - 10, x0 + w, l[2] + 3 }
    out[#out + 1] = format('<text class="quadrant-name" x="%s" y="%s" '
      .. 'text-anchor="%s">%s</text>', C(l[1]), C(l[2]), l[3], esc(name))
  end
  -- axes
  out[#out + 1] = format('<g class="axis"><line x1="%s" y1="%s" x2="%s" '
    .. 'y2="%s"/><line x1="%s" y1="%s" x2="%s" y2="%s"/>', L, B, R, B, L, T,
    L, B)
  for _, v in ipairs{ 0, 0.25, 0.5, 0.75, 1 } do
    out[#out + 1] = format('<line x1="%s" y1="%s" x2="%s" y2="%s"/>'
      .. '<text x="%s" y="%s" text-anchor="middle">%s</text>', C(px(v)), B,
      C(px(v)), B + 4, C(px(v)), B + 16, num(v))
  end
  for _, v in ipairs(M.ticks(0, ymax, 5)) do
    out[#out + 1] = format('<line x1="%s" y1="%s" x2="%s" y2="%s"/>'
      .. '<text x="%s" y="%s" text-anchor="end">%s</text>', L - 4, C(py(v)),
      L, C(py(v)), L - 7, C(py(v) + 4), num(v))
  end
  out[#out + 1] = format('<text class="axis-title" x="%s" y="%s" '
    .. 'text-anchor="middle">Interest (salience) →</text>', C((L + R) / 2),
    H - 10)
  out[#out + 1] = format('<text class="axis-title" transform="translate(%s '
    .. '%s) rotate(-90)" text-anchor="middle">Power (capability) →</text>',
    16, C((T + B) / 2))
  out[#out + 1] = "</g>"
  -- actors, most powerful first
  local marks = {}
  for i, r in ipairs(issue.positions) do
    marks[i] = { x = px(r.salience), y = py(r.capability), r = 5.5, row = r,
                 label = r.label, i = i }
  end
  sort(marks, function(a, b)
    if a.row.power ~= b.row.power then return a.row.power > b.row.power end
    return a.i < b.i
  end)
  spread(marks, 7)
  out[#out + 1] = '<g class="actors">'
  for _, m in ipairs(marks) do
    local r = m.row
    local c = { x = m.x, y = m.y, r = m.r }
    p.circles[#p.circles + 1] = c
    m.circle = c
    out[#out + 1] = format('<circle class="actor" data-id="%s" '
      .. 'data-quadrant="%s" cx="%s" cy="%s" r="%s" fill="%s"><title>%s\n'
      .. 'capability %s · salience %s · %s</title></circle>', esc(r.id),
      r.quadrant, C(m.x), C(m.y), C(m.r), r.colour, esc(r.name),
      num(r.capability), num(r.salience), esc(names[r.quadrant]))
  end
  out[#out + 1] = '</g>\n<g class="labels">'
  out[#out + 1] = (place_labels(p, marks, 10, "label small"))
  out[#out + 1] = "</g></svg>"
  return concat(out, "\n")
end

-- }======

-- {====== Position strips ======

-- A beeswarm: each mark (sorted by x) sits as low as it can above the
-- baseline without touching one already placed.
local function swarm(marks, base)
  local placed = {}
  for _, m in ipairs(marks) do
    local cands = { base - m.r - 1 }
    for _, o in ipairs(placed) do
      local dx = m.x - o.x
      local need = m.r + o.r + 1.5
      if abs(dx) < need then
        cands[#cands + 1] = o.y - sqrt(need * need - dx * dx)
      end
    end
    sort(cands, function(a, b) return a > b end)
    for _, y in ipairs(cands) do
      if y <= base - m.r - 1 + 1e-9 then
        local ok = true
        for _, o in ipairs(placed) do
          local dx, dy = m.x - o.x, y - o.y
          if dx * dx + dy * dy < (m.r + o.r + 1.5) ^ 2 - 1e-6 then
            ok = false break
          end
        end
        if ok then m.y = y break end
      end
    end
    placed[#placed + 1] = m
  end
end

--- The positions on one issue as a strip, with each forecast marked.
-- @tparam table issue an entry of `d.issues`
-- @treturn string
function M.strip(issue)
  local W, L, R = 1000, 28, 972
  local lo, hi = issue.min, issue.max
  local span = hi > lo and hi - lo or 1
  local function px(v) return L + (R - L) * (v - lo) / span end
  local pmax = 0
  for _, r in ipairs(issue.positions) do pmax = max(pmax, r.power) end
  local marks = {}
  for i, r in ipairs(issue.positions) do
    marks[i] = { x = px(r.position), r = pmax > 0
      and 3.5 + 5.5 * sqrt(r.power / pmax) or 4, row = r, i = i }
  end
  sort(marks, function(a, b)
    if a.x ~= b.x then return a.x < b.x end
    if a.r ~= b.r then return a.r > b.r end
    return a.i < b.i
  end)
  swarm(marks, 0)
  local top = 0
  for _, m in ipairs(marks) do top = min(top, m.y - m.r) end
  -- marker rows above the swarm: the status quo, then each forecast
  local markers = {}
  if issue.status_quo then
    markers[1] = { label = "Status quo", value = issue.status_quo,
                   colour = STATUS_QUO, sq = true }
  end
  for _, f in ipairs(issue.forecasts) do
    if f.outcome then
      markers[#markers + 1] = { label = f.name, value = f.outcome,
                                colour = M.MODEL_COLOURS[f.model] or "#333",
                                model = f.model }
    end
  end
  local rowh = 17
  local head = 10 + #markers * rowh
  local base = head + 8 - top
  local H = floor(base + 58)
  local out = { svg_open("strip", W, H, "Positions on " .. issue.name,
    "Each dot is an actor at its position, sized by power (capability × "
    .. "salience); lines mark the status quo and each model's forecast.") }
  -- markers
  for k, mk in ipairs(markers) do
    local x = px(mk.value)
    local y = 10 + (k - 1) * rowh + 11
    local label = format("%s %s", mk.label, num(mk.value, 1))
    local w = width_of(label, 11)
    local anchor, tx = "start", x + 5
    if tx + w > W - 4 then anchor, tx = "end", x - 5 end
    out[#out + 1] = format('<g class="marker%s"%s><line x1="%s" y1="%s" '
      .. 'x2="%s" y2="%s" stroke="%s"%s/><text x="%s" y="%s" '
      .. 'text-anchor="%s" fill="%s">%s</text></g>', mk.sq and " status-quo"
      or " forecast", mk.model and format(' data-model="%s"', mk.model) or "",
      C(x), y - 10, C(x), C(base), mk.colour,
      mk.sq and ' stroke-dasharray="4 3"' or "", C(tx), y, anchor,
      mk.colour, esc(label))
  end
  -- axis with ticks and pole labels
  out[#out + 1] = format('<g class="axis"><line x1="%s" y1="%s" x2="%s" '
    .. 'y2="%s"/>', L, C(base), R, C(base))
  for _, v in ipairs(M.ticks(lo, hi, 10)) do
    out[#out + 1] = format('<line x1="%s" y1="%s" x2="%s" y2="%s"/><text '
      .. 'x="%s" y="%s" text-anchor="middle">%s</text>', C(px(v)), C(base),
      C(px(v)), C(base + 4), C(px(v)), C(base + 16), num(v))
  end
  local function pole(label, x, anchor)
    if not label then return end
    local short = text.truncate(label, 60)
    out[#out + 1] = format('<text class="pole" x="%s" y="%s" '
      .. 'text-anchor="%s"><title>%s</title>%s</text>', x, C(base + 36),
      anchor, esc(label), esc(short))
  end
  pole(issue.min_label and "← " .. issue.min_label, L, "start")
  pole(issue.max_label and issue.max_label .. " →", R, "end")
  out[#out + 1] = "</g>\n<g class=\"actors\">"
  for _, m in ipairs(marks) do
    local r = m.row
    out[#out + 1] = format('<circle class="actor" data-id="%s" cx="%s" '
      .. 'cy="%s" r="%s" fill="%s"><title>%s\nposition %s · salience %s · '
      .. 'capability %s</title></circle>', esc(r.id), C(m.x), C(base + m.y),
      C(m.r), r.colour, esc(r.name), num(r.position), num(r.salience),
      num(r.capability))
  end
  out[#out + 1] = "</g></svg>"
  return concat(out, "\n")
end

-- }======

-- {====== Scenarios ======

--- Box plots of one measure across scenarios: whiskers from the 5th to
-- the 95th percentile, the box from the 25th to the 75th, a line at the
-- median and a diamond at the mean (mean ± sd when no quantiles).
-- @tparam table m an entry of `d.scenarios.measures`
-- @treturn string
function M.boxplot(m)
  local W, L, R, rowh = 1000, 210, 980, 36
  local H = 24 + #m.rows * rowh + 30
  local lo, hi = huge, -huge
  for _, r in ipairs(m.rows) do
    local q = r.quantiles
    lo, hi = min(lo, r.mean), max(hi, r.mean)
    if q then lo, hi = min(lo, q.p05), max(hi, q.p95) end
    if r.sd then lo, hi = min(lo, r.mean - r.sd), max(hi, r.mean + r.sd) end
  end
  if hi <= lo then lo, hi = lo - 1, hi + 1 end
  local ticks = M.ticks(lo, hi, 8)
  lo, hi = min(lo, ticks[1]), max(hi, ticks[#ticks])
  local function px(v) return L + (R - L) * (v - lo) / (hi - lo) end
  local out = { svg_open("boxplot", W, H, "Scenarios: " .. m.name,
    "One row per scenario: whiskers from the 5th to the 95th percentile, "
    .. "box from the 25th to the 75th, line at the median, diamond at "
    .. "the mean.") }
  local axis = 24 + #m.rows * rowh
  out[#out + 1] = '<g class="axis">'
  for _, v in ipairs(ticks) do
    out[#out + 1] = format('<line class="gridline" x1="%s" y1="16" x2="%s" '
      .. 'y2="%d"/><text x="%s" y="%d" text-anchor="middle">%s</text>',
      C(px(v)), C(px(v)), axis, C(px(v)), axis + 16, num(v))
  end
  out[#out + 1] = "</g>"
  for k, r in ipairs(m.rows) do
    local y = 24 + (k - 1) * rowh + rowh / 2
    out[#out + 1] = format('<g class="scenario"><text class="row-label" '
      .. 'x="%d" y="%s" text-anchor="end"><title>%s</title>%s</text>',
      L - 12, C(y + 4), esc(r.scenario), esc(text.truncate(r.scenario, 30)))
    local q = r.quantiles
    if q then
      out[#out + 1] = format('<line class="whisker" x1="%s" y1="%s" x2="%s" '
        .. 'y2="%s"/><rect class="box" x="%s" y="%s" width="%s" '
        .. 'height="14"/><line class="median" x1="%s" y1="%s" x2="%s" '
        .. 'y2="%s"/>', C(px(q.p05)), C(y), C(px(q.p95)), C(y), C(px(q.p25)),
        C(y - 7), C(max(px(q.p75) - px(q.p25), 1)), C(px(q.p50)), C(y - 7),
        C(px(q.p50)), C(y + 7))
    elseif r.sd then
      out[#out + 1] = format('<line class="whisker" x1="%s" y1="%s" x2="%s" '
        .. 'y2="%s"/>', C(px(r.mean - r.sd)), C(y), C(px(r.mean + r.sd)),
        C(y))
    end
    local x = px(r.mean)
    out[#out + 1] = format('<path class="mean" d="M%s %sl5 5l-5 5l-5 -5z">'
      .. '<title>%s: mean %s%s</title></path></g>', C(x), C(y - 5),
      esc(r.scenario), num(r.mean), r.sd and (", sd " .. num(r.sd)) or "")
  end
  out[#out + 1] = "</svg>"
  return concat(out, "\n")
end

--- Histograms of one measure's draws, one row per scenario, on a shared
-- axis (nil when no scenario gave draws).
-- @tparam table m an entry of `d.scenarios.measures`
-- @treturn string|nil
function M.histogram(m)
  local h = m.histogram
  if not h then return nil end
  local rows = {}
  for _, r in ipairs(m.rows) do
    if r.histogram then rows[#rows + 1] = r end
  end
  local W, L, R, rowh = 1000, 210, 980, 64
  local H = 12 + #rows * rowh + 30
  local lo, hi = h.lo, h.hi
  if hi <= lo then lo, hi = lo - 0.5, hi + 0.5 end
  local function px(v) return L + (R - L) * (v - lo) / (hi - lo) end
  local out = { svg_open("histogram", W, H, "Distributions: " .. m.name,
    "One histogram per scenario over the same bins.") }
  local cmax = 0
  for _, r in ipairs(rows) do
    for _, c in ipairs(r.histogram) do cmax = max(cmax, c / r.n) end
  end
  local bw = (R - L) / h.bins
  for k, r in ipairs(rows) do
    local y1 = 12 + k * rowh - 8
    out[#out + 1] = format('<g class="scenario"><text class="row-label" '
      .. 'x="%d" y="%s" text-anchor="end"><title>%s</title>%s</text>',
      L - 12, C(y1 - 20), esc(r.scenario), esc(text.truncate(r.scenario, 30)))
    for b, c in ipairs(r.histogram) do
      if c > 0 then
        local hgt = (rowh - 14) * (c / r.n) / cmax
        out[#out + 1] = format('<rect class="bar" x="%s" y="%s" width="%s" '
          .. 'height="%s"><title>%d of %d draws</title></rect>',
          C(L + (b - 1) * bw + 0.5), C(y1 - hgt), C(max(bw - 1, 0.5)),
          C(hgt), c, r.n)
      end
    end
    out[#out + 1] = format('<line class="baseline" x1="%d" y1="%s" x2="%d" '
      .. 'y2="%s"/></g>', L, C(y1), R, C(y1))
  end
  local axis = 12 + #rows * rowh
  out[#out + 1] = '<g class="axis">'
  for _, v in ipairs(M.ticks(lo, hi, 8)) do
    out[#out + 1] = format('<line x1="%s" y1="%d" x2="%s" y2="%d"/><text '
      .. 'x="%s" y="%d" text-anchor="middle">%s</text>', C(px(v)), axis - 8,
      C(px(v)), axis - 4, C(px(v)), axis + 8, num(v))
  end
  out[#out + 1] = "</g></svg>"
  return concat(out, "\n")
end

-- }======

return M
