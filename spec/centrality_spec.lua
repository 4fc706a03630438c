local diplomat = require "diplomat"
-- sys:centrality (csrc/centrality.c, net_centrality in
-- csrc/lua_network.c) and the layer selections and cached views it runs
-- on (csrc/graph.c, dip_readselection).  Numbers are checked against
-- hand computations written out below and against python-igraph values
-- cross-checked with networkx (spec/fixtures/centrality.lua, made by
-- spec/fixtures/make_centrality.py, whose docstring lists where the
-- tools' conventions differ from ours and how it converts).
--
-- Conventions that differ between the tools: our closeness is igraph's,
-- 1 / (sum of distances to the actors reached), normalized times the
-- number reached; networkx's closeness_centrality scales by the share
-- reached as well (Wasserman-Faust, wf_improved) and measures distances
-- *to* the actor in directed graphs, so the script compares with igraph
-- and converts networkx (wf_improved = False, reversed graph for "out").
-- igraph counts an undirected self-tie twice in eigenvector and pagerank,
-- networkx once: the script checks those against numpy and a converted
-- networkx graph, and the self-tie cases below are worked by hand.

local h = require "spec.helpers"
local graphs = require "spec.fixtures.graphs"
local reference = require "spec.fixtures.centrality"

local rejects, error_of = h.rejects, h.error_of
local sqrt = math.sqrt

local MEASURES = { "degree", "strength", "betweenness", "closeness",
                   "harmonic", "eigenvector", "pagerank" }

-- |expected - actual| within tol, relative for values above 1.
local function near(expected, actual, tol, what)
  assert.is_number(actual, what)
  local scale = math.max(1, math.abs(expected))
  assert(math.abs(expected - actual) <= tol * scale,
    ("%s: expected %.17g, got %.17g"):format(what or "value", expected,
      actual))
end

-- result has exactly the keys of expected, each value near it
local function same(expected, result, tol, what)
  assert.are.same(h.sorted_keys(expected), h.sorted_keys(result), what)
  for id, x in pairs(expected) do
    near(x, result[id], tol or 1e-12, (what or "") .. " " .. id)
  end
end

local function describe_opts(opts)
  local keys, parts = h.sorted_keys(opts), {}
  for _, k in ipairs(keys) do
    local v = opts[k]
    if type(v) == "table" then v = "{" .. table.concat(v, ",") .. "}" end
    parts[#parts + 1] = k .. "=" .. tostring(v)
  end
  return "{" .. table.concat(parts, " ") .. "}"
end

-- A system of one layer `id` and the given actors and ties.
local function system(layer, actors, ties)
  local sys = diplomat.new{ name = "hand" }
  sys:add_layer(layer)
  for _, a in ipairs(actors) do sys:add_actor{ id = a } end
  for _, t in ipairs(ties) do
    sys:add_tie{ from = t[1], to = t[2], layer = layer.id,
                 weight = t[3] or 1 }
  end
  return sys
end

describe("System:centrality", function()

  describe("against python-igraph and networkx", function()
    -- One `it` per graph, selection and measure; each checks every
    -- combination of mode, weighted, normalized and damping the fixture
    -- holds for it.
    local groups, order, systems = {}, {}, {}
    for _, case in ipairs(reference.cases) do
      local sel = {}
      for _, k in ipairs{ "layers", "informal", "combine" } do
        if case.opts[k] ~= nil then sel[k] = case.opts[k] end
      end
      local key = case.graph .. " " .. describe_opts(sel) .. " "
        .. case.measure
      if not groups[key] then
        groups[key] = {}
        order[#order + 1] = key
      end
      table.insert(groups[key], case)
    end

    it("has cases for every measure on every graph", function()
      assert.is_true(#reference.cases > 400)
      for _, g in ipairs{ "florentine", "karate", "kite", "mixed" } do
        for _, m in ipairs(MEASURES) do
          local found = false
          for _, c in ipairs(reference.cases) do
            found = found or (c.graph == g and c.measure == m)
          end
          assert(found, g .. " " .. m)
        end
      end
    end)

    for _, key in ipairs(order) do
      it("agrees on " .. key, function()
        for _, case in ipairs(groups[key]) do
          systems[case.graph] = systems[case.graph]
            or graphs.system(case.graph)
          local tol = (case.measure == "eigenvector"
            or case.measure == "pagerank") and 1e-7 or 1e-9
          local got = systems[case.graph]:centrality(case.measure, case.opts)
          same(case.expected, got, tol, describe_opts(case.opts))
        end
      end)
    end

    it("finds the textbook centres of the classic graphs", function()
      -- Padgett: the Medici have the most marriages (6) and the highest
      -- betweenness (47.5 of the 91 pairs of the other 14 families).
      local flo = graphs.system("florentine")
      assert.are.equal(6, flo:centrality("degree").Medici)
      near(47.5, flo:centrality("betweenness", { weighted = false }).Medici,
        1e-12)
      -- Krackhardt: Diane has most ties, Fernando and Garth are closest
      -- to everyone (distances 1+1+1+1+1 + 2+2+2 + 3 = 14), Heather
      -- brokers most (14: every path from Ike or Jane to the seven
      -- others runs through her).
      local kite = graphs.system("kite")
      assert.are.equal(6, kite:centrality("degree").Diane)
      local c = kite:centrality("closeness", { weighted = false })
      near(1 / 14, c.Fernando, 1e-12)
      near(1 / 14, c.Garth, 1e-12)
      near(14, kite:centrality("betweenness").Heather, 1e-12)
      -- Zachary: the instructor (1) and the administrator (34) lead.
      local k = graphs.system("karate")
      local d = k:centrality("degree")
      assert.are.equal(16, d["1"])
      assert.are.equal(17, d["34"])
    end)
  end)

  describe("on a path a - b - c", function()
    local P = system({ id = "ties" }, { "a", "b", "c" },
      { { "a", "b" }, { "b", "c" } })

    it("counts ties (as integers) and normalises by n - 1", function()
      local d = P:centrality("degree")
      assert.are.same({ a = 1, b = 2, c = 1 }, d)
      assert.are.equal("integer", math.type(d.b))
      same({ a = 0.5, b = 1, c = 0.5 },
        P:centrality("degree", { normalized = true }))
    end)

    it("puts b on the only a - c path", function()
      -- normalized: / ((n-1)(n-2)/2) = / 1 pair
      same({ a = 0, b = 1, c = 0 }, P:centrality("betweenness"))
      same({ a = 0, b = 1, c = 0 },
        P:centrality("betweenness", { normalized = true }))
    end)

    it("takes closeness as 1 / total distance", function()
      -- a: 1 + 2 = 3; b: 1 + 1 = 2.  normalized: reached / total
      same({ a = 1 / 3, b = 1 / 2, c = 1 / 3 }, P:centrality("closeness"))
      same({ a = 2 / 3, b = 1, c = 2 / 3 },
        P:centrality("closeness", { normalized = true }))
    end)

    it("sums 1 / distance for harmonic centrality", function()
      -- a: 1/1 + 1/2; b: 1 + 1.  normalized: / (n - 1) = / 2
      same({ a = 1.5, b = 2, c = 1.5 }, P:centrality("harmonic"))
      same({ a = 0.75, b = 1, c = 0.75 },
        P:centrality("harmonic", { normalized = true }))
    end)

    it("scales the eigenvector to length 1, or maximum 1", function()
      -- A = [0 1 0; 1 0 1; 0 1 0]: lambda = sqrt 2, x = (1, sqrt 2, 1),
      -- length 2
      same({ a = 0.5, b = sqrt(2) / 2, c = 0.5 },
        P:centrality("eigenvector"))
      same({ a = 1 / sqrt(2), b = 1, c = 1 / sqrt(2) },
        P:centrality("eigenvector", { normalized = true }))
    end)

    it("solves pagerank for any damping", function()
      -- p_a = p_c = x, p_b = 1 - 2x; a and c send all to b, b half to
      -- each: x = (1 - d)/3 + d (1 - 2x)/2.
      -- d = 0.85: 1.85 x = 0.475, x = 19/74, p_b = 18/37
      same({ a = 19 / 74, b = 18 / 37, c = 19 / 74 },
        P:centrality("pagerank"), 1e-12)
      -- d = 0.5: 1.5 x = 5/12, x = 5/18, p_b = 4/9
      same({ a = 5 / 18, b = 4 / 9, c = 5 / 18 },
        P:centrality("pagerank", { damping = 0.5 }), 1e-12)
      -- d = 0: no links followed, uniform
      same({ a = 1 / 3, b = 1 / 3, c = 1 / 3 },
        P:centrality("pagerank", { damping = 0 }), 1e-12)
      -- normalized changes nothing: pagerank always sums to 1
      same(P:centrality("pagerank"),
        P:centrality("pagerank", { normalized = true }))
    end)

    it("ignores mode when every selected layer is undirected", function()
      for _, m in ipairs(MEASURES) do
        local modes = (m == "degree" or m == "strength" or m == "closeness"
          or m == "harmonic") and { "out", "in", "all" } or { "out", "all" }
        for _, mode in ipairs(modes) do
          same(P:centrality(m), P:centrality(m, { mode = mode }), 1e-12,
            m .. " " .. mode)
        end
      end
    end)
  end)

  describe("with weights", function()
    -- a - b weight 2 (cost 1/2), b - c weight 0.5 (cost 2)
    local W = system({ id = "ties" }, { "a", "b", "c" },
      { { "a", "b", 2 }, { "b", "c", 0.5 } })

    it("sums weights for strength; normalized divides by n - 1", function()
      same({ a = 2, b = 2.5, c = 0.5 }, W:centrality("strength"))
      same({ a = 1, b = 1.25, c = 0.25 },
        W:centrality("strength", { normalized = true }))
      -- weighted = false: strength is the degree
      same({ a = 1, b = 2, c = 1 },
        W:centrality("strength", { weighted = false }))
    end)

    it("measures paths in cost = 1 / weight", function()
      -- distances: a-b 0.5, b-c 2, a-c 2.5
      -- closeness a: 1/(0.5 + 2.5), b: 1/(0.5 + 2), c: 1/(2.5 + 2)
      same({ a = 1 / 3, b = 0.4, c = 2 / 9 }, W:centrality("closeness"))
      same({ a = 2 / 3, b = 0.8, c = 4 / 9 },
        W:centrality("closeness", { normalized = true }))
      -- harmonic a: 1/0.5 + 1/2.5; b: 2 + 0.5; c: 1/2.5 + 1/2
      same({ a = 2.4, b = 2.5, c = 0.9 }, W:centrality("harmonic"))
      -- unweighted: hop counts, as on the plain path
      same({ a = 1 / 3, b = 1 / 2, c = 1 / 3 },
        W:centrality("closeness", { weighted = false }))
    end)

    it("routes betweenness over strong ties", function()
      -- a - c weight 1 (cost 1); a - b - c weights 4 (cost 1/4 + 1/4):
      -- weighted, the a - c route runs through b; unweighted it does not
      local T = system({ id = "ties" }, { "a", "b", "c" },
        { { "a", "c", 1 }, { "a", "b", 4 }, { "b", "c", 4 } })
      same({ a = 0, b = 1, c = 0 }, T:centrality("betweenness"))
      same({ a = 0, b = 0, c = 0 },
        T:centrality("betweenness", { weighted = false }))
    end)

    it("reads weight as strength in eigenvector and pagerank", function()
      -- A = [0 2 0; 2 0 .5; 0 .5 0]: lambda^2 = 4.25; with x_b = 1,
      -- x_a = 2 / lambda, x_c = 0.5 / lambda (b is the maximum)
      local l = sqrt(4.25)
      same({ a = 2 / l, b = 1, c = 0.5 / l },
        W:centrality("eigenvector", { normalized = true }), 1e-9)
      -- b sends 2/2.5 of its rank to a and 0.5/2.5 to c:
      -- p_b = 0.05 + 0.85 (1 - p_b), so p_b = 0.9/1.85 = 18/37;
      -- p_a = 0.05 + 0.85 * 0.8 p_b = 14.09/37,
      -- p_c = 0.05 + 0.85 * 0.2 p_b = 4.91/37
      same({ a = 14.09 / 37, b = 18 / 37, c = 4.91 / 37 },
        W:centrality("pagerank"), 1e-12)
    end)
  end)

  describe("on a directed selection", function()
    -- a -> b -> c -> a, c -> d
    local D = system({ id = "reports", directed = true },
      { "a", "b", "c", "d" },
      { { "a", "b" }, { "b", "c" }, { "c", "a" }, { "c", "d" } })

    it("counts out-, in- and all ties (the default: all)", function()
      assert.are.same({ a = 1, b = 1, c = 2, d = 0 },
        D:centrality("degree", { mode = "out" }))
      assert.are.same({ a = 1, b = 1, c = 1, d = 1 },
        D:centrality("degree", { mode = "in" }))
      -- all: direction ignored, triangle a b c plus c - d
      assert.are.same({ a = 2, b = 2, c = 3, d = 1 },
        D:centrality("degree"))
    end)

    it("follows direction for closeness (the default: out)", function()
      -- out: a reaches b 1, c 2, d 3; b: c 1, a 2, d 2; c: a 1, d 1,
      -- b 2; d reaches nobody (0, not NaN)
      same({ a = 1 / 6, b = 1 / 5, c = 1 / 4, d = 0 },
        D:centrality("closeness"))
      same({ a = 3 / 6, b = 3 / 5, c = 3 / 4, d = 0 },
        D:centrality("closeness", { normalized = true }))
      -- in: a is reached from c 1, b 2; b from a 1, c 2; c from b 1,
      -- a 2; d from c 1, b 2, a 3
      same({ a = 1 / 3, b = 1 / 3, c = 1 / 3, d = 1 / 6 },
        D:centrality("closeness", { mode = "in" }))
      -- all: a: b 1, c 1, d 2; c: 1 + 1 + 1; d: 1 + 2 + 2
      same({ a = 1 / 4, b = 1 / 4, c = 1 / 3, d = 1 / 5 },
        D:centrality("closeness", { mode = "all" }))
      -- harmonic out: a: 1 + 1/2 + 1/3; b: 1 + 1/2 + 1/2; c: 1 + 1 + 1/2
      same({ a = 11 / 6, b = 2, c = 2.5, d = 0 }, D:centrality("harmonic"))
    end)

    it("counts ordered pairs for betweenness", function()
      -- a->c via b; a->d via b, c; b->a via c; b->d via c; c->b via a:
      -- a 1, b 2, c 3; normalized / ((n-1)(n-2)) = / 6
      same({ a = 1, b = 2, c = 3, d = 0 }, D:centrality("betweenness"))
      same({ a = 1 / 6, b = 1 / 3, c = 1 / 2, d = 0 },
        D:centrality("betweenness", { normalized = true }))
      -- all: c is between d and a, d and b; / ((n-1)(n-2)/2) = / 3
      same({ a = 0, b = 0, c = 2 / 3, d = 0 },
        D:centrality("betweenness", { mode = "all", normalized = true }))
    end)

    it("gives 0 eigenvector centrality when there is no cycle", function()
      -- a -> b -> c: no leading eigenvector (igraph warns)
      local A = system({ id = "reports", directed = true },
        { "a", "b", "c" }, { { "a", "b" }, { "b", "c" } })
      same({ a = 0, b = 0, c = 0 }, A:centrality("eigenvector"))
    end)

    it("reads a reciprocated pair as one tie when mode is all", function()
      -- A <-> B, B -> D, A -> C, C -> D: ignoring direction, the square
      -- A - B - D - C - A.  Each opposite pair has two shortest paths:
      -- betweenness 1/2 each; eigenvector (1, 1, 1, 1) / 2; degree 2.
      -- (Read as a multigraph, A - B would count twice: 2/3 for A.)
      local S = system({ id = "d", directed = true },
        { "A", "B", "C", "D" },
        { { "A", "B" }, { "B", "A" }, { "B", "D" }, { "A", "C" },
          { "C", "D" } })
      local all = { mode = "all", weighted = false }
      same({ A = 0.5, B = 0.5, C = 0.5, D = 0.5 },
        S:centrality("betweenness", all))
      same({ A = 0.5, B = 0.5, C = 0.5, D = 0.5 },
        S:centrality("eigenvector", all), 1e-9)
      same({ A = 0.25, B = 0.25, C = 0.25, D = 0.25 },
        S:centrality("pagerank", all), 1e-12)
      assert.are.same({ A = 2, B = 2, C = 2, D = 2 },
        S:centrality("degree"))
      -- weighted, A -> B and B -> A are parallel ties: with combine =
      -- "sum" A - B weighs 2 (cost 1/2), so A - B - D (1.5) beats
      -- A - C - D (2) and B - A - C beats B - D - C
      same({ A = 3, B = 3, C = 2, D = 2 }, S:centrality("strength"))
      same({ A = 1, B = 1, C = 0, D = 0 },
        S:centrality("betweenness", { mode = "all" }))
    end)
  end)

  describe("on mixed directed and undirected layers", function()
    -- formal: a -> b (directed); whatsapp: b - c (undirected), which in
    -- the directed selection is b -> c and c -> b
    local function mixed()
      local sys = diplomat.new{ name = "mixed" }
      sys:add_layer{ id = "formal", directed = true }
      sys:add_layer{ id = "whatsapp", informal = true }
      sys:add_layer{ id = "empty", directed = true }
      for _, a in ipairs{ "a", "b", "c" } do sys:add_actor{ id = a } end
      sys:add_tie{ from = "a", to = "b", layer = "formal" }
      sys:add_tie{ from = "b", to = "c", layer = "whatsapp" }
      return sys
    end

    it("runs undirected ties both ways", function()
      local M = mixed()
      assert.are.same({ a = 1, b = 1, c = 1 },
        M:centrality("degree", { mode = "out" }))
      assert.are.same({ a = 0, b = 2, c = 1 },
        M:centrality("degree", { mode = "in" }))
      assert.are.same({ a = 1, b = 2, c = 1 }, M:centrality("degree"))
      -- out: a reaches b 1, c 2; b reaches c; c reaches b
      same({ a = 1 / 3, b = 1, c = 1 }, M:centrality("closeness"))
      -- in: nobody reaches a; b from a and c (1 + 1); c from b 1, a 2
      same({ a = 0, b = 1 / 2, c = 1 / 3 },
        M:centrality("closeness", { mode = "in" }))
      -- a -> c runs through b; c -> a is impossible
      same({ a = 0, b = 1, c = 0 }, M:centrality("betweenness"))
    end)

    it("is not changed by selecting an empty directed layer", function()
      -- whatsapp alone is undirected; with the empty directed layer the
      -- selection is directed, but with direction ignored it is the same
      local M = mixed()
      for _, m in ipairs(MEASURES) do
        same(M:centrality(m, { layers = { "whatsapp" } }),
          M:centrality(m, { layers = { "whatsapp", "empty" },
                            mode = "all" }), 1e-12, m)
      end
    end)
  end)

  describe("with self-ties", function()
    it("counts an undirected self-tie at both ends", function()
      -- A - A and A - B in a layer allowing self-ties.
      local S = system({ id = "reflection", self_ties = true },
        { "A", "B" }, { { "A", "A" }, { "A", "B" } })
      assert.are.same({ A = 3, B = 1 }, S:centrality("degree"))
      same({ A = 3, B = 1 }, S:centrality("strength"))
      -- A = [2 1; 1 0] (the self-tie twice, as the row sums are the
      -- degrees): lambda = 1 + sqrt 2, x_A = lambda x_B
      same({ A = 1, B = sqrt(2) - 1 },
        S:centrality("eigenvector", { normalized = true }), 1e-9)
      -- A's three tie ends: two back to A, one to B; B's one to A.
      -- p_A = 0.075 + 0.85 (2/3 p_A + 1 - p_A): p_A = 0.925 / (3.85/3)
      -- = 111/154, p_B = 43/154
      same({ A = 111 / 154, B = 43 / 154 }, S:centrality("pagerank"),
        1e-12)
      -- paths never use it
      same({ A = 1, B = 1 }, S:centrality("closeness"))
      same({ A = 0, B = 0 }, S:centrality("betweenness"))
    end)

    it("counts a directed self-tie once out and once in", function()
      local S = system({ id = "notes", directed = true, self_ties = true },
        { "A", "B" }, { { "A", "A", 2 }, { "A", "B" } })
      assert.are.same({ A = 2, B = 0 },
        S:centrality("degree", { mode = "out" }))
      assert.are.same({ A = 1, B = 1 },
        S:centrality("degree", { mode = "in" }))
      -- all: read as undirected, the self-tie counts at both ends
      assert.are.same({ A = 3, B = 1 }, S:centrality("degree"))
      same({ A = 3, B = 0 }, S:centrality("strength", { mode = "out" }))
      same({ A = 5, B = 1 }, S:centrality("strength"))
    end)
  end)

  describe("combining ties of one pair across layers", function()
    -- L1: a - b 1, b - c 3; L2: a - b 2
    local function two()
      local sys = diplomat.new{}
      sys:add_layer{ id = "L1" }
      sys:add_layer{ id = "L2" }
      for _, a in ipairs{ "a", "b", "c" } do sys:add_actor{ id = a } end
      sys:add_tie{ from = "a", to = "b", layer = "L1", weight = 1 }
      sys:add_tie{ from = "b", to = "c", layer = "L1", weight = 3 }
      sys:add_tie{ from = "a", to = "b", layer = "L2", weight = 2 }
      return sys
    end

    it("sums, takes the max or counts (default: sum)", function()
      local T = two()
      same({ a = 3, b = 6, c = 3 }, T:centrality("strength"))
      same({ a = 3, b = 6, c = 3 },
        T:centrality("strength", { combine = "sum" }))
      same({ a = 2, b = 5, c = 3 },
        T:centrality("strength", { combine = "max" }))
      same({ a = 2, b = 3, c = 1 },
        T:centrality("strength", { combine = "count" }))
      -- one pair is one tie for degree, whatever the rule
      for _, rule in ipairs{ "sum", "max", "count" } do
        assert.are.same({ a = 1, b = 2, c = 1 },
          T:centrality("degree", { combine = rule }))
      end
    end)

    it("uses the combined weight as the cost of a path", function()
      local T = two()
      -- sum: a-b 3, b-c 3: a's distances 1/3 and 2/3
      near(1, T:centrality("closeness", { combine = "sum" }).a, 1e-12)
      -- max: a-b 2, b-c 3: 1/2 and 1/2 + 1/3
      near(3 / 4, T:centrality("closeness", { combine = "max" }).a, 1e-12)
      -- count: a-b 2, b-c 1: 1/2 and 3/2
      near(1 / 2, T:centrality("closeness", { combine = "count" }).a,
        1e-12)
    end)
  end)

  describe("choosing layers", function()
    local M = graphs.system("mixed")

    it("takes every layer by default", function()
      same(M:centrality("degree"), M:centrality("degree",
        { layers = { "formal", "funding", "whatsapp", "meeting" } }))
    end)

    it("takes only the listed layers", function()
      -- whatsapp: a-c, b-f, e-h, d-g, c-d
      assert.are.same({ a = 1, b = 1, c = 2, d = 2, e = 1, f = 1, g = 1,
                        h = 1, i = 0 },
        M:centrality("degree", { layers = { "whatsapp" } }))
    end)

    it("selects by the informal flag", function()
      -- whatsapp and meeting: b-f in both is one tie; g's self-tie
      -- counts twice
      assert.are.same({ a = 1, b = 1, c = 2, d = 2, e = 1, f = 2, g = 4,
                        h = 1, i = 0 },
        M:centrality("degree", { informal = true }))
      for _, m in ipairs(MEASURES) do
        same(M:centrality(m, { layers = { "formal", "funding" } }),
          M:centrality(m, { informal = false }), 1e-12, m)
      end
    end)

    it("needs both layers and informal to hold", function()
      same(M:centrality("strength", { layers = { "whatsapp" } }),
        M:centrality("strength", { layers = { "formal", "whatsapp" },
                                   informal = true }), 1e-12)
    end)

    it("lists a layer once however often it is named", function()
      same(M:centrality("strength", { layers = { "whatsapp" } }),
        M:centrality("strength", { layers = { "whatsapp", "whatsapp" } }),
        1e-12)
    end)
  end)

  describe("where a measure is undefined", function()
    it("returns an empty table for an empty system", function()
      local E = diplomat.new{}
      for _, m in ipairs(MEASURES) do
        assert.are.same({}, E:centrality(m))
        assert.are.same({}, E:centrality(m, { normalized = true }))
      end
    end)

    it("gives one actor 0, and pagerank 1", function()
      local One = diplomat.new{}
      One:add_actor{ id = "x" }
      for _, m in ipairs(MEASURES) do
        for _, norm in ipairs{ false, true } do
          local v = One:centrality(m, { normalized = norm }).x
          assert.are.equal(m == "pagerank" and 1 or 0, v, m)
        end
      end
    end)

    it("gives isolates 0 (pagerank: what they keep)", function()
      -- the path a - b - c and an isolate z
      local P = system({ id = "ties" }, { "a", "b", "c", "z" },
        { { "a", "b" }, { "b", "c" } })
      for _, m in ipairs(MEASURES) do
        for _, norm in ipairs{ false, true } do
          local r = P:centrality(m, { normalized = norm })
          for id, v in pairs(r) do
            assert(v == v, m .. " " .. id .. " is NaN")
          end
          if m ~= "pagerank" then assert.are.equal(0, r.z, m) end
        end
      end
      -- z is dangling: its rank is spread over all four:
      -- p_z = 0.15/4 + 0.85 p_z / 4, so p_z = 1/21; then
      -- p_a = 3/80 + 0.85 (p_b/2 + p_z/4) and p_b = 20/21 - 2 p_a give
      -- p_a = p_c = 190/777, p_b = 360/777
      same({ a = 190 / 777, b = 360 / 777, c = 190 / 777, z = 1 / 21 },
        P:centrality("pagerank"), 1e-12)
    end)

    it("gives 0 everywhere on a graph without ties", function()
      local N = system({ id = "ties" }, { "a", "b", "c" }, {})
      for _, m in ipairs{ "eigenvector", "closeness", "harmonic",
                          "betweenness" } do
        for _, norm in ipairs{ false, true } do
          same({ a = 0, b = 0, c = 0 },
            N:centrality(m, { normalized = norm }), 0, m)
        end
      end
      same({ a = 1 / 3, b = 1 / 3, c = 1 / 3 }, N:centrality("pagerank"),
        1e-12)
    end)

    it("scores only the leading component for eigenvector", function()
      -- a triangle (leading eigenvalue 2, x = (1, 1, 1) / sqrt 3) and a
      -- pair d - e (eigenvalue 1): the pair gets 0
      local C = system({ id = "ties" }, { "a", "b", "c", "d", "e" },
        { { "a", "b" }, { "b", "c" }, { "c", "a" }, { "d", "e" } })
      local x = 1 / sqrt(3)
      same({ a = x, b = x, c = x, d = 0, e = 0 },
        C:centrality("eigenvector"), 1e-12)
    end)

    it("gives normalized betweenness 0 below three actors", function()
      local Two = system({ id = "ties" }, { "a", "b" }, { { "a", "b" } })
      same({ a = 0, b = 0 },
        Two:centrality("betweenness", { normalized = true }), 0)
      same({ a = 1, b = 1 },
        Two:centrality("closeness", { normalized = true }))
    end)
  end)

  describe("cached views", function()
    local function path()
      return system({ id = "ties" }, { "a", "b", "c" },
        { { "a", "b" }, { "b", "c" } })
    end

    it("gives the same answer on repeated calls", function()
      local M = graphs.system("mixed")
      for _, m in ipairs(MEASURES) do
        local first = M:centrality(m)
        for _ = 1, 3 do same(first, M:centrality(m), 1e-12, m) end
      end
    end)

    it("sees every change to the system", function()
      local P = path()
      assert.are.same({ a = 1, b = 2, c = 1 }, P:centrality("degree"))
      P:add_tie{ from = "a", to = "c", layer = "ties", weight = 4 }
      assert.are.same({ a = 2, b = 2, c = 2 }, P:centrality("degree"))
      same({ a = 5, b = 2, c = 5 }, P:centrality("strength"))
      P:set_tie("a", "c", "ties", 0.5)
      same({ a = 1.5, b = 2, c = 1.5 }, P:centrality("strength"))
      P:remove_tie("a", "b", "ties")
      assert.are.same({ a = 1, b = 1, c = 2 }, P:centrality("degree"))
      P:remove_actor("c")
      assert.are.same({ a = 0, b = 0 }, P:centrality("degree"))
      P:add_actor{ id = "d" }
      assert.are.same({ a = 0, b = 0, d = 0 }, P:centrality("degree"))
      P:add_layer{ id = "more" }
      P:add_tie{ from = "a", to = "d", layer = "more" }
      assert.are.same({ a = 1, b = 0, d = 1 }, P:centrality("degree"))
      assert.are.same({ a = 0, b = 0, d = 0 },
        P:centrality("degree", { layers = { "ties" } }))
    end)

    it("keeps clones apart", function()
      local P = path()
      assert.are.same({ a = 1, b = 2, c = 1 }, P:centrality("degree"))
      local C = P:clone()
      C:add_tie{ from = "a", to = "c", layer = "ties" }
      assert.are.same({ a = 2, b = 2, c = 2 }, C:centrality("degree"))
      assert.are.same({ a = 1, b = 2, c = 1 }, P:centrality("degree"))
      P:remove_tie("a", "b", "ties")
      assert.are.same({ a = 0, b = 1, c = 1 }, P:centrality("degree"))
      assert.are.same({ a = 2, b = 2, c = 2 }, C:centrality("degree"))
      -- a clone of an unchanged system starts from its own views
      local D = C:clone()
      assert.are.same({ a = 2, b = 2, c = 2 }, D:centrality("degree"))
    end)

    it("stays right when more selections are used than it keeps",
      function()
        -- twelve layers: L<k> ties hub to x1..xk; odd layers directed.
        -- Every selection {L<k>} with each rule, and with direction
        -- ignored: 12 * 3 * 2 = 72 views through a cache of 8, twice.
        local sys = diplomat.new{}
        sys:add_actor{ id = "hub" }
        for k = 1, 12 do sys:add_actor{ id = "x" .. k } end
        for k = 1, 12 do
          sys:add_layer{ id = "L" .. k, directed = k % 2 == 1 }
          for j = 1, k do
            sys:add_tie{ from = "hub", to = "x" .. j, layer = "L" .. k,
                         weight = k }
          end
        end
        local changed = false
        for round = 1, 2 do
          for k = 1, 12 do
            for _, rule in ipairs{ "sum", "max", "count" } do
              local sel = { layers = { "L" .. k }, combine = rule }
              -- L<k>: k ties of weight k (count: 1 each); after the
              -- change, L12's hub - x1 weighs 100
              local want = rule == "count" and k or k * k
              if changed and k == 12 and rule ~= "count" then
                want = 11 * 12 + 100
              end
              sel.mode = "out"
              near(want, sys:centrality("strength", sel).hub, 0, "out")
              sel.mode = "all"
              near(want, sys:centrality("strength", sel).hub, 0, "all")
            end
            if round == 2 and k == 6 then
              -- a change in the middle drops every cached view
              sys:set_tie("hub", "x1", "L12", 100)
              changed = true
            end
          end
        end
        near(4, sys:centrality("strength", { layers = { "L2" } }).hub, 0)
        -- all twelve layers: 12 neighbours; strength the sum of k * k
        -- (650) with L12's hub - x1 at 100 instead of 12
        near(650 - 12 + 100, sys:centrality("strength").hub, 0)
        assert.are.equal(12, sys:centrality("degree").hub)
      end)

    it("serves many systems side by side", function()
      local systems = {}
      for k = 1, 20 do
        local s = diplomat.new{}
        for j = 0, k do s:add_actor{ id = "n" .. j } end
        s:add_layer{ id = "t" }
        for j = 1, k do s:add_tie{ from = "n0", to = "n" .. j, layer = "t" } end
        systems[k] = s
      end
      for _ = 1, 2 do
        for k, s in ipairs(systems) do
          assert.are.equal(k, s:centrality("degree").n0)
          near(1, s:centrality("degree", { normalized = true }).n0, 0)
        end
      end
    end)
  end)

  describe("rejects", function()
    local M = graphs.system("mixed")
    local function bad(m) return "bad argument #2 to 'centrality' (" .. m
      .. ")" end

    local function call(...)
      local args = table.pack(...)
      return function() return M:centrality(table.unpack(args, 1, args.n)) end
    end

    it("an unknown or missing measure", function()
      rejects(M, "bad argument #1 to 'centrality' (unknown measure 'power' "
        .. "(expected degree, strength, betweenness, closeness, harmonic, "
        .. "eigenvector or pagerank))", call("power"))
      rejects(M, "bad argument #1 to 'centrality' (string expected, got "
        .. "no value)", call())
      rejects(M, "bad argument #1 to 'centrality' (string expected, got "
        .. "number)", call(1))
    end)

    it("unknown options and options that are not a table", function()
      rejects(M, bad("unknown option 'wieghted'"),
        call("degree", { wieghted = true }))
      rejects(M, bad("unknown option 'by'"),
        call("pagerank", { by = "org" }))
      rejects(M, bad("option names must be strings"),
        call("degree", { true }))
      rejects(M, bad("table expected, got string"),
        call("degree", "formal"))
    end)

    it("layer selections that cannot be met", function()
      rejects(M, bad("layers: unknown layer 'email'"),
        call("degree", { layers = { "formal", "email" } }))
      rejects(M, bad("layers: the list is empty"),
        call("degree", { layers = {} }))
      rejects(M, bad("layers: must be an array of layer ids"),
        call("degree", { layers = "formal" }))
      rejects(M, bad("layers: must be an array of layer ids"),
        call("degree", { layers = { 1 } }))
      rejects(M, bad("the layer selection matches no layer"),
        call("degree", { layers = { "formal" }, informal = true }))
      local F = diplomat.new{}
      F:add_layer{ id = "formal" }
      rejects(F, bad("the layer selection matches no layer"),
        function() return F:centrality("degree", { informal = true }) end)
    end)

    it("bad combine rules and flags", function()
      rejects(M, bad("combine: unknown rule 'mean' (expected sum, max or "
        .. "count)"), call("strength", { combine = "mean" }))
      rejects(M, bad('combine: must be "sum", "max" or "count"'),
        call("strength", { combine = 1 }))
      rejects(M, bad("informal: must be true or false"),
        call("degree", { informal = "yes" }))
      rejects(M, bad("normalized: must be true or false"),
        call("degree", { normalized = 1 }))
      rejects(M, bad("weighted: must be true or false"),
        call("strength", { weighted = "no" }))
    end)

    it("modes that do not exist or mean nothing", function()
      for _, m in ipairs{ "pagerank", "betweenness", "eigenvector" } do
        rejects(M, bad("mode: 'in' has no meaning for " .. m .. " (use "
          .. "'out' to follow direction or 'all' to ignore it)"),
          call(m, { mode = "in" }))
      end
      rejects(M, bad('mode: must be "out", "in" or "all"'),
        call("degree", { mode = "both" }))
      rejects(M, bad('mode: must be "out", "in" or "all"'),
        call("closeness", { mode = true }))
    end)

    it("weights for degree", function()
      rejects(M, bad("weighted: degree counts ties; use 'strength' for the "
        .. "sum of tie weights"), call("degree", { weighted = true }))
    end)

    it("a damping factor outside [0, 1) or for another measure", function()
      for _, d in ipairs{ 1, 1.5, -0.1, 0 / 0, math.huge } do
        rejects(M, bad("damping: must be in [0, 1)"),
          call("pagerank", { damping = d }))
      end
      rejects(M, bad("damping: must be a number"),
        call("pagerank", { damping = "0.5" }))
      rejects(M, bad("damping: only pagerank takes a damping factor"),
        call("eigenvector", { damping = 0.5 }))
    end)

    it("a closed system", function()
      local C = graphs.system("kite")
      C:close()
      assert.are.equal("diplomat: the system is closed",
        error_of(function() return C:centrality("degree") end))
    end)
  end)
end)
