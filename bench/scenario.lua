-- Timing of scenario replicates on the Northvale map (51 actors, 336
-- ties): the target is 1,000 replicates of apply + a network measure in
-- about a second.  Each line runs `runs` replicates through scenario:run
-- (clone, shocks in C, the measure in Lua, the summary).  Run from the
-- repository root:
--
--   make build
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 bench/scenario.lua [runs]
--
-- Measured (CPU time, one core of an Intel Xeon, -O2): 1,000 replicates
-- of the three reforms take 0.12 s to apply, 0.53 s with betweenness
-- centrality measured on every copy, 0.21 s with PageRank and 0.58 s
-- with soft power; informal churn (cut + rewire) 0.08 s and 0.52 s.
local diplomat = require "diplomat"

local runs = tonumber(arg[1]) or 1000
local sys = assert(diplomat.load("examples/data/northvale.json"))

local reforms = diplomat.scenario("all three Northvale reforms")
  :abolish("nhs_exec", { successor = "dhsc", informal_loss = 0.4,
                         capability = 0.8 })
  :abolish("nhs_exec_region", { successor = "dhsc", informal_loss = 0.4 })
  :merge({ "icb_north", "icb_south" }, { id = "icb_nvs", informal_loss = 0.25 })
  :abolish("icb_south_ceo", { successor = "icb_north_ceo",
                              informal_loss = 0.5 })
  :devolve("dhsc", "combined_authority", { capability = 0.2 })
local churn = diplomat.scenario("informal churn")
  :cut({ "whatsapp", "private_meeting", "frontline" }, 0.2)
  :rewire({ "whatsapp", "private_meeting", "frontline" }, 0.1)

local measures = {
  { "nothing (apply only)", function() return {} end },
  { "ties (a count)", function(s) return { ties = #s:ties() } end },
  { "betweenness of the department", function(s)
      return { b = s:centrality("betweenness").dhsc } end },
  { "pagerank of the department", function(s)
      return { p = s:centrality("pagerank").dhsc } end },
  { "soft power of the department", function(s)
      return { sp = s:soft_power().dhsc.score } end },
}

print(("%d replicates on %s"):format(runs, tostring(sys)))
for _, sc in ipairs{ reforms, churn } do
  print(("\n%s (%d shocks)"):format(sc.name, #sc))
  for _, m in ipairs(measures) do
    local t = os.clock()
    sc:run(sys, { runs = runs, seed = 1, measure = m[2] })
    print(("  %-34s %.3f s"):format(m[1], os.clock() - t))
  end
end
