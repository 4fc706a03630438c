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
-- run(input) returns a true value on success (or nil, message); check(),
-- when given, runs with working allocators after each success and raises
-- if the result is not what it is without failures.
local function fresh() return sys:clone() end
local text = sys:encode()
local SAVE = os.tmpname() -- removed at the end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- An export: to a temporary file, which must then hold exactly the text
-- written without failures (an allocation failure that libxml2 reports
-- only to its error handler must not leave a value out unnoticed).
local exports = {}
local function export(format)
  local path = os.tmpname()
  exports[#exports + 1] = path
  assert(sys:export(path, { format = format }))
  local want = slurp(path)
  return {
    run = function() return sys:export(path, { format = format }) end,
    check = function()
      if slurp(path) ~= want then
        error(format .. ": the file written differs from the one written "
              .. "without failures")
      end
    end,
  }
end
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
  graphml = export("graphml"),
  gexf = export("gexf"),
  dot = export("dot"),
}
local ORDER = { "load", "decode", "clone", "encode", "compact", "save",
                "centrality", "communities", "layout", "forecast", "apply",
                "run", "graphml", "gexf", "dot" }
local chosen = {}
for i = 3, #arg do chosen[#chosen + 1] = arg[i] end
if #chosen == 0 then chosen = ORDER end

local function nextk(k)
  if STEP == 1 or k < 64 then return k + 1 end
  return k + (k // 16)
end

-- The k-th C allocation alone fails, for k up to the count of a run
-- without failures (stepped as the sweeps are): the operation must fail
-- cleanly or succeed with the same result (check), and the state must
-- stay usable.
local function sweep_once(name, op)
  oom.arm("c", 0) -- counts, fails none
  assert(op.run(), name .. " fails without failures")
  local total, errors, runs, k = oom.disarm(), 0, 0, 1
  while k <= total do
    runs = runs + 1
    oom.arm("c", k, false, true) -- the k-th alone
    local ok, res, why = pcall(op.run)
    oom.disarm()
    if ok and res then
      op.check()
    else
      local msg = ok and why or res
      if type(msg) ~= "string" or msg == "" then
        error(("%s/c-once k = %d: failed without a message (%s)"):format(
          name, k, tostring(msg)))
      end
      errors = errors + 1
      collectgarbage()
      assert(op.run(), name .. ": not usable after a failure")
      op.check()
    end
    k = nextk(k)
  end
  print(("%s/c-once: %d allocations, %d failed alone: %d clean failures, "
         .. "%d the same result"):format(name, total, runs, errors,
                                         runs - errors))
end

local function sweep(name, op, which)
  local k, errors, other = 1, 0, {}
  while true do
    local input = op.prep and op.prep()
    oom.arm(which, k, op.cjson)
    local ok, res, why = pcall(op.run, input)
    local made = oom.disarm()
    if ok and res then
      if op.check then op.check() end
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
    if op.check then op.check() end
    assert(sys:check())
    if k > 10000000 then error(name .. ": never succeeds") end
    k = nextk(k)
  end
end

local done, err = pcall(function()
  for _, name in ipairs(chosen) do
    local op = assert(OPS[name], "unknown operation " .. name)
    sweep(name, op, "lua")
    sweep(name, op, "c")
    if op.check then sweep_once(name, op) end
  end
end)
for _, path in ipairs(exports) do os.remove(path) end -- also on failure
if not done then error(err, 0) end
sys:close()
os.remove(SAVE)
print("ok")
