-- Opinion dynamics (csrc/dynamics.c, csrc/lua_dynamics.c):
-- sys:dynamics, Friedkin-Johnsen over chosen layers.  References:
-- DeGroot's consensus in Jackson's example (../shared/MODELS.md), a
-- three-actor case and small cases solved by hand below, and a direct
-- linear solve with NumPy on a random system and on the karate club
-- (spec/fixtures/dynamics.lua, written by spec/fixtures/make_dynamics.py).
local diplomat = require "diplomat"
local graphs = require "spec.fixtures.graphs"
local fixture = require "spec.fixtures.dynamics"
local h = require "spec.helpers"

local error_of = h.error_of

local function near(expected, actual, tol, what)
  assert.is_true(type(actual) == "number" and
    math.abs(expected - actual) <= tol,
    ("%s: expected %.17g, got %s"):format(what or "value", expected,
      tostring(actual)))
end

-- Asserts that t holds exactly the keys of expected, values within tol.
local function same(expected, t, tol, what)
  assert.are.same(h.sorted_keys(expected), h.sorted_keys(t), what)
  for k, v in pairs(expected) do
    near(v, t[k], tol, (what or "") .. " " .. k)
  end
end

-- A system with actors, one issue "i" (0..100, status quo 10), layers
-- and ties { from, to, weight, layer } and positions { id = { x, s } }.
local function system(d)
  local sys = diplomat.new{ name = "dynamics" }
  for _, l in ipairs(d.layers or { { id = "ties" } }) do sys:add_layer(l) end
  for _, id in ipairs(d.actors) do sys:add_actor{ id = id } end
  for _, t in ipairs(d.ties or {}) do
    sys:add_tie{ from = t[1], to = t[2], weight = t[3] or 1,
                 layer = t[4] or "ties" }
  end
  sys:add_issue{ id = "i", status_quo = 10 }
  for id, p in pairs(d.positions or {}) do
    sys:set_position(id, "i", p[1], p[2] or 1)
  end
  return sys
end

local METHODS = { "iterate", "solve" }

-- opts with method m and a tight tolerance (for "iterate").
local function with(opts, m)
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  o.method = m
  if m == "iterate" and o.tol == nil then o.tol = 1e-13 end
  return o
end

--[==[ DeGroot, Jackson (Social and Economic Networks, 2008, ch. 8):
  T = [[1/3, 1/3, 1/3], [1/2, 1/2, 0], [0, 1/4, 3/4]], T_ij the weight
  i puts on j.  Here: a listens to b and c (ties b -> a, c -> a, weight
  1) and to itself (self-weight 1); b to a and itself (1, 1); c to b (1)
  and itself (3).  Susceptibility 1 everywhere.  The consensus is s x(0)
  with s the left unit eigenvector of T, s = (3/11, 4/11, 4/11):
  s T = (1/11 + 2/11, 1/11 + 2/11 + 1/11, 1/11 + 3/11) = s.  From
  x(0) = (0, 55, 99): 4/11 * 55 + 4/11 * 99 = 20 + 36 = 56.
]==]
local function jackson()
  return system{
    layers = { { id = "listens", directed = true } },
    actors = { "a", "b", "c" },
    ties = { { "b", "a", 1, "listens" }, { "c", "a", 1, "listens" },
             { "a", "b", 1, "listens" }, { "b", "c", 1, "listens" } },
    positions = { a = { 0, 0.5 }, b = { 55, 0.5 }, c = { 99, 0.5 } },
  }
end
local JACKSON = { susceptibility = 1, self_weight = { a = 1, b = 1, c = 3 } }

--[==[ Friedkin-Johnsen by hand.  Undirected ties a - b, b - c (weight 1),
  self-weight 1 each, so
    W = [[1/2, 1/2, 0], [1/3, 1/3, 1/3], [0, 1/2, 1/2]];
  susceptibility a 0, b 1/2, c 1; x(0) = (20, 60, 100).
    x_a = x0_a = 20
    x_c = (x_b + x_c) / 2  =>  x_c = x_b
    x_b = 1/2 (x_a + x_b + x_c) / 3 + 1/2 x0_b = (x_a + 2 x_b) / 6 + 30
        =>  (2/3) x_b = 20/6 + 30  =>  x_b = 50,  x_c = 50.
  V = (I - LW)^-1 (I - L): c has no anchor (1 - lambda_c = 0), so column
  c is 0; row a = (1, 0, 0); x_b = x0_a / 4 + 3 x0_b / 4 from the same
  algebra, so rows b and c = (1/4, 3/4, 0).  Rows sum to 1.
]==]
local function three()
  return system{
    actors = { "a", "b", "c" },
    ties = { { "a", "b" }, { "b", "c" } },
    positions = { a = { 20 }, b = { 60 }, c = { 100 } },
  }
end
local THREE = { susceptibility = { a = 0, b = 0.5, c = 1 }, self_weight = 1 }

-- The system of a fixture case.
local function fixture_system(case)
  local sys
  if case.system == "karate" then
    sys = graphs.system("karate")
    sys:add_issue{ id = "pooling" }
    for _, p in ipairs(fixture.karate_positions) do
      sys:set_position(p[1], "pooling", p[2], p[3])
    end
    return sys
  end
  local d = fixture.random
  sys = diplomat.new{ name = "random" }
  for _, l in ipairs(d.layers) do sys:add_layer(l) end
  for _, id in ipairs(d.actors) do sys:add_actor{ id = id } end
  for _, t in ipairs(d.ties) do
    sys:add_tie{ from = t[1], to = t[2], weight = t[3], layer = t.layer }
  end
  sys:add_issue(d.issue)
  for _, p in ipairs(d.positions) do
    sys:set_position(p[1], d.issue.id, p[2], p[3])
  end
  return sys
end

describe("System:dynamics", function()
  describe("DeGroot (susceptibility 1)", function()
    it("reaches the consensus s x(0), s = (3/11, 4/11, 4/11)", function()
      local r = jackson():dynamics("i", with(JACKSON, "iterate"))
      assert.is_true(r.converged)
      assert.are.equal("iterate", r.method)
      same({ a = 56, b = 56, c = 56 }, r.positions, 1e-9)
    end)

    it("gives every actor the influence row s", function()
      local r = jackson():dynamics("i", with({ susceptibility = 1,
        self_weight = JACKSON.self_weight, influence = true }, "iterate"))
      for _, id in ipairs{ "a", "b", "c" } do
        same({ a = 3 / 11, b = 4 / 11, c = 4 / 11 }, r.influence[id], 1e-9,
          "row " .. id)
      end
    end)

    it("has no closed form: 'solve' reports a singular system", function()
      local r = jackson():dynamics("i", with(JACKSON, "solve"))
      assert.is_false(r.converged)
      assert.is_true(r.singular)
      assert.are.equal(0, r.iterations)
      -- the starting positions, unchanged
      same({ a = 0, b = 55, c = 99 }, r.positions, 0)
      assert.is_nil(r.influence)
    end)
  end)

  describe("Friedkin-Johnsen", function()
    for _, m in ipairs(METHODS) do
      it("solves the three-actor case by hand (" .. m .. ")", function()
        local o = with(THREE, m)
        o.influence = true
        local r = three():dynamics("i", o)
        assert.is_true(r.converged)
        same({ a = 20, b = 50, c = 50 }, r.positions, 1e-9)
        same({ a = 1, b = 0, c = 0 }, r.influence.a, 1e-9, "row a")
        same({ a = 0.25, b = 0.75, c = 0 }, r.influence.b, 1e-9, "row b")
        same({ a = 0.25, b = 0.75, c = 0 }, r.influence.c, 1e-9, "row c")
      end)
    end

    it("gives the rows asked for", function()
      local r = three():dynamics("i", { susceptibility = THREE.susceptibility,
        self_weight = 1, influence = { "b" } })
      assert.are.same({ "b" }, h.sorted_keys(r.influence))
    end)

    for _, case in ipairs(fixture.cases) do
      for _, m in ipairs(METHODS) do
        it("matches a direct solve with NumPy: " .. case.name .. " (" .. m
           .. ")", function()
          local sys = fixture_system(case)
          local o = with(case.opts, m)
          local rows = {}
          for id in pairs(case.influence) do rows[#rows + 1] = id end
          table.sort(rows)
          o.influence = rows
          local issue = case.system == "karate" and "pooling"
            or fixture.random.issue.id
          local r = sys:dynamics(issue, o)
          assert.is_true(r.converged)
          same(case.positions, r.positions, 1e-9, "positions")
          for id, row in pairs(case.influence) do
            same(row, r.influence[id], 1e-10, "row " .. id)
            local sum = 0
            for _, v in pairs(r.influence[id]) do sum = sum + v end
            near(1, sum, 1e-9, "row sum " .. id)
          end
        end)
      end
    end

    it("converges to within tol of the solution by default", function()
      local case = fixture.cases[1]
      local r = fixture_system(case):dynamics("pooling", {})
      assert.is_true(r.converged)
      assert.is_true(r.iterations > 1)
      -- tol 1e-9 of the 0..100 scale
      same(case.positions, r.positions, 1e-7)
    end)

    it("uses Friedkin's coupling: susceptibility 1 - W_ii", function()
      -- a - b, self-weights a 1, b 3: W_aa = 1/2, W_bb = 3/4, so lambda
      -- a 1/2, b 1/4.  x_a = 1/2 (x_a + x_b) / 2 + 1/2 x0_a,
      -- x_b = 1/4 (x_a + 3 x_b) / 4 + 3/4 x0_b.  From (0, 100):
      -- 3 x_a = x_b and (13/16) x_b = x_a / 16 + 75, so x_b = 75 * 48 / 38
      -- = 1800/19, x_a = 600/19.
      local sys = system{ actors = { "a", "b" }, ties = { { "a", "b" } },
        positions = { a = { 0 }, b = { 100 } } }
      for _, m in ipairs(METHODS) do
        local r = sys:dynamics("i", with({ susceptibility = "coupled",
          self_weight = { a = 1, b = 3 } }, m))
        same({ a = 600 / 19, b = 1800 / 19 }, r.positions, 1e-9, m)
      end
    end)

    it("reads susceptibility and self-weight from actor fields", function()
      -- the Friedkin's-coupling case again, from attributes: a
      -- susceptibility 1/2 (attrs.openness), self-weights from capability
      local sys = system{ actors = { "a", "b" }, ties = { { "a", "b" } },
        positions = { a = { 0 }, b = { 100 } } }
      sys:set("a", "attrs.openness", 0.5)
      sys:set("b", "attrs.openness", 0.25)
      sys:set("a", "capability", 1)
      sys:set("b", "capability", 3)
      local r = sys:dynamics("i", with({ susceptibility = "attrs.openness",
        self_weight = "capability" }, "solve"))
      same({ a = 600 / 19, b = 1800 / 19 }, r.positions, 1e-9)
    end)

    it("defaults susceptibility to 1 - salience, actor by actor", function()
      -- a - b, self-weight 1: W = [[1/2, 1/2], [1/2, 1/2]].  Saliences a 1
      -- (holds its position), b 0.5 (lambda 1/2):
      -- x_b = 1/2 (0 + x_b) / 2 + 1/2 * 100 => x_b = 200/3.  A table
      -- overrides b only: lambda_b = 0 keeps b at 100.
      local sys = system{ actors = { "a", "b" }, ties = { { "a", "b" } },
        positions = { a = { 0, 1 }, b = { 100, 0.5 } } }
      local r = sys:dynamics("i", with({ self_weight = 1 }, "solve"))
      same({ a = 0, b = 200 / 3 }, r.positions, 1e-9)
      r = sys:dynamics("i", with({ self_weight = 1,
        susceptibility = { b = 0 } }, "solve"))
      same({ a = 0, b = 100 }, r.positions, 1e-9)
    end)

    it("defaults the self-weight to the mean weight of incoming ties",
       function()
      -- a listens to b (weight 3) and c (weight 1): self-weight 2, so
      -- W_a = (2, 3, 1) / 6.  b and c hold (salience 1); a is open:
      -- x_a = (2 x_a + 3 * 100 + 0) / 6 => x_a = 75.
      local sys = system{ layers = { { id = "l", directed = true } },
        actors = { "a", "b", "c" },
        ties = { { "b", "a", 3, "l" }, { "c", "a", 1, "l" } },
        positions = { a = { 50, 0 }, b = { 100, 1 }, c = { 0, 1 } } }
      for _, m in ipairs(METHODS) do
        local r = sys:dynamics("i", with({}, m))
        same({ a = 75, b = 100, c = 0 }, r.positions, 1e-9, m)
        r = sys:dynamics("i", with({ self_weight = "mean" }, m))
        same({ a = 75, b = 100, c = 0 }, r.positions, 1e-9, m)
      end
    end)
  end)

  describe("on the edge cases", function()
    it("returns no positions when no one holds one", function()
      local sys = system{ actors = { "a", "b" }, ties = { { "a", "b" } } }
      for _, m in ipairs(METHODS) do
        local r = sys:dynamics("i", { method = m })
        assert.are.same({}, r.positions)
        assert.is_true(r.converged)
      end
    end)

    it("works on an empty system", function()
      local sys = diplomat.new{}
      sys:add_issue{ id = "i" }
      local r = sys:dynamics("i")
      assert.are.same({}, r.positions)
      assert.is_true(r.converged)
      assert.are.same({}, sys:dynamics("i", { influence = true }).influence)
    end)

    it("leaves one actor where it stands", function()
      local sys = system{ actors = { "a" }, positions = { a = { 42, 0 } } }
      for _, m in ipairs(METHODS) do
        local r = sys:dynamics("i", { method = m, influence = true })
        assert.is_true(r.converged)
        same({ a = 42 }, r.positions, 0)
        same({ a = 1 }, r.influence.a, 0)
      end
    end)

    it("leaves isolated actors where they stand", function()
      local sys = system{ actors = { "a", "b", "c" }, ties = { { "a", "b" } },
        positions = { a = { 0, 0 }, b = { 100, 0 }, c = { 30, 0 } } }
      -- a and b (susceptibility 1, self-weight 1) meet at 50; c is alone
      local r = sys:dynamics("i", { tol = 1e-13 })
      same({ a = 50, b = 50, c = 30 }, r.positions, 1e-9)
    end)

    it("counts a self-tie as attention to oneself", function()
      -- a - b (weight 1) and a self-tie on a (weight 2), self-weight 0:
      -- W = [[2/3, 1/3], [1, 0]].  DeGroot: s = s W gives s = (3/4, 1/4);
      -- from (0, 100) the consensus is 25.
      local sys = system{
        layers = { { id = "ties" }, { id = "me", self_ties = true } },
        actors = { "a", "b" }, ties = { { "a", "b" }, { "a", "a", 2, "me" } },
        positions = { a = { 0, 0 }, b = { 100, 0 } } }
      local r = sys:dynamics("i", { self_weight = 0, tol = 1e-13,
        influence = { "a" } })
      same({ a = 25, b = 25 }, r.positions, 1e-9)
      same({ a = 0.75, b = 0.25 }, r.influence.a, 1e-9)
      -- without the layer of self-ties: W = [[0, 1], [1, 0]] swaps the
      -- two for ever; that is reported, not hidden
      r = sys:dynamics("i", { self_weight = 0, layers = { "ties" },
        max_iterations = 500 })
      assert.is_false(r.converged)
      assert.are.equal(500, r.iterations)
    end)

    it("combines parallel ties across layers as asked", function()
      -- a hears b in two layers (1 + 2) and c in one (1); self-weight 0;
      -- b and c hold (salience 1), a is open.  sum: x_a = (3 * 100 + 0) /
      -- 4 = 75; max: (2 * 100) / 3; count: (2 * 100) / 3.
      local sys = system{ layers = { { id = "l1" }, { id = "l2" } },
        actors = { "a", "b", "c" },
        ties = { { "a", "b", 1, "l1" }, { "a", "b", 2, "l2" },
                 { "a", "c", 1, "l1" } },
        positions = { a = { 50, 0 }, b = { 100, 1 }, c = { 0, 1 } } }
      local expect = { sum = 75, max = 200 / 3, count = 200 / 3 }
      for rule, x in pairs(expect) do
        local r = sys:dynamics("i", { combine = rule, self_weight = 0,
          method = "solve" })
        near(x, r.positions.a, 1e-9, rule)
      end
    end)

    it("follows direction: a tie from b to a moves a, not b", function()
      -- self-weight mean (1), susceptibility 1.  Directed b -> a: a
      -- averages itself with b and ends at b's 100; b hears no one.
      -- Undirected: both average, meeting at 50.
      local d = { actors = { "a", "b" },
        positions = { a = { 0, 0 }, b = { 100, 0 } } }
      d.layers = { { id = "l", directed = true } }
      d.ties = { { "b", "a", 1, "l" } }
      local r = system(d):dynamics("i", { tol = 1e-13 })
      same({ a = 100, b = 100 }, r.positions, 1e-9)
      d.layers = { { id = "l" } }
      r = system(d):dynamics("i", { tol = 1e-13 })
      same({ a = 50, b = 50 }, r.positions, 1e-9)
    end)

    it("counts every tie as 1 with weighted = false", function()
      -- the self-weight case above, unweighted: W_a = (1, 1, 1) / 3,
      -- x_a = (x_a + 100 + 0) / 3 => x_a = 50
      local sys = system{ layers = { { id = "l", directed = true } },
        actors = { "a", "b", "c" },
        ties = { { "b", "a", 3, "l" }, { "c", "a", 1, "l" } },
        positions = { a = { 50, 0 }, b = { 100, 1 }, c = { 0, 1 } } }
      local r = sys:dynamics("i", { weighted = false, method = "solve" })
      same({ a = 50, b = 100, c = 0 }, r.positions, 1e-9)
    end)

    it("leaves out actors without a position, or starts them at the " ..
       "status quo", function()
      -- chain a - b - c; b holds no position.  a holds 0 (salience 1),
      -- c is open (salience 0).  Omitted, b relays nothing: c has no one
      -- to hear and stays at 90.  At the status quo (10, salience 0), b
      -- relays: with self-weights 1, x_b = (0 + x_b + x_c) / 3 and
      -- x_c = (x_b + x_c) / 2, so x_c = x_b = 0.
      local sys = system{ actors = { "a", "b", "c" },
        ties = { { "a", "b" }, { "b", "c" } },
        positions = { a = { 0, 1 }, c = { 90, 0 } } }
      local r = sys:dynamics("i", { method = "solve", self_weight = 1 })
      same({ a = 0, c = 90 }, r.positions, 1e-9)
      r = sys:dynamics("i", { method = "solve", self_weight = 1,
        missing = "status_quo", influence = { "b" } })
      same({ a = 0, b = 0, c = 0 }, r.positions, 1e-9)
      same({ a = 1, b = 0, c = 0 }, r.influence.b, 1e-9)
    end)

    it("reports non-convergence after max_iterations", function()
      local r = fixture_system(fixture.cases[1]):dynamics("pooling",
        { max_iterations = 2 })
      assert.is_false(r.converged)
      assert.are.equal(2, r.iterations)
    end)

    it("leaves the system unchanged", function()
      local sys = three()
      local before = sys:encode()
      sys:dynamics("i", { influence = true })
      assert.are.equal(before, sys:encode())
    end)
  end)

  describe("rejects", function()
    local sys = three()
    sys:set("a", "attrs.note", "text")
    sys:set("b", "attrs.openness", 2)
    sys:add_issue{ id = "nosq" }
    local function msg(n, m)
      return ("bad argument #%d to 'dynamics' (%s)"):format(n, m)
    end
    local cases = {
      { nil, nil, msg(1, "string expected, got nil") },
      { 5, nil, msg(1, "string expected, got number") },
      { "zz", nil, msg(1, "unknown issue 'zz'") },
      { "i", 5, msg(2, "table expected, got number") },
      { "i", { bogus = 1 }, msg(2, "unknown option 'bogus'") },
      { "i", { layers = { "zz" } }, msg(2, "layers: unknown layer 'zz'") },
      { "i", { weighted = 1 }, msg(2, "weighted: must be true or false") },
      { "i", { susceptibility = 1.5 },
        msg(2, "susceptibility: 1.5 is out of range (must be in [0, 1])") },
      { "i", { susceptibility = -0.1 },
        msg(2, "susceptibility: -0.1 is out of range (must be in [0, 1])") },
      { "i", { susceptibility = 0 / 0 },
        msg(2, "susceptibility: must be a number, not NaN") },
      { "i", { self_weight = { a = 0 / 0 } },
        msg(2, "self_weight: the value for 'a' must be a number, not NaN") },
      { "i", { susceptibility = true }, msg(2, "susceptibility: must be a "
        .. "number in [0, 1], a table by actor id, \"coupled\", "
        .. "\"capability\" or \"attrs.<name>\"") },
      { "i", { susceptibility = "salience" }, msg(2, "susceptibility: "
        .. "unknown actor field 'salience' (a number in [0, 1], a table by "
        .. "actor id, \"coupled\", \"capability\" or \"attrs.<name>\")") },
      { "i", { susceptibility = { zz = 1 } },
        msg(2, "susceptibility: unknown actor 'zz'") },
      { "i", { susceptibility = { 0.5 } },
        msg(2, "susceptibility: keys must be actor ids") },
      { "i", { susceptibility = { a = "x" } },
        msg(2, "susceptibility: the value for 'a' must be a number") },
      { "i", { susceptibility = { a = 2 } },
        msg(2, "susceptibility: actor 'a' has 2 (must be in [0, 1])") },
      { "i", { susceptibility = "attrs.openness" },
        msg(2, "susceptibility: actor 'b' has 2 (must be in [0, 1])") },
      { "i", { susceptibility = "attrs.note" },
        msg(2, "susceptibility: attrs.note of actor 'a' is not a number") },
      { "i", { susceptibility = "attrs.none" },
        msg(2, "susceptibility: no actor in the model has attrs.none") },
      { "i", { self_weight = -1 }, msg(2, "self_weight: -1 is out of range "
        .. "(must be a finite number >= 0)") },
      { "i", { self_weight = math.huge }, msg(2, "self_weight: inf is out "
        .. "of range (must be a finite number >= 0)") },
      { "i", { self_weight = { b = -2 } }, msg(2, "self_weight: actor 'b' "
        .. "has -2 (must be a finite number >= 0)") },
      { "i", { self_weight = "coupled" }, msg(2, "self_weight: unknown "
        .. "actor field 'coupled' (a number >= 0, a table by actor id, "
        .. "\"mean\", \"capability\" or \"attrs.<name>\")") },
      { "i", { missing = "zero" }, msg(2, "missing: unknown missing 'zero' "
        .. "(expected \"omit\" or \"status_quo\")") },
      { "i", { missing = 0 },
        msg(2, "missing: must be \"omit\" or \"status_quo\"") },
      { "nosq", { missing = "status_quo" },
        msg(2, "missing: issue 'nosq' has no status quo") },
      { "i", { method = "exact" }, msg(2, "method: unknown method 'exact' "
        .. "(expected \"iterate\" or \"solve\")") },
      { "i", { tol = -1 }, msg(2, "tol: must be a finite number >= 0") },
      { "i", { tol = "1" }, msg(2, "tol: must be a finite number >= 0") },
      { "i", { max_iterations = 0 }, msg(2, "max_iterations: must be an "
        .. "integer from 1 to 1000000000") },
      { "i", { max_iterations = 2.5 }, msg(2, "max_iterations: must be an "
        .. "integer from 1 to 1000000000") },
      { "i", { influence = "a" },
        msg(2, "influence: must be true or an array of actor ids") },
      { "i", { influence = {} }, msg(2, "influence: the list is empty") },
      { "i", { influence = { 1 } },
        msg(2, "influence: must be true or an array of actor ids") },
      { "i", { influence = { "zz" } },
        msg(2, "influence: unknown actor 'zz'") },
    }
    for _, c in ipairs(cases) do
      it(c[3], function()
        h.rejects(sys, c[3], function() return sys:dynamics(c[1], c[2]) end)
      end)
    end

    it("influence rows of actors without a position", function()
      local s2 = system{ actors = { "a", "b" }, positions = { a = { 1 } } }
      h.rejects(s2, msg(2, "influence: actor 'b' holds no position on 'i'"),
        function() return s2:dynamics("i", { influence = { "b" } }) end)
    end)

    it("'solve' on more than 1000 actors", function()
      local s2 = diplomat.new{}
      s2:add_issue{ id = "i" }
      for k = 1, 1001 do
        local id = "a" .. k
        s2:add_actor{ id = id }
        s2:set_position(id, "i", 50)
      end
      h.rejects(s2, msg(2, "method: 'solve' takes at most 1000 actors (this "
        .. "model has 1001; use 'iterate')"),
        function() return s2:dynamics("i", { method = "solve" }) end)
      assert.is_true(s2:dynamics("i").converged)
    end)

    it("a closed system", function()
      local s2 = three()
      s2:close()
      assert.are.equal("diplomat: the system is closed",
        error_of(function() return s2:dynamics("i") end))
    end)
  end)
end)
