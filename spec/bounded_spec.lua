-- Bounded work: every long computation takes `progress(done, total)`
-- (returning false stops it) and `time_budget` (seconds); a stopped run
-- returns what it has, marked `incomplete = true` with `stopped =
-- "progress"` or `"time_budget"`.  A stopped run is checked against an
-- independent reference: the same computation asked for exactly the work
-- the stopped run did (rounds = 3, runs = 7, max_iterations = 32, ...),
-- which must give the same numbers, since every method here is
-- deterministic for its seed.
local diplomat = require "diplomat"
local h = require "spec.helpers"

local NORTHVALE = "examples/data/northvale.json"
local TINY = 1e-9 -- a time budget that has run out at the first check

local function northvale()
  return assert(diplomat.load(NORTHVALE))
end

-- A progress function that records its calls and stops after `n` of them.
local function stopper(n)
  local calls = {}
  local function progress(done, total)
    calls[#calls + 1] = { done, total }
    if #calls >= n then return false end
  end
  return progress, calls
end

-- A weighted voting game of n players with weights 1..97 (no ties).
local function game(n)
  local s = diplomat.new{ name = "game" }
  for i = 1, n do
    s:add_actor{ id = "a" .. i, capability = (i * 7919) % 97 + 1 }
  end
  return s
end

describe("the options progress and time_budget", function()
  it("are checked like every other option", function()
    local sys = northvale()
    assert.are.equal("bad argument #2 to 'forecast' (progress: must be a "
      .. "function, not number)", h.error_of(function()
        sys:forecast("pooled_budgets", { model = "eu", progress = 1 })
      end))
    for _, bad in ipairs{ 0, -1, 0 / 0, math.huge } do
      local msg = h.error_of(function()
        sys:exchange{ time_budget = bad }
      end)
      assert.matches("^bad argument #1 to 'exchange' %(time_budget: must "
        .. "be a positive finite number of seconds, not ", msg)
    end
    assert.are.equal("bad argument #1 to 'power' (time_budget: must be a "
      .. "number of seconds, not string)", h.error_of(function()
        sys:power{ time_budget = "1" }
      end))
  end)

  it("re-raise an error of the progress function after freeing the run",
     function()
    local sys = northvale()
    local ok, err = pcall(sys.forecast, sys, "pooled_budgets",
      { model = "eu", rounds = 20, tol = 0,
        progress = function() error({ code = 7 }) end })
    assert.is_false(ok)
    assert.are.same({ code = 7 }, err) -- the value itself, not a copy
    assert.are.equal("stop here", h.error_of(function()
      sys:dynamics("pooled_budgets", { susceptibility = 1, tol = 0,
        max_iterations = 100, progress = function() error("stop here", 0) end })
    end))
    assert.is_true(sys:check())
  end)

  it("keep the analysed system busy while the progress function runs",
     function()
    local sys = northvale()
    local other = sys:clone()
    local seen = {}
    local r = sys:forecast("pooled_budgets", { model = "eu", rounds = 4,
      tol = 0, progress = function()
        seen[#seen + 1] = h.error_of(sys.actor, sys, "dhsc")
        seen[#seen + 1] = h.error_of(sys.close, sys)
        seen[#seen + 1] = h.error_of(sys.remove_actor, sys, "dhsc")
        seen[#seen + 1] = other:actor("dhsc") and "other works" or "?"
        return false
      end })
    assert.are.same({
      "diplomat: the system is busy (a progress function cannot use the "
        .. "system being analysed)",
      "diplomat: the system is busy (a progress function cannot close the "
        .. "system being analysed)",
      "diplomat: the system is busy (a progress function cannot use the "
        .. "system being analysed)",
      "other works" }, seen)
    assert.is_true(r.incomplete)
    assert.is_truthy(sys:actor("dhsc")) -- usable again afterwards
  end)
end)

describe("sys:forecast with the EU model", function()
  it("stops after the rounds progress allows, as a shorter run would",
     function()
    local sys = northvale()
    local progress, calls = stopper(3)
    local r = sys:forecast("pooled_budgets", { model = "eu", rounds = 50,
      tol = 0, progress = progress })
    assert.are.same({ { 1, 50 }, { 2, 50 }, { 3, 50 } }, calls)
    assert.is_true(r.incomplete)
    assert.are.equal("progress", r.stopped)
    assert.is_false(r.converged)
    -- reference: the same model asked for 3 rounds
    local ref = sys:forecast("pooled_budgets", { model = "eu", rounds = 3,
      tol = 0 })
    assert.is_nil(ref.incomplete)
    assert.are.same(ref.rounds, r.rounds)
    assert.are.same(ref.final, r.final)
    assert.are.equal(ref.outcome, r.outcome)
    assert.are.same(ref.offers, r.offers)
  end)

  it("is not told about the last round, so a finished run is complete",
     function()
    local sys = northvale()
    local one = sys:forecast("pooled_budgets", { model = "eu", rounds = 1,
      progress = function() error("never called") end })
    assert.is_nil(one.incomplete)
    assert.are.equal(1, #one.rounds)
  end)

  it("stops at the time budget after at least one round", function()
    local r = northvale():forecast("pooled_budgets", { model = "eu",
      rounds = 1000, tol = 0, time_budget = TINY })
    assert.are.equal(1, #r.rounds)
    assert.is_true(r.incomplete)
    assert.are.equal("time_budget", r.stopped)
  end)
end)

describe("sys:forecast under perturbation", function()
  it("counts runs and summarises the runs done", function()
    local sys = northvale()
    local progress, calls = stopper(7)
    local opts = { model = "eu", rounds = 5, progress = progress,
      perturb = { runs = 100, position = 5, seed = 3 } }
    local r = sys:forecast("pooled_budgets", opts)
    assert.are.same({ 1, 100 }, calls[1])
    assert.are.same({ 7, 100 }, calls[7])
    assert.are.equal(7, r.distribution.runs)
    assert.are.equal(100, r.distribution.requested)
    assert.is_true(r.incomplete)
    -- reference: 7 runs from the same seed
    local ref = sys:forecast("pooled_budgets", { model = "eu", rounds = 5,
      perturb = { runs = 7, position = 5, seed = 3 } }).distribution
    assert.is_nil(ref.requested)
    r.distribution.requested = nil
    assert.are.same(ref, r.distribution)
  end)

  it("gives no runs when the budget is gone before the first", function()
    local r = northvale():forecast("pooled_budgets", { time_budget = TINY,
      perturb = { runs = 1000, position = 5 } })
    assert.are.equal(0, r.distribution.runs)
    assert.are.equal(0, r.distribution.dropped)
    assert.is_nil(r.distribution.mean)
    assert.is_true(r.incomplete)
    assert.are.equal("time_budget", r.stopped)
  end)
end)

describe("sys:exchange", function()
  it("stops after the exchanges progress allows, as max_exchanges would",
     function()
    local sys = northvale()
    local progress, calls = stopper(40)
    local r = sys:exchange{ progress = progress }
    assert.are.same({ 1, 10000 }, calls[1])
    assert.are.same({ 40, 10000 }, calls[40])
    assert.are.equal(40, #r.exchanges)
    assert.is_true(r.incomplete)
    assert.is_false(r.converged)
    local ref = sys:exchange{ max_exchanges = 40 }
    assert.are.same(ref.exchanges, r.exchanges)
    assert.are.same(ref.positions, r.positions)
    assert.are.same(ref.compromise, r.compromise)
    assert.are.same(ref.externalities, r.externalities)
  end)

  it("stops at the time budget", function()
    local r = northvale():exchange{ time_budget = TINY }
    assert.is_true(r.incomplete)
    assert.are.equal("time_budget", r.stopped)
    assert.are.equal(0, #r.exchanges)
  end)
end)

describe("sys:dynamics", function()
  it("reports every 16 steps and stops as max_iterations would", function()
    local sys = northvale()
    local progress, calls = stopper(2)
    local opts = { susceptibility = 1, tol = 0, max_iterations = 1000,
                   progress = progress }
    local r = sys:dynamics("pooled_budgets", opts)
    assert.are.same({ { 16, 1000 }, { 32, 1000 } }, calls)
    assert.are.equal(32, r.iterations)
    assert.is_true(r.incomplete)
    local ref = sys:dynamics("pooled_budgets", { susceptibility = 1,
      tol = 0, max_iterations = 32 })
    assert.are.same(ref.positions, r.positions)
  end)

  it("keeps the influence rows finished before the stop", function()
    local sys = northvale()
    local ids = { "dhsc", "mayor", "icb_north_ceo" }
    local full = sys:dynamics("pooled_budgets", { influence = ids })
    -- total = max_iterations x (1 + rows); stop inside the third row
    local r = sys:dynamics("pooled_budgets", { influence = ids,
      progress = function(done, total)
        assert.are.equal(10000 * 4, total)
        if done > 3 * 10000 then return false end
      end })
    assert.is_true(r.incomplete)
    assert.are.same(full.positions, r.positions)
    assert.are.same(full.influence.dhsc, r.influence.dhsc)
    assert.are.same(full.influence.mayor, r.influence.mayor)
    assert.is_nil(r.influence.icb_north_ceo)
  end)
end)

describe("sys:power", function()
  it("returns no values from a stopped exact method", function()
    local sys = game(300)
    local progress, calls = stopper(1)
    local v, info = sys:power{ progress = progress }
    assert.are.same({}, v)
    assert.is_true(info.incomplete)
    assert.are.equal("progress", info.stopped)
    assert.is_false(info.counted)
    assert.is_true(calls[1][1] < calls[1][2])
  end)

  it("estimates from the draws made, as a smaller sample would", function()
    local sys = game(50)
    local v, info = sys:power{ method = "montecarlo", samples = 100000,
      seed = 4, progress = function(done, total)
        assert.are.equal(100000, total)
        if done >= 40000 then return false end
      end }
    assert.is_true(info.incomplete)
    assert.are.equal(100000, info.requested)
    local ref, rinfo = sys:power{ method = "montecarlo", seed = 4,
      samples = info.samples }
    assert.are.same(ref, v)
    assert.are.same(rinfo.se, info.se)
    for _, ix in ipairs{ "banzhaf", "holler" } do
      local w, i2 = sys:power{ index = ix, method = "montecarlo",
        samples = 100000, seed = 4, progress = function(done)
          if done >= 20000 then return false end
        end }
      local r2 = sys:power{ index = ix, method = "montecarlo", seed = 4,
        samples = i2.samples }
      assert.are.same(r2, w)
    end
  end)

  it("stops every exact method at the time budget", function()
    local sys = game(3000)
    for _, ix in ipairs{ "shapley", "banzhaf", "coleman_prevent" } do
      local v, info = sys:power{ index = ix, time_budget = TINY }
      assert.are.same({}, v)
      assert.are.equal("time_budget", info.stopped)
    end
    local v, info = game(22):power{ index = "johnston", time_budget = TINY }
    assert.are.same({}, v)
    assert.is_true(info.incomplete)
  end)

  it("stops the Myerson value, exact and sampled", function()
    local s = game(20)
    s:add_layer{ id = "l" }
    for i = 1, 19 do
      s:add_tie{ from = "a" .. i, to = "a" .. (i + 1), layer = "l" }
    end
    local v, info = s:power{ connected = true,
      progress = function(done, total)
        assert.are.equal(2 ^ 20 - 1, total)
        return false
      end }
    assert.are.same({}, v)
    assert.is_nil(info.worth)
    assert.is_true(info.incomplete)
    local w, i2 = s:power{ connected = true, method = "montecarlo",
      samples = 1000000, seed = 2, progress = function() return false end }
    local ref = s:power{ connected = true, method = "montecarlo", seed = 2,
      samples = i2.samples }
    assert.are.same(ref, w)
    assert.are.equal(1000000, i2.requested)
  end)
end)

describe("sys:agendas", function()
  it("keeps the pairs of the rows scanned and skips the clusters", function()
    local sys = northvale()
    local placed_count = #sys - #sys:agendas{ pairs = 1 }.unplaced
    local r = sys:agendas{ pairs = 3, progress = function(done, total)
      assert.are.equal(placed_count, total)
      if done == 5 then return false end
    end }
    assert.is_true(r.incomplete)
    assert.is_nil(r.clusters)
    assert.is_truthy(r.polarisation)
    -- reference: the pairs among the actors of the first five rows and
    -- everybody after them, by hand from the distance table
    local full = sys:agendas{ distance = true, clusters = false }
    local placed = {}
    for _, id in ipairs(sys:actor_ids()) do
      if full.distance[id] then placed[#placed + 1] = id end
    end
    local best = {}
    for i = 1, 5 do
      for j = i + 1, #placed do
        local d = full.distance[placed[i]][placed[j]]
        if d then best[#best + 1] = d end
      end
    end
    table.sort(best)
    for k = 1, 3 do assert.are.equal(best[k], r.aligned[k].distance) end
  end)
end)

describe("sys:communities", function()
  it("keeps the partition reached when Leiden is stopped", function()
    local sys = diplomat.generate{ actors = 2000, seed = 3 }
    local r = sys:communities{ progress = function(done, total)
      assert.are.equal(50, total)
      return false
    end }
    assert.is_true(r.incomplete)
    local n = 0
    for _, k in pairs(r.membership) do
      assert.is_true(k >= 1 and k <= r.count)
      n = n + 1
    end
    assert.are.equal(#sys, n)
  end)
end)

describe("diplomat.generate", function()
  it("returns the valid system made so far", function()
    local progress, calls = stopper(2)
    local s, st = diplomat.generate{ actors = 100000, progress = progress }
    assert.are.same({ 65536, 131072 }, { calls[1][1], calls[2][1] })
    assert.is_true(st.incomplete)
    assert.is_true(s:check())
    assert.are.equal(131072, #s + st.formal + st.informal)
    local t, tst = diplomat.generate{ actors = 1000000, time_budget = TINY }
    assert.are.equal("time_budget", tst.stopped)
    assert.is_true(#t < 1000000)
    assert.is_true(t:check())
  end)
end)

describe("scenario:run", function()
  it("stops at the time budget after one replicate", function()
    local sys = northvale()
    local s = diplomat.scenario("cut"):cut("whatsapp", 0.5)
    local r = s:run(sys, { runs = 100, time_budget = TINY,
      measure = function(x) return { ties = #x:ties() } end })
    assert.are.equal(1, r.runs)
    assert.is_false(r.complete)
    assert.is_true(r.incomplete)
    assert.are.equal("time_budget", r.stopped)
    assert.are.equal("bad argument #2 to 'run' (time_budget: must be a "
      .. "positive finite number of seconds, not -1)", h.error_of(s.run, s,
        sys, { time_budget = -1, measure = function() return {} end }))
  end)
end)

describe("diplomat.load_result", function()
  it("runs no file that computes instead of listing a result", function()
    local cases = {
      "return (function() while true do end end)()",  -- would hang
      'seed = "x"\nseed = seed .. seed\nreturn {}',     -- would double
      'return ("x"):rep(1e10)',                          -- 10 GB
      "return { format = 'diplomat-result/1', [[x]] }",
      "return { format = \\'x\\' }",
    }
    for _, text in ipairs(cases) do
      local path = os.tmpname()
      local f = assert(io.open(path, "wb"))
      f:write(text)
      f:close()
      local r, msg = diplomat.load_result(path)
      os.remove(path)
      assert.is_nil(r)
      assert.are.equal(path .. ": not a scenario result (it holds code, "
        .. "not just the table result:save writes)", msg)
    end
  end)

  it("still reads what result:save writes, whatever the names", function()
    local sys = northvale()
    local name = 'a "quoted" \\ name\n-- not a comment ]] [['
    local r = diplomat.scenario(name):cut("whatsapp", 0.5):run(sys, {
      runs = 4, seed = 2, measure = function(x)
        return { [name] = #x:ties(), flag = true }
      end })
    local path = os.tmpname()
    assert(r:save(path))
    local again = assert(diplomat.load_result(path))
    os.remove(path)
    assert.are.same(r, again)
  end)
end)
