-- sys:forecast with model = "eu": the Expected Utility model (Bueno de
-- Mesquita 1994/1997; Scholz, Calbert & Smith 2011), on the EU
-- car-emission data of BDM 1994, Table 1.
--
-- References:
--   * the utility values quoted in ../shared/MODELS.md;
--   * spec/fixtures/eu_round.lua, from spec/fixtures/make_eu_round.py: an
--     independent Python implementation written from the formulas (plain
--     O(n^3) sums, 50-digit decimals for the long runs);
--   * the log of the published Python replication's run on the same data
--     (dmasad/bdm-scholz-expected-utility-model, Example.log; Scholz's
--     choices: probability "scholz", risk "own", compromise "scholz"),
--     quoted below;
--   * invariants (P_i(j) + P_j(i) = 1 under probability "bdm").
local diplomat = require "diplomat"
local core = require "diplomat.core"
local h = require "spec.helpers"
local ref = require "spec.fixtures.eu_round"

local error_of = h.error_of

-- BDM 1994, Table 1: actor, capability, position (years), salience
local CARS = {
  { "Netherlands", 0.08, 4, 0.8 }, { "Belgium", 0.08, 7, 0.4 },
  { "Luxembourg", 0.03, 4, 0.2 }, { "Germany", 0.16, 4, 0.8 },
  { "France", 0.16, 10, 0.6 }, { "Italy", 0.16, 10, 0.6 },
  { "UK", 0.16, 10, 0.9 }, { "Ireland", 0.05, 7, 0.1 },
  { "Denmark", 0.05, 4, 1.0 }, { "Greece", 0.08, 7, 0.7 },
}

local function system(rows, lo, hi)
  local sys = diplomat.new{ name = "EU" }
  sys:add_issue{ id = "cars", min = lo or 0, max = hi or 12 }
  for _, r in ipairs(rows) do
    sys:add_actor{ id = r[1], capability = r[2] }
    sys:set_position(r[1], "cars", r[3], r[4])
  end
  return sys
end

local cars = system(CARS)

local function eu(opts, sys)
  opts = opts or {}
  opts.model = "eu"
  return (sys or cars):forecast("cars", opts)
end

local function copy(t, extra)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  for k, v in pairs(extra or {}) do c[k] = v end
  return c
end

describe("the EU model", function()
  describe("utilities", function()
    local U = core.eu_utilities

    it("give the values quoted in MODELS.md", function()
      -- U_s = 2 - 4 (0.5 - 0.25)^2 = 1.75, U_f = 2 - 4 (0.75)^2 = -0.25
      assert.near(1.75, U(0.5, 2).success, 1e-15)
      assert.near(-0.25, U(0.5, 2).failure, 1e-15)
      -- U_sq = 2 - 4 (0.5)^0.5 = 2 - 2 sqrt 2
      assert.near(-0.828427, U(0, 0.5).status_quo, 1e-6)
      assert.near(2 - 2 * math.sqrt(2), U(0, 0.5).status_quo, 1e-15)
    end)

    it("weigh the distance to the median in U_b and U_w", function()
      -- d = e = 0.5, r = 1: U_b = 2 - 4 (0.5 - 0.25) = 1, U_w = -1
      local u = U(0.5, 1, 0.5)
      assert.near(1, u.better, 1e-15)
      assert.near(-1, u.worse, 1e-15)
      assert.near(0, u.status_quo, 1e-15)
    end)

    it("reject values off their ranges", function()
      assert.matches("d must be in %[0, 1%]", error_of(U, 1.5, 1))
      assert.matches("r must be > 0", error_of(U, 0.5, 0))
      assert.matches("e must be in %[0, 1%]", error_of(U, 0.5, 1, -1))
    end)
  end)

  describe("one round on the car-emission data", function()
    for _, name in ipairs{ "defaults", "scholz", "bdm_own_q",
      "scholz_others_q" } do
      local case = ref[name]
      local opts = copy(case.options, { rounds = 1 })
      if name == "defaults" then opts = { rounds = 1 } end

      describe("with options " .. name, function()
        local r = eu(copy(opts))
        local all = eu(copy(opts, { offers = "all" }))

        it("gives the reference's risk exponents and positions", function()
          assert.are.equal(1, #r.rounds)
          for k, actor in ipairs(ref.actors) do
            assert.near(case.risk[k], r.rounds[1].risk[actor], 1e-12)
            assert.near(case.positions[k], r.rounds[1].positions[actor],
              1e-12)
            assert.near(case.positions[k], r.final[actor], 1e-12)
          end
          assert.near(case.mean, r.rounds[1].mean, 1e-12)
          assert.near(case.median, r.rounds[1].median, 1e-12)
          assert.near(ref.start.mean, r.initial.mean, 1e-12)
          assert.near(ref.start.median, r.initial.median, 1e-12)
        end)

        it("makes the reference's best offers", function()
          local got = {}
          for _, o in ipairs(r.offers) do got[o.to] = o end
          for k, actor in ipairs(ref.actors) do
            local want = case.best[k]
            if not want then
              assert.is_nil(got[actor], actor .. " should get no offer")
            else
              local o = assert(got[actor], actor .. " should get an offer")
              assert.are.equal(want.from, o.from)
              assert.are.equal(want.type, o.type)
              assert.near(want.position, o.position, 1e-12)
              assert.near(want.eu_from, o.eu_from, 1e-12)
              assert.near(want.eu_to, o.eu_to, 1e-12)
            end
          end
        end)

        it("lists every offer of the round with offers = \"all\"", function()
          assert.are.equal(#case.all, #all.offers)
          local got = {}
          for _, o in ipairs(all.offers) do got[o.from .. ">" .. o.to] = o end
          for _, want in ipairs(case.all) do
            local o = assert(got[want.from .. ">" .. want.to])
            assert.are.equal(want.type, o.type)
            assert.near(want.position, o.position, 1e-12)
            assert.near(want.eu_from, o.eu_from, 1e-12)
            assert.near(want.eu_to, o.eu_to, 1e-12)
          end
        end)
      end)
    end
  end)

  describe("against the published replication's run", function()
    -- dmasad/bdm-scholz-expected-utility-model, Example.log (10 rounds).
    -- Its "Median position" lines print the mean; means and Belgium's
    -- moves are quoted here.
    local MEANS = { 7.461314378277189, 7.552500865855845, 7.590144997451547,
      7.358130531334201, 7.3491739896752115, 7.414877545372958,
      7.510457183677219, 7.5724470975503, 7.324989065683666,
      7.242130958473938 }
    local BELGIUM = { 8.415932315426764, 9.610859134120188,
      9.961979590401311, 4.800881140632622, 5.524237694197356,
      7.47204636191629, 8.824593855262423, 9.671129769802048,
      4.144849062500606, 4.291541224979646 }
    local r = eu{ probability = "scholz", risk = "own", compromise = "scholz",
      rounds = 10 }

    it("makes round 1's three moves with the logged expected utilities",
      function()
        local r1 = eu{ probability = "scholz", risk = "own",
          compromise = "scholz", rounds = 1 }
        local by = {}
        for _, o in ipairs(r1.offers) do by[o.to] = o end
        assert.are.equal(3, #r1.offers)
        -- "Belgium compromises with France -0.11483050347300794 vs
        -- 0.2432965945234421 new_pos = 8.415932315426764"
        assert.are.equal("France", by.Belgium.from)
        assert.are.equal("compromise", by.Belgium.type)
        assert.near(-0.11483050347300794, by.Belgium.eu_to, 1e-13)
        assert.near(0.2432965945234421, by.Belgium.eu_from, 1e-13)
        assert.near(8.415932315426764, by.Belgium.position, 1e-12)
        -- "Luxembourg loses confrontation to Belgium 0.24550922248250817
        -- vs 0.542246100211495 new_pos = 7.0"
        assert.are.equal("Belgium", by.Luxembourg.from)
        assert.are.equal("conflict", by.Luxembourg.type)
        assert.near(0.24550922248250817, by.Luxembourg.eu_to, 1e-13)
        assert.near(0.542246100211495, by.Luxembourg.eu_from, 1e-13)
        assert.are.equal(7, by.Luxembourg.position)
        -- "Ireland loses confrontation to Luxembourg 0.5382377664333493
        -- vs 0.6824778252511178 new_pos = 4.0"
        assert.are.equal("Luxembourg", by.Ireland.from)
        assert.near(0.5382377664333493, by.Ireland.eu_to, 1e-13)
        assert.near(0.6824778252511178, by.Ireland.eu_from, 1e-13)
        assert.are.equal(4, by.Ireland.position)
      end)

    it("follows all ten rounds", function()
      assert.are.equal(10, #r.rounds)
      for t = 1, 10 do
        assert.near(MEANS[t], r.rounds[t].mean, 1e-11)
        assert.near(BELGIUM[t], r.rounds[t].positions.Belgium, 1e-11)
      end
      assert.is_false(r.converged)
      assert.is_nil(r.cycle)
    end)
  end)

  describe("over several rounds", function()
    local function check(run, r, upto)
      for t = 1, upto do
        assert.near(run.mean[t], r.rounds[t].mean, 1e-10)
        assert.near(run.median[t], r.rounds[t].median, 1e-10)
      end
    end

    it("converges with the default options as the reference does", function()
      local run = ref.runs.defaults
      local r = eu{ rounds = 50 }
      assert.are.equal(run.rounds, #r.rounds)
      assert.is_true(r.converged)
      assert.is_nil(r.cycle)
      check(run, r, run.rounds)
      for k, actor in ipairs(ref.actors) do
        assert.near(run.final[k], r.final[actor], 1e-12)
      end
      assert.are.equal(7, r.outcome)
      assert.are.equal("median", r.outcome_rule)
      assert.are.same({}, r.offers) -- nobody moved in the last round
    end)

    it("follows the 50-digit reference for 16 rounds", function()
      -- from round 17 doubles and 50 digits part ways (see the fixture)
      local run = ref.runs.scholz_own
      local r = eu(copy(run.options, { rounds = 16 }))
      assert.are.equal(16, #r.rounds)
      check(run, r, 16)
      for k, actor in ipairs(ref.actors) do
        assert.near(run.final[k], r.final[actor], 1e-10)
      end
    end)

    it("agrees with the reference on Scholz's ten rounds", function()
      local run = ref.runs.scholz
      local r = eu(copy(run.options, { rounds = 10 }))
      check(run, r, 10)
    end)

    it("detects an oscillation", function()
      -- a2 and a3 trade places every round (the reference sees the same)
      local run = ref.runs.swap
      local sys = system({ { "a1", 0.4, 0, 0.5 }, { "a2", 0.4, 0, 0.2 },
        { "a3", 0.9, 75, 0.1 }, { "a4", 0.5, 0, 0.9 } }, 0, 100)
      local r = eu({ rounds = 10 }, sys)
      assert.are.equal(run.period, 2)
      assert.are.same({ period = 2, from = 0, to = 2 }, r.cycle)
      assert.are.equal(2, #r.rounds)
      assert.is_false(r.converged)
      check(run, r, 2)
      assert.are.equal(75, r.rounds[1].positions.a2)
      assert.are.equal(0, r.rounds[1].positions.a3)
      assert.are.equal(0, r.rounds[2].positions.a2)
      assert.are.equal(75, r.rounds[2].positions.a3)
    end)

    it("stops at the round limit", function()
      local r = eu{ probability = "scholz", risk = "own",
        compromise = "scholz", rounds = 3 }
      assert.are.equal(3, #r.rounds)
      assert.is_false(r.converged)
    end)
  end)

  describe("invariants", function()
    -- 25 actors with salience 1, q = 1, risk "own": each offer's two
    -- expected utilities are then
    --   EU_ij = P_ij U_s + (1 - P_ij) U_f - U_sq,
    --   EU_ji = P_ji U_s + (1 - P_ji) U_f - U_sq   (same d, same r_i),
    -- so EU_ij + EU_ji = U_s + U_f - 2 U_sq exactly when P_ij + P_ji = 1.
    local rows, seed = {}, 4321
    local function rnd()
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    end
    for k = 1, 25 do
      rows[k] = { "a" .. k, 0.1 + rnd(), math.floor(rnd() * 100), 1 }
    end
    local sys = system(rows, 0, 100)
    local lo, hi = math.huge, -math.huge
    for _, row in ipairs(rows) do
      lo, hi = math.min(lo, row[3]), math.max(hi, row[3])
    end

    local function sums(probability)
      local r = sys:forecast("cars", { model = "eu", rounds = 1, risk = "own",
        probability = probability, offers = "all" })
      local worst, count = 0, 0
      local x = {}
      for _, row in ipairs(rows) do x[row[1]] = row[3] end
      for _, o in ipairs(r.offers) do
        local d = math.abs(x[o.from] - x[o.to]) / (hi - lo)
        local u = core.eu_utilities(d, r.rounds[1].risk[o.to])
        local want = u.success + u.failure - 2 * u.status_quo
        worst = math.max(worst, math.abs(o.eu_from + o.eu_to - want))
        count = count + 1
      end
      return worst, count
    end

    it("P_i(j) + P_j(i) = 1 under probability \"bdm\"", function()
      local worst, count = sums("bdm")
      assert.is_true(count > 20)
      assert.is_true(worst < 1e-12, "largest miss " .. worst)
    end)

    it("every offer moves its receiver toward its proposer", function()
      local r = eu{ offers = "all", rounds = 1 }
      local x = {}
      for _, row in ipairs(CARS) do x[row[1]] = row[3] end
      for _, o in ipairs(r.offers) do
        local lo2, hi2 = math.min(x[o.from], x[o.to]),
          math.max(x[o.from], x[o.to])
        assert.is_true(o.position >= lo2 and o.position <= hi2)
        assert.is_true(o.position ~= x[o.to])
        if o.type ~= "compromise" then
          assert.are.equal(x[o.from], o.position)
        end
      end
    end)
  end)

  describe("edge cases", function()
    it("does nothing when everyone agrees", function()
      local sys = system({ { "a", 1, 30, 0.5 }, { "b", 2, 30, 1 } }, 0, 100)
      local r = eu({ rounds = 10 }, sys)
      assert.is_true(r.converged)
      assert.are.equal(1, #r.rounds)
      assert.are.equal(30, r.outcome)
      assert.are.equal(0, r.delta)
      assert.are.same({}, r.offers)
      assert.are.same({ a = 1, b = 1 }, r.rounds[1].risk)
    end)

    it("runs on one actor", function()
      local sys = system({ { "a", 1, 40, 0.5 } }, 0, 100)
      local r = eu({}, sys)
      assert.are.equal(40, r.outcome)
      assert.is_true(r.converged)
    end)

    it("reports the mean instead of the median when asked", function()
      local r = eu{ rounds = 1, outcome = "mean" }
      assert.near(ref.defaults.mean, r.outcome, 1e-12)
      assert.are.equal("mean", r.outcome_rule)
    end)

    it("leaves out actors without a position", function()
      local sys = system(CARS)
      sys:add_actor{ id = "Spain", capability = 0.16 }
      local r = eu({ rounds = 1 }, sys)
      assert.are.equal(10, r.actors)
      assert.is_nil(r.final.Spain)
      assert.near(ref.defaults.mean, r.rounds[1].mean, 1e-12)
    end)

    it("runs under perturbed inputs, reproducibly", function()
      local opts = { rounds = 5, perturb = { runs = 20, position = 1,
        salience = 0.1, seed = 5 } }
      local a = eu(copy(opts)).distribution
      local b = eu(copy(opts)).distribution
      assert.are.same(a, b)
      assert.are.equal(20, a.runs)
      local still = eu{ rounds = 5, perturb = { runs = 3 } }
      assert.are.equal(still.outcome, still.distribution.mean)
      assert.are.equal(0, still.distribution.sd)
    end)

    if os.getenv("DIPLOMAT_ASAN") == nil then
      it("runs 1,000 actors for 10 rounds in about a second", function()
        local rows, seed = {}, 99
        local function rnd()
          seed = (seed * 1103515245 + 12345) % 2147483648
          return seed / 2147483648
        end
        for k = 1, 1000 do
          rows[k] = { "a" .. k, rnd(), math.floor(rnd() * 1000) / 10, rnd() }
        end
        local sys = system(rows, 0, 100)
        local t0 = os.clock()
        local r = sys:forecast("cars", { model = "eu", rounds = 10, tol = 0 })
        local took = os.clock() - t0
        assert.are.equal(10, #r.rounds)
        assert.is_true(took < 2.5, ("took %.2f s"):format(took))
      end)
    end
  end)

  describe("rejects", function()
    local function err(opts)
      return error_of(function() return eu(opts) end)
    end
    local function bad(msg)
      return "bad argument #2 to 'forecast' (" .. msg .. ")"
    end

    it("unknown choices", function()
      assert.are.equal(bad("probability: must be \"bdm\" or \"scholz\", " ..
        "not 'kapsarc'"), err{ probability = "kapsarc" })
      assert.are.equal(bad("risk: must be \"others\" or \"own\", not 'mine'"),
        err{ risk = "mine" })
      assert.are.equal(bad("compromise: must be \"least_move\" or " ..
        "\"scholz\", not 'midpoint'"), err{ compromise = "midpoint" })
      assert.are.equal(bad("outcome: must be \"median\" or \"mean\", not " ..
        "'mode'"), err{ outcome = "mode" })
      assert.are.equal(bad("offers: must be \"best\" or \"all\", not number"),
        err{ offers = 1 })
    end)

    it("numbers off their ranges", function()
      assert.are.equal(bad("q: must be between 0 and 1, not 1.5"),
        err{ q = 1.5 })
      assert.are.equal(bad("t: must be a number, not NaN"), err{ t = 0 / 0 })
      assert.are.equal(bad("rounds: must be between 1 and 1000, not 0"),
        err{ rounds = 0 })
      assert.are.equal(bad("rounds: must be an integer, not 2.5"),
        err{ rounds = 2.5 })
      assert.are.equal(bad("tol: must be at least 0, not -1"),
        err{ tol = -1 })
      assert.are.equal(bad("option 'p' does not apply to model 'eu'"),
        err{ p = 2 })
    end)

    it("too much work for the perturbation", function()
      assert.are.equal(bad("perturb: 100000 runs of 1000 rounds on 10 " ..
        "actors is too much work (runs x rounds x actors^2 must stay " ..
        "under 2e9)"), err{ rounds = 1000, perturb = { runs = 100000 } })
    end)

    it("more actors than the model takes", function()
      local sys = diplomat.new{ name = "big" }
      sys:add_issue{ id = "cars" }
      for k = 1, 5001 do
        sys:add_actor{ id = "a" .. k, capability = 1 }
        sys:set_position("a" .. k, "cars", k % 100)
      end
      assert.are.equal("bad argument #1 to 'forecast' (the EU model takes " ..
        "at most 5000 actors on an issue; 'cars' has 5001)",
        error_of(function() return eu({}, sys) end))
    end)

    it("an issue without weight", function()
      local sys = system({ { "a", 0, 1, 1 }, { "b", 1, 5, 0 } })
      assert.are.equal("bad argument #1 to 'forecast' (nothing to weigh on " ..
        "issue 'cars': every actor with a position has zero capability " ..
        "or salience)", error_of(function() return eu({}, sys) end))
    end)
  end)
end)
