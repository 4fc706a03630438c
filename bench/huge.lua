-- Huge inputs: does each method work on a million actors, or fail with a
-- clear error, without taking the machine's memory?  Not part of make
-- test (it needs a few GB and a few minutes).  Run from the repository
-- root:
--
--   make build
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 bench/huge.lua [actors] [degree]
--
-- Defaults: 1,000,000 actors, mean degree 10 (5,000,000 ties), 3 issues.
-- Prints one line per step: wall seconds, the resident set after it and
-- the peak so far (MB), and what happened: "ok" with a few facts,
-- "incomplete" for a run stopped by its time budget, or the error.
-- The README's "Limits and bounded work" quotes a run of this script.
local diplomat = require "diplomat"
local core = require "diplomat.core"

local N = math.tointeger(tonumber(arg[1] or "")) or 1000000
local DEGREE = tonumber(arg[2] or "") or 10
local BUDGET = 5 -- seconds, for the methods that take a time budget

local function status_kb(key)
  local f = io.open("/proc/self/status", "r")
  if not f then return 0 end
  local text = f:read("a")
  f:close()
  return tonumber(text:match(key .. ":%s*(%d+)")) or 0
end

local function step(name, fn)
  collectgarbage()
  local t = core.clock()
  local ok, a, b = pcall(fn)
  local dt = core.clock() - t
  local what
  if not ok then
    what = "error: " .. tostring(a):gsub("^[^\n]-:%d+: ", "")
  elseif type(a) == "table" and (a.incomplete or (type(b) == "table"
      and b.incomplete)) then
    what = "incomplete (" .. tostring(a.stopped or b.stopped) .. ")"
      .. (type(a.facts) == "string" and "; " .. a.facts or "")
  else
    what = "ok" .. (type(a) == "string" and "; " .. a or "")
  end
  print(("%-44s %8.2f s %7d MB %7d MB  %s"):format(name, dt,
    status_kb("VmRSS") // 1024, status_kb("VmHWM") // 1024, what))
  io.stdout:flush()
end

print(("%-44s %10s %10s %10s  %s"):format("step (" .. N .. " actors)",
  "wall", "rss", "peak", "result"))
local sys
step("generate", function()
  local st
  sys, st = diplomat.generate{ actors = N, degree = DEGREE, issues = 3,
                               seed = 1 }
  return ("%d ties"):format(st.formal + st.informal)
end)
step("check", function() assert(sys:check()) return "" end)
step("clone + close", function() sys:clone():close() return "" end)
step("centrality degree", function()
  sys:centrality("degree")
  return ""
end)
step("centrality pagerank", function()
  sys:centrality("pagerank")
  return ""
end)
step("coreness", function() sys:coreness() return "" end)
step("communities (time_budget 5)", function()
  local r = sys:communities{ time_budget = BUDGET }
  r.facts = ("%d communities"):format(r.count)
  if r.incomplete then return r end
  return r.facts
end)
step("forecast compromise", function()
  return ("outcome %.2f"):format(sys:forecast("issue1").outcome)
end)
step("forecast eu", function() return sys:forecast("issue1",
  { model = "eu" }) end)
step("dynamics (time_budget 5)", function()
  local r = sys:dynamics("issue1", { informal = true, time_budget = BUDGET })
  r.facts = ("%d iterations"):format(r.iterations)
  if r.incomplete then return r end
  return r.facts
end)
step("dynamics influence = true", function()
  return sys:dynamics("issue1", { influence = true })
end)
step("agendas (clusters = false, time_budget 5)", function()
  return sys:agendas{ clusters = false, time_budget = BUDGET }
end)
step("agendas (default: clustering)", function() return sys:agendas() end)
step("exchange", function() return sys:exchange{ time_budget = BUDGET } end)
step("power exact", function() return sys:power() end)
step("power montecarlo (time_budget 5)", function()
  return sys:power{ method = "montecarlo", samples = 1000000,
                    time_budget = BUDGET }
end)
step("minimal_winning", function()
  return sys:minimal_winning{ time_budget = BUDGET }
end)
step("coalitions", function()
  return sys:coalitions{ issue = "issue1", target = 50,
                         time_budget = BUDGET }
end)
step("layout kk", function() return sys:layout{ method = "kk" } end)
step("layout fr (1 iteration)", function()
  sys:layout{ method = "fr", iterations = 1 }
  return ""
end)
step("scenario apply (abolish org1)", function()
  local s = diplomat.scenario("huge"):abolish("org1", { successor = "org2" })
  s:apply(sys):close()
  return ""
end)
step("soft_power", function() sys:soft_power() return "" end)
local path = os.tmpname()
step("save", function() assert(sys:save(path)) return "" end)
step("load", function()
  local again = assert(diplomat.load(path))
  local n = #again
  again:close()
  return ("%d actors"):format(n)
end)
os.remove(path)
step("generate 10^7 actors, time_budget 5", function()
  local s, st = diplomat.generate{ actors = 10000000, degree = 1,
                                   time_budget = BUDGET }
  st.facts = ("%d actors made"):format(#s)
  s:close()
  return st
end)
