-- System:layout: force-directed coordinates from igraph (csrc/layout.c).
--
-- Kamada-Kawai has an exact reference on graphs that can be drawn with
-- zero stress: it places actors so that page distances are proportional
-- to path lengths, l_ij = L d_ij, with L = sqrt(n) / max d_ij (igraph
-- 0.10 src/layout/kamada_kawai.c: `L0 = sqrt(no_nodes); L = L0 /
-- max_dij`).  A path a-b-c (d = 1, 1, 2) then lies on a line with
-- |ab| = |bc| = sqrt(3)/2 and |ac| = sqrt(3); a triangle is equilateral
-- with side sqrt(3) (max d = 1).  Weighted, an edge's length is its
-- cost 1 / weight.  Fruchterman-Reingold has no closed form: its specs
-- check what the layout promises (seeded, deterministic, tied actors
-- drawn closer than untied ones).
local diplomat = require "diplomat"
local graphs = require "spec.fixtures.graphs"
local h = require "spec.helpers"

local function system(edges, opts)
  opts = opts or {}
  local s = diplomat.new{ name = "layout" }
  s:add_layer{ id = "l", directed = opts.directed or false,
               self_ties = opts.self_ties or false }
  local seen = {}
  for _, id in ipairs(opts.actors or {}) do
    seen[id] = true
    s:add_actor{ id = id }
  end
  for _, e in ipairs(edges) do
    for k = 1, 2 do
      if not seen[e[k]] then
        seen[e[k]] = true
        s:add_actor{ id = e[k] }
      end
    end
  end
  for _, e in ipairs(edges) do
    s:add_tie{ from = e[1], to = e[2], layer = "l", weight = e[3] or 1 }
  end
  return s
end

local function dist(p, a, b)
  return math.sqrt((p[a].x - p[b].x) ^ 2 + (p[a].y - p[b].y) ^ 2)
end

local function finite(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end

describe("System:layout", function()
  it("gives an empty table for an empty system", function()
    assert.are.same({}, diplomat.new{}:layout())
    assert.are.same({}, diplomat.new{}:layout{ method = "kk" })
  end)

  it("gives every actor finite coordinates, isolates and one actor too",
     function()
    local s = system({ { "a", "b" } }, { actors = { "lone" } })
    for _, m in ipairs{ "fr", "kk" } do
      local p = s:layout{ method = m }
      assert.are.same({ "a", "b", "lone" }, h.sorted_keys(p))
      for _, id in ipairs{ "a", "b", "lone" } do
        assert.is_true(finite(p[id].x) and finite(p[id].y))
      end
    end
    local one = system({}, { actors = { "x" } })
    local p = one:layout()
    assert.is_true(finite(p.x.x) and finite(p.x.y))
  end)

  it("draws a path with Kamada-Kawai as a straight line, lengths 1:1:2",
     function()
    local p = system{ { "a", "b" }, { "b", "c" } }:layout{ method = "kk" }
    local r3 = math.sqrt(3)
    assert.near(r3 / 2, dist(p, "a", "b"), 1e-6)
    assert.near(r3 / 2, dist(p, "b", "c"), 1e-6)
    assert.near(r3, dist(p, "a", "c"), 1e-6)
  end)

  it("draws a triangle with Kamada-Kawai as an equilateral triangle",
     function()
    local p = system{ { "a", "b" }, { "b", "c" }, { "a", "c" } }
      :layout{ method = "kk" }
    local r3 = math.sqrt(3)
    assert.near(r3, dist(p, "a", "b"), 1e-6)
    assert.near(r3, dist(p, "b", "c"), 1e-6)
    assert.near(r3, dist(p, "a", "c"), 1e-6)
  end)

  it("makes a strong tie a short spring: length = cost = 1 / weight",
     function()
    -- weights 2 and 1: costs 0.5 and 1, d(a, c) = 1.5, L = sqrt(3) / 1.5
    local s = system{ { "a", "b", 2 }, { "b", "c", 1 } }
    local p = s:layout{ method = "kk" }
    local L = math.sqrt(3) / 1.5
    assert.near(0.5 * L, dist(p, "a", "b"), 1e-6)
    assert.near(1 * L, dist(p, "b", "c"), 1e-6)
    assert.near(1.5 * L, dist(p, "a", "c"), 1e-6)
    -- unweighted, both ties have length 1 again
    p = s:layout{ method = "kk", weighted = false }
    assert.near(dist(p, "a", "b"), dist(p, "b", "c"), 1e-6)
  end)

  it("is the same for the same seed and differs for another (fr)", function()
    local s = graphs.system("karate")
    local a, b = s:layout{ seed = 7 }, s:layout{ seed = 7 }
    assert.are.same(a, b)
    assert.are.same(s:layout(), s:layout{ seed = 1 })
    local c = s:layout{ seed = 8 }
    assert.are_not.same(a, c)
  end)

  it("leaves igraph's default random stream alone", function()
    -- communities drawn with a seed after a layout give what they give
    -- without it: the layout restored igraph's default generator
    local s = graphs.system("karate")
    local before = s:communities{ method = "louvain", seed = 3 }
    s:layout{ seed = 99 }
    assert.are.same(before, s:communities{ method = "louvain", seed = 3 })
  end)

  it("does not depend on the seed with Kamada-Kawai (it starts on a circle)",
     function()
    local s = graphs.system("florentine")
    assert.are.same(s:layout{ method = "kk", seed = 1 },
                    s:layout{ method = "kk", seed = 2 })
  end)

  it("draws tied actors closer than untied ones (fr, two cliques)",
     function()
    -- two 5-cliques joined by one tie: the mean distance inside a clique
    -- must be below the mean distance across
    local edges = {}
    for _, g in ipairs{ "p", "q" } do
      for i = 1, 5 do
        for j = i + 1, 5 do edges[#edges + 1] = { g .. i, g .. j } end
      end
    end
    edges[#edges + 1] = { "p1", "q1" }
    local p = system(edges):layout{ seed = 1 }
    local inside, n_in, across, n_across = 0, 0, 0, 0
    for i = 1, 5 do
      for j = 1, 5 do
        if i < j then
          inside = inside + dist(p, "p" .. i, "p" .. j)
            + dist(p, "q" .. i, "q" .. j)
          n_in = n_in + 2
        end
        across = across + dist(p, "p" .. i, "q" .. j)
        n_across = n_across + 1
      end
    end
    assert.is_true(inside / n_in < across / n_across)
  end)

  it("ignores direction: a directed tie is drawn as an undirected one",
     function()
    local edges = { { "a", "b" }, { "b", "c" }, { "c", "d" }, { "d", "a" },
                    { "a", "c" } }
    local und = system(edges):layout{ seed = 5 }
    local dir = system(edges, { directed = true }):layout{ seed = 5 }
    assert.are.same(und, dir)
  end)

  it("accepts self-ties and parallel ties across layers", function()
    local s = diplomat.new{}
    s:add_layer{ id = "f", self_ties = true }
    s:add_layer{ id = "g", informal = true }
    for _, id in ipairs{ "a", "b", "c" } do s:add_actor{ id = id } end
    s:add_tie{ from = "a", to = "a", layer = "f" }
    s:add_tie{ from = "a", to = "b", layer = "f" }
    s:add_tie{ from = "a", to = "b", layer = "g", weight = 3 }
    for _, m in ipairs{ "fr", "kk" } do
      local p = s:layout{ method = m }
      for _, id in ipairs{ "a", "b", "c" } do
        assert.is_true(finite(p[id].x) and finite(p[id].y))
      end
    end
    -- only the informal layer: b is tied to a, c is alone
    local p = s:layout{ informal = true, method = "kk" }
    assert.is_true(finite(p.c.x))
  end)

  it("rejects bad options with clear messages", function()
    local s = graphs.system("kite")
    local function err(opts)
      return h.error_of(function() return s:layout(opts) end)
    end
    assert.are.equal("bad argument #1 to 'layout' (method: unknown method "
      .. "'circle' (expected fr or kk))", err{ method = "circle" })
    assert.are.equal("bad argument #1 to 'layout' (method: must be \"fr\" "
      .. "or \"kk\")", err{ method = 1 })
    assert.are.equal("bad argument #1 to 'layout' (seed: must be an integer "
      .. ">= 0)", err{ seed = -1 })
    assert.are.equal("bad argument #1 to 'layout' (seed: must be an integer "
      .. ">= 0)", err{ seed = 1.5 })
    assert.are.equal("bad argument #1 to 'layout' (iterations: must be an "
      .. "integer in 1..1000000)", err{ iterations = 0 })
    assert.truthy(err{ colour = "x" }:find("unknown option 'colour'", 1,
      true))
    assert.truthy(err{ layers = { "nope" } }:find("unknown layer 'nope'", 1,
      true))
  end)
end)
