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

  it("undoes a Leiden iteration stopped half-way by the time budget",
     function()
    -- References: the same run (same seed) stopped by its progress
    -- function before iteration k + 1, so that exactly k iterations ran,
    -- for every k until the run ends by itself.
    local sys = diplomat.generate{ actors = 3000, seed = 5 }
    local after = {}
    for k = 1, 50 do
      after[k] = sys:communities{ seed = 7, progress = function(done)
        return done < k
      end }
      if not after[k].incomplete then break end
      assert.are.equal("progress", after[k].stopped)
    end
    assert.is_true(#after >= 2)
    assert.are_not.same(after[1].membership, after[2].membership)
    -- Budget runs: the progress call before the second iteration waits
    -- until `margin` seconds before the budget is spent (on the monotonic
    -- clock the budget is kept on) and lets the run go on, so that the
    -- budget runs out inside the second iteration, at one of igraph's
    -- interruption checks (Leiden checks thousands of times an iteration,
    -- most of them after it has begun to move actors), or else at the
    -- boundary after it (or in a later iteration, if the machine was
    -- quick).  Either way the result is a whole number of iterations: a
    -- stopped iteration is undone, never returned half-done.
    local clock = require("diplomat.core").clock
    local util = require("luassert.util")
    local budget, hits = 0.2, 0
    for _, margin in ipairs{ 0.0005, 0.001, 0.002, 0.004, 0.008 } do
      local start = clock()
      local r = sys:communities{ seed = 7, time_budget = budget,
        progress = function(done)
          if done == 1 then
            while clock() - start < budget - margin do end
          end
          return true
        end }
      local whole
      for k, ref in ipairs(after) do
        if util.deepcompare(r.membership, ref.membership) then
          whole = k
          break
        end
      end
      assert(whole, "the stopped run returned a partition that no whole "
             .. "number of iterations gives")
      if whole == 1 then
        hits = hits + 1
        assert.are.equal("time_budget", r.stopped)
        assert.is_true(r.incomplete)
      end
    end
    assert.is_true(hits >= 1) -- at least one stop fell inside iteration two
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

-- {====== Coalition searches ======

describe("sys:minimal_winning and sys:coalitions", function()
  -- 24 players of weight 1, quota 13: C(24, 13) minimal winning
  -- coalitions, far more nodes than a few checks
  local function equal_game()
    local s = game(0)
    for i = 1, 24 do s:add_actor{ id = "p" .. i, capability = 1 } end
    return s
  end

  -- The fields a search stopped by progress shares with one stopped by
  -- max_nodes at the same node.
  local function same_search(a, b)
    assert.are.equal(a.stats.nodes, b.stats.nodes)
    assert.are.equal(a.stats.found, b.stats.found)
    assert.are.equal(a.stats.lower_bound, b.stats.lower_bound)
    assert.are.equal(#a.coalitions, #b.coalitions)
    for k, c in ipairs(a.coalitions) do
      assert.are.same(c.members, b.coalitions[k].members)
      assert.are.equal(c.cost, b.coalitions[k].cost)
    end
  end

  it("report nodes of max_nodes every 1,024 nodes and stop as max_nodes "
     .. "would", function()
    local sys = equal_game()
    local progress, calls = stopper(3)
    local r = sys:minimal_winning{ progress = progress }
    -- done: the nodes searched, every 1,024; total: max_nodes (10^7)
    assert.are.same({ { 1024, 10000000 }, { 2048, 10000000 },
                      { 3072, 10000000 } }, calls)
    assert.is_true(r.incomplete)
    assert.are.equal("progress", r.stopped)
    assert.is_false(r.stats.complete)
    assert.is_false(r.stats.stopped) -- each did not stop it
    local ref = sys:minimal_winning{ max_nodes = 3072 }
    assert.is_nil(ref.incomplete) -- max_nodes is a limit, not a stop
    assert.is_false(ref.stats.complete)
    same_search(r, ref)

    local n = 0
    local small = game(0)
    for i = 1, 20 do small:add_actor{ id = "p" .. i, capability = 1 } end
    local full = small:minimal_winning{ limit = 1, progress = function(done)
      n = n + 1
      assert.are.equal(1024 * n, done)
    end }
    assert.is_true(full.stats.complete)
    assert.is_nil(full.incomplete)
    -- C(20, 11) = 167,960 coalitions (every set of 11 of the 20)
    assert.are.equal(167960, full.stats.found)
    assert.are.equal(full.stats.nodes // 1024, n)
  end)

  it("stop the cheapest-coalition search and keep its lower bound",
     function()
    local sys = equal_game()
    sys:add_issue{ id = "i", min = 0, max = 100 }
    for i = 1, 24 do sys:set_position("p" .. i, "i", 2 * i, 1) end
    local opts = { issue = "i", target = 30, tolerance = 100 }
    local progress, calls = stopper(2)
    opts.progress = progress
    local r = sys:coalitions(opts)
    assert.are.same({ { 1024, 5000000 }, { 2048, 5000000 } }, calls)
    assert.are.equal("progress", r.stopped)
    assert.is_false(r.stats.exact)
    opts.progress, opts.max_nodes = nil, 2048
    local ref = sys:coalitions(opts)
    assert.is_nil(ref.stopped)
    same_search(r, ref)
    assert.are.equal(ref.stats.gap, r.stats.gap)
  end)

  it("stop at the time budget at the first check", function()
    local sys = equal_game()
    local r = sys:minimal_winning{ time_budget = TINY, limit = 3 }
    assert.are.equal(1024, r.stats.nodes)
    assert.is_true(r.incomplete)
    assert.are.equal("time_budget", r.stopped)
    assert.is_false(r.stats.complete)
    same_search(r, sys:minimal_winning{ max_nodes = 1024, limit = 3 })
    sys:add_issue{ id = "i", min = 0, max = 100 }
    for i = 1, 24 do sys:set_position("p" .. i, "i", 50, 1) end
    local c = sys:coalitions{ issue = "i", target = 50, time_budget = TINY,
                              connected = false }
    assert.are.equal(1024, c.stats.nodes)
    assert.are.equal("time_budget", c.stopped)
  end)

  it("are complete and unmarked when they end before a check", function()
    local sys = game(8)
    local r = sys:minimal_winning{ time_budget = TINY,
      progress = function() error("never called") end }
    assert.is_true(r.stats.complete)
    assert.is_true(r.stats.nodes < 1024)
    assert.is_nil(r.incomplete)
    assert.is_nil(r.stopped)
  end)

  it("re-raise an error of the progress function and keep the system busy "
     .. "while it runs", function()
    local sys = equal_game()
    local seen
    local ok, err = pcall(sys.minimal_winning, sys, { progress = function()
      seen = h.error_of(sys.actor, sys, "p1")
      error({ code = 9 })
    end })
    assert.is_false(ok)
    assert.are.same({ code = 9 }, err)
    assert.matches("busy", seen)
    sys:add_issue{ id = "i", min = 0, max = 100 }
    for i = 1, 24 do sys:set_position("p" .. i, "i", 50, 1) end
    assert.are.equal("stop", h.error_of(sys.coalitions, sys, { issue = "i",
      target = 50, progress = function() error("stop", 0) end }))
    assert.are.equal("bad argument #1 to 'minimal_winning' (progress: must "
      .. "be a function, not string)", h.error_of(function()
        sys:minimal_winning{ progress = "x" }
      end))
    assert.is_true(sys:check())
  end)
end)

-- }======

-- {====== Single igraph calls ======

describe("igraph's long calls", function()
  local function map()
    return diplomat.generate{ actors = 300, degree = 6, seed = 5 }
  end
  local STOPPED = " stopped at its time budget %(1e%-09 s%): igraph keeps "
    .. "no partial result$"

  it("report betweenness one source at a time and stop when asked",
     function()
    local sys = map()
    local n = #sys
    for _, weighted in ipairs{ true, false } do
      local calls = {}
      local r = sys:centrality("betweenness", { weighted = weighted,
        progress = function(done, total)
          calls[#calls + 1] = done
          assert.are.equal(n, total)
        end })
      -- after each source but the last: 1 .. n - 1 of the n actors
      assert.are.equal(n - 1, #calls)
      for k = 1, n - 1 do assert.are.equal(k, calls[k]) end
      local plain = sys:centrality("betweenness", { weighted = weighted })
      for id, v in pairs(plain) do assert.are.equal(v, r[id]) end
    end
    local progress, calls = stopper(4)
    assert.are.equal("betweenness stopped by the progress function: igraph "
      .. "keeps no partial result", h.error_of(sys.centrality, sys,
        "betweenness", { progress = progress }))
    assert.are.same({ { 1, n }, { 2, n }, { 3, n }, { 4, n } }, calls)
  end)

  it("stop betweenness, closeness, harmonic and eigenvector at the time "
     .. "budget", function()
    local sys = map()
    for _, m in ipairs{ "betweenness", "closeness", "harmonic",
                        "eigenvector" } do
      for _, weighted in ipairs{ true, false } do
        assert.matches("^" .. m .. STOPPED, h.error_of(sys.centrality, sys,
          m, { time_budget = TINY, weighted = weighted }))
      end
    end
    -- one pass over the ties: never checked
    assert.is_table(sys:centrality("degree", { time_budget = TINY }))
    assert.is_table(sys:centrality("pagerank", { time_budget = TINY }))
  end)

  it("give weighted closeness and harmonic the values of one igraph call",
     function()
    -- igraph checks nothing in its weighted closeness, so with a budget or
    -- progress the sources go to it in blocks; every value must be the
    -- one the single call gives
    local sys = map()
    local n = #sys
    for _, m in ipairs{ "closeness", "harmonic" } do
      for _, mode in ipairs{ "out", "in", "all" } do
        for _, normalized in ipairs{ false, true } do
          local calls = {}
          local whole = sys:centrality(m, { mode = mode,
                                            normalized = normalized })
          local blocks = sys:centrality(m, { mode = mode,
            normalized = normalized, time_budget = 1e6,
            progress = function(done, total)
              calls[#calls + 1] = done
              assert.are.equal(n, total)
            end })
          for id, v in pairs(whole) do assert.are.equal(v, blocks[id]) end
          -- 300 sources in blocks of 2 (at most 256 blocks)
          assert.are.equal(149, #calls)
          assert.are.same({ 2, 4, 298 }, { calls[1], calls[2],
                                           calls[#calls] })
        end
      end
    end
  end)

  it("stop Louvain and the layouts at the time budget", function()
    local sys = map()
    assert.matches("^louvain" .. STOPPED, h.error_of(sys.communities, sys,
      { method = "louvain", time_budget = TINY }))
    assert.matches("^layout %(fr%)" .. STOPPED, h.error_of(sys.layout, sys,
      { time_budget = TINY }))
    assert.matches("^layout %(kk%)" .. STOPPED, h.error_of(sys.layout, sys,
      { method = "kk", time_budget = TINY }))
    assert.are.equal("bad argument #1 to 'layout' (time_budget: must be a "
      .. "positive finite number of seconds, not 0)", h.error_of(function()
        sys:layout{ time_budget = 0 }
      end))
    -- Leiden always finishes its first iteration: a partition
    local r = sys:communities{ time_budget = TINY }
    assert.are.equal("time_budget", r.stopped)
    assert.is_true(r.count >= 1)
  end)

  it("leave igraph as it was: the next calls run to the end", function()
    local sys = map()
    local before = sys:centrality("betweenness")
    local lay = sys:layout{ iterations = 30 }
    local louvain = sys:communities{ method = "louvain" }
    h.error_of(sys.centrality, sys, "betweenness", { time_budget = TINY })
    h.error_of(sys.layout, sys, { time_budget = TINY })
    h.error_of(sys.communities, sys, { method = "louvain",
                                       time_budget = TINY })
    local after = sys:centrality("betweenness")
    for id, v in pairs(before) do assert.are.equal(v, after[id]) end
    local lay2 = sys:layout{ iterations = 30 }
    for id, p in pairs(lay) do assert.are.same(p, lay2[id]) end
    local louvain2 = sys:communities{ method = "louvain" }
    assert.are.same(louvain.membership, louvain2.membership)
  end)

  it("let the progress function analyse another system, even one that "
     .. "fails", function()
    local sys, other = map(), map()
    local want = other:centrality("betweenness")
    local got, failures, calls = nil, 0, 0
    local r = sys:centrality("betweenness", { progress = function(done)
      calls = calls + 1
      if done == 10 then
        -- a nested igraph call, itself bounded, and one that fails
        got = other:centrality("betweenness", { progress = function() end })
        if not pcall(require("diplomat.core")._igraph_selftest) then
          failures = failures + 1
        end
        assert.matches("stopped at its time budget", h.error_of(
          other.layout, other, { time_budget = TINY }))
      end
    end })
    assert.are.equal(#sys - 1, calls)
    assert.are.equal(1, failures)
    for id, v in pairs(want) do assert.are.equal(v, got[id]) end
    local plain = sys:centrality("betweenness")
    for id, v in pairs(plain) do assert.are.equal(v, r[id]) end
  end)

  it("re-raise an error of the progress function, the system busy while "
     .. "it runs", function()
    local sys = map()
    local seen
    h.error_of(sys.centrality, sys, "betweenness", { progress = function()
      seen = h.error_of(sys.centrality, sys, "degree")
      return false
    end })
    assert.matches("busy", seen)
    local ok, err = pcall(sys.centrality, sys, "closeness", {
      weighted = false, progress = function() error({ code = 3 }) end })
    assert.is_false(ok)
    assert.are.same({ code = 3 }, err)
    assert.are.equal("boom", h.error_of(sys.centrality, sys, "harmonic",
      { progress = function() error("boom", 0) end }))
    assert.is_true(sys:check())
  end)
end)

-- }======
