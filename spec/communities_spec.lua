-- Modularity-based communities (csrc/community.c, csrc/lua_community.c):
-- sys:communities.  References: the exact modularity optimum of Zachary's
-- karate club (python-igraph's GLPK solver, value from networkx) and
-- Zachary's observed split, in spec/fixtures/communities.lua (written by
-- spec/fixtures/make_communities.py); Newman's formula written out below
-- in Lua, checked against networkx on those partitions; and small graphs
-- worked out by hand in the comments (networkx agrees: the fixture's
-- `hand` values).
local diplomat = require "diplomat"
local graphs = require "spec.fixtures.graphs"
local fixture = require "spec.fixtures.communities"
local h = require "spec.helpers"

local error_of = h.error_of
local TOL = 1e-12

local function bad(msg)
  return ("bad argument #1 to 'communities' (%s)"):format(msg)
end

-- Newman's modularity at resolution gamma, from its definition:
--   Q = sum over communities c of [ L_c / m - gamma (d_c / 2m)^2 ]
-- edges: { { a, b, w } } undirected (a self-tie a = b counts once in L_c
-- and twice in d_c); membership: { [id] = community }.
local function modularity(edges, membership, gamma)
  local m, L, d = 0, {}, {}
  for _, e in ipairs(edges) do
    local a, b, w = e[1], e[2], e[3] or 1
    local ca, cb = membership[a], membership[b]
    m = m + w
    d[ca] = (d[ca] or 0) + w
    d[cb] = (d[cb] or 0) + w
    if ca == cb then L[ca] = (L[ca] or 0) + w end
  end
  local q = 0
  for c, dc in pairs(d) do
    q = q + (L[c] or 0) / m - (gamma or 1) * (dc / (2 * m)) ^ 2
  end
  return q
end

-- { [id] = k } from a list of groups of ids.
local function membership_of(groups)
  local m = {}
  for k, g in ipairs(groups) do
    for _, id in ipairs(g) do m[id] = k end
  end
  return m
end

-- The partition as a sorted list of sorted groups (to compare
-- partitions whatever their numbering).
local function canonical(membership)
  local groups = {}
  for id, k in pairs(membership) do
    groups[k] = groups[k] or {}
    table.insert(groups[k], id)
  end
  local out = {}
  for _, g in pairs(groups) do
    table.sort(g)
    out[#out + 1] = table.concat(g, " ")
  end
  table.sort(out)
  return out
end

local function karate_edges(weighted)
  local edges = {}
  for _, t in ipairs(graphs.karate.ties) do
    edges[#edges + 1] = { t[1], t[2], weighted and t[3] or 1 }
  end
  return edges
end

-- A system: layers { { id, directed, informal, self_ties } } (default
-- one undirected layer "ties"), actors (ids, or tables for add_actor),
-- ties { from, to [, weight] [, layer = id] }.
local function system(t)
  local sys = diplomat.new{ name = "spec" }
  for _, l in ipairs(t.layers or { { id = "ties" } }) do sys:add_layer(l) end
  for _, a in ipairs(t.actors) do
    sys:add_actor(type(a) == "table" and a or { id = a })
  end
  for _, e in ipairs(t.ties or {}) do
    sys:add_tie{ from = e[1], to = e[2], weight = e[3] or 1,
                 layer = e.layer or "ties" }
  end
  return sys
end

-- Two triangles a1 a2 a3 and b1 b2 b3 joined by the bridge a3 - b1.
local SIX = { "a1", "a2", "a3", "b1", "b2", "b3" }
local TRIANGLES = {
  { "a1", "a2" }, { "a2", "a3" }, { "a1", "a3" },
  { "b1", "b2" }, { "b2", "b3" }, { "b1", "b3" },
}
local function bridged(extra)
  local ties = { { "a3", "b1" } }
  for _, t in ipairs(TRIANGLES) do ties[#ties + 1] = { t[1], t[2] } end
  for _, t in ipairs(extra or {}) do ties[#ties + 1] = t end
  return ties
end
local TWO = { "a1 a2 a3", "b1 b2 b3" }

local METHODS = { "leiden", "louvain" }

describe("System:communities", function()
  describe("the modularity formula used as reference", function()
    it("agrees with networkx on the karate club partitions", function()
      for _, w in ipairs{ "unweighted", "weighted" } do
        local edges = karate_edges(w == "weighted")
        for _, p in ipairs{ "optimum", "club" } do
          local case = fixture.karate[w][p]
          assert.near(case.modularity,
                      modularity(edges, membership_of(case.groups)), TOL,
                      w .. " " .. p)
        end
      end
    end)
  end)

  describe("on Zachary's karate club", function()
    local sys = graphs.system("karate")

    for _, w in ipairs{ "unweighted", "weighted" } do
      local weighted = w == "weighted"
      local best = fixture.karate[w].optimum

      it("comes within 0.005 of the best " .. w .. " modularity ("
         .. ("%.4f"):format(best.modularity) .. ") with either method "
         .. "and any of ten seeds", function()
        local edges = karate_edges(weighted)
        for _, method in ipairs(METHODS) do
          for seed = 1, 10 do
            local r = sys:communities{ method = method, seed = seed,
                                       weighted = weighted }
            local what = ("%s seed %d"):format(method, seed)
            -- the reported value is the modularity of the partition
            assert.near(modularity(edges, r.membership), r.modularity,
                        TOL, what)
            assert.is_true(r.modularity > best.modularity - 0.005, what)
            assert.is_true(r.modularity < best.modularity + 1e-9, what)
          end
        end
      end)

      it("finds the " .. w .. " optimum partition itself for some seed",
         function()
        for _, method in ipairs(METHODS) do
          local found
          for seed = 1, 10 do
            local r = sys:communities{ method = method, seed = seed,
                                       weighted = weighted }
            if math.abs(r.modularity - best.modularity) < 1e-9 then
              found = r
              break
            end
          end
          assert.is_truthy(found, method)
          assert.are.same(canonical(membership_of(best.groups)),
                          canonical(found.membership), method)
          assert.are.equal(#best.groups, found.count)
        end
      end)
    end

    it("scores better than Zachary's observed split of the club", function()
      local r = sys:communities{ weighted = false }
      assert.is_true(r.modularity > fixture.karate.unweighted.club.modularity)
    end)

    it("gives the same partition for the same seed, on a clone too",
       function()
      for _, method in ipairs(METHODS) do
        local a = sys:communities{ method = method, seed = 7 }
        local b = sys:clone():communities{ method = method, seed = 7 }
        local c = sys:communities{ method = method, seed = 7 }
        assert.are.same(a, b, method)
        assert.are.same(a, c, method)
      end
    end)

    it("numbers communities 1..n in order of first appearance among "
       .. "the actors", function()
      for _, method in ipairs(METHODS) do
        for seed = 1, 5 do
          local r = sys:communities{ method = method, seed = seed }
          local seen = 0
          for _, id in ipairs(sys:actor_ids()) do
            local k = r.membership[id]
            assert.is_true(math.type(k) == "integer")
            assert.is_true(k <= seen + 1, "community numbered out of order")
            if k == seen + 1 then seen = k end
          end
          assert.are.equal(r.count, seen)
        end
      end
    end)

    it("reports community sizes that add up to every actor", function()
      local r = sys:communities{ weighted = false }
      local sizes = {}
      for _, k in pairs(r.membership) do sizes[k] = (sizes[k] or 0) + 1 end
      assert.are.same(sizes, r.sizes)
      assert.are.equal(r.count, #r.sizes)
    end)
  end)

  describe("the edge-case ladder", function()
    it("finds no community in an empty system", function()
      local sys = diplomat.new{}
      for _, method in ipairs(METHODS) do
        local r = sys:communities{ method = method }
        assert.are.same({ membership = {}, count = 0, modularity = 0,
                          sizes = {} }, r)
      end
    end)

    it("puts a lone actor in a community of its own, modularity 0",
       function()
      local sys = system{ actors = { "x" } }
      for _, method in ipairs(METHODS) do
        assert.are.same({ membership = { x = 1 }, count = 1, modularity = 0,
                          sizes = { 1 } }, sys:communities{ method = method })
      end
    end)

    it("puts every actor alone when there are no ties (modularity 0, "
       .. "undefined)", function()
      local sys = system{ actors = { "x", "y", "z" } }
      for _, method in ipairs(METHODS) do
        local r = sys:communities{ method = method }
        assert.are.same({ x = 1, y = 2, z = 3 }, r.membership)
        assert.are.equal(0, r.modularity)
        assert.are.equal(3, r.count)
      end
    end)

    -- Two triangles and a bridge: m = 7; the triangles hold 3 ties
    -- each, their strengths sum to 2 + 2 + 3 = 7, so
    -- Q = 2 (3/7 - (7/14)^2) = 6/7 - 1/2 = 5/14 = 0.357142...
    it("splits two bridged triangles, Q = 5/14", function()
      local sys = system{ actors = SIX, ties = bridged() }
      assert.near(5 / 14, fixture.hand.bridge, TOL)
      for _, method in ipairs(METHODS) do
        local r = sys:communities{ method = method }
        assert.are.same(TWO, canonical(r.membership), method)
        assert.near(5 / 14, r.modularity, TOL, method)
        assert.are.same({ a1 = 1, a2 = 1, a3 = 1, b1 = 2, b2 = 2, b3 = 2 },
                        r.membership)
      end
    end)

    it("leaves isolated actors in communities of their own", function()
      local actors = { "lone" }
      for _, id in ipairs(SIX) do actors[#actors + 1] = id end
      actors[#actors + 1] = "hermit"
      local sys = system{ actors = actors, ties = bridged() }
      for _, method in ipairs(METHODS) do
        local r = sys:communities{ method = method }
        assert.are.same({ lone = 1, a1 = 2, a2 = 2, a3 = 2, b1 = 3, b2 = 3,
                          b3 = 3, hermit = 4 }, r.membership, method)
        assert.are.equal(4, r.count)
        assert.near(5 / 14, r.modularity, TOL, method) -- isolates add 0
      end
    end)

    -- A self-tie at a1 (weight 1): m = 8, L_A = 3 + 1 (the self-tie
    -- counts once), d_A = 4 + 2 + 3 = 9 (it adds 2 to a1's strength),
    -- L_B = 3, d_B = 7: Q = 4/8 - (9/16)^2 + 3/8 - (7/16)^2
    -- = 7/8 - 130/256 = 0.3671875.
    it("counts a self-tie once inside its community and twice in the "
       .. "actor's strength", function()
      local sys = system{
        layers = { { id = "ties", self_ties = true } },
        actors = SIX, ties = bridged{ { "a1", "a1" } },
      }
      assert.near(0.3671875, fixture.hand.self_tie, TOL)
      for _, method in ipairs(METHODS) do
        local r = sys:communities{ method = method }
        assert.are.same(TWO, canonical(r.membership), method)
        assert.near(0.3671875, r.modularity, TOL, method)
      end
    end)

    -- Triangle ties weighing 3 and the bridge in two layers (weight 1
    -- in each).  Combined by sum the bridge weighs 2: m = 18 + 2 = 20,
    -- d_A = d_B = 6 + 6 + 8 = 20, L_A = L_B = 9, so
    -- Q = 2 (9/20 - (20/40)^2) = 0.4.  By max it weighs 1: m = 19,
    -- d_A = d_B = 19, Q = 2 (9/19 - 1/4) = 18/19 - 1/2 = 0.447368...
    it("combines ties between one pair in several layers", function()
      local ties = {}
      for _, t in ipairs(TRIANGLES) do ties[#ties + 1] = { t[1], t[2], 3 } end
      ties[#ties + 1] = { "a3", "b1" }
      ties[#ties + 1] = { "a3", "b1", layer = "chat" }
      local sys = system{
        layers = { { id = "ties" }, { id = "chat", informal = true } },
        actors = SIX, ties = ties,
      }
      assert.near(0.4, fixture.hand.bridge_sum, TOL)
      assert.near(18 / 19 - 1 / 2, fixture.hand.bridge_max, TOL)
      for _, method in ipairs(METHODS) do
        local sum = sys:communities{ method = method }
        local max = sys:communities{ method = method, combine = "max" }
        assert.are.same(TWO, canonical(sum.membership), method)
        assert.near(0.4, sum.modularity, TOL, method)
        assert.are.same(TWO, canonical(max.membership), method)
        assert.near(18 / 19 - 1 / 2, max.modularity, TOL, method)
        -- the selection: without "chat" the bridge weighs 1 as by max
        local formal = sys:communities{ method = method, informal = false }
        assert.near(18 / 19 - 1 / 2, formal.modularity, TOL, method)
      end
    end)

    -- Directed: triangle A reciprocated (a1 <-> a2 <-> a3 <-> a1),
    -- triangle B one way round (b1 -> b2 -> b3 -> b1), bridge a3 -> b1.
    -- Direction ignored, A -> B and B -> A are parallel ties: by sum A's
    -- pairs weigh 2, B's and the bridge 1: m = 10, strengths a1 4, a2 4,
    -- a3 5, b1 3, b2 2, b3 2; L_A = 6, d_A = 13, L_B = 3, d_B = 7:
    -- Q = 6/10 - (13/20)^2 + 3/10 - (7/20)^2 = 0.9 - 218/400 = 0.355.
    -- By max, or unweighted, every pair weighs 1: the bridged triangles,
    -- Q = 5/14.
    local DIRECTED = {
      { "a1", "a2" }, { "a2", "a1" }, { "a2", "a3" }, { "a3", "a2" },
      { "a3", "a1" }, { "a1", "a3" }, { "b1", "b2" }, { "b2", "b3" },
      { "b3", "b1" }, { "a3", "b1" },
    }

    it("ignores direction, combining A -> B with B -> A", function()
      local sys = system{ layers = { { id = "ties", directed = true } },
                          actors = SIX, ties = DIRECTED }
      assert.near(0.355, fixture.hand.symmetrised, TOL)
      for _, method in ipairs(METHODS) do
        local sum = sys:communities{ method = method }
        local max = sys:communities{ method = method, combine = "max" }
        local plain = sys:communities{ method = method, weighted = false }
        for _, r in ipairs{ sum, max, plain } do
          assert.are.same(TWO, canonical(r.membership), method)
        end
        assert.near(0.355, sum.modularity, TOL, method)
        assert.near(5 / 14, max.modularity, TOL, method)
        assert.near(5 / 14, plain.modularity, TOL, method)
      end
    end)

    it("reads a tie of an undirected layer once in a selection with "
       .. "directed layers", function()
      -- triangle A in an undirected layer, the rest directed one way:
      -- every pair weighs 1, the bridged triangles again (Q = 5/14)
      local sys = system{
        layers = { { id = "formal", directed = true },
                   { id = "chat", informal = true } },
        actors = SIX,
        ties = {
          { "a1", "a2", layer = "chat" }, { "a2", "a3", layer = "chat" },
          { "a3", "a1", layer = "chat" }, { "b1", "b2", layer = "formal" },
          { "b2", "b3", layer = "formal" }, { "b3", "b1", layer = "formal" },
          { "a3", "b1", layer = "formal" },
        },
      }
      for _, method in ipairs(METHODS) do
        local r = sys:communities{ method = method }
        assert.are.same(TWO, canonical(r.membership), method)
        assert.near(5 / 14, r.modularity, TOL, method)
        -- the undirected layer alone: one triangle (Q of one community
        -- holding every tie = 0) and three isolates
        local chat = sys:communities{ method = method, layers = { "chat" } }
        assert.are.same({ a1 = 1, a2 = 1, a3 = 1, b1 = 2, b2 = 3, b3 = 4 },
                        chat.membership)
        assert.near(0, chat.modularity, TOL)
      end
    end)

    -- Weights matter: with triangle B's ties weighing 5, the modularity
    -- of the split is Q = L_A/m - (d_A/2m)^2 + L_B/m - (d_B/2m)^2 with
    -- m = 3 + 15 + 1 = 19, d_A = 7, d_B = 31: 3/19 - (7/38)^2 + 15/19
    -- - (31/38)^2 = 18/19 - 1010/1444 = 0.247922...; unweighted it is
    -- 5/14 again.
    it("uses weights unless weighted = false", function()
      local ties = bridged()
      for _, t in ipairs(ties) do
        if t[1]:sub(1, 1) == "b" then t[3] = 5 end
      end
      local sys = system{ actors = SIX, ties = ties }
      for _, method in ipairs(METHODS) do
        local w = sys:communities{ method = method }
        local u = sys:communities{ method = method, weighted = false }
        assert.are.same(TWO, canonical(w.membership), method)
        assert.near(18 / 19 - 1010 / 1444, w.modularity, TOL, method)
        assert.near(5 / 14, u.modularity, TOL, method)
      end
    end)
  end)

  describe("the resolution", function()
    it("merges every connected group at resolution 0", function()
      -- Q_0 = sum_c L_c / m is largest when no tie is cut
      local sys = system{ actors = SIX, ties = TRIANGLES }
      for _, method in ipairs(METHODS) do
        local r = sys:communities{ method = method, resolution = 0 }
        assert.are.same(TWO, canonical(r.membership), method)
        -- modularity is reported at resolution 1: 2 (3/6 - 1/4) = 0.5
        assert.near(0.5, r.modularity, TOL, method)
      end
      local karate = graphs.system("karate")
      local r = karate:communities{ resolution = 0 }
      assert.are.equal(1, r.count)
    end)

    -- At gamma = 5 on the bridged triangles, joining two actors i, j
    -- tied by w = 1 changes Q_5 by 1/m - 2 * 5 d_i d_j / (2m)^2
    -- = 1/7 - 10 * 4 / 196 < 0 even for the weakest pair (d = 2, 2),
    -- and joining untied actors only costs: every actor stays alone.
    it("splits into more, smaller communities at a higher resolution",
       function()
      local sys = system{ actors = SIX, ties = bridged() }
      for _, method in ipairs(METHODS) do
        local r = sys:communities{ method = method, resolution = 5 }
        assert.are.equal(6, r.count, method)
        -- singletons: Q = -sum (d_i / 2m)^2 = -(4 * 4 + 2 * 9) / 196
        assert.near(-34 / 196, r.modularity, TOL, method)
      end
    end)
  end)

  describe("the crosstab against a grouping", function()
    -- Orgs: a1, a2 in x; a3, b1 in y; b2, b3 in z.  Communities A and B:
    --            x  y  z
    --   A (1)    2  1  0
    --   B (2)    0  1  2
    -- purity = (2 + 2) / 6 = 2/3.
    -- ARI: index = C(2,2) + C(2,2) = 2; rows 3, 3: sum C = 6; columns
    -- 2, 2, 2: sum C = 3; C(6,2) = 15; expected = 6 * 3 / 15 = 1.2;
    -- max = (6 + 3) / 2 = 4.5; ARI = (2 - 1.2) / (4.5 - 1.2) = 8/33.
    local actors = {
      { id = "a1", org = "x" }, { id = "a2", org = "x" },
      { id = "a3", org = "y" }, { id = "b1", org = "y" },
      { id = "b2", org = "z" }, { id = "b3", org = "z" },
    }

    it("counts the actors of each community in each group", function()
      local sys = system{ actors = actors, ties = bridged() }
      for _, method in ipairs(METHODS) do
        local ct = sys:communities{ method = method, by = "org" }.crosstab
        assert.are.equal("org", ct.by)
        assert.are.same({ "x", "y", "z" }, ct.groups)
        assert.are.same({ { x = 2, y = 1, z = 0 }, { x = 0, y = 1, z = 2 } },
                        ct.counts)
        assert.near(2 / 3, ct.purity, TOL)
        assert.near(8 / 33, ct.ari, TOL)
      end
    end)

    it("has no crosstab without `by`", function()
      local sys = system{ actors = actors, ties = bridged() }
      assert.is_nil(sys:communities{}.crosstab)
    end)

    it("gives purity and ARI 1 when communities follow the groups",
       function()
      local sys = system{ actors = {
        { id = "a1", sector = "health" }, { id = "a2", sector = "health" },
        { id = "a3", sector = "health" }, { id = "b1" }, { id = "b2" },
        { id = "b3" },
      }, ties = bridged() }
      local ct = sys:communities{ by = "sector" }.crosstab
      assert.are.same({ "health", "(none)" }, ct.groups)
      assert.are.same({ { health = 3, ["(none)"] = 0 },
                        { health = 0, ["(none)"] = 3 } }, ct.counts)
      assert.are.equal(1, ct.purity)
      assert.near(1, ct.ari, TOL)
    end)

    -- One community of 3 against 3 singleton groups: index = 0, rows
    -- sum C = 3, columns 0, expected = 0, max = 3/2: ARI = 0; purity
    -- 1/3.  Both partitions all-in-one (or an empty system): ARI 1.
    it("handles the limiting cases of the ARI", function()
      local sys = system{ actors = {
        { id = "p", org = "x" }, { id = "q", org = "y" },
        { id = "r", org = "z" },
      }, ties = { { "p", "q" }, { "q", "r" }, { "p", "r" } } }
      local ct = sys:communities{ by = "org" }.crosstab
      assert.near(0, ct.ari, TOL)
      assert.near(1 / 3, ct.purity, TOL)
      ct = sys:communities{ by = "kind" }.crosstab -- all organisations
      assert.are.same({ { organisation = 3 } }, ct.counts)
      assert.are.equal(1, ct.ari)
      assert.are.equal(1, ct.purity)
      ct = diplomat.new{}:communities{ by = "org" }.crosstab
      assert.are.same({ by = "org", groups = {}, counts = {}, purity = 1,
                        ari = 1 }, ct)
    end)

    it("groups by a free attribute", function()
      local sys = system{ actors = {
        { id = "a1", attrs = { team = "red" } },
        { id = "a2", attrs = { team = "red" } },
        { id = "a3", attrs = { team = "blue" } }, { id = "b1" },
        { id = "b2", attrs = { team = "blue" } },
        { id = "b3", attrs = { team = "blue" } },
      }, ties = bridged() }
      local ct = sys:communities{ by = "attrs.team" }.crosstab
      assert.are.same({ "red", "blue", "(none)" }, ct.groups)
      assert.are.same({ { red = 2, blue = 1, ["(none)"] = 0 },
                        { red = 0, blue = 2, ["(none)"] = 1 } }, ct.counts)
    end)
  end)

  describe("invalid input", function()
    local sys = system{ actors = SIX, ties = bridged() }
    local function call(opts)
      return error_of(function() return sys:communities(opts) end)
    end

    it("rejects an unknown method", function()
      assert.are.equal(bad("method: unknown method 'walktrap' (expected "
                           .. "leiden or louvain)"),
                       call{ method = "walktrap" })
      assert.are.equal(bad("method: must be \"leiden\" or \"louvain\""),
                       call{ method = true })
      assert.are.equal(bad("method: must be \"leiden\" or \"louvain\""),
                       call{ method = 1 })
    end)

    it("rejects a resolution that is not a finite number >= 0", function()
      assert.are.equal(bad("resolution: must be a number"),
                       call{ resolution = "1" })
      for _, x in ipairs{ -1, 0 / 0, math.huge } do
        assert.are.equal(bad("resolution: must be a finite number >= 0"),
                         call{ resolution = x })
      end
    end)

    it("rejects a seed that is not an integer >= 0", function()
      for _, x in ipairs{ -1, 1.5, "1", true } do
        assert.are.equal(bad("seed: must be an integer >= 0"),
                         call{ seed = x })
      end
      assert.is_table(sys:communities{ seed = 2.0 })
    end)

    it("rejects unknown options, fields and layers", function()
      assert.are.equal(bad("unknown option 'mode'"), call{ mode = "all" })
      assert.are.equal(bad("weighted: must be true or false"),
                       call{ weighted = 1 })
      assert.are.equal(bad("by: unknown actor field 'colour' (use org, "
                           .. "sector, profession, level, mandate, kind or "
                           .. "attrs.<name>)"), call{ by = "colour" })
      assert.are.equal(bad("layers: unknown layer 'post'"),
                       call{ layers = { "post" } })
      assert.are.equal(bad("combine: unknown rule 'mean' (expected sum, "
                           .. "max or count)"), call{ combine = "mean" })
      assert.are.equal(
        "bad argument #1 to 'communities' (table expected, got string)",
        call("leiden"))
    end)
  end)
end)
