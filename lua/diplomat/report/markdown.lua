--- The report as Markdown: the content of the HTML report as headings,
-- lists and GitHub tables (pictures become the tables behind them).
--
-- Numbers are printed exactly as in the HTML report (same helpers, same
-- digits); every name is escaped so that it stays text.
--
-- @module diplomat.report.markdown

local text = require "diplomat.report.text"
local data = require "diplomat.report.data"

local ipairs, type, tostring = ipairs, type, tostring
local concat = table.concat
local format = string.format

local md, num, fixed, pct, humane = text.markdown, text.num, text.fixed,
  text.pct, text.humane

local M = {}

-- A table: columns { { title, cell = fn(row) -> string, right = bool } };
-- cells are escaped by their functions.
local function mdtable(columns, rows)
  local head, rule = {}, {}
  for i, c in ipairs(columns) do
    head[i] = md(c.title)
    rule[i] = c.right and "---:" or "---"
  end
  local out = { "| " .. concat(head, " | ") .. " |",
                "| " .. concat(rule, " | ") .. " |" }
  for _, r in ipairs(rows) do
    local cells = {}
    for i, c in ipairs(columns) do cells[i] = c.cell(r) end
    out[#out + 1] = "| " .. concat(cells, " | ") .. " |"
  end
  return concat(out, "\n")
end

local function col(title, key, digits)
  return { title = title, right = true, cell = function(r)
    return md(digits and fixed(r[key], digits) or num(r[key])) end }
end

local function actor(title)
  return { title = title or "Actor", cell = function(r)
    return format("%s (%s)", md(r.name), md(r.id)) end }
end

local S = {}

function S.summary(d)
  local s = d.summary
  local out = {}
  if s.description and s.description ~= "" then
    out[#out + 1] = md(s.description)
  end
  out[#out + 1] = mdtable({
    col("Actors", "actors"), col("Ties", "ties"),
    col("Channels (layers)", "layers"), col("Issues", "issues"),
    { title = "Informal ties", right = true, cell = function()
      return pct(s.informal_share.ties) end },
  }, { s.counts })
  if #s.highlights > 0 then
    local h = {}
    for i, line in ipairs(s.highlights) do h[i] = "- " .. md(line) end
    out[#out + 1] = concat(h, "\n")
  end
  for _, part in ipairs{ { "Sector", s.by_sector }, { "Level", s.by_level },
                         { "Kind", s.by_kind } } do
    out[#out + 1] = mdtable({
      { title = part[1], cell = function(r) return md(humane(r.value)) end },
      col("Actors", "count") }, part[2])
  end
  out[#out + 1] = mdtable({
    { title = "Channel", cell = function(r)
      return format("%s (%s)", md(r.name), md(r.id)) end },
    { title = "Type", cell = function(r)
      return (r.informal and "informal" or "formal")
        .. (r.directed and ", directed" or "") end },
    col("Ties", "ties"), col("Total weight", "weight"),
  }, s.layers)
  return concat(out, "\n\n")
end

function S.network(d)
  local n = d.network
  local out = { md(n.caption) }
  out[#out + 1] = mdtable({
    { title = humane(n.colour_by), cell = function(r)
      return md(humane(r.value)) end },
    { title = "Colour", cell = function(r) return r.colour end },
    col("Actors", "count"),
  }, n.legend)
  return concat(out, "\n\n")
end

function S.soft_power(d)
  local sp = d.soft_power
  return mdtable({
    col("Rank", "rank"), actor(), col("Score", "score", 2),
    col("PageRank", "pagerank", 2), col("Brokerage", "brokerage", 2),
    col("Informal", "informal", 2), col("Capability", "capability", 2),
  }, sp.rows) .. "\n\n" .. md(sp.caption)
end

function S.brokers(d)
  local b = d.brokers
  if #b.rows == 0 then
    return md(("No actor brokers across %s boundaries."):format(b.by))
  end
  return mdtable({
    actor(), col("Across", "crossing"), col("Liaison", "liaison"),
    col("Gatekeeper", "gatekeeper"),
    col("Representative", "representative"),
    col("Itinerant", "itinerant"), col("Coordinator", "coordinator"),
  }, b.rows) .. "\n\n" .. md(b.caption)
end

function S.power(d)
  local p = d.power
  if p.unavailable then return "Not computed: " .. md(p.unavailable) end
  return mdtable({ actor(), col("Weight", "weight"),
                   col("Index", "value", 3) }, p.rows)
    .. "\n\n" .. md(p.caption)
end

function S.positions(d)
  local out = {}
  for _, is in ipairs(d.issues) do
    out[#out + 1] = "### " .. md(is.name)
    if is.description and is.description ~= "" then
      out[#out + 1] = md(is.description)
    end
    out[#out + 1] = md(("Scale %s (%s) to %s (%s)%s; %d actors hold a "
      .. "position."):format(num(is.min), is.min_label or "min",
      num(is.max), is.max_label or "max", is.status_quo
      and ("; status quo " .. num(is.status_quo)) or "", #is.positions))
    local notes = false
    for _, f in ipairs(is.forecasts) do notes = notes or f.unavailable end
    if #is.forecasts > 0 then
      local cols = {
        { title = "Model", cell = function(r) return md(r.name) end },
        { title = "Forecast", right = true, cell = function(r)
          return r.outcome and num(r.outcome) or "–" end },
        { title = "Move from status quo", right = true, cell = function(r)
          if not (r.outcome and is.status_quo) then return "–" end
          local dlt = r.outcome - is.status_quo
          return (dlt > 0 and "+" or "") .. num(dlt) end },
      }
      if notes then
        cols[#cols + 1] = { title = "Note", cell = function(r)
          return md(r.unavailable or "") end }
      end
      out[#out + 1] = mdtable(cols, is.forecasts)
    end
    if #is.positions > 0 then
      out[#out + 1] = mdtable({
        actor(), col("Position", "position"), col("Salience", "salience"),
        col("Capability", "capability"),
        { title = humane(d.colour_by), cell = function(r)
          return md(humane(r.group)) end },
      }, is.positions)
    end
  end
  return concat(out, "\n\n")
end

function S.power_interest(d)
  local out = { md(d.grid.caption) }
  for _, is in ipairs(d.issues) do
    out[#out + 1] = "### " .. md(is.name)
    local names = {}
    for _, r in ipairs(is.positions) do names[r.id] = r.name end
    local rows = {}
    for _, q in ipairs(data.QUADRANTS) do
      local list = {}
      for k, id in ipairs(is.quadrants[q]) do list[k] = md(names[id]) end
      rows[#rows + 1] = { q = q, n = #list, who = concat(list, "; ") }
    end
    out[#out + 1] = mdtable({
      { title = "Quadrant", cell = function(r)
        return data.QUADRANT_NAMES[r.q] end },
      { title = "Actors", right = true, cell = function(r)
        return tostring(r.n) end },
      { title = "Who", cell = function(r)
        return r.who ~= "" and r.who or "–" end },
    }, rows)
  end
  return concat(out, "\n\n")
end

function S.coalitions(d)
  local c = d.coalitions
  local cols = {
    { title = "#", right = true, cell = function(r) return tostring(r.k) end },
    { title = "Coalition", cell = function(r)
      local who = {}
      for k, name in ipairs(r.member_names) do who[k] = md(name) end
      return (r.name and ("**" .. md(r.name) .. "**: ") or "")
        .. concat(who, "; ") end },
    { title = "Members", right = true, cell = function(r)
      return tostring(#r.members) end },
  }
  for _, k in ipairs(c.columns) do
    cols[#cols + 1] = { title = humane(k), right = true, cell = function(r)
      local v = r.values[k]
      if type(v) == "number" then return num(v) end
      return v == nil and "–" or md(tostring(v)) end }
  end
  local rows = {}
  for k, r in ipairs(c.rows) do
    rows[k] = { k = k, name = r.name, members = r.members,
                member_names = r.member_names, values = r.values }
  end
  return mdtable(cols, rows)
end

function S.scenarios(d)
  local sc = d.scenarios
  local out = { md(sc.caption) }
  local rows = {}
  for _, m in ipairs(sc.measures) do
    for _, r in ipairs(m.rows) do rows[#rows + 1] = { m = m.name, r = r } end
  end
  local function q(key)
    return { title = ({ p05 = "5%", p25 = "25%", p50 = "Median",
                        p75 = "75%", p95 = "95%" })[key], right = true,
             cell = function(x)
               return x.r.quantiles and num(x.r.quantiles[key]) or "–" end }
  end
  if #rows > 0 then out[#out + 1] = mdtable({
    { title = "Measure", cell = function(x) return md(x.m) end },
    { title = "Scenario", cell = function(x) return md(x.r.scenario) end },
    { title = "Mean", right = true, cell = function(x)
      return num(x.r.mean) end },
    { title = "SD", right = true, cell = function(x) return num(x.r.sd) end },
    q("p05"), q("p25"), q("p50"), q("p75"), q("p95"),
    { title = "Δ mean", right = true, cell = function(x)
      local v = x.r.difference
      if v == nil then return "–" end
      return (v > 0 and "+" or "") .. num(v) end },
  }, rows) end
  for _, c in ipairs(sc.comparisons) do
    local function dq(key)
      return { title = ({ p05 = "Δ 5%", p50 = "Δ median",
                          p95 = "Δ 95%" })[key], right = true,
               cell = function(r)
                 return r.quantiles and num(r.quantiles[key]) or "–" end }
    end
    out[#out + 1] = "### " .. md(c.name)
    out[#out + 1] = mdtable({
      { title = "Measure", cell = function(r) return md(r.measure) end },
      col("Mean A", "a"), col("Mean B", "b"),
      { title = "Δ (B − A)", right = true, cell = function(r)
        return (r.delta > 0 and "+" or "") .. num(r.delta) end },
      dq("p05"), dq("p50"), dq("p95"),
      { title = "P(B > A)", right = true, cell = function(r)
        return r.p_higher and fixed(r.p_higher, 2) or "–" end },
    }, c.rows)
  end
  for _, m in ipairs(sc.measures) do
    local h = m.histogram
    if h then
      local width = (h.hi - h.lo) / h.bins
      local cols = { { title = "Bin", cell = function(b)
        return format("%s – %s", num(h.lo + (b - 1) * width),
          num(b == h.bins and h.hi or h.lo + b * width)) end } }
      for _, r in ipairs(m.rows) do
        if r.histogram then
          cols[#cols + 1] = { title = r.scenario, right = true,
            cell = function(b) return tostring(r.histogram[b]) end }
        end
      end
      local bins = {}
      for b = 1, h.bins do bins[b] = b end
      out[#out + 1] = "### " .. md(m.name) .. ": distribution of draws"
      out[#out + 1] = mdtable(cols, bins)
    end
  end
  return concat(out, "\n\n")
end

function S.notes(d)
  local out = {}
  for _, it in ipairs(data.NOTES) do
    out[#out + 1] = format("- **%s.** %s", md(it[1]), md(it[2]))
  end
  return concat(out, "\n") .. "\n\n" .. md("Figures computed by "
    .. d.generator .. ".")
end

--- Renders the report content `d` as Markdown.
-- @tparam table d from `diplomat.report.data.build`
-- @treturn string
function M.render(d)
  local out = { "# " .. md(d.title) }
  if d.subtitle then out[#out + 1] = "*" .. md(d.subtitle) .. "*" end
  local meta = {}
  if d.date then meta[#meta + 1] = md(d.date) end
  if d.summary then
    local c = d.summary.counts
    meta[#meta + 1] = format("%d actors · %d ties · %d issues", c.actors,
      c.ties, c.issues)
  end
  meta[#meta + 1] = md(d.generator)
  out[#out + 1] = concat(meta, " · ")
  for k, s in ipairs(d.sections) do
    out[#out + 1] = format("## %d. %s", k, data.TITLES[s])
    out[#out + 1] = S[s](d)
  end
  return concat(out, "\n\n") .. "\n"
end

return M
