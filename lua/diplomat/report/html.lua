--- The report as one self-contained HTML page.
--
-- Inline CSS and SVG only: no scripts, no web fonts, no images or
-- anything else fetched (a Content-Security-Policy forbids it).  The
-- layout reflows for phones (tables and wide pictures scroll sideways
-- inside their frame) and prints cleanly (no navigation, no breaks
-- inside figures or table rows, colours kept).
--
-- @module diplomat.report.html

local text = require "diplomat.report.text"
local svg = require "diplomat.report.svg"
local data = require "diplomat.report.data"

local ipairs, format, tostring, type = ipairs, string.format, tostring, type
local concat = table.concat

local esc, num, pct, humane = text.html, text.num, text.pct, text.humane
local fixed = text.fixed

local M = {}

M.TITLES = data.TITLES
local TITLES = data.TITLES

local CSS = [[
:root{--ink:#1b2430;--muted:#5a6573;--faint:#8a949f;--rule:#dfe3e8;
--wash:#f5f7f9;--accent:#1f3a5f;--accent2:#c8553d;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
"Noto Sans","Liberation Sans",sans-serif}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.55 var(--sans);color:var(--ink);background:#fff}
.wrap{max-width:1120px;margin:0 auto;padding:0 28px}
.masthead{border-top:6px solid var(--accent);background:var(--wash);
border-bottom:1px solid var(--rule);padding:34px 0 26px}
.kicker{margin:0 0 6px;font-size:12px;font-weight:600;letter-spacing:.12em;
text-transform:uppercase;color:var(--accent2)}
h1{margin:0;font-size:34px;line-height:1.15;letter-spacing:-.01em}
.subtitle{margin:8px 0 0;font-size:18px;color:var(--muted)}
.meta{margin:12px 0 0;font-size:13px;color:var(--faint)}
nav.toc{padding-top:14px;padding-bottom:14px;
border-bottom:1px solid var(--rule)}
nav.toc ol{display:flex;flex-wrap:wrap;gap:6px 8px;margin:0;padding:0;
list-style:none;counter-reset:toc}
nav.toc li{counter-increment:toc}
nav.toc a{display:inline-block;padding:4px 10px;border:1px solid var(--rule);
border-radius:999px;font-size:13px;color:var(--accent);text-decoration:none}
nav.toc a::before{content:counter(toc) ". ";color:var(--faint)}
nav.toc a:hover{background:var(--wash)}
main{padding-bottom:40px}
section.report-section{padding:30px 0 8px;border-bottom:1px solid var(--rule)}
section.report-section:last-child{border-bottom:0}
h2{margin:0 0 14px;font-size:24px;line-height:1.25}
h2 .num{display:inline-block;min-width:1.6em;color:var(--accent2)}
h3{margin:26px 0 6px;font-size:18px}
h3.small{margin:4px 0 4px;font-size:13px;text-transform:uppercase;
letter-spacing:.08em;color:var(--muted)}
p{margin:0 0 12px;max-width:46em}
.lede{font-size:17px}
.note,figcaption{font-size:13.5px;color:var(--muted)}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));
gap:12px;margin:6px 0 18px}
.tile{border:1px solid var(--rule);border-radius:8px;padding:12px 14px;
background:#fff}
.tile .value{display:block;font-size:28px;font-weight:650;line-height:1.1;
color:var(--accent);font-variant-numeric:tabular-nums}
.tile .what{display:block;font-size:13px;color:var(--muted);margin-top:4px}
ul.highlights{margin:0 0 18px;padding-left:1.2em;max-width:52em}
ul.highlights li{margin:4px 0}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));
gap:8px 28px;align-items:start}
.table-wrap{overflow-x:auto;margin:6px 0 16px;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:14px}
caption{caption-side:bottom;text-align:left;padding-top:6px;font-size:13px;
color:var(--muted)}
th,td{padding:7px 10px;border-bottom:1px solid var(--rule);text-align:left;
vertical-align:top}
th{font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;
color:var(--muted);border-bottom:2px solid var(--rule);white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}
td.actor{min-width:14em}
.id{display:block;font-size:12px;color:var(--faint)}
.track{display:inline-block;width:64px;height:7px;border-radius:4px;
background:#e8ecf1;vertical-align:middle;margin-right:8px;overflow:hidden}
.track .fill{display:block;height:100%;background:var(--accent);opacity:.8}
figure{margin:10px 0 22px}
.frame{border:1px solid var(--rule);border-radius:8px;background:#fff;
overflow-x:auto;-webkit-overflow-scrolling:touch}
svg.chart{display:block;width:100%;height:auto;font-family:var(--sans)}
.frame.wide svg.chart{min-width:760px}
.frame.grid svg.chart{min-width:420px}
ul.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:10px 0 4px;
padding:0;list-style:none;font-size:13.5px}
ul.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:50%;
border:1px solid rgba(0,0,0,.15)}
ul.legend .count{color:var(--faint)}
ul.key{font-size:13px;color:var(--muted)}
.issue{margin-bottom:12px}
.issue .scale{font-size:13.5px;color:var(--muted)}
.quadrants{display:grid;grid-template-columns:minmax(0,1fr);gap:8px;
align-items:start}
.quadrant{border:1px solid var(--rule);border-radius:8px;padding:9px 11px;
font-size:12.5px;line-height:1.45}
.quadrant h4{margin:0 0 4px;font-size:12px;text-transform:uppercase;
letter-spacing:.05em;color:var(--muted)}
.quadrant h4 .count{color:var(--ink)}
.quadrant p{margin:0}
.quadrant .none{color:var(--faint)}
.quadrant.manage_closely{background:#fdf3ee}
.quadrant.keep_satisfied{background:#f0f5fb}
.quadrant.keep_informed{background:#f0f7f2}
.quadrant.monitor{background:#f7f8f9}
.pair{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);
gap:18px;align-items:start}
dl.defs dt{font-weight:600;margin-top:12px}
dl.defs dd{margin:2px 0 0;max-width:50em;color:#2c3846}
footer{padding:22px 0 40px;font-size:12.5px;color:var(--faint);
border-top:1px solid var(--rule)}
/* pictures */
.tie{fill:none;stroke:#7f8b99;stroke-opacity:.5;stroke-linecap:round}
.tie.informal{stroke:#8a6a9a;stroke-opacity:.6}
circle.actor{stroke:#fff;stroke-width:1.5}
.chart .label{font-size:11px;fill:#1b2430;paint-order:stroke;stroke:#fff;
stroke-width:3px;stroke-linejoin:round}
.chart .label.small{font-size:10px}
.axis line{stroke:#9aa3ad;stroke-width:1}
.axis text{font-size:11px;fill:#5a6573}
.axis .axis-title{font-size:12px;fill:#33404d;font-weight:600}
.axis .pole{font-size:12px;fill:#33404d}
.quadrant-name{font-size:12px;font-weight:700;fill:#5a6573;
text-transform:uppercase;letter-spacing:.04em}
.marker line{stroke-width:1.6}
.marker text{font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;
stroke-width:3px}
.gridline{stroke:#e9ecef}
.box{fill:#dbe5f1;stroke:#1f3a5f;stroke-width:1.2}
.whisker,.median{stroke:#1f3a5f;stroke-width:1.4}
.median{stroke-width:2.2}
.mean{fill:#c8553d}
.bar{fill:#4e79a7}
.baseline{stroke:#9aa3ad}
.row-label{font-size:12px;fill:#1b2430}
@media (max-width:700px){
.wrap{padding:0 16px}
body{font-size:15px}
h1{font-size:26px}
.subtitle{font-size:16px}
h2{font-size:20px}
.tile .value{font-size:22px}
.pair{grid-template-columns:1fr}
th,td{padding:6px 8px}
th{white-space:normal}
}
@media print{
@page{margin:16mm 14mm}
body{font-size:10.5pt}
.wrap{max-width:none;padding:0}
nav.toc{display:none}
.masthead{background:none;border-top:4px solid var(--accent);padding:10px 0}
section.report-section{break-before:auto;padding-top:14px}
h2,h3{break-after:avoid}
figure,.tile,.quadrant,tr,.issue svg{break-inside:avoid}
.frame{overflow:visible;border-color:#ccc}
.frame.wide svg.chart,.frame.grid svg.chart{min-width:0}
.table-wrap{overflow:visible}
.pair{grid-template-columns:1fr;gap:6px}
.pair figure{width:78%;margin:0 auto}
.quadrants{grid-template-columns:1fr 1fr}
.screen-only{display:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
]]

-- {====== Building blocks ======

local function tag(name, attrs, body)
  return format("<%s%s>%s</%s>", name, attrs and (" " .. attrs) or "",
    body, name)
end

-- A table: columns { { key, title, num = bool, cell = fn(row) } }.
local function table_html(columns, rows, caption, class)
  local out = { format('<div class="table-wrap"><table%s>',
    class and format(' class="%s"', class) or "") }
  if caption then out[#out + 1] = tag("caption", nil, caption) end
  out[#out + 1] = "<thead><tr>"
  for _, c in ipairs(columns) do
    out[#out + 1] = format('<th scope="col"%s>%s</th>',
      c.num and ' class="num"' or "", esc(c.title))
  end
  out[#out + 1] = "</tr></thead><tbody>"
  for _, r in ipairs(rows) do
    out[#out + 1] = "<tr>"
    for _, c in ipairs(columns) do
      local v = c.cell and c.cell(r)
        or esc(c.digits and fixed(r[c.key], c.digits) or num(r[c.key]))
      out[#out + 1] = format("<td%s>%s</td>",
        c.num and ' class="num"' or (c.class and format(' class="%s"',
        c.class) or ""), v)
    end
    out[#out + 1] = "</tr>"
  end
  out[#out + 1] = "</tbody></table></div>"
  return concat(out)
end

local function actor_cell(r)
  return format('%s<span class="id">%s</span>', esc(r.name), esc(r.id))
end

local function legend_html(legend, by)
  local out = { format('<ul class="legend colour" aria-label="Colour: %s">',
    esc(humane(by))) }
  for _, e in ipairs(legend) do
    out[#out + 1] = format('<li data-value="%s"><span class="swatch" '
      .. 'style="background:%s"></span>%s <span class="count">%d</span></li>',
      esc(e.value), e.colour, esc(humane(e.value)), e.count)
  end
  out[#out + 1] = "</ul>"
  return concat(out)
end

-- }======

-- {====== Sections ======

local S = {}

function S.summary(d)
  local s = d.summary
  local out = {}
  if s.description and s.description ~= "" then
    out[#out + 1] = tag("p", 'class="lede"', esc(s.description))
  end
  local tiles = {
    { s.counts.actors, "actors" }, { s.counts.ties, "ties" },
    { s.counts.layers, "channels (layers)" }, { s.counts.issues, "issues" },
    { pct(s.informal_share.ties), "of ties informal" },
  }
  out[#out + 1] = '<div class="tiles">'
  for _, t in ipairs(tiles) do
    out[#out + 1] = format('<div class="tile"><span class="value">%s</span>'
      .. '<span class="what">%s</span></div>', esc(tostring(t[1])), t[2])
  end
  out[#out + 1] = "</div>"
  if #s.highlights > 0 then
    out[#out + 1] = '<h3 class="small">Key points</h3>'
      .. '<ul class="highlights">'
    for _, h in ipairs(s.highlights) do
      out[#out + 1] = tag("li", nil, esc(h))
    end
    out[#out + 1] = "</ul>"
  end
  local function counts(title, list)
    return table_html({ { title = title, cell = function(r)
      return esc(humane(r.value)) end },
      { key = "count", title = "Actors", num = true } }, list)
  end
  out[#out + 1] = '<div class="cols">'
  out[#out + 1] = counts("Sector", s.by_sector)
  out[#out + 1] = counts("Level", s.by_level)
  out[#out + 1] = counts("Kind", s.by_kind)
  out[#out + 1] = "</div>"
  out[#out + 1] = table_html({
    { title = "Channel", cell = function(r)
      return format('%s<span class="id">%s</span>', esc(r.name), esc(r.id))
    end },
    { title = "Type", cell = function(r)
      return (r.informal and "informal" or "formal")
        .. (r.directed and ", directed" or "") end },
    { key = "ties", title = "Ties", num = true },
    { key = "weight", title = "Total weight", num = true },
  }, s.layers, "Channels: each layer of ties in the map.")
  return concat(out, "\n")
end

function S.network(d)
  local n = d.network
  local pic, placed = svg.network(n)
  local out = {
    '<figure class="network">',
    '<div class="frame wide">', pic, "</div>",
    legend_html(n.legend, n.colour_by),
    '<ul class="legend key"><li><svg width="30" height="8" aria-hidden="true">'
      .. '<line x1="1" y1="4" x2="29" y2="4" stroke="#7f8b99" '
      .. 'stroke-width="2"/></svg>formal tie</li><li><svg width="30" '
      .. 'height="8" aria-hidden="true"><line x1="1" y1="4" x2="29" y2="4" '
      .. 'stroke="#8a6a9a" stroke-width="2" stroke-dasharray="5 4"/></svg>'
      .. 'informal tie</li></ul>',
    format("<figcaption>%s %d of %d names shown; the others would overlap"
      .. '<span class="screen-only">: hover a circle for its name</span>.'
      .. "</figcaption>", esc(n.caption), placed, #n.nodes),
    "</figure>",
  }
  return concat(out, "\n")
end

-- A value with a bar showing it as a share of `top` (the column's
-- largest value).
local function scorebar(v, top, digits)
  local share = top > 0 and math.max(v, 0) / top or 0
  return format('<span class="track" aria-hidden="true"><span class="fill" '
    .. 'style="width:%.0f%%"></span></span>%s', 100 * share,
    esc(fixed(v, digits)))
end

local function largest(rows, key)
  local m = 0
  for _, r in ipairs(rows) do m = math.max(m, r[key]) end
  return m
end

function S.soft_power(d)
  local sp = d.soft_power
  local top = largest(sp.rows, "score")
  return table_html({
    { key = "rank", title = "Rank", num = true },
    { title = "Actor", cell = actor_cell, class = "actor" },
    { title = "Score", cell = function(r) return scorebar(r.score, top, 2) end,
      num = true },
    { key = "pagerank", title = "PageRank", num = true, digits = 2 },
    { key = "brokerage", title = "Brokerage", num = true, digits = 2 },
    { key = "informal", title = "Informal", num = true, digits = 2 },
    { key = "capability", title = "Capability", num = true, digits = 2 },
  }, sp.rows, esc(sp.caption))
end

function S.brokers(d)
  local b = d.brokers
  if #b.rows == 0 then
    return tag("p", 'class="note"', format("No actor brokers across %s "
      .. "boundaries.", esc(b.by)))
  end
  return table_html({
    { title = "Actor", cell = actor_cell, class = "actor" },
    { key = "crossing", title = "Across", num = true },
    { key = "liaison", title = "Liaison", num = true },
    { key = "gatekeeper", title = "Gatekeeper", num = true },
    { key = "representative", title = "Representative", num = true },
    { key = "itinerant", title = "Itinerant", num = true },
    { key = "coordinator", title = "Coordinator", num = true },
  }, b.rows, esc(b.caption))
end

function S.power(d)
  local p = d.power
  if p.unavailable then
    return tag("p", 'class="note"', "Not computed: " .. esc(p.unavailable))
  end
  local top = largest(p.rows, "value")
  return table_html({
    { title = "Actor", cell = actor_cell, class = "actor" },
    { key = "weight", title = "Weight", num = true },
    { title = "Index", cell = function(r)
      return scorebar(r.value, top, 3) end, num = true },
  }, p.rows, esc(p.caption))
end

local function issue_head(is)
  local out = { format('<h3 id="%s">%s</h3>', esc("issue-" .. is.id),
    esc(is.name)) }
  if is.description and is.description ~= "" then
    out[#out + 1] = tag("p", nil, esc(is.description))
  end
  return concat(out, "\n")
end

function S.positions(d)
  local out = { legend_html(d.issue_legend, d.colour_by) }
  for _, is in ipairs(d.issues) do
    out[#out + 1] = '<div class="issue">'
    out[#out + 1] = issue_head(is)
    out[#out + 1] = format('<p class="scale">Scale %s (%s) to %s (%s)%s; '
      .. '%d actors hold a position.</p>', esc(num(is.min)),
      esc(is.min_label or "min"), esc(num(is.max)), esc(is.max_label or "max"),
      is.status_quo and ("; status quo " .. esc(num(is.status_quo))) or "",
      #is.positions)
    if #is.positions > 0 then
      out[#out + 1] = '<figure><div class="frame wide">' .. svg.strip(is)
        .. "</div></figure>"
    end
    local notes = false
    for _, f in ipairs(is.forecasts) do notes = notes or f.unavailable end
    if #is.forecasts > 0 then
      local cols = {
        { title = "Model", cell = function(r) return esc(r.name) end },
        { title = "Forecast", num = true, cell = function(r)
          return r.outcome and esc(num(r.outcome)) or "–" end },
        { title = "Move from status quo", num = true, cell = function(r)
          if not (r.outcome and is.status_quo) then return "–" end
          local dlt = r.outcome - is.status_quo
          return esc((dlt > 0 and "+" or "") .. num(dlt)) end },
      }
      if notes then
        cols[#cols + 1] = { title = "Note", cell = function(r)
          return esc(r.unavailable or "") end }
      end
      out[#out + 1] = table_html(cols, is.forecasts)
    end
    out[#out + 1] = "</div>"
  end
  return concat(out, "\n")
end

function S.power_interest(d)
  local g = d.grid
  local out = { tag("p", 'class="note"', esc(g.caption)) }
  for _, is in ipairs(d.issues) do
    out[#out + 1] = '<div class="issue">'
    out[#out + 1] = issue_head(is)
    local byid = {}
    for _, r in ipairs(is.positions) do byid[r.id] = r end
    local quads = { '<div class="quadrants">' }
    for _, q in ipairs(data.QUADRANTS) do -- most attention first
      local ids = is.quadrants[q]
      local items = {}
      for k, id in ipairs(ids) do
        items[k] = format('<span title="%s">%s</span>', esc(byid[id].name),
          esc(byid[id].list_label))
      end
      quads[#quads + 1] = format('<div class="quadrant %s" data-quadrant="%s">'
        .. '<h4>%s <span class="count">%d</span></h4><p>%s</p></div>', q, q,
        data.QUADRANT_NAMES[q], #ids, #ids > 0 and concat(items, " · ")
        or '<span class="none">nobody</span>')
    end
    quads[#quads + 1] = "</div>"
    out[#out + 1] = '<div class="pair"><figure><div class="frame grid">'
      .. svg.grid(is, g, data.QUADRANT_NAMES) .. "</div></figure>"
      .. concat(quads) .. "</div>"
    out[#out + 1] = "</div>"
  end
  return concat(out, "\n")
end

function S.coalitions(d)
  local c = d.coalitions
  local cols = {
    { title = "#", num = true, cell = function(r) return tostring(r.k) end },
    { title = "Coalition", cell = function(r)
      local who = esc(concat(r.member_names, "; "))
      return r.name and (tag("strong", nil, esc(r.name)) .. "<br>" .. who)
        or who end },
    { title = "Members", num = true, cell = function(r)
      return tostring(#r.members) end },
  }
  for _, k in ipairs(c.columns) do
    cols[#cols + 1] = { title = humane(k), num = true, cell = function(r)
      local v = r.values[k]
      if type(v) == "number" then return esc(num(v)) end
      return v == nil and "–" or esc(tostring(v)) end }
  end
  for k, r in ipairs(c.rows) do r.k = k end
  return table_html(cols, c.rows)
end

function S.scenarios(d)
  local sc = d.scenarios
  local out = { tag("p", nil, esc(sc.caption)) }
  local rows = {}
  for _, m in ipairs(sc.measures) do
    for _, r in ipairs(m.rows) do
      rows[#rows + 1] = { measure = m.name, r = r }
    end
  end
  local function q(key)
    return function(x)
      return x.r.quantiles and esc(num(x.r.quantiles[key])) or "–" end
  end
  if #rows > 0 then out[#out + 1] = table_html({
    { title = "Measure", cell = function(x) return esc(x.measure) end },
    { title = "Scenario", cell = function(x) return esc(x.r.scenario) end },
    { title = "Mean", num = true, cell = function(x)
      return esc(num(x.r.mean)) end },
    { title = "SD", num = true, cell = function(x)
      return esc(num(x.r.sd)) end },
    { title = "5%", num = true, cell = q("p05") },
    { title = "Median", num = true, cell = q("p50") },
    { title = "95%", num = true, cell = q("p95") },
    { title = "Δ mean", num = true, cell = function(x)
      local v = x.r.difference
      if v == nil then return "–" end
      return esc((v > 0 and "+" or "") .. num(v)) end },
  }, rows, "Each measure across the scenarios' runs.") end
  for _, c in ipairs(sc.comparisons) do
    local function dq(key)
      return function(r)
        return r.quantiles and esc(num(r.quantiles[key])) or "–" end
    end
    out[#out + 1] = format("<h3>%s</h3>", esc(c.name))
    out[#out + 1] = table_html({
      { title = "Measure", cell = function(r) return esc(r.measure) end },
      { key = "a", title = "Mean A", num = true },
      { key = "b", title = "Mean B", num = true },
      { title = "Δ (B − A)", num = true, cell = function(r)
        return esc((r.delta > 0 and "+" or "") .. num(r.delta)) end },
      { title = "Δ 5%", num = true, cell = dq("p05") },
      { title = "Δ median", num = true, cell = dq("p50") },
      { title = "Δ 95%", num = true, cell = dq("p95") },
      { title = "P(B > A)", num = true, cell = function(r)
        return r.p_higher and esc(fixed(r.p_higher, 2)) or "–" end },
    }, c.rows, "Differences of the quantiles are B's minus A's; P(B > A) "
      .. "is the chance that a draw of B exceeds a draw of A (ties count "
      .. "half).")
  end
  for _, m in ipairs(sc.measures) do
    out[#out + 1] = format('<h3>%s</h3><figure><div class="frame wide">%s'
      .. "</div></figure>", esc(m.name), svg.boxplot(m))
    local h = svg.histogram(m)
    if h then
      out[#out + 1] = format('<figure><div class="frame wide">%s</div>'
        .. "<figcaption>Distribution of the draws, %d bins from %s to %s."
        .. "</figcaption></figure>", h, m.histogram.bins,
        esc(num(m.histogram.lo)), esc(num(m.histogram.hi)))
    end
  end
  return concat(out, "\n")
end

function S.notes(d)
  local items = data.NOTES
  local out = { '<dl class="defs">' }
  for _, it in ipairs(items) do
    out[#out + 1] = format("<dt>%s</dt><dd>%s</dd>", esc(it[1]), esc(it[2]))
  end
  out[#out + 1] = "</dl>"
  if d.generator then
    out[#out + 1] = tag("p", 'class="note"', esc("Figures computed by "
      .. d.generator .. "; every measure is described in its README."))
  end
  return concat(out, "\n")
end

-- }======

--- Renders the report content `d` as an HTML page.
-- @tparam table d from `diplomat.report.data.build`
-- @treturn string
function M.render(d)
  local out = {
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta http-equiv="Content-Security-Policy" content="default-src '
      .. "'none'; style-src 'unsafe-inline'; img-src data:\">",
    format('<meta name="generator" content="%s">', esc(d.generator)),
    tag("title", nil, esc(d.title)),
    tag("style", nil, CSS),
    "</head>",
    "<body>",
    '<header class="masthead"><div class="wrap">',
    '<p class="kicker">System report</p>',
    tag("h1", nil, esc(d.title)),
  }
  if d.subtitle then out[#out + 1] = tag("p", 'class="subtitle"',
    esc(d.subtitle)) end
  local meta = {}
  if d.date then meta[#meta + 1] = esc(d.date) end
  if d.summary then
    local c = d.summary.counts
    meta[#meta + 1] = format("%d actors · %d ties · %d issues", c.actors,
      c.ties, c.issues)
  end
  meta[#meta + 1] = esc(d.generator)
  out[#out + 1] = tag("p", 'class="meta"', concat(meta, " · "))
  out[#out + 1] = "</div></header>"
  out[#out + 1] = '<nav class="toc wrap" aria-label="Contents"><ol>'
  for _, s in ipairs(d.sections) do
    out[#out + 1] = format('<li><a href="#%s">%s</a></li>', s, TITLES[s])
  end
  out[#out + 1] = "</ol></nav>"
  out[#out + 1] = '<main class="wrap">'
  for k, s in ipairs(d.sections) do
    out[#out + 1] = format('<section class="report-section" id="%s">'
      .. '<h2><span class="num">%d</span>%s</h2>', s, k, TITLES[s])
    out[#out + 1] = S[s](d)
    out[#out + 1] = "</section>"
  end
  out[#out + 1] = "</main>"
  out[#out + 1] = format('<footer><div class="wrap">%s · generated by %s. '
    .. "No data leaves this file: it loads nothing from the network."
    .. "</div></footer>", esc(d.title), esc(d.generator))
  out[#out + 1] = "</body>\n</html>\n"
  return concat(out, "\n")
end

return M
