-- Burt's structural holes (csrc/holes.c, csrc/lua_holes.c):
-- sys:constraint, sys:effective_size and sys:efficiency.  Reference
-- values come from NetworkX 2.8.8 (checked against igraph 0.10.2) in
-- spec/fixtures/holes.lua, written by spec/fixtures/make_holes.py, and
-- from the hand computations written out below.
local diplomat = require "diplomat"
local graphs = require "spec.fixtures.graphs"
local fixture = require "spec.fixtures.holes"
local h = require "spec.helpers"

local error_of = h.error_of
local TOL = 1e-12
local MEASURES = { "constraint", "effective_size", "efficiency" }
-- method calls written out, so that error messages name the method
local CALL = {
  constraint = function(sys, opts) return sys:constraint(opts) end,
  effective_size = function(sys, opts) return sys:effective_size(opts) end,
  efficiency = function(sys, opts) return sys:efficiency(opts) end,
}
-- the methods called on a plain table
local ON_TABLE = {
  constraint = function() return diplomat.System.constraint({}) end,
  effective_size = function() return diplomat.System.effective_size({}) end,
  efficiency = function() return diplomat.System.efficiency({}) end,
}

local function bad(fname, msg)
  return ("bad argument #1 to '%s' (%s)"):format(fname, msg)
end

-- The system of a fixture case: a graph of graphs.lua as it is, or a
-- classic graph made directed (each tie from its first to its second
-- actor, plus the case's `reverse` ties).
local function system_of(case)
  if not case.directed then return graphs.system(case.graph) end
  local g = graphs[case.graph]
  local sys = diplomat.new{ name = case.name }
  sys:add_layer{ id = "ties", directed = true }
  for _, id in ipairs(g.actors) do sys:add_actor{ id = id } end
  for _, t in ipairs(g.ties) do
    sys:add_tie{ from = t[1], to = t[2], weight = t[3] or 1, layer = "ties" }
  end
  for _, t in ipairs(case.reverse) do
    sys:add_tie{ from = t[1], to = t[2], weight = t[3], layer = "ties" }
  end
  return sys
end

-- A copy of opts (the fixture's tables are shared between specs).
local function copy(opts)
  local out = {}
  for k, v in pairs(opts) do out[k] = v end
  return out
end

-- Asserts that result holds exactly the actors of expected, each value
-- within TOL.
local function same(expected, result, what)
  assert.are.same(h.sorted_keys(expected), h.sorted_keys(result), what)
  for id, x in pairs(expected) do
    assert.near(x, result[id], TOL, ("%s: %s"):format(what, id))
  end
end

-- A system with actors ids and one layer holding ties { from, to, w }.
local function small(ids, ties, layer)
  local sys = diplomat.new{ name = "small" }
  layer = layer or {}
  layer.id = layer.id or "ties"
  sys:add_layer(layer)
  for _, id in ipairs(ids) do sys:add_actor{ id = id } end
  for _, t in ipairs(ties) do
    sys:add_tie{ from = t[1], to = t[2], weight = t[3], layer = layer.id }
  end
  return sys
end

-- Every measure of every fixture case: 8 classic graphs (undirected as
-- published, and directed with reciprocated ties), 9 selections of the
-- made-up multi-layer graph.
for _, m in ipairs(MEASURES) do
  describe("System:" .. m, function()
    for _, case in ipairs(fixture.cases) do
      it("matches NetworkX on " .. case.name, function()
        local sys = system_of(case)
        same(case[m], sys[m](sys, copy(case.opts)), case.name)
      end)
    end
  end)
end

describe("Burt's measures", function()
  -- {====== Hand computations ======

  it("give a pair constraint 1, effective size 1 and efficiency 1",
    function()
      -- each has one contact: p = 1, C = p^2 = 1; E = 1 - 0 = 1
      local sys = small({ "a", "b" }, { { "a", "b", 5 } })
      for _, m in ipairs(MEASURES) do
        same({ a = 1, b = 1 }, sys[m](sys), m)
      end
    end)

  it("compute a triangle by hand", function()
    -- every actor: 2 contacts, p = 1/2, each contact also tied to the
    -- other one: c_ij = (1/2 + 1/2 * 1/2)^2 = 9/16, C = 9/8.
    -- E = n - 2t/n = 2 - 2 * 1 / 2 = 1 (Borgatti); efficiency 1/2.
    local sys = small({ "a", "b", "c" },
      { { "a", "b" }, { "b", "c" }, { "a", "c" } })
    same({ a = 9 / 8, b = 9 / 8, c = 9 / 8 }, sys:constraint(), "C")
    same({ a = 1, b = 1, c = 1 }, sys:effective_size(), "E")
    same({ a = 0.5, b = 0.5, c = 0.5 }, sys:efficiency(), "eff")
  end)

  it("compute a weighted directed triangle by hand (mutual weights)",
    function()
      -- a->b 2, b->a 1, a->c 1, c->b 3: mutual weights ab = 2 + 1 = 3,
      -- ac = 1, bc = 3.  Shares: p_ab = 3/4, p_ac = 1/4; p_ba = p_bc =
      -- 1/2; p_ca = 1/4, p_cb = 3/4.
      -- C_a = (3/4 + 1/4 * 3/4)^2 + (1/4 + 3/4 * 1/2)^2
      --     = (15/16)^2 + (5/8)^2 = 225/256 + 100/256 = 325/256
      -- C_b = (1/2 + 1/2 * 1/4)^2 * 2 = 2 * 25/64 = 25/32
      -- C_c = (1/4 + 3/4 * 1/2)^2 + (3/4 + 1/4 * 3/4)^2 = 325/256
      -- Largest mutual weights: M_a = 3, M_b = 3, M_c = 3, so m_xy =
      -- (mutual weight) / 3.
      -- E_a = (1 - p_ac m_bc) + (1 - p_ab m_cb) = (1 - 1/4) + (1 - 3/4) = 1
      -- E_b = (1 - p_bc m_ac) + (1 - p_ba m_ca) = 2 (1 - 1/2 * 1/3) = 5/3
      -- E_c = (1 - p_cb m_ab) + (1 - p_ca m_ba) = (1 - 3/4) + (1 - 1/4) = 1
      local sys = small({ "a", "b", "c" },
        { { "a", "b", 2 }, { "b", "a", 1 }, { "a", "c", 1 },
          { "c", "b", 3 } }, { directed = true })
      same({ a = 325 / 256, b = 25 / 32, c = 325 / 256 },
        sys:constraint(), "C")
      same({ a = 1, b = 5 / 3, c = 1 }, sys:effective_size(), "E")
      same({ a = 1 / 2, b = 5 / 6, c = 1 / 2 }, sys:efficiency(), "eff")
    end)

  it("count 1 per tie when weighted = false", function()
    -- the same triangle unweighted: mutual weights ab = 2 (both ways),
    -- ac = 1, bc = 1.  p_ab = 2/3, p_ac = 1/3; p_ba = 2/3, p_bc = 1/3;
    -- p_ca = p_cb = 1/2.
    -- C_a = (2/3 + 1/3 * 1/2)^2 + (1/3 + 2/3 * 1/3)^2
    --     = (5/6)^2 + (5/9)^2 = 25/36 + 25/81 = 325/324 = C_b (symmetric)
    -- C_c = 2 (1/2 + 1/2 * 2/3)^2 = 2 (5/6)^2 = 25/18
    -- M_a = M_b = 2, M_c = 1.
    -- E_a = (1 - p_ac m_bc) + (1 - p_ab m_cb) = (1 - 1/3 * 1/2)
    --     + (1 - 2/3 * 1) = 5/6 + 1/3 = 7/6 = E_b
    -- E_c = (1 - p_cb m_ab) + (1 - p_ca m_ba) = 2 (1 - 1/2 * 1) = 1
    local sys = small({ "a", "b", "c" },
      { { "a", "b", 2 }, { "b", "a", 1 }, { "a", "c", 1 },
        { "c", "b", 3 } }, { directed = true })
    local opts = { weighted = false }
    same({ a = 325 / 324, b = 325 / 324, c = 25 / 18 },
      sys:constraint(opts), "C")
    same({ a = 7 / 6, b = 7 / 6, c = 1 }, sys:effective_size(opts), "E")
    same({ a = 7 / 12, b = 7 / 12, c = 1 / 2 }, sys:efficiency(opts), "eff")
  end)

  it("see a star's centre as unconstrained and fully efficient", function()
    -- centre: 4 unconnected contacts, p = 1/4 each: C = 4 (1/4)^2 = 1/4,
    -- E = 4, efficiency 1; each leaf: one contact, C = 1, E = 1
    local sys = small({ "c", "1", "2", "3", "4" },
      { { "c", "1" }, { "c", "2" }, { "c", "3" }, { "c", "4" } })
    local leaf = { ["1"] = 1, ["2"] = 1, ["3"] = 1, ["4"] = 1 }
    local function with(x) local t = copy(leaf); t.c = x; return t end
    same(with(1 / 4), sys:constraint(), "C")
    same(with(4), sys:effective_size(), "E")
    same(with(1), sys:efficiency(), "eff")
  end)

  -- }======

  -- {====== The edge-case ladder ======

  it("return an empty table for an empty system", function()
    local sys = diplomat.new{ name = "empty" }
    for _, m in ipairs(MEASURES) do assert.are.same({}, sys[m](sys)) end
    sys:add_layer{ id = "ties" }
    for _, m in ipairs(MEASURES) do assert.are.same({}, sys[m](sys)) end
  end)

  it("give a lone actor 0", function()
    local sys = small({ "a" }, {})
    for _, m in ipairs(MEASURES) do
      assert.are.same({ a = 0 }, sys[m](sys))
    end
  end)

  it("give isolates 0 (not NaN) and leave the others as they were",
    function()
      -- Pucci, the Florentine family without marriage ties; NetworkX and
      -- igraph say NaN (undefined: no ego network)
      local case = fixture.cases[1]
      assert.are.equal("Florentine families", case.name)
      local sys = graphs.system("florentine")
      sys:add_actor{ id = "Pucci" }
      for _, m in ipairs(MEASURES) do
        local expected = copy(case[m])
        expected.Pucci = 0
        same(expected, sys[m](sys), m)
      end
    end)

  it("ignore self-ties", function()
    -- the Medici marry among themselves; nothing changes.  An actor whose
    -- only tie is to itself has no contact: 0.
    local case = fixture.cases[1]
    local sys = graphs.system("florentine")
    sys:add_layer{ id = "self", self_ties = true }
    sys:add_actor{ id = "Pucci" }
    sys:add_tie{ from = "Medici", to = "Medici", layer = "self", weight = 9 }
    sys:add_tie{ from = "Pucci", to = "Pucci", layer = "self" }
    for _, m in ipairs(MEASURES) do
      for _, opts in ipairs{ {}, { weighted = false } } do
        local expected = copy(case[m])
        expected.Pucci = 0
        same(expected, sys[m](sys, opts), m)
      end
    end
    -- and in a directed view
    sys = small({ "a", "b", "c" },
      { { "a", "b", 2 }, { "b", "a", 1 }, { "a", "c", 1 }, { "c", "b", 3 },
        { "a", "a", 7 }, { "c", "c", 1 } },
      { directed = true, self_ties = true })
    same({ a = 325 / 256, b = 25 / 32, c = 325 / 256 }, sys:constraint(),
      "C")
    same({ a = 1, b = 5 / 3, c = 1 }, sys:effective_size(), "E")
  end)

  it("combine parallel ties across layers as the view does", function()
    -- the kite with every tie in two layers, weights 1 and 2: sum gives
    -- 3 everywhere (= unweighted), max 2, count 2: all as the kite
    local case = fixture.cases[2]
    assert.are.equal("Krackhardt's kite", case.name)
    local sys = graphs.system("kite")
    sys:add_layer{ id = "again", informal = true }
    for _, t in ipairs(graphs.kite.ties) do
      sys:set_tie(t[1], t[2], "ties", 1)
      sys:add_tie{ from = t[1], to = t[2], layer = "again", weight = 2 }
    end
    for _, m in ipairs(MEASURES) do
      for _, combine in ipairs{ "sum", "max", "count" } do
        same(case[m], sys[m](sys, { combine = combine }), m)
      end
      same(case[m], sys[m](sys, { informal = true }), m)
      same(case[m], sys[m](sys, { layers = { "ties" } }), m)
    end
  end)

  it("make a directed view when any selected layer is directed",
    function()
      -- an undirected tie a-b plus a directed b->a: the view holds a->b
      -- (1) and b->a (1 + 1 = 2); mutual weight 3.  With c tied to a by
      -- a directed a->c (1): p_ab = 3/4, p_ac = 1/4, p_ba = 1, p_ca = 1.
      -- C_a = (3/4)^2 + (1/4)^2 = 10/16 (b and c are not tied)
      local sys = small({ "a", "b", "c" }, { { "a", "b" } })
      sys:add_layer{ id = "advice", directed = true }
      sys:add_tie{ from = "b", to = "a", layer = "advice" }
      sys:add_tie{ from = "a", to = "c", layer = "advice" }
      same({ a = 10 / 16, b = 1, c = 1 }, sys:constraint(), "C")
      -- only the undirected layer: c is an isolate
      same({ a = 1, b = 1, c = 0 }, sys:constraint{ layers = { "ties" } },
        "C")
    end)

  it("follow changes to the system (the cached view is rebuilt)",
    function()
      local sys = small({ "a", "b", "c" }, { { "a", "b" }, { "b", "c" } })
      same({ a = 1, b = 0.5, c = 1 }, sys:constraint(), "before")
      sys:add_tie{ from = "a", to = "c", layer = "ties" }
      same({ a = 9 / 8, b = 9 / 8, c = 9 / 8 }, sys:constraint(), "after")
      sys:remove_actor("c")
      same({ a = 1, b = 1 }, sys:constraint(), "removed")
    end)

  -- }======

  -- {====== Invalid input ======

  it("reject bad options with a message naming the problem", function()
    local sys = graphs.system("kite")
    for _, m in ipairs(MEASURES) do
      local function call(opts) return error_of(CALL[m], sys, opts) end
      assert.are.equal(bad(m, "table expected, got string"), call("x"))
      assert.are.equal(bad(m, "unknown option 'normalized'"),
        call{ normalized = true })
      assert.are.equal(bad(m, "option names must be strings"),
        call{ true })
      assert.are.equal(bad(m, "weighted: must be true or false"),
        call{ weighted = 1 })
      assert.are.equal(bad(m, "mode: Burt's measures read every tie both "
        .. "ways (weights a_ij + a_ji), so they take no mode"),
        call{ mode = "out" })
      assert.are.equal(bad(m, "layers: unknown layer 'fax'"),
        call{ layers = { "fax" } })
      assert.are.equal(bad(m, "layers: the list is empty"),
        call{ layers = {} })
      assert.are.equal(bad(m, "the layer selection matches no layer"),
        call{ informal = true })
      assert.are.equal(bad(m, "combine: unknown rule 'mean' (expected "
        .. "sum, max or count)"), call{ combine = "mean" })
      assert.are.equal(bad(m, "informal: must be true or false"),
        call{ informal = "yes" })
    end
  end)

  it("refuse a closed system and a non-system", function()
    local sys = graphs.system("kite")
    sys:close()
    for _, m in ipairs(MEASURES) do
      assert.are.equal("diplomat: the system is closed",
        error_of(CALL[m], sys))
      assert.are.equal(("bad argument #1 to '%s' (diplomat.System "
        .. "expected, got table)"):format(m),
        error_of(ON_TABLE[m]))
    end
  end)

  -- }======
end)
