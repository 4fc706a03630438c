-- oom.lua — the sweep run by spec/hosts/oom.c: for each operation and each
-- failing allocator ("lua", "c"), k = 1, 2, ... until the operation
-- succeeds with the k-th allocation failing; see oom.c.
-- arg: MAP STEP [OP...]  (STEP 0 coarse, 1 every k)
local diplomat = require "diplomat"
local MAP, STEP = arg[1], tonumber(arg[2])
local sys = assert(diplomat.load(MAP))
local reform = diplomat.scenario("reforms")
  :abolish("nhs_exec", { successor = "dhsc", informal_loss = 0.4 })
  :merge({ "icb_north", "icb_south" }, { id = "icb_nvs", informal_loss = 0.25 })

-- Each operation: prep() (run with working allocators) makes its input,
-- a fresh clone where a cached network view would hide the view building;
-- run(input) returns a true value on success (or nil, message).
local function fresh() return sys:clone() end
local text = sys:encode()
local SAVE = os.tmpname() -- removed at the end
local OPS = {
  load = { run = function() return diplomat.load(MAP) end },
  decode = { run = function() return diplomat.decode(text) end },
  clone = { run = function() return sys:clone() end },
  -- written item by item with cJSON (whose allocations fail too: cjson),
  -- save then through files.c's atomic writer
  encode = { cjson = true, run = function() return sys:encode() end },
  compact = { cjson = true,
              run = function() return sys:encode{ pretty = false } end },
  save = { cjson = true, run = function() return sys:save(SAVE) end },
  centrality = { prep = fresh,
    run = function(s) return s:centrality("betweenness") end },
  communities = { prep = fresh,
    run = function(s) return s:communities({ seed = 7 }) end },
  layout = { prep = fresh, run = function(s) return s:layout({ seed = 3 }) end },
  forecast = { run = function() return sys:forecast("pooled_budgets") end },
  apply = { run = function() return reform:apply(sys, { seed = 1 }) end },
  -- two replicates: the second is cloned in the memory of the first
  run = { run = function()
    return reform:run(sys, { runs = 2, seed = 1,
                             measure = function(s) return { n = #s } end })
  end },
}
local ORDER = { "load", "decode", "clone", "encode", "compact", "save",
                "centrality",
                "communities", "layout", "forecast", "apply", "run" }
local chosen = {}
for i = 3, #arg do chosen[#chosen + 1] = arg[i] end
if #chosen == 0 then chosen = ORDER end

local function nextk(k)
  if STEP == 1 or k < 64 then return k + 1 end
  return k + (k // 16)
end

local function sweep(name, op, which)
  local k, errors, other = 1, 0, {}
  while true do
    local input = op.prep and op.prep()
    oom.arm(which, k, op.cjson)
    local ok, res, why = pcall(op.run, input)
    local made = oom.disarm()
    if ok and res then
      print(("%s/%s: succeeds from k = %d (%d allocations), %d clean "
             .. "failures before"):format(name, which, k, made, errors))
      if #other > 0 then  -- messages other than "not enough memory"
        print(table.concat(other, "\n", 1, math.min(#other, 5)))
      end
      return
    end
    local msg = ok and why or res
    if type(msg) ~= "string" or msg == "" then
      error(("%s/%s k = %d: failed without a message (%s)"):format(
        name, which, k, tostring(msg)))
    end
    if not msg:find("not enough memory", 1, true) then
      other[#other + 1] = ("  k = %d: %s"):format(k, msg)
    end
    errors = errors + 1
    collectgarbage()
    collectgarbage()
    local again, why2 = op.run(input or (op.prep and op.prep()))
    if not again then
      error(("%s/%s k = %d: the state is not usable after the failure: %s")
            :format(name, which, k, tostring(why2)))
    end
    assert(sys:check())
    if k > 10000000 then error(name .. ": never succeeds") end
    k = nextk(k)
  end
end

for _, name in ipairs(chosen) do
  local op = assert(OPS[name], "unknown operation " .. name)
  sweep(name, op, "lua")
  sweep(name, op, "c")
end
sys:close()
os.remove(SAVE)
print("ok")
