-- threads.lua — the work each lua_State does in spec/hosts/threads.c:
-- load the Northvale map, network measures (centrality, communities with a
-- seed, layout with a seed, coreness, paths), forecasts of every issue, a
-- scenario applied and run, exports to GraphML and GEXF; returns the
-- results as one text (numbers to 12 significant digits, keys sorted) so
-- the host can compare the threads' answers with a single-threaded run.
-- MAP is set by the host.
local diplomat = require "diplomat"
local sys = assert(diplomat.load(MAP))
local out = {}

local function fmt(v)
  if type(v) == "number" then return ("%.12g"):format(v) end
  return tostring(v)
end

local function add(name, t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local v = t[k]
    if type(v) == "table" then add(name .. "." .. k, v)
    else out[#out + 1] = name .. " " .. k .. " " .. fmt(v) end
  end
end

-- a coroutine that dies with an error raised while a network method holds
-- the igraph lock keeps that lock until it is collected: collect it, or
-- the other threads would wait for ever
local co = coroutine.create(function()
  return sys:communities({ seed = 7, progress = function() error("stop") end })
end)
assert(not coroutine.resume(co))
co = nil
collectgarbage()
collectgarbage()

add("betweenness", sys:centrality("betweenness"))
-- bounded igraph calls: igraph's process-wide interruption and progress
-- handlers, installed by diplomat for one call at a time under the lock
local calls = 0
add("watched", sys:centrality("betweenness", { weighted = false,
  progress = function() calls = calls + 1 end }))
out[#out + 1] = "progress calls " .. calls
out[#out + 1] = "stopped " .. tostring(not pcall(sys.layout, sys,
  { time_budget = 1e-9 }))
add("pagerank", sys:centrality("pagerank"))
add("closeness", sys:centrality("closeness"))
add("communities", sys:communities({ seed = 7 }).membership)
add("layout", sys:layout({ seed = 3 }))
add("coreness", sys:coreness())
add("constraint", sys:constraint())
add("reach", sys:reach("dhsc", { steps = 2 }).actors)
for _, is in ipairs(sys:issues()) do
  out[#out + 1] = "forecast " .. is.id .. " " .. fmt(sys:forecast(is.id).outcome)
end
local reform = diplomat.scenario("reforms")
  :abolish("nhs_exec", { successor = "dhsc", informal_loss = 0.4 })
  :merge({ "icb_north", "icb_south" }, { id = "icb_nvs", informal_loss = 0.25 })
local after = reform:apply(sys, { seed = 1 })
add("after", after:centrality("degree"))
local r = reform:run(sys, { runs = 4, seed = 1, measure = function(s)
  return { dhsc = s:centrality("betweenness").dhsc }
end })
add("run", { mean = r.measures.dhsc.mean, n = r.measures.dhsc.n })
local copy = sys:clone()
out[#out + 1] = "encode " .. #copy:encode()
-- GraphML and GEXF go through libxml2's writer, whose error handlers are
-- set for the calling thread only while it writes (csrc/xmlwrite.c)
for _, format in ipairs{ "graphml", "gexf" } do
  local path = os.tmpname()
  local ok, err = sys:export(path, { format = format })
  local f = ok and io.open(path, "rb")
  local text = f and f:read("a")
  if f then f:close() end
  os.remove(path)
  out[#out + 1] = format .. " " .. assert(text, err)
end
after:close() copy:close() sys:close()
return table.concat(out, "\n")
