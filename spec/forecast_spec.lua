-- sys:forecast: the static models (compromise, median, Nash), the
-- perturbation of inputs, and every way of calling it wrong.  The EU
-- model has its own spec (eu_model_spec.lua).
--
-- References: hand computations written out below; the unit tests of the
-- Decide software and the weighted-median teaching example quoted in
-- ../shared/MODELS.md; for perturb, spec/fixtures/perturb.lua, from an
-- independent Python implementation of the generator and the models
-- (spec/fixtures/make_perturb.py).
local diplomat = require "diplomat"
local h = require "spec.helpers"
local perturbed = require "spec.fixtures.perturb"

local error_of = h.error_of

-- A system with one issue (scale lo..hi, optional status quo) and actors
-- given as { id, capability, position, salience } (position nil: the
-- actor exists but holds no position on the issue).
local function issue(actors, lo, hi, sq)
  local sys = diplomat.new{ name = "forecast" }
  sys:add_issue{ id = "i", min = lo or 0, max = hi or 100, status_quo = sq }
  for _, a in ipairs(actors) do
    sys:add_actor{ id = a[1], capability = a[2] }
    if a[3] then sys:set_position(a[1], "i", a[3], a[4] or 1) end
  end
  return sys
end

local function outcome(sys, opts)
  return sys:forecast("i", opts).outcome
end

describe("System:forecast", function()
  describe("with the compromise model", function()
    it("is the default model", function()
      local r = issue{ { "a", 1, 0 }, { "b", 1, 100 } }:forecast("i")
      assert.are.equal("compromise", r.model)
      assert.are.equal("i", r.issue)
      assert.are.equal(2, r.actors)
    end)

    it("passes Decide's unit tests", function()
      -- {a: 0, b: 100}, equal weights -> 50
      assert.near(50, outcome(issue{ { "a", 1, 0 }, { "b", 1, 100 } }),
        1e-12)
      -- {a: 0, b: 100, c: 100} -> 200 / 3
      assert.near(200 / 3, outcome(issue{ { "a", 1, 0 }, { "b", 1, 100 },
        { "c", 1, 100 } }), 1e-12)
      -- two actors, two issues, saliences 10/60 and 90/50 on Decide's
      -- 0-100 scale (here / 100): issue 1: 60 * 100 / 70 = 85 + 5/7;
      -- issue 2: 50 * 100 / 140 = 35 + 5/7
      assert.near(85 + 5 / 7, outcome(issue{ { "a", 1, 0, 0.1 },
        { "b", 1, 100, 0.6 } }), 1e-12)
      assert.near(35 + 5 / 7, outcome(issue{ { "a", 1, 0, 0.9 },
        { "b", 1, 100, 0.5 } }), 1e-12)
    end)

    it("weights positions by capability times salience", function()
      -- (2 * 0.5 * 10 + 1 * 1 * 40 + 4 * 0.25 * 70) / (1 + 1 + 1) = 40
      assert.near(40, outcome(issue{ { "a", 2, 10, 0.5 }, { "b", 1, 40, 1 },
        { "c", 4, 70, 0.25 } }), 1e-12)
    end)

    it("leaves out actors without a position on the issue", function()
      local sys = issue{ { "a", 1, 20 }, { "b", 1, 40 }, { "c", 5 } }
      local r = sys:forecast("i")
      assert.are.equal(2, r.actors)
      assert.near(30, r.outcome, 1e-12)  -- not (20 + 40 + 0) / 3
    end)

    it("gives one actor its own position", function()
      assert.are.equal(42, outcome(issue{ { "a", 3, 42, 0.7 } }))
    end)

    it("lets actors with zero capability or salience count for nothing",
      function()
        assert.near(25, outcome(issue{ { "a", 1, 25 }, { "b", 0, 90 },
          { "c", 2, 60, 0 } }), 1e-12)
      end)

    it("takes capability overrides without changing the system", function()
      local sys = issue{ { "a", 1, 0 }, { "b", 1, 100 }, { "z", 9 } }
      -- a: 3, b: 1 -> (0 * 3 + 100 * 1) / 4 = 25; z has no position
      assert.near(25, outcome(sys, { capability = { a = 3, z = 5 } }),
        1e-12)
      assert.are.equal(1, sys:actor("a").capability)
      assert.near(50, outcome(sys), 1e-12)
    end)
  end)

  describe("with the median model", function()
    -- MODELS.md's teaching example: positions A0 B10 C20 D70 E70 F80
    -- G100 with power 20, 100, 100, 50, 50, 100, 10 (total 430): the
    -- cumulative power from the left is 20, 120, 220 >= 215 at C -> 20
    local teaching = {
      { "A", 20, 0 }, { "B", 100, 10 }, { "C", 100, 20 }, { "D", 50, 70 },
      { "E", 50, 70 }, { "F", 100, 80 }, { "G", 10, 100 },
    }

    it("finds the teaching example's median", function()
      local r = issue(teaching):forecast("i", { model = "median" })
      assert.are.equal(20, r.outcome)
      assert.are.equal("power", r.weight)
    end)

    it("does not depend on the order actors were added in", function()
      local reversed = {}
      for k = #teaching, 1, -1 do reversed[#reversed + 1] = teaching[k] end
      assert.are.equal(20, outcome(issue(reversed), { model = "median" }))
    end)

    it("takes the lower middle position on an exact tie", function()
      -- {a: 0, b: 100} with equal weight: half is reached at 0
      assert.are.equal(0, outcome(issue{ { "a", 1, 0 }, { "b", 1, 100 } },
        { model = "median" }))
      -- 0.1 + 0.2 against 0.3: a tie only up to rounding, still lower
      assert.are.equal(10, outcome(issue{ { "a", 0.1, 10 }, { "b", 0.2, 10 },
        { "c", 0.3, 80 } }, { model = "median" }))
      assert.are.equal(10, outcome(issue{ { "c", 0.3, 10 }, { "a", 0.1, 80 },
        { "b", 0.2, 80 } }, { model = "median" }))
    end)

    it("weighs by capability alone with weight = \"capability\"", function()
      -- a: c 1, s 1 (power 1); b: c 2, s 0.25 (power 0.5)
      local sys = issue{ { "a", 1, 0, 1 }, { "b", 2, 100, 0.25 } }
      assert.are.equal(0, outcome(sys, { model = "median" }))
      local r = sys:forecast("i", { model = "median", weight = "capability" })
      assert.are.equal(100, r.outcome)
      assert.are.equal("capability", r.weight)
    end)

    it("never lands on an actor without weight", function()
      -- b holds 50 with no capability; the median is a's or c's position
      assert.are.equal(10, outcome(issue{ { "a", 1, 10 }, { "b", 0, 50 },
        { "c", 1, 90 } }, { model = "median" }))
    end)
  end)

  describe("with the Nash model", function()
    -- Quadratic loss, sq = 0, a at 60 and b at 100 (capability 1 each):
    -- gains x (120 - x) and x (200 - x) on [0, 100]; maximise
    -- 2 log x + log(120 - x) + log(200 - x): 2/x = 1/(120-x) + 1/(200-x)
    -- -> x^2 - 240 x + 12000 = 0 -> x = 120 - sqrt(2400)
    it("solves a hand-computed quadratic case", function()
      local sys = issue({ { "a", 1, 60 }, { "b", 1, 100 } }, 0, 100, 0)
      local r = sys:forecast("i", { model = "nash" })
      assert.near(120 - math.sqrt(2400), r.outcome, 1e-9)
      assert.are.equal(2, r.p)
      assert.are.equal(0, r.status_quo)
      assert.are.same({ 0, 100 }, r.feasible)
      assert.are.equal(2, r.participants)
      assert.are.equal("capability", r.weight)
    end)

    it("uses capabilities as exponents", function()
      -- a has capability 2: 3/x = 2/(120-x) + 1/(200-x)
      -- -> 6 x^2 - 1480 x + 72000 = 0 -> x = (1480 - 680) / 12 = 200/3
      local sys = issue({ { "a", 2, 60 }, { "b", 1, 100 } }, 0, 100, 0)
      assert.near(200 / 3, outcome(sys, { model = "nash" }), 1e-9)
    end)

    it("solves the linear-loss case at a kink", function()
      -- gains 60 - |x - 60| and 100 - |x - 100|: on [0, 60] the product
      -- is x^2 (rising), on [60, 100] (120 - x) x, falling from 60
      local sys = issue({ { "a", 1, 60 }, { "b", 1, 100 } }, 0, 100, 0)
      local r = sys:forecast("i", { model = "nash", utility = "linear" })
      assert.near(60, r.outcome, 1e-9)
      assert.are.equal(1, r.p)
      assert.near(60, outcome(sys, { model = "nash", p = 1 }), 1e-9)
    end)

    it("keeps the status quo when actors sit on both sides of it",
      function()
        local sys = issue({ { "a", 1, 20 }, { "b", 1, 80 } }, 0, 100, 50)
        local r = sys:forecast("i", { model = "nash" })
        assert.are.equal(50, r.outcome)
        assert.are.same({ 50, 50 }, r.feasible)
      end)

    it("stops at the end of the scale", function()
      -- one actor at 100, sq 0: its gain 100^2 - (x - 100)^2 rises to 100
      local sys = issue({ { "a", 1, 100 } }, 0, 100, 0)
      assert.near(100, outcome(sys, { model = "nash" }), 1e-9)
    end)

    it("narrows the feasible set to what everyone prefers", function()
      -- sq 10; a at 20 accepts [0, 30], b at 90 accepts [-70, 170]
      local sys = issue({ { "a", 1, 20 }, { "b", 1, 90 } }, 0, 100, 10)
      local r = sys:forecast("i", { model = "nash" })
      assert.are.same({ 10, 30 }, r.feasible)
      -- gains 100 - (x-20)^2 = (x-10)(30-x) and (x-10)(170-x):
      -- 2/(x-10) = 1/(30-x) + 1/(170-x); times (x-10)(30-x)(170-x):
      -- 2(5100 - 200x + x^2) + (x^2 - 180x + 1700) + (x^2 - 40x + 300)
      -- = 4x^2 - 620x + 12200 = 0 -> x = (155 - sqrt(11825)) / 2
      assert.near((155 - math.sqrt(11825)) / 2, r.outcome, 1e-9)
    end)

    it("is not moved by salience (Nash's scale invariance)", function()
      local a = issue({ { "a", 1, 60, 0.2 }, { "b", 1, 100, 0.9 } }, 0, 100, 0)
      assert.near(120 - math.sqrt(2400), outcome(a, { model = "nash" }), 1e-9)
    end)

    it("approaches the compromise model as the status quo recedes",
      function()
        -- weights c s as exponents, quadratic loss, sq far below: the
        -- first-order condition tends to sum c s (x_i - x) = 0
        local actors = { { "a", 1, 10, 0.5 }, { "b", 2, 40, 1 },
          { "c", 4, 70, 0.25 } }
        local sys = issue(actors, -1e7, 100, -1e7)
        local nash = outcome(sys, { model = "nash", weight = "power" })
        -- (0.5 * 10 + 2 * 40 + 1 * 70) / 3.5 = 155 / 3.5
        assert.near(155 / 3.5, outcome(sys), 1e-12)
        assert.near(155 / 3.5, nash, 1e-3)
      end)

    it("takes a status quo from the options", function()
      local sys = issue({ { "a", 1, 60 }, { "b", 1, 100 } }, 0, 100)
      assert.near(120 - math.sqrt(2400),
        outcome(sys, { model = "nash", status_quo = 0 }), 1e-9)
    end)

    it("needs a status quo", function()
      local sys = issue({ { "a", 1, 60 } }, 0, 100)
      assert.are.equal("bad argument #2 to 'forecast' (issue 'i' has no " ..
        "status quo: give one with status_quo = x (nash needs a " ..
        "disagreement point))", error_of(function()
          return sys:forecast("i", { model = "nash" })
        end))
    end)
  end)

  describe("with perturbed inputs", function()
    local sys = diplomat.new{ name = "perturbed" }
    sys:add_issue{ id = "i", min = 0, max = 100 }
    for _, a in ipairs(perturbed.actors) do
      sys:add_actor{ id = a.id, capability = a.capability }
      sys:set_position(a.id, "i", a.position, a.salience)
    end

    local function run(case)
      return sys:forecast("i", { model = case.model, perturb = {
        runs = case.runs, position = case.position, salience = case.salience,
        capability = case.capability, seed = case.seed } })
    end

    for _, name in ipairs{ "compromise", "median", "positions_only" } do
      it("matches the independent implementation: " .. name, function()
        local case = perturbed[name]
        local d = run(case).distribution
        assert.are.equal(case.kept, d.runs)
        assert.are.equal(0, d.dropped)
        assert.are.equal(case.seed, d.seed)
        assert.near(case.mean, d.mean, 1e-9)
        assert.near(case.sd, d.sd, 1e-9)
        for _, q in ipairs{ "p05", "p25", "p50", "p75", "p95" } do
          assert.near(case[q], d.quantiles[q], 1e-9)
        end
      end)
    end

    it("keeps the point forecast as the outcome", function()
      local r = run(perturbed.compromise)
      assert.near(outcome(sys), r.outcome, 1e-12)
    end)

    it("gives the same distribution for the same seed", function()
      local a = run(perturbed.median).distribution
      local b = run(perturbed.median).distribution
      assert.are.same(a, b)
      local other = sys:forecast("i", { perturb = { runs = 200, position = 10,
        seed = 43 } }).distribution
      assert.are_not.equal(a.mean, other.mean)
    end)

    it("collapses to the point forecast without noise", function()
      local r = sys:forecast("i", { model = "median", perturb = { runs = 5 } })
      local d = r.distribution
      assert.are.equal(5, d.runs)
      assert.are.equal(r.outcome, d.mean)
      assert.are.equal(0, d.sd)
      assert.are.equal(r.outcome, d.quantiles.p05)
      assert.are.equal(r.outcome, d.quantiles.p95)
    end)

    it("drops runs where noise leaves no weight", function()
      -- one actor with capability 0.01: most draws clamp it to 0
      local one = issue{ { "a", 0.01, 50 } }
      local d = one:forecast("i", { perturb = { runs = 100,
        capability = 1, seed = 3 } }).distribution
      assert.is_true(d.dropped > 20)
      assert.are.equal(100, d.runs + d.dropped)
      assert.are.equal(50, d.mean)
    end)

    it("draws standard normal noise (the ziggurat's distribution)",
      function()
        -- one actor: the outcome is its position 500 + Z.  Against the
        -- standard normal's quantiles (R: qnorm(c(.05, .25)) = -1.644854,
        -- -0.6744898); tolerances are 6 standard errors at 100,000 runs
        -- (mean 1/sqrt(n); sd 1/sqrt(2 n); a quantile sqrt(p (1 - p) /
        -- n) / phi(z_p): 0.0067 at p = 0.05, 0.0043 at 0.25)
        local one = issue({ { "a", 1, 500 } }, 0, 1000)
        local d = one:forecast("i", { perturb = { runs = 100000,
          position = 1, seed = 5 } }).distribution
        assert.near(500, d.mean, 6 / math.sqrt(1e5))
        assert.near(1, d.sd, 6 / math.sqrt(2e5))
        assert.near(500 - 1.644854, d.quantiles.p05, 0.04)
        assert.near(500 - 0.6744898, d.quantiles.p25, 0.026)
        assert.near(500, d.quantiles.p50, 0.024)
        assert.near(500 + 0.6744898, d.quantiles.p75, 0.026)
        assert.near(500 + 1.644854, d.quantiles.p95, 0.04)
      end)

    it("keeps positions on the scale", function()
      local edge = issue({ { "a", 1, 100 } }, 0, 100)
      local d = edge:forecast("i", { perturb = { runs = 200, position = 50,
        seed = 9 } }).distribution
      assert.is_true(d.quantiles.p95 <= 100)
      assert.is_true(d.quantiles.p05 >= 0)
      assert.are.equal(100, d.quantiles.p75)  -- half the draws clamp
    end)

    it("runs the Nash model under noise", function()
      local ns = issue({ { "a", 1, 60 }, { "b", 1, 100 } }, 0, 100, 0)
      local r = ns:forecast("i", { model = "nash", perturb = { runs = 50,
        position = 0 } })
      assert.near(120 - math.sqrt(2400), r.distribution.mean, 1e-9)
    end)
  end)

  describe("rejects", function()
    local sys = issue({ { "a", 1, 20 }, { "b", 2, 80 }, { "z", 1 } }, 0, 100)
    sys:add_issue{ id = "empty" }

    local function err(opts, id)
      return error_of(function() return sys:forecast(id or "i", opts) end)
    end
    -- as a method call, the options are argument #2 and the issue #1
    local function bad(msg)
      return "bad argument #2 to 'forecast' (" .. msg .. ")"
    end

    it("an unknown issue or one nobody holds a position on", function()
      assert.are.equal("bad argument #1 to 'forecast' (unknown issue 'x')",
        err(nil, "x"))
      assert.are.equal("bad argument #1 to 'forecast' (issue 'empty' has " ..
        "no positions)", err(nil, "empty"))
      assert.are.equal("bad argument #1 to 'forecast' (string expected, " ..
        "got number)", err(nil, 1))
    end)

    it("unknown models and options", function()
      assert.are.equal(bad("model: unknown model 'mean' (expected " ..
        "compromise, median, nash or eu)"), err{ model = "mean" })
      assert.are.equal(bad("model: must be a string, not number"),
        err{ model = 1 })
      assert.are.equal(bad("unknown option 'rund'"), err{ rund = 1 })
      assert.are.equal(bad("option names must be strings"), err{ 1 })
      assert.are.equal("bad argument #2 to 'forecast' (table expected, " ..
        "got string)", err("eu"))
    end)

    it("options of another model", function()
      assert.are.equal(bad("option 'rounds' does not apply to model " ..
        "'compromise'"), err{ rounds = 3 })
      assert.are.equal(bad("option 'weight' does not apply to model " ..
        "'compromise'"), err{ weight = "capability" })
      assert.are.equal(bad("option 'status_quo' does not apply to model " ..
        "'median'"), err{ model = "median", status_quo = 3 })
    end)

    it("wrong values", function()
      assert.are.equal(bad("weight: must be \"power\" or \"capability\", " ..
        "not 'votes'"), err{ model = "median", weight = "votes" })
      assert.are.equal(bad("weight: must be \"power\" or \"capability\", " ..
        "not boolean"), err{ model = "median", weight = true })
      assert.are.equal(bad("p: must be between 1 and 64, not 0.5"),
        err{ model = "nash", status_quo = 0, p = 0.5 })
      assert.are.equal(bad("p: must be a number, not NaN"),
        err{ model = "nash", status_quo = 0, p = 0 / 0 })
      assert.are.equal(bad("give utility or p, not both"),
        err{ model = "nash", status_quo = 0, p = 2, utility = "linear" })
      assert.are.equal(bad("utility: must be \"linear\" or \"quadratic\", " ..
        "not 'cubic'"), err{ model = "nash", status_quo = 0,
          utility = "cubic" })
      assert.are.equal(bad("status_quo: must be between 0 and 100, not 101"),
        err{ model = "nash", status_quo = 101 })
      assert.are.equal(bad("status_quo: must be a number, not string"),
        err{ model = "nash", status_quo = "50" })
    end)

    it("bad capability overrides", function()
      assert.are.equal(bad("capability: unknown actor 'x'"),
        err{ capability = { x = 1 } })
      assert.are.equal(bad("capability.a: must be a finite number >= 0, " ..
        "not -1"), err{ capability = { a = -1 } })
      assert.are.equal(bad("capability.a: must be a finite number >= 0, " ..
        "not inf"), err{ capability = { a = math.huge } })
      assert.are.equal(bad("capability.a: must be a finite number >= 0, " ..
        "not NaN"), err{ capability = { a = 0 / 0 } })
      assert.are.equal(bad("capability.a: must be a number, not string"),
        err{ capability = { a = "1" } })
      assert.are.equal(bad("capability: keys must be actor ids"),
        err{ capability = { 1 } })
      assert.are.equal(bad("capability: must be a table { [actor id] = " ..
        "capability }, not number"), err{ capability = 1 })
    end)

    it("an issue where nobody has weight", function()
      assert.are.equal("bad argument #1 to 'forecast' (nothing to weigh " ..
        "on issue 'i': every actor with a position has zero capability " ..
        "or salience)", err{ capability = { a = 0, b = 0 } })
      assert.are.equal("bad argument #1 to 'forecast' (nothing to weigh " ..
        "on issue 'i': every actor with a position has zero capability)",
        err{ model = "median", weight = "capability",
          capability = { a = 0, b = 0 } })
      assert.are.equal("bad argument #1 to 'forecast' (nobody on issue " ..
        "'i' has both capability and salience above 0)",
        err{ model = "nash", status_quo = 50, capability = { a = 0, b = 0 } })
    end)

    it("bad perturbation settings", function()
      assert.are.equal(bad("perturb: unknown option 'sd'"),
        err{ perturb = { sd = 1 } })
      assert.are.equal(bad("perturb.runs: must be between 1 and 100000, " ..
        "not 0"), err{ perturb = { runs = 0 } })
      assert.are.equal(bad("perturb.runs: must be between 1 and 100000, " ..
        "not 1000000"), err{ perturb = { runs = 1000000 } })
      assert.are.equal(bad("perturb.runs: must be an integer, not 2.5"),
        err{ perturb = { runs = 2.5 } })
      assert.are.equal(bad("perturb.position: must be at least 0, not -1"),
        err{ perturb = { position = -1 } })
      assert.are.equal(bad("perturb.salience: must be a number, not NaN"),
        err{ perturb = { salience = 0 / 0 } })
      assert.are.equal(bad("perturb.seed: must be an integer, not string"),
        err{ perturb = { seed = "x" } })
      assert.are.equal(bad("perturb.capability: must be finite, not inf"),
        err{ perturb = { capability = math.huge } })
      assert.are.equal(bad("perturb: must be a table, not boolean"),
        err{ perturb = true })
    end)

    it("and leaves the system as it was", function()
      h.rejects(sys, bad("unknown option 'rund'"), function()
        sys:forecast("i", { rund = 1 })
      end)
    end)
  end)
end)
