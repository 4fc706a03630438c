-- Northvale reorganisation: three reforms, each alone and all together,
-- run as Monte Carlo scenarios on the embedded map.
--
--   1. the national NHS body and its regional team are abolished into
--      the department of health (formal ties pass to the department, each
--      informal tie is lost with probability 0.4, 80% of the national
--      body's capability passes);
--   2. the two integrated care boards merge, and the Southmoor chief
--      executive's post goes to the Northvale one (each of the departing
--      chief executive's informal ties lost with probability 0.5);
--   3. the combined authority takes a fifth of the department's
--      capability and the lead on the mayor's role in health.
--
-- For each, 1,000 replicates (each with its own seed derived from the run
-- seed), printing the distribution of each issue's forecast, the change
-- in how much the system depends on informal channels, and who gains or
-- loses brokerage across organisations.  Run from the repository root:
--
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/reorganisation.lua [runs [map.json]]
--
-- The numbers are about fictional example data.

local diplomat = require "diplomat"

local runs = math.tointeger(tonumber(arg and arg[1] or "") or 1000) or 1000
local here = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local path = arg and arg[2] or (here .. "/data/northvale.json")

local sys, err = diplomat.load(path)
if not sys then
  io.stderr:write(err, "\n")
  os.exit(1)
end

-- {====== The reforms ======
local abolition = diplomat.scenario("abolition of the national body")
  :abolish("nhs_exec", { successor = "dhsc", informal_loss = 0.4,
                         capability = 0.8 })
  :abolish("nhs_exec_region", { successor = "dhsc", informal_loss = 0.4 })
local merger = diplomat.scenario("ICB merger")
  :merge({ "icb_north", "icb_south" }, { id = "icb_nvs",
    name = "Northvale and Southmoor ICB", informal_loss = 0.25 })
  :abolish("icb_south_ceo", { successor = "icb_north_ceo",
                              informal_loss = 0.5 })
local devolution = diplomat.scenario("devolution to the combined authority")
  :devolve("dhsc", "combined_authority", { capability = 0.2,
                                           issues = { "mayoral_health_role" } })
local together = diplomat.scenario("all three together")
  :include(abolition, merger, devolution)
-- }======

-- {====== What to measure in each replicate ======
local issues = sys:issues()

-- Where an issue lands once positions have moved over the informal
-- channels that survive: Friedkin-Johnsen dynamics over the informal
-- layers, then the compromise model (capability x salience weighted mean)
-- on the moved positions.
local function forecast(s, issue)
  local moved = s:dynamics(issue, { informal = true }).positions
  local held, num, den = s:positions(issue), 0, 0
  local cap = {}
  for _, a in ipairs(s:actors()) do cap[a.id] = a.capability end
  for id, p in pairs(held) do
    local w = cap[id] * p.salience
    num, den = num + w * (moved[id] or p.position), den + w
  end
  return den > 0 and num / den or nil
end

-- Informal dependence: the share of the system's route efficiency that
-- informal channels supply, 1 - E_formal / E_all, where E is the mean
-- over ordered pairs of 1 / (cost of the most trusted route), cost = sum
-- of 1 / weight (harmonic centrality summed; unreachable pairs add 0).
local function dependence(s)
  local function efficiency(opts)
    local total = 0
    for _, h in pairs(s:centrality("harmonic", opts)) do total = total + h end
    return total
  end
  local all = efficiency(nil)
  return all > 0 and 1 - efficiency({ informal = false }) / all or 0
end

-- Brokerage across organisations: Gould-Fernandez roles (all but
-- coordinator) with groups by org.
local function brokerage(s)
  local out = {}
  for id, r in pairs(s:brokerage{ by = "org" }) do
    out[id] = r.itinerant + r.gatekeeper + r.representative + r.liaison
  end
  return out
end

local function measure(s)
  local m = { dependence = dependence(s) }
  for _, is in ipairs(issues) do
    m["forecast:" .. is.id] = forecast(s, is.id)
  end
  for id, b in pairs(brokerage(s)) do m["brokerage:" .. id] = b end
  return m
end
-- }======

local baseline = measure(sys)
local names = {}
for _, a in ipairs(sys:actors()) do names[a.id] = a.name end
names.icb_nvs = "Northvale and Southmoor ICB (merged)"
local order = {}
for i, id in ipairs(sys:actor_ids()) do order[id] = i end

local function heading(title)
  print()
  print(title)
  print(("="):rep(#title))
end

local function report(scenario)
  local t = os.clock()
  local r = scenario:run(sys, { runs = runs, seed = 2024, measure = measure })
  heading(("%s: %d replicates (seed %d, %.1f s)"):format(scenario.name,
    r.runs, r.seed, os.clock() - t))

  print(("%-44s %8s %8s %8s %17s"):format("issue forecast (after informal "
    .. "influence)", "today", "mean", "sd", "p05 .. p95"))
  for _, is in ipairs(issues) do
    local m = r.measures["forecast:" .. is.id]
    print(("%-44s %8.1f %8.1f %8.2f %8.1f .. %5.1f"):format(
      is.name:sub(1, 44), baseline["forecast:" .. is.id], m.mean, m.sd,
      m.quantiles.p05, m.quantiles.p95))
  end

  local dep = r.measures.dependence
  print(("\nInformal dependence (share of route efficiency from informal "
    .. "channels): %.1f%% today,\n%.1f%% after (p05 %.1f%%, p95 %.1f%%)")
    :format(100 * baseline.dependence, 100 * dep.mean,
    100 * dep.quantiles.p05, 100 * dep.quantiles.p95))

  -- mean brokerage after against today; gone actors count as losing all
  local change = {}
  for name, b in pairs(baseline) do
    local id = name:match("^brokerage:(.+)$")
    if id then
      local m = r.measures[name]
      change[id] = (m and m.mean or 0) - b
    end
  end
  for name, m in pairs(r.measures) do
    local id = name:match("^brokerage:(.+)$")
    if id and not baseline[name] then change[id] = m.mean end
  end
  local ids = {}
  for id, c in pairs(change) do if c ~= 0 then ids[#ids + 1] = id end end
  table.sort(ids, function(a, b)
    if change[a] ~= change[b] then return change[a] > change[b] end
    return (order[a] or 1e9) < (order[b] or 1e9)
  end)
  print("\nBrokerage across organisations, mean change per replicate:")
  if #ids == 0 then print("  no change") end
  local shown = 0
  for i = 1, #ids do
    if change[ids[i]] <= 0 or shown == 5 then break end
    shown = shown + 1
    print(("  gains  %-58s %+7.1f"):format(names[ids[i]]:sub(1, 58),
      change[ids[i]]))
  end
  shown = 0
  for i = #ids, 1, -1 do
    if change[ids[i]] >= 0 or shown == 5 then break end
    shown = shown + 1
    local gone = not r.measures["brokerage:" .. ids[i]]
    print(("  loses  %-58s %+7.1f%s"):format(names[ids[i]]:sub(1, 58),
      change[ids[i]], gone and "  (gone)" or ""))
  end
  return r
end

print(("Northvale reorganisation: %d replicates per scenario"):format(runs))
for _, s in ipairs{ abolition, merger, devolution, together } do report(s) end

-- {====== One draw of all three, in detail ======
heading("Unintended consequences in one replicate of all three reforms")
local after = together:apply(sys, { seed = 2024, replicate = 1 })
-- the NHS line as a blocking minority: a quarter of all capability
local coalition = { "dhsc", "health_minister", "nhs_exec", "nhs_exec_region",
                    "icb_north", "icb_south", "acute_trust" }
local d = diplomat.compare(sys, after, { coalitions = { coalition },
                                         quota = 0.25 })
print(("Actors: %d -> %d; ties: %d -> %d.")
  :format(d.system.actors.a, d.system.actors.b, d.system.ties.a,
  d.system.ties.b))
print("Brokers lost:")
for _, b in ipairs(d.brokers_lost) do
  print(("  %-58s %4d -> %d%s"):format(names[b.id]:sub(1, 58), b.a, b.b,
    b.removed and " (gone)" or ""))
end
print("Actors cut off from others they could reach before:")
if #d.disconnected == 0 then print("  none") end
for _, x in ipairs(d.disconnected) do
  print(("  %-58s loses %d"):format(names[x.id]:sub(1, 58), x.lost))
end
print("Biggest losers of soft power:")
for _, w in ipairs(d.losers) do
  print(("  %-58s %.3f -> %.3f"):format(names[w.id]:sub(1, 58), w.a, w.b))
end
local c = d.coalitions[1]
print(("Blocking coalition %s:"):format(table.concat(coalition, " + ")))
print(("  %.1f%% of capability before, %.1f%% after (quota 25%%): %s")
  :format(100 * c.a, 100 * c.b, c.wins_a and not c.wins_b
  and "it no longer blocks" or c.wins_b and "it still blocks"
  or "it did not block before"))
if #c.missing > 0 then
  print("  members gone: " .. table.concat(c.missing, ", "))
end
-- }======
