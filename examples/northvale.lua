-- Northvale: the embedded default system map, summarised and analysed.
--
-- A fictional integrated care system in the middle of reform: a national
-- NHS body being abolished, two integrated care boards merging, a new
-- combined authority with an elected mayor.  Run with `make demo`, or:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/northvale.lua [map.json]

local diplomat = require "diplomat"

-- the default map sits beside this script
local here = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local path = arg and arg[1] or (here .. "/data/northvale.json")

local sys, err = diplomat.load(path)
if not sys then
  io.stderr:write(err, "\n")
  os.exit(1)
end

local names = {}
for _, a in ipairs(sys:actors()) do names[a.id] = a.name end
local order = {}
for i, id in ipairs(sys:actor_ids()) do order[id] = i end

-- ids sorted by a score, largest first; equal scores keep the map's order
local function ranked(score)
  local ids = {}
  for id in pairs(score) do ids[#ids + 1] = id end
  table.sort(ids, function(a, b)
    if score[a] ~= score[b] then return score[a] > score[b] end
    return order[a] < order[b]
  end)
  return ids
end

local function heading(title)
  print()
  print(title)
  print(("-"):rep(#title))
end

print(diplomat.summary.text(sys, { pairs = 3 }))

-- {====== Soft power ======
heading("Who holds soft power (top 8)")
local sp, used = sys:soft_power()
print(("score = %.2f pagerank + %.2f cross-boundary brokerage + %.2f informal "
  .. "standing + %.2f capability,"):format(used.weights.pagerank,
  used.weights.brokerage, used.weights.informal, used.weights.capability))
print("each component scaled so the strongest actor scores 1 on it")
local score = {}
for id, r in pairs(sp) do score[id] = r.score end
for i, id in ipairs(ranked(score)) do
  if i > 8 then break end
  local r = sp[id]
  print(("%2d. %-58s %.2f  (pagerank %.2f, brokerage %.2f, informal %.2f, "
    .. "capability %.2f)"):format(i, names[id]:sub(1, 58), r.score,
    r.scaled.pagerank, r.scaled.brokerage, r.scaled.informal,
    r.scaled.capability))
end
-- }======

-- {====== Brokers across boundaries ======
for _, by in ipairs{ "org", "sector" } do
  heading(("Top brokers across %s boundaries (Gould-Fernandez roles)")
    :format(by == "org" and "organisational" or "sector"))
  local roles = sys:brokerage{ by = by }
  local crossing = {}
  for id, r in pairs(roles) do
    crossing[id] = r.itinerant + r.gatekeeper + r.representative + r.liaison
  end
  for i, id in ipairs(ranked(crossing)) do
    if i > 5 or crossing[id] == 0 then break end
    local r = roles[id]
    print(("%2d. %-58s %4d  (liaison %d, gatekeeper %d, representative %d, "
      .. "itinerant %d)"):format(i, names[id]:sub(1, 58), crossing[id],
      r.liaison, r.gatekeeper, r.representative, r.itinerant))
  end
end
-- }======

-- {====== Informal channels ======
heading("How much Northvale leans on informal channels")
local d = diplomat.summary.describe(sys)
print(("Informal layers carry %.0f%% of ties and %.0f%% of tie weight.")
  :format(100 * d.informal_share.ties, 100 * d.informal_share.weight))
local ch = sys:channels()
print(("%d of %d connected pairs of actors are connected only through "
  .. "informal channels."):format(ch.pairs.informal_only, ch.pairs.connected))
-- routes: how many pairs have a more trusted (cheaper) route once
-- informal channels count; route cost = sum of 1 / weight over its ties
local ids = sys:actor_ids()
local better, pairs_n, saving = 0, 0, 0
local via = {}
for i = 1, #ids do
  for j = 1, #ids do
    if i ~= j then
      local all = sys:path(ids[i], ids[j])
      local formal = sys:path(ids[i], ids[j], { informal = false })
      if all then
        pairs_n = pairs_n + 1
        if not formal or all.cost < formal.cost - 1e-12 then
          better = better + 1
          if formal then saving = saving + (formal.cost - all.cost) / formal.cost end
          for k = 2, #all.actors - 1 do
            local b = all.actors[k]
            via[b] = (via[b] or 0) + 1
          end
        end
      end
    end
  end
end
print(("%d of %d ordered pairs (%.0f%%) have a more trusted route once "
  .. "informal channels count;"):format(better, pairs_n, 100 * better / pairs_n))
print(("on those routes informal channels cut the route cost by %.0f%% on "
  .. "average."):format(better > 0 and 100 * saving / better or 0))
print("Actors most often in the middle of those better routes:")
for i, id in ipairs(ranked(via)) do
  if i > 5 then break end
  print(("%2d. %-58s %4d routes"):format(i, names[id]:sub(1, 58), via[id]))
end
-- }======

-- {====== Forecasts ======
heading("Where each issue would land, by model")
print(("%-44s %8s %10s %8s %8s %8s"):format("issue", "status quo",
  "compromise", "median", "nash", "EU"))
for _, is in ipairs(sys:issues()) do
  local row = {}
  for _, model in ipairs{ "compromise", "median", "nash", "eu" } do
    local ok, f = pcall(sys.forecast, sys, is.id, { model = model })
    row[#row + 1] = ok and ("%8.1f"):format(f.outcome) or ("%8s"):format("-")
  end
  print(("%-44s %10s %10s %s"):format((is.name or is.id):sub(1, 44),
    is.status_quo and ("%.1f"):format(is.status_quo) or "-",
    row[1], table.concat(row, " ", 2)))
end
print("compromise: capability x salience weighted mean; median: weighted")
print("median; nash: Nash bargaining against the status quo; EU: Bueno de")
print("Mesquita's expected utility model after 10 rounds (weighted median).")

heading("Who should approach whom on pooled budgets (EU model, first round)")
local eu = sys:forecast("pooled_budgets", { model = "eu", rounds = 1 })
local offers = eu.offers
table.sort(offers, function(a, b)
  if a.eu_from ~= b.eu_from then return a.eu_from > b.eu_from end
  return order[a.from] < order[b.from]
end)
for i, o in ipairs(offers) do
  if i > 8 then break end
  print(("%2d. %s should approach %s: %s, proposing %.0f"):format(i,
    names[o.from], names[o.to], o.type, o.position))
  print(("    (expected utility %.3f to %s, %.3f to the other side)"):format(
    o.eu_from, o.from, o.eu_to))
end
-- }======

-- {====== The report ======
-- make demo passes the report's path (northvale-report.html in the
-- repository root); run by hand, give it as the second argument.
local report_path = arg and arg[2]
if report_path then
  local ok, why = diplomat.report.save(sys, report_path)
  if not ok then
    io.stderr:write("could not write the report: ", why, "\n")
    os.exit(1)
  end
  heading("Report")
  print(("Wrote the HTML report to %s"):format(report_path))
  print("(one self-contained file: open it in any browser, or print it)")
end
-- }======

-- {====== Coalitions on pooled budgets ======
-- Who is pivotal in the capability vote, and the three cheapest coalitions
-- held together by real ties (any layer) that can carry pooling at 50
-- ("pool about half": the status quo is 12) when actors within 10 points
-- of 50 join freely and the rest must be paid salience x the distance
-- beyond that.  A coalition needs more than half of all capability.
heading("Coalitions on pooled budgets: who is pivotal")
local ss = sys:power{ index = "shapley" }
print("Shapley-Shubik index: the share of the orders in which an actor's")
print("arrival first gives a coalition more than half of all capability")
for i, id in ipairs(ranked(ss)) do
  if i > 6 then break end
  print(("%2d. %-58s %.3f"):format(i, names[id]:sub(1, 58), ss[id]))
end

local TARGET, TOLERANCE = 50, 10
heading(("The three cheapest connected coalitions for pooling at %d")
  :format(TARGET))
local found = sys:coalitions{ issue = "pooled_budgets", target = TARGET,
                              tolerance = TOLERANCE, connected = true,
                              top = 3 }
local function wrapped(ids, indent)
  local line, out = indent, {}
  for _, id in ipairs(ids) do
    if #line + #id + 1 > 78 and line ~= indent then
      out[#out + 1] = line
      line = indent
    end
    line = line .. (line == indent and "" or " ") .. id
  end
  out[#out + 1] = line
  return table.concat(out, "\n")
end
local first = found.coalitions[1]
for k, c in ipairs(found.coalitions) do
  print(("%d. cost %.1f, %d members, capability %.1f (%.1f needed of %.1f)")
    :format(k, c.cost, c.size, c.weight, found.quota, found.total))
  if k == 1 then
    print(wrapped(c.members, "   "))
  else -- how it differs from the cheapest
    local in1, ink = {}, {}
    for _, id in ipairs(first.members) do in1[id] = true end
    for _, id in ipairs(c.members) do ink[id] = true end
    local gone, added = {}, {}
    for _, id in ipairs(first.members) do
      if not ink[id] then gone[#gone + 1] = id end
    end
    for _, id in ipairs(c.members) do
      if not in1[id] then added[#added + 1] = id end
    end
    print(("   as 1, without %s, with %s"):format(
      #gone > 0 and table.concat(gone, ", ") or "no one",
      #added > 0 and table.concat(added, ", ") or "no one"))
  end
  print(("   brokers holding it together: %s"):format(
    #c.brokers > 0 and table.concat(c.brokers, ", ") or "none"))
end
if first and #first.pivotal == first.size then
  print("Every member of coalition 1 is pivotal: without any one of them it")
  print("falls below the majority.")
elseif first then
  print(("In coalition 1, %d of the %d members are pivotal: without any one")
    :format(#first.pivotal, first.size))
  print("of them it falls below the majority. Each of the others is a")
  print("broker: the coalition would keep its majority without it, but split.")
end
print(("Search %s (%d nodes).")
  :format(found.stats.exact and "exact" or ("stopped at its budget, cost "
    .. "gap " .. ("%.1f"):format(found.stats.gap)), found.stats.nodes))
-- }======
