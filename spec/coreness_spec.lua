-- k-core numbers (csrc/coreness.c, csrc/lua_coreness.c): sys:coreness.
-- Reference values: networkx.core_number (NetworkX 2.8.8) for mode
-- "all" and a peeling written from the definition for "in" and "out",
-- both checked against igraph 0.10.2, in spec/fixtures/holes.lua (made by
-- spec/fixtures/make_holes.py); and the hand computations below.
local diplomat = require "diplomat"
local graphs = require "spec.fixtures.graphs"
local fixture = require "spec.fixtures.holes"
local h = require "spec.helpers"

local error_of = h.error_of

local function bad(msg)
  return ("bad argument #1 to 'coreness' (%s)"):format(msg)
end

-- as in holes_spec.lua: a fixture case's system
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

-- The options of a case without `weighted` (coreness has no such
-- option), with mode.
local function options(case, mode)
  local out = { mode = mode }
  for k, v in pairs(case.opts) do
    if k ~= "weighted" then out[k] = v end
  end
  return out
end

local function small(ids, ties, layer)
  local sys = diplomat.new{ name = "small" }
  layer = layer or {}
  layer.id = layer.id or "ties"
  sys:add_layer(layer)
  for _, id in ipairs(ids) do sys:add_actor{ id = id } end
  for _, t in ipairs(ties) do
    sys:add_tie{ from = t[1], to = t[2], layer = layer.id }
  end
  return sys
end

-- Asserts equal tables whose values are all Lua integers.
local function integers(expected, result)
  assert.are.same(expected, result)
  for id, k in pairs(result) do
    assert.are.equal("integer", math.type(k), id)
  end
end

describe("System:coreness", function()
  for _, case in ipairs(fixture.cases) do
    for _, mode in ipairs{ "all", "in", "out" } do
      it(("matches the reference on %s, mode %s"):format(case.name, mode),
        function()
          local sys = system_of(case)
          integers(case["coreness_" .. mode],
            sys:coreness(options(case, mode)))
        end)
    end
  end

  it("defaults to mode 'all'", function()
    local case = fixture.cases[5]
    assert.are.equal("karate club, directed weighted", case.name)
    integers(case.coreness_all, system_of(case):coreness())
  end)

  it("finds a triangle's 2-core and its pendant's 1-core", function()
    -- a, b, c each keep 2 ties once d (1 tie) is peeled away
    local sys = small({ "a", "b", "c", "d" },
      { { "a", "b" }, { "b", "c" }, { "c", "a" }, { "d", "a" } })
    integers({ a = 2, b = 2, c = 2, d = 1 }, sys:coreness())
    -- in an undirected view mode changes nothing
    integers({ a = 2, b = 2, c = 2, d = 1 }, sys:coreness{ mode = "in" })
    integers({ a = 2, b = 2, c = 2, d = 1 }, sys:coreness{ mode = "out" })
  end)

  it("counts in-, out- or all ties in a directed view", function()
    -- a, b, c reciprocate with each other; d sends to a, b and c; a and
    -- b send to e.
    -- out-degrees a 3, b 3, c 2, d 3, e 0.  Peel e (0): a, b, c keep 2
    -- out-ties among themselves, d 3, so the 2-core is a b c d; for 3,
    -- a, b, c have 2: gone, then d has 0.  out: a b c d = 2, e = 0.
    -- in-degrees a 3, b 3, c 3, d 0, e 2.  Peel d (0): a, b, c keep 2
    -- in-ties, e 2; none has 3.  in: a b c e = 2, d = 0.
    -- all ignores direction (a pair tied both ways is one neighbour):
    -- neighbours a {b c d e} 4, b {a c d e} 4, c {a b d} 3, d {a b c} 3,
    -- e {a b} 2.  e goes at k = 3 (core 2), leaving a, b, c, d as K4
    -- with 3 each: core 3.
    local sys = small({ "a", "b", "c", "d", "e" },
      { { "a", "b" }, { "b", "a" }, { "a", "c" }, { "c", "a" }, { "b", "c" },
        { "c", "b" }, { "d", "a" }, { "d", "b" }, { "d", "c" }, { "a", "e" },
        { "b", "e" } }, { directed = true })
    integers({ a = 2, b = 2, c = 2, d = 2, e = 0 },
      sys:coreness{ mode = "out" })
    integers({ a = 2, b = 2, c = 2, d = 0, e = 2 },
      sys:coreness{ mode = "in" })
    integers({ a = 3, b = 3, c = 3, d = 3, e = 2 },
      sys:coreness{ mode = "all" })
  end)

  it("returns an empty table for an empty system", function()
    local sys = diplomat.new{ name = "empty" }
    integers({}, sys:coreness())
    sys:add_layer{ id = "ties", directed = true }
    integers({}, sys:coreness{ mode = "in" })
  end)

  it("gives a lone actor and isolates 0", function()
    integers({ a = 0 }, small({ "a" }, {}):coreness())
    local case = fixture.cases[1]
    local sys = graphs.system("florentine")
    sys:add_actor{ id = "Pucci" }
    local expected = {}
    for id, k in pairs(case.coreness_all) do expected[id] = k end
    expected.Pucci = 0
    integers(expected, sys:coreness())
  end)

  it("ignores self-ties", function()
    -- igraph alone would count a self-loop twice in the degree and give
    -- a lone actor with a self-tie coreness 2
    local sys = small({ "a", "b", "c", "d", "e" },
      { { "a", "b" }, { "b", "c" }, { "c", "a" }, { "d", "a" },
        { "a", "a" }, { "d", "d" }, { "e", "e" } }, { self_ties = true })
    integers({ a = 2, b = 2, c = 2, d = 1, e = 0 }, sys:coreness())
    sys = small({ "a", "b" }, { { "a", "a" }, { "a", "b" }, { "b", "b" } },
      { directed = true, self_ties = true })
    for _, mode in ipairs{ "all", "in", "out" } do
      integers(mode == "all" and { a = 1, b = 1 } or { a = 0, b = 0 },
        sys:coreness{ mode = mode })
    end
  end)

  it("counts parallel ties across layers once", function()
    -- the kite twice over: each pair is one edge of the view
    local case = fixture.cases[2]
    assert.are.equal("Krackhardt's kite", case.name)
    local sys = graphs.system("kite")
    sys:add_layer{ id = "again", informal = true }
    for _, t in ipairs(graphs.kite.ties) do
      sys:add_tie{ from = t[1], to = t[2], layer = "again" }
    end
    for _, combine in ipairs{ "sum", "max", "count" } do
      integers(case.coreness_all, sys:coreness{ combine = combine })
    end
  end)

  it("follows changes to the system", function()
    local sys = small({ "a", "b", "c" }, { { "a", "b" }, { "b", "c" } })
    integers({ a = 1, b = 1, c = 1 }, sys:coreness())
    sys:add_tie{ from = "a", to = "c", layer = "ties" }
    integers({ a = 2, b = 2, c = 2 }, sys:coreness())
  end)

  it("rejects bad options with a message naming the problem", function()
    local sys = graphs.system("kite")
    local function call(opts)
      return error_of(function() return sys:coreness(opts) end)
    end
    assert.are.equal(bad("table expected, got number"), call(3))
    assert.are.equal(bad("mode: must be \"out\", \"in\" or \"all\""),
      call{ mode = "both" })
    assert.are.equal(bad("mode: must be \"out\", \"in\" or \"all\""),
      call{ mode = 1 })
    assert.are.equal(bad("unknown option 'weighted'"),
      call{ weighted = true })
    assert.are.equal(bad("layers: unknown layer 'fax'"),
      call{ layers = { "fax" } })
    assert.are.equal(bad("combine: unknown rule 'mean' (expected sum, max "
      .. "or count)"), call{ combine = "mean" })
    sys:close()
    assert.are.equal("diplomat: the system is closed", call())
  end)
end)
