-- diplomat.report: HTML, Markdown and JSON reports (lua/diplomat/report/).
--
-- Structure is checked on the text of each format; counts that the
-- pictures must show (marks, legend entries, dashed ties) are computed
-- here independently from the system's own tables; the Mendelow
-- quadrants and a forecast are worked by hand below; the JSON report is
-- read back by spec/json_decode.lua, a decoder independent of the module.
local diplomat = require "diplomat"
local decode = require "spec.json_decode"
local h = require "spec.helpers"

local report = diplomat.report
local NORTHVALE = "examples/data/northvale.json"

-- {====== Helpers ======

local function count(s, plain)
  local n, i = 0, 1
  while true do
    local j = s:find(plain, i, true)
    if not j then return n end
    n, i = n + 1, j + #plain
  end
end

-- The text of <section id="id"> ... </section>, or nil.
local function section(html, id)
  local i = html:find('<section class="report-section" id="' .. id .. '">',
    1, true)
  if not i then return nil end
  return html:sub(i, html:find("</section>", i, true))
end

-- Every <svg class="chart <class>" ...>...</svg> in s, in order.
local function svgs(s, class)
  local out, i = {}, 1
  while true do
    local j = s:find('<svg class="chart ' .. class .. '"', i, true)
    if not j then return out end
    local k = s:find("</svg>", j, true)
    out[#out + 1] = s:sub(j, k + 5)
    i = k
  end
end

-- Section ids of an HTML report, in order.
local function section_ids(html)
  local ids = {}
  for id in html:gmatch('<section class="report%-section" id="([%w_]+)">') do
    ids[#ids + 1] = id
  end
  return ids
end

local function northvale()
  return assert(diplomat.load(NORTHVALE))
end

-- Unordered pairs (self-ties left out) with at least one tie of the
-- given kind, counted from sys:ties.
local function tied_pairs(sys, informal, layers)
  local layer, keep = {}, nil
  for _, l in ipairs(sys:layers()) do layer[l.id] = l end
  if layers then
    keep = {}
    for _, id in ipairs(layers) do keep[id] = true end
  end
  local seen, n = {}, 0
  for _, t in ipairs(sys:ties()) do
    if t.from ~= t.to and layer[t.layer].informal == informal
        and (not keep or keep[t.layer]) then
      local a, b = t.from, t.to
      if a > b then a, b = b, a end
      if not seen[a .. "\0" .. b] then
        seen[a .. "\0" .. b] = true
        n = n + 1
      end
    end
  end
  return n
end

-- The Mendelow system, worked by hand.  Capabilities 10, 10, 2, 2, 5 (and
-- 9 for an actor without a position): the power threshold is half the
-- largest capability, 10 / 2 = 5; interest is high at salience >= 0.5.
--   big_keen   (10, 0.9): high, high -> manage closely
--   big_cool   (10, 0.2): high, low  -> keep satisfied
--   small_keen ( 2, 0.8): low, high  -> keep informed
--   small_cool ( 2, 0.1): low, low   -> monitor
--   edge       ( 5, 0.5): both at the threshold, which counts as high
--                         -> manage closely
-- Compromise forecast: power c s = 9, 2, 1.6, 0.2, 2.5 (total 15.3);
-- sum c s x = 9*80 + 2*20 + 1.6*60 + 0.2*0 + 2.5*50 = 981; 981 / 15.3
-- = 64.1176...
local function mendelow()
  local s = diplomat.new{ name = "Grid test" }
  s:add_layer{ id = "formal" }
  s:add_layer{ id = "chat", informal = true }
  local actors = {
    { "big_keen", 10, 0.9, 80, "health" },
    { "big_cool", 10, 0.2, 20, "health" },
    { "small_keen", 2, 0.8, 60, "voluntary" },
    { "small_cool", 2, 0.1, 0, "voluntary" },
    { "edge", 5, 0.5, 50, "local_government" },
    { "bystander", 9, nil, nil, nil },
  }
  for _, a in ipairs(actors) do
    s:add_actor{ id = a[1], name = a[1]:gsub("_", " "), capability = a[2],
                 sector = a[5] }
  end
  s:add_issue{ id = "pooling", name = "Pooling", min = 0, max = 100,
               status_quo = 10 }
  for _, a in ipairs(actors) do
    if a[3] then s:set_position(a[1], "pooling", a[4], a[3]) end
  end
  s:add_tie{ from = "big_keen", to = "edge", layer = "formal" }
  s:add_tie{ from = "big_keen", to = "edge", layer = "chat" }
  s:add_tie{ from = "small_keen", to = "small_cool", layer = "chat" }
  s:add_tie{ from = "big_cool", to = "small_keen", layer = "formal" }
  return s
end

local HAND = {
  big_keen = "manage_closely", big_cool = "keep_satisfied",
  small_keen = "keep_informed", small_cool = "monitor",
  edge = "manage_closely",
}

-- A hostile map: markup and Markdown syntax in every name.
local function hostile()
  local s = diplomat.new{ name = "<title>Evil</title>",
                          description = "<script>alert('d')</script>" }
  s:add_layer{ id = "l<1>", name = "<b>layer</b>", informal = true }
  s:add_layer{ id = "f", name = "formal & co" }
  s:add_actor{ id = "<script>", name = "<script>alert('x')</script> & "
    .. "\"co\" | *bold* _u_ [link](http://x)", sector = "<i>sec</i>",
    capability = 3, attrs = { label = "<svg onload=alert(1)>" } }
  s:add_actor{ id = "b\"><img src=x onerror=alert(2)>", name = "B",
               sector = "health" }
  s:add_tie{ from = "<script>", to = "b\"><img src=x onerror=alert(2)>",
             layer = "l<1>" }
  s:add_tie{ from = "<script>", to = "b\"><img src=x onerror=alert(2)>",
             layer = "f" }
  s:add_issue{ id = "i<1>", name = "<img src=x onerror=alert(3)>",
               description = "</p><script>x()</script>",
               min_label = "<lo>", max_label = "hi & \"q\"", status_quo = 5 }
  s:set_position("<script>", "i<1>", 30, 0.5)
  s:set_position("b\"><img src=x onerror=alert(2)>", "i<1>", 70, 1)
  return s
end

-- }======

describe("diplomat.report", function()
  local sys, html, md, json, data

  setup(function()
    sys = northvale()
    html = report.html(sys)
    md = report.markdown(sys)
    json = report.json(sys)
    data = decode(json)
  end)

  describe("html", function()
    it("is one self-contained page that loads nothing", function()
      assert.truthy(html:find("^<!DOCTYPE html>"))
      assert.truthy(html:find("</html>\n$"))
      assert.truthy(html:find('<meta http-equiv="Content-Security-Policy" '
        .. "content=\"default-src 'none'; style-src 'unsafe-inline'; "
        .. "img-src data:\">", 1, true))
      for _, bad in ipairs{ "<script", "<link", "<img", "<iframe", "@import",
                            "url(", " src=", 'href="http', "href='http" } do
        assert.are.equal(0, count(html, bad), bad)
      end
      -- the only links are to the page's own sections
      for href in html:gmatch('href="([^"]*)"') do
        assert.truthy(href:find("^#"), href)
      end
      assert.truthy(html:find('<meta name="viewport"', 1, true))
      assert.truthy(html:find("@media print", 1, true))
      assert.truthy(html:find("@media (max-width:", 1, true))
    end)

    it("shows every section by default but coalitions and scenarios",
       function()
      assert.are.same({ "summary", "network", "soft_power", "brokers",
                        "power", "positions", "power_interest", "notes" },
                      section_ids(html))
    end)

    it("draws one mark per actor in the network picture", function()
      local net = svgs(section(html, "network"), "network")
      assert.are.equal(1, #net)
      assert.are.equal(#sys, count(net[1], '<circle class="actor"'))
      for _, id in ipairs(sys:actor_ids()) do
        assert.are.equal(1, count(net[1], 'data-id="' .. id .. '"'), id)
      end
    end)

    it("has one legend entry per distinct value of the colour field",
       function()
      for _, by in ipairs{ "sector", "level", "org", "kind" } do
        local distinct, n = {}, 0
        for _, a in ipairs(sys:actors()) do
          local v = a[by] or "(none)"
          if not distinct[v] then distinct[v], n = true, n + 1 end
        end
        local page = report.html(sys, { colour_by = by,
                                        sections = { "network" } })
        local legend = page:match('<ul class="legend colour".-</ul>')
        assert.are.equal(n, count(legend, "<li data-value="), by)
        for v in pairs(distinct) do
          assert.are.equal(1, count(legend, 'data-value="' .. v .. '"'), v)
        end
      end
    end)

    it("puts actors without a value in a (none) legend entry", function()
      local s = mendelow()
      s:set("big_keen", "attrs.team", "red")
      s:set("edge", "attrs.team", "blue")
      local page = report.html(s, { colour_by = "attrs.team",
                                    sections = { "network" } })
      local legend = page:match('<ul class="legend colour".-</ul>')
      assert.are.equal(3, count(legend, "<li data-value="))
      -- blue, red, then (none) last: 4 actors have no team
      assert.truthy(legend:find('data%-value="blue".*data%-value="red".*'
        .. 'data%-value="%(none%)"'))
      assert.truthy(legend:find('%(none%) <span class="count">4</span>'))
    end)

    it("draws informal ties dashed: one dashed line per informally tied "
       .. "pair", function()
      local net = svgs(html, "network")[1]
      local dashed = count(net, 'stroke-dasharray="5 4"')
      local lines = count(net, '<line class="tie') + count(net,
        '<path class="tie')
      local informal = tied_pairs(sys, true)
      local formal = tied_pairs(sys, false)
      assert.are.equal(informal, dashed)
      assert.are.equal(informal, count(net, 'class="tie informal"'))
      assert.are.equal(formal, count(net, 'class="tie formal"'))
      assert.are.equal(informal + formal, lines)
      -- only the chosen layers are drawn
      local layers = { "formal", "whatsapp" }
      local page = report.html(sys, { layers = layers,
                                      sections = { "network" } })
      local n2 = svgs(page, "network")[1]
      assert.are.equal(tied_pairs(sys, true, layers),
                       count(n2, 'stroke-dasharray="5 4"'))
      assert.are.equal(tied_pairs(sys, false, layers),
                       count(n2, 'class="tie formal"'))
    end)

    it("marks each model's forecast on the position strips", function()
      local strips = svgs(section(html, "positions"), "strip")
      local issues = sys:issues()
      assert.are.equal(#issues, #strips)
      for k, issue in ipairs(issues) do
        local npos = 0
        for _ in pairs(sys:positions(issue.id)) do npos = npos + 1 end
        assert.are.equal(npos, count(strips[k], '<circle class="actor"'))
        for _, model in ipairs{ "compromise", "median", "nash", "eu" } do
          local f = sys:forecast(issue.id, { model = model })
          assert.are.equal(1, count(strips[k], 'data-model="' .. model
            .. '"'), model)
          -- the label shows the outcome: whole, or to one decimal
          local x = f.outcome
          local shown = x == math.floor(x) and ("%d"):format(x)
            or ("%.1f"):format(x)
          assert.truthy(strips[k]:find(" " .. shown .. "</text>", 1, true),
            issue.id .. " " .. model .. " " .. shown)
        end
        assert.are.equal(1, count(strips[k], "status-quo"))
      end
    end)

    it("places actors in Mendelow's quadrants as worked by hand", function()
      local s = mendelow()
      local page = report.html(s, { sections = { "power_interest" } })
      local grid = svgs(page, "grid")
      assert.are.equal(1, #grid)
      assert.are.equal(5, count(grid[1], '<circle class="actor"'))
      for id, q in pairs(HAND) do
        assert.truthy(grid[1]:find('data-id="' .. id .. '" data-quadrant="'
          .. q .. '"', 1, true), id)
      end
      for q, n in pairs{ manage_closely = 2, keep_satisfied = 1,
                         keep_informed = 1, monitor = 1 } do
        assert.truthy(page:find('data%-quadrant="' .. q .. '"><h4>[^<]+ '
          .. '<span class="count">' .. n .. "</span>"), q)
      end
      assert.are.equal(0, count(grid[1], 'data-id="bystander"'))
    end)

    it("moves actors between quadrants with other thresholds", function()
      -- power high at 6, interest high at 0.85:
      --   big_keen (10, 0.9) manage closely; big_cool (10, 0.2) keep
      --   satisfied; small_keen (2, 0.8), small_cool (2, 0.1) and edge
      --   (5, 0.5) monitor
      local d = report.data(mendelow(), { grid = { power = 6,
        interest = 0.85 }, sections = { "power_interest" } })
      local q = d.issues[1].quadrants
      assert.are.same({ "big_keen" }, q.manage_closely)
      assert.are.same({ "big_cool" }, q.keep_satisfied)
      assert.are.same({}, q.keep_informed)
      assert.are.same({ "small_keen", "small_cool", "edge" }, q.monitor)
      assert.are.equal(6, d.grid.power_threshold)
    end)

    it("shows the forecasts worked by hand", function()
      local d = report.data(mendelow(), { sections = { "positions" } })
      local f = d.issues[1].forecasts
      assert.are.equal("compromise", f[1].model)
      assert.near(981 / 15.3, f[1].outcome, 1e-12)
      local page = report.html(mendelow(), { sections = { "positions" } })
      assert.truthy(page:find(">64.12</td>", 1, true))
      assert.truthy(page:find("Compromise (power-weighted mean) 64.1</text>",
        1, true))
      -- move from the status quo, 10: +54.12
      assert.truthy(page:find(">+54.12</td>", 1, true))
    end)

    it("escapes hostile names everywhere", function()
      local page = report.html(hostile())
      assert.are.equal(0, count(page, "<script"))
      assert.are.equal(0, count(page, "<img"))
      assert.are.equal(0, count(page, "<svg onload"))
      assert.are.equal(0, count(page, "<i>sec"))
      assert.are.equal(0, count(page, "<b>layer"))
      assert.are.equal(0, count(page, "<lo>"))
      assert.truthy(page:find("<title>&lt;title&gt;Evil&lt;/title&gt;"
        .. "</title>", 1, true))
      assert.truthy(page:find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script"
        .. "&gt; &amp; &quot;co&quot;", 1, true))
      assert.truthy(page:find('data-id="b&quot;&gt;&lt;img src=x onerror='
        .. 'alert(2)&gt;"', 1, true))
      -- still one mark per actor
      assert.are.equal(2, count(svgs(page, "network")[1],
        '<circle class="actor"'))
    end)

    it("gives the same page for the same map and seed, in any process",
       function()
      assert.are.equal(html, report.html(northvale()))
      local cmd = "lua5.4 -e 'local d = require \"diplomat\"; io.write(d."
        .. "report.html(assert(d.load(\"" .. NORTHVALE .. "\"))))'"
      local outs = {}
      for k = 1, 2 do
        local p = assert(io.popen(cmd))
        outs[k] = p:read("a")
        assert.is_true(p:close())
      end
      assert.are.equal(html, outs[1])
      assert.are.equal(html, outs[2])
    end)

    it("draws another picture with another seed or layout", function()
      local net = svgs(html, "network")[1]
      local other = svgs(report.html(sys, { seed = 2,
        sections = { "network" } }), "network")[1]
      assert.are_not.equal(net, other)
      local kk1 = report.html(sys, { layout = "kk", seed = 1,
                                     sections = { "network" } })
      local kk2 = report.html(sys, { layout = "kk", seed = 2,
                                     sections = { "network" } })
      assert.are.equal(svgs(kk1, "network")[1], svgs(kk2, "network")[1])
      assert.truthy(kk1:find("Kamada–Kawai", 1, true))
    end)
  end)

  describe("sections", function()
    it("keeps only the sections asked for, in report order", function()
      local opts = { sections = { "notes", "network" } }
      local page = report.html(sys, opts)
      assert.are.same({ "network", "notes" }, section_ids(page))
      assert.is_nil(section(page, "summary"))
      local text = report.markdown(sys, opts)
      local heads = {}
      for hd in text:gmatch("\n## ([^\n]+)") do heads[#heads + 1] = hd end
      assert.are.same({ "1. The network", "2. Notes on method" }, heads)
      local d = decode(report.json(sys, opts))
      assert.are.same({ "network", "notes", n = 2 }, d.sections)
      assert.truthy(d.network)
      for _, k in ipairs{ "summary", "soft_power", "brokers", "power",
                          "issues", "coalitions", "scenarios" } do
        assert.is_nil(d[k], k)
      end
    end)

    it("adds coalitions and scenarios when their data is given", function()
      local page = report.html(sys, {
        coalitions = { { "dhsc", "icb_north" } },
        scenarios = { { name = "Base", measures = { x = { mean = 1 } } } } })
      assert.are.same({ "summary", "network", "soft_power", "brokers",
                        "power", "positions", "power_interest",
                        "coalitions", "scenarios", "notes" },
                      section_ids(page))
    end)
  end)

  describe("markdown and json", function()
    it("carry the same numbers as each other and the HTML", function()
      -- soft power: rank, then score and the four scaled components to
      -- two decimals
      for _, r in ipairs(data.soft_power.rows) do
        local tail = ("| %.2f | %.2f | %.2f | %.2f | %.2f |"):format(r.score,
          r.pagerank, r.brokerage, r.informal, r.capability)
        local line = md:match("\n(| " .. r.rank .. " | [^\n]*)")
        assert.truthy(line and line:sub(-#tail) == tail, r.id)
        assert.truthy(html:find(("%.2f</td>"):format(r.brokerage), 1, true))
      end
      -- brokers: whole counts
      for _, r in ipairs(data.brokers.rows) do
        local tail = ("| %d | %d | %d | %d | %d | %d |"):format(r.crossing,
          r.liaison, r.gatekeeper, r.representative, r.itinerant,
          r.coordinator)
        assert.truthy(md:find(tail, 1, true), r.id)
      end
      -- power indices: three decimals
      for _, r in ipairs(data.power.rows) do
        assert.truthy(md:find(("| %.3f |"):format(r.value), 1, true), r.id)
        assert.truthy(html:find(("%.3f</td>"):format(r.value), 1, true), r.id)
      end
      -- forecasts: whole numbers without decimals, others to two
      for _, issue in ipairs(data.issues) do
        for _, f in ipairs(issue.forecasts) do
          local x = f.outcome
          local shown = x == math.floor(x) and ("%d"):format(x)
            or ("%.2f"):format(x)
          assert.truthy(md:find("| " .. f.name .. " | " .. shown .. " |", 1,
            true), issue.id .. " " .. f.model)
          assert.truthy(html:find(">" .. shown .. "</td>", 1, true))
          assert.are.equal(sys:forecast(issue.id, { model = f.model })
            .outcome, x)
        end
        -- quadrant sizes
        for _, q in ipairs{ "manage_closely", "keep_satisfied",
                            "keep_informed", "monitor" } do
          local n = issue.quadrants[q].n
          local name = ({ manage_closely = "Manage closely",
            keep_satisfied = "Keep satisfied", keep_informed = "Keep informed",
            monitor = "Monitor" })[q]
          assert.truthy(md:find("| " .. name .. " | " .. n .. " |", 1, true))
        end
      end
      -- summary counts
      local c = data.summary.counts
      assert.truthy(md:find(("| %d | %d | %d | %d |"):format(c.actors, c.ties,
        c.layers, c.issues), 1, true))
    end)

    it("json holds the picture: every actor at a point in [0, 1]",
       function()
      assert.are.equal("diplomat-report/1", data.format)
      assert.are.equal(#sys, data.network.nodes.n)
      for _, n in ipairs(data.network.nodes) do
        assert.is_true(n.x >= 0 and n.x <= 1 and n.y >= 0 and n.y <= 1)
      end
      assert.are.equal(tied_pairs(sys, true), data.network.counts.informal)
      assert.are.equal(1, data.network.layout.seed)
    end)

    it("escape hostile names in Markdown; JSON keeps them as text",
       function()
      local s = hostile()
      local text = report.markdown(s)
      assert.are.equal(0, count(text, "<script"))
      assert.are.equal(0, count(text, "<img"))
      assert.truthy(text:find("&lt;script&gt;alert('x')&lt;/script&gt; "
        .. '&amp; "co" \\| \\*bold\\* \\_u\\_ \\[link\\](http://x)', 1, true))
      local d = decode(report.json(s))
      assert.are.equal("<title>Evil</title>", d.title)
      assert.are.equal(s:actor("<script>").name,
        d.soft_power.rows[1].id == "<script>" and d.soft_power.rows[1].name
        or d.soft_power.rows[2].name)
    end)
  end)

  describe("given data", function()
    it("tabulates coalitions with their values", function()
      local s = mendelow()
      local opts = { sections = { "coalitions" }, coalitions = {
        { "big_keen", "edge" },
        { name = "Big <one>", members = { "big_keen", "big_cool" },
          weight = 12.5, connected = true, detail = { ignored = 1 } } } }
      local d = report.data(s, opts)
      assert.are.same({ "connected", "weight" }, d.coalitions.columns)
      local text = report.markdown(s, opts)
      assert.truthy(text:find("| 1 | big keen; edge | 2 | – | – |", 1, true))
      assert.truthy(text:find("| 2 | **Big &lt;one&gt;**: big keen; big cool "
        .. "| 2 | true | 12.50 |", 1, true))
      local page = report.html(s, opts)
      assert.truthy(page:find("<strong>Big &lt;one&gt;</strong>", 1, true))
    end)

    it("draws scenario distributions with hand-counted bins", function()
      -- draws 0..4 in 2 bins over [0, 4]: width 2; [0, 2) holds 0 and 1,
      -- the last bin [2, 4] holds 2, 3 and 4; draws 1, 1, 1: all in the
      -- first bin
      local a = { name = "Base", measures = { m = { mean = 2, sd = 1.5811,
        quantiles = { p05 = 0.2, p25 = 1, p50 = 2, p75 = 3, p95 = 3.8 },
        draws = { 0, 1, 2, 3, 4 } } } }
      local b = { scenario = "Reform", measures = { m = { mean = 1,
        draws = { 1, 1, 1 } } } }
      local opts = { scenarios = { a, b }, bins = 2,
                     sections = { "scenarios" } }
      local d = report.data(mendelow(), opts)
      local m = d.scenarios.measures[1]
      assert.are.equal("m", m.name)
      assert.are.same({ lo = 0, hi = 4, bins = 2 }, m.histogram)
      assert.are.same({ 2, 3 }, m.rows[1].histogram)
      assert.are.same({ 3, 0 }, m.rows[2].histogram)
      assert.are.equal(-1, m.rows[2].difference) -- 1 - 2
      assert.is_nil(m.rows[1].difference)
      local page = report.html(mendelow(), opts)
      assert.are.equal(1, count(page, 'class="box"'))  -- only Base has them
      assert.are.equal(2, count(page, 'class="mean"'))
      assert.are.equal(3, count(page, '<rect class="bar"')) -- 2, 3 and 3
      local text = report.markdown(mendelow(), opts)
      assert.truthy(text:find("| m | Reform | 1 | – | – | – | – | – | – | "
        .. "-1 |", 1, true))
      assert.truthy(text:find("| 0 – 2 | 2 | 3 |", 1, true))
      assert.truthy(text:find("| 2 – 4 | 3 | 0 |", 1, true))
    end)

    it("tabulates comparisons of two results", function()
      local cmp = { measures = {
        z = { a = 1, b = 3, delta = 2, p_higher = 0.75,
              quantiles = { p05 = 1, p25 = 1.5, p50 = 2, p75 = 2.5,
                            p95 = 3 } },
        y = { a = 5, b = 4.5, delta = -0.5 } } }
      local opts = { comparisons = { { name = "Reform vs base",
                                       comparison = cmp } } }
      local d = report.data(mendelow(), opts)
      assert.are.same({ "scenarios", "notes" }, { d.sections[#d.sections - 1],
                                                 d.sections[#d.sections] })
      local rows = d.scenarios.comparisons[1].rows
      assert.are.equal("y", rows[1].measure) -- byte order
      local text = report.markdown(mendelow(), opts)
      assert.truthy(text:find("### Reform vs base", 1, true))
      assert.truthy(text:find("| z | 1 | 3 | +2 | 1 | 2 | 3 | 0.75 |", 1,
        true))
      assert.truthy(text:find("| y | 5 | 4.50 | -0.50 | – | – | – | – |", 1,
        true))
      assert.truthy(report.html(mendelow(), opts):find(">0.75</td>", 1, true))
      assert.are.equal("bad argument #2 to 'html' (comparisons[1].measures.y"
        .. ".delta: must be a finite number)", h.error_of(function()
        return report.html(mendelow(), { comparisons = { measures = {
          y = { a = 1, b = 2 } } } }) end))
    end)

    it("takes a scenario result as diplomat.scenario returns it", function()
      if not diplomat.scenario then
        pending("diplomat.scenario is not in this build")
        return
      end
      local s = northvale()
      local r = diplomat.scenario("lose informal ties")
        :cut("whatsapp", 0.5)
        :run(s, { runs = 10, seed = 1, measure = function(x)
          return { ties = #x:ties() } end })
      local d = report.data(s, { scenarios = { r },
                                 sections = { "scenarios" } })
      assert.are.equal("lose informal ties", d.scenarios.names[1])
      assert.are.equal(r.measures.ties.mean,
        d.scenarios.measures[1].rows[1].mean)
      -- and the comparison of two results, as result:compare gives it
      local r2 = diplomat.scenario("keep them"):cut("whatsapp", 0)
        :run(s, { runs = 10, seed = 1, measure = function(x)
          return { ties = #x:ties() } end })
      local c = r2:compare(r)
      d = report.data(s, { comparisons = { c }, sections = { "scenarios" } })
      local row = d.scenarios.comparisons[1].rows[1]
      assert.are.equal("ties", row.measure)
      assert.are.equal(c.measures.ties.delta, row.delta)
      assert.is_true(row.delta < 0) -- losing half the WhatsApp ties
    end)
  end)

  describe("degrades gracefully", function()
    it("without forecasts in the build", function()
      local saved = diplomat.System.forecast
      diplomat.System.forecast = nil
      local ok, page = pcall(report.html, mendelow(),
        { sections = { "positions" } })
      diplomat.System.forecast = saved
      assert.is_true(ok, page)
      assert.are.equal(0, count(page, "data-model="))
      assert.are.equal(1, count(page, "status-quo"))
    end)

    it("on an empty system and on one actor", function()
      local empty = diplomat.new{ name = "Empty" }
      local page = report.html(empty)
      assert.are.equal(0, count(svgs(page, "network")[1],
        '<circle class="actor"'))
      decode(report.json(empty))
      assert.truthy(report.markdown(empty):find("^# Empty"))
      local one = diplomat.new{ name = "One" }
      one:add_actor{ id = "solo" }
      page = report.html(one)
      assert.are.equal(1, count(svgs(page, "network")[1],
        '<circle class="actor"'))
    end)

    it("leaves out the Nash forecast of an issue without a status quo",
       function()
      local s = mendelow()
      s:add_issue{ id = "open", name = "Open" }
      s:set_position("big_keen", "open", 40, 1)
      local d = report.data(s, { issues = "open",
                                 sections = { "positions" } })
      local f = d.issues[1].forecasts
      assert.are.equal("nash", f[3].model)
      assert.are.equal("the issue has no status quo", f[3].unavailable)
      assert.are.equal(40, f[1].outcome)
    end)
  end)

  describe("options", function()
    local function err(fn, opts)
      return h.error_of(function() return report[fn](sys, opts) end)
    end

    it("reject unknown names, ids and wrong types", function()
      assert.truthy(err("html", { colour = "sector" }):find("^bad argument "
        .. "#2 to 'html' %(unknown option 'colour' %(options: "))
      assert.are.equal("bad argument #2 to 'markdown' (sections: unknown "
        .. "section 'intro' (sections: summary, network, soft_power, "
        .. "brokers, power, positions, power_interest, coalitions, "
        .. "scenarios, notes))", err("markdown", { sections = { "intro" } }))
      assert.are.equal("bad argument #2 to 'json' (sections: 'coalitions' "
        .. "needs the coalitions option)",
        err("json", { sections = { "coalitions" } }))
      assert.are.equal("bad argument #2 to 'html' (sections: 'scenarios' "
        .. "needs the scenarios or comparisons option)",
        err("html", { sections = { "scenarios" } }))
      assert.are.equal("bad argument #2 to 'html' (colour_by: unknown field "
        .. "'colour' (fields: kind, level, mandate, org, profession, sector, "
        .. "or 'attrs.<name>'))", err("html", { colour_by = "colour" }))
      assert.are.equal("bad argument #2 to 'html' (give colour_by or "
        .. "color_by, not both)", err("html", { colour_by = "org",
        color_by = "org" }))
      assert.are.equal("bad argument #2 to 'html' (issues: unknown issue "
        .. "'nope')", err("html", { issues = "nope" }))
      assert.are.equal("bad argument #2 to 'html' (layers: unknown layer "
        .. "'nope')", err("html", { layers = { "nope" } }))
      assert.are.equal("bad argument #2 to 'html' (seed: must be an integer "
        .. ">= 0)", err("html", { seed = -1 }))
      assert.are.equal("bad argument #2 to 'html' (size_by: must be "
        .. "\"soft_power\" or \"capability\", not degree)",
        err("html", { size_by = "degree" }))
      assert.are.equal("bad argument #2 to 'html' (models: unknown model "
        .. "'lp' (models: compromise, median, nash, eu))",
        err("html", { models = { "lp" } }))
      assert.are.equal("bad argument #2 to 'html' (grid.power: must be a "
        .. "finite number >= 0)", err("html", { grid = { power = -1 } }))
      assert.are.equal("bad argument #2 to 'html' (coalitions[1].members[2]: "
        .. "unknown actor 'ghost')", err("html", { coalitions = { { "dhsc",
        "ghost" } } }))
      assert.are.equal("bad argument #2 to 'html' (scenarios[1].measures.x."
        .. "mean: must be a finite number)", err("html", { scenarios = { {
        measures = { x = { mean = 0 / 0 } } } } }))
      assert.are.equal("bad argument #2 to 'html' (title: must be a string, "
        .. "not number)", err("html", { title = 1 }))
      assert.are.equal("bad argument #1 to 'html' (a diplomat.System "
        .. "expected)", h.error_of(report.html, {}))
    end)

    it("are blamed on the caller's line and argument", function()
      local ok, e = pcall(function()
        local page = report.html(sys, { top = 0 }) -- not a tail call
        return page
      end)
      assert.is_false(ok)
      assert.truthy(e:find("^spec/report_spec%.lua:%d+: bad argument #2 to "
        .. "'html' %(top: must be an integer >= 1%)$"), e)
      assert.are.equal("bad argument #3 to 'save' (top: must be an integer "
        .. ">= 1)", h.error_of(report.save, sys, "x.html", { top = 0 }))
    end)

    it("take a title, subtitle and date, and a colour field", function()
      local page = report.html(sys, { title = "Board paper <draft>",
        subtitle = "For discussion", date = "March 2025",
        colour_by = "level", sections = { "network" } })
      assert.truthy(page:find("<h1>Board paper &lt;draft&gt;</h1>", 1, true))
      assert.truthy(page:find("For discussion", 1, true))
      assert.truthy(page:find("March 2025", 1, true))
      assert.truthy(page:find('data-value="frontline"', 1, true))
    end)
  end)

  describe("save", function()
    local dir
    setup(function()
      local p = assert(io.popen("mktemp -d"))
      dir = p:read("l")
      p:close()
    end)
    teardown(function() os.execute("rm -rf '" .. dir .. "'") end)

    it("writes the format its extension names", function()
      local s = mendelow()
      for ext, start in pairs{ html = "<!DOCTYPE html>", md = "# Grid test",
                               json = "{" } do
        local path = dir .. "/r." .. ext
        assert.is_true(report.save(s, path))
        local f = assert(io.open(path, "rb"))
        local body = f:read("a")
        f:close()
        assert.are.equal(start, body:sub(1, #start))
      end
      assert.is_nil(io.open(dir .. "/r.html.tmp"))
    end)

    it("refuses unknown extensions and reports unwritable paths", function()
      assert.are.equal("bad argument #2 to 'save' (unknown report format "
        .. "'pdf': use .html, .md or .json)",
        h.error_of(report.save, mendelow(), dir .. "/r.pdf"))
      local ok, why = report.save(mendelow(), dir .. "/no/such/r.html")
      assert.is_nil(ok)
      assert.truthy(why:find("No such file", 1, true))
    end)
  end)
end)
