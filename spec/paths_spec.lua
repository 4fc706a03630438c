-- Routes, reach and channel dependence (csrc/paths.c, csrc/lua_paths.c):
-- sys:path, sys:reach and sys:channels.  References: networkx 2.8.8 in
-- spec/fixtures/paths.lua (written by spec/fixtures/make_paths.py):
-- cheapest routes on Padgett's Florentine families with made-up weights
-- (exact rational arithmetic), steps between families, and the channel
-- dependence of a made-up 30-actor system by brute force; and the small
-- graphs worked out by hand in the comments below.
local diplomat = require "diplomat"
local graphs = require "spec.fixtures.graphs"
local fixture = require "spec.fixtures.paths"
local h = require "spec.helpers"

local error_of = h.error_of
local TOL = 1e-12

local function bad(fname, n, msg)
  return ("bad argument #%d to '%s' (%s)"):format(n, fname, msg)
end

-- A system: layers { { id, directed, informal, self_ties } } (default
-- one undirected layer "ties"), actors (ids), ties { from, to [, weight]
-- [, layer = id] }.
local function system(t)
  local sys = diplomat.new{ name = "spec" }
  for _, l in ipairs(t.layers or { { id = "ties" } }) do sys:add_layer(l) end
  for _, a in ipairs(t.actors) do sys:add_actor{ id = a } end
  for _, e in ipairs(t.ties or {}) do
    sys:add_tie{ from = e[1], to = e[2], weight = e[3] or 1,
                 layer = e.layer or "ties" }
  end
  return sys
end

-- Padgett's Florentine families with the fixture's weights, plus the
-- Pucci family (no marriage ties).
local function florentine()
  local g = graphs.florentine
  local sys = diplomat.new{ name = "florentine" }
  sys:add_layer{ id = "marriage" }
  for _, id in ipairs(g.actors) do sys:add_actor{ id = id } end
  sys:add_actor{ id = "Pucci" }
  for k, t in ipairs(g.ties) do
    sys:add_tie{ from = t[1], to = t[2], layer = "marriage",
                 weight = fixture.florentine.weights[k] }
  end
  return sys
end

-- Checks that route r is a walk over ties of sys from `from` to `to`
-- whose cost is the sum of 1 / weight of its steps.
local function check_route(sys, r, from, to)
  assert.are.equal(from, r.actors[1])
  assert.are.equal(to, r.actors[#r.actors])
  assert.are.equal(#r.actors - 1, #r.ties)
  local sum = 0
  for i, t in ipairs(r.ties) do
    assert.are.equal(r.actors[i], t.from)
    assert.are.equal(r.actors[i + 1], t.to)
    assert.near(1 / t.weight, t.cost, TOL)
    local w = 0
    for _, l in ipairs(t.layers) do
      w = w + assert(sys:tie(t.from, t.to, l), "no such tie").weight
    end
    assert.near(w, t.weight, TOL) -- combined by sum
    sum = sum + t.cost
  end
  assert.near(sum, r.cost, 1e-9)
end

-- The chain used for reach and channels, worked out by hand below:
--   formal (directed, formal):      a -> b,  c -> d
--   whatsapp (undirected, informal): b - c,  d - e
--   tips (directed, informal):      e -> f
--   g has no ties.
local function chain(formal_directed)
  return system{
    layers = { { id = "formal", directed = formal_directed ~= false },
               { id = "whatsapp", informal = true },
               { id = "tips", directed = true, informal = true } },
    actors = { "a", "b", "c", "d", "e", "f", "g" },
    ties = {
      { "a", "b", layer = "formal" }, { "c", "d", layer = "formal" },
      { "b", "c", layer = "whatsapp" }, { "d", "e", layer = "whatsapp" },
      { "e", "f", layer = "tips" },
    },
  }
end

describe("System:path", function()
  it("finds the cheapest route between every pair of Florentine "
     .. "families, as networkx", function()
    local sys = florentine()
    local ids = sys:actor_ids()
    for _, a in ipairs(ids) do
      for _, b in ipairs(ids) do
        local r = sys:path(a, b)
        local cost = fixture.florentine.cost[a][b]
        if cost == nil then
          assert.is_nil(r, a .. " -> " .. b)
        else
          assert.near(cost, r.cost, 1e-9, a .. " -> " .. b)
          check_route(sys, r, a, b)
          local route = fixture.florentine.route[a][b]
          if route then assert.are.same(route, r.actors, a .. " -> " .. b) end
        end
      end
    end
  end)

  it("reports each step's weight, cost and layers", function()
    local sys = florentine()
    -- Medici - Ridolfi (tie 14, weight 1 + 42 mod 4 = 3) and Ridolfi -
    -- Strozzi (tie 19, weight 1 + 57 mod 4 = 2): cost 1/3 + 1/2
    local r = sys:path("Medici", "Strozzi")
    assert.are.same({ "Medici", "Ridolfi", "Strozzi" }, r.actors)
    assert.near(1 / 3 + 1 / 2, r.cost, TOL)
    assert.are.same({ from = "Medici", to = "Ridolfi", weight = 3,
                      cost = 1 / 3, layers = { "marriage" } }, r.ties[1])
    assert.are.same({ from = "Ridolfi", to = "Strozzi", weight = 2,
                      cost = 1 / 2, layers = { "marriage" } }, r.ties[2])
  end)

  -- a -> c directly (weight 1, cost 1) or a -> b -> c (weights 4 and 4,
  -- cost 1/4 + 1/4 = 1/2): the stronger, longer route is cheaper.
  it("prefers strong ties to short routes", function()
    local sys = system{ layers = { { id = "ties", directed = true } },
                        actors = { "a", "b", "c" },
                        ties = { { "a", "c", 1 }, { "a", "b", 4 },
                                 { "b", "c", 4 } } }
    local r = sys:path("a", "c")
    assert.are.same({ "a", "b", "c" }, r.actors)
    assert.near(0.5, r.cost, TOL)
  end)

  it("follows direction, and returns nil when there is no route",
     function()
    local sys = system{ layers = { { id = "ties", directed = true } },
                        actors = { "a", "b", "c" },
                        ties = { { "a", "b" }, { "b", "c" } } }
    assert.are.same({ "a", "b", "c" }, sys:path("a", "c").actors)
    assert.is_nil(sys:path("c", "a"))
    assert.is_nil(sys:path("b", "a"))
  end)

  it("gives a route of one actor at no cost from an actor to itself",
     function()
    local sys = system{ layers = { { id = "ties", self_ties = true } },
                        actors = { "a", "b" },
                        ties = { { "a", "a", 5 }, { "a", "b" } } }
    assert.are.same({ actors = { "a" }, cost = 0, ties = {} },
                    sys:path("a", "a"))
    local lone = system{ actors = { "x" } }
    assert.are.same({ actors = { "x" }, cost = 0, ties = {} },
                    lone:path("x", "x"))
  end)

  -- a - b in two layers (weights 1 and 3) against a - c - b (weights 2
  -- and 2): by sum a - b weighs 4 (cost 1/4 < 1/2 + 1/2); by max 3
  -- (cost 1/3); by count 2 (cost 1/2, against 1 + 1 = 2 counted).
  it("combines ties between one pair in several layers", function()
    local sys = system{
      layers = { { id = "formal" }, { id = "chat", informal = true } },
      actors = { "a", "b", "c" },
      ties = { { "a", "b", 1, layer = "formal" },
               { "a", "b", 3, layer = "chat" },
               { "a", "c", 2, layer = "formal" },
               { "c", "b", 2, layer = "formal" } },
    }
    local r = sys:path("a", "b")
    assert.near(1 / 4, r.cost, TOL)
    assert.are.same({ from = "a", to = "b", weight = 4, cost = 1 / 4,
                      layers = { "formal", "chat" } }, r.ties[1])
    assert.near(1 / 3, sys:path("a", "b", { combine = "max" }).cost, TOL)
    assert.near(1 / 2, sys:path("a", "b", { combine = "count" }).cost, TOL)
    -- formal layers only: a - b weighs 1 (cost 1) against a - c - b
    -- (cost 1/2 + 1/2 = 1): equal; either way the cost is 1
    assert.near(1, sys:path("a", "b", { informal = false }).cost, TOL)
    -- the informal layer alone: a - b, cost 1/3
    local chat = sys:path("a", "b", { layers = { "chat" } })
    assert.are.same({ from = "a", to = "b", weight = 3, cost = 1 / 3,
                      layers = { "chat" } }, chat.ties[1])
    assert.is_nil(sys:path("a", "c", { layers = { "chat" } }))
  end)

  it("runs an undirected layer's tie both ways in a directed selection",
     function()
    local sys = chain()
    -- a -> b (formal), b - c (whatsapp), c -> d (formal): and back from
    -- d to c over nothing (c -> d is one way), so d reaches no one before
    -- e, and a cannot be reached from c
    assert.are.same({ "a", "b", "c", "d", "e", "f" },
                    sys:path("a", "f").actors)
    assert.are.same({ "c", "b" }, sys:path("c", "b").actors)
    assert.is_nil(sys:path("c", "a"))
    assert.is_nil(sys:path("f", "e"))
    assert.are.same({ "whatsapp" }, sys:path("b", "c").ties[1].layers)
    assert.are.same({ "whatsapp" }, sys:path("c", "b").ties[1].layers)
  end)

  it("rejects unknown actors and bad options", function()
    local sys = chain()
    assert.are.equal(bad("path", 1, "unknown actor 'zz'"),
                     error_of(function() return sys:path("zz", "a") end))
    assert.are.equal(bad("path", 2, "unknown actor 'zz'"),
                     error_of(function() return sys:path("a", "zz") end))
    assert.are.equal(bad("path", 1, "string expected, got number"),
                     error_of(function() return sys:path(1, "a") end))
    assert.are.equal(bad("path", 2, "string expected, got no value"),
                     error_of(function() return sys:path("a") end))
    assert.are.equal(bad("path", 3, "unknown option 'mode'"),
                     error_of(function()
                       return sys:path("a", "b", { mode = "all" })
                     end))
    assert.are.equal(bad("path", 3, "layers: unknown layer 'post'"),
                     error_of(function()
                       return sys:path("a", "b", { layers = { "post" } })
                     end))
    local empty = diplomat.new{}
    assert.are.equal(bad("path", 1, "unknown actor 'a'"),
                     error_of(function() return empty:path("a", "a") end))
  end)
end)

describe("System:reach", function()
  it("counts the steps from every Florentine family to every other, as "
     .. "networkx", function()
    local sys = florentine()
    local n = #sys
    for _, a in ipairs(sys:actor_ids()) do
      local expected = {}
      for b, d in pairs(fixture.florentine.steps[a]) do
        if b ~= a then expected[b] = d end
      end
      local r = sys:reach(a)
      assert.are.same(expected, r.actors, a)
      local count = #h.sorted_keys(expected)
      assert.are.equal(count, r.count)
      assert.near(count / (n - 1), r.share, TOL)
      for _, k in ipairs{ 0, 1, 2, 3 } do
        local within = {}
        for b, d in pairs(expected) do
          if d <= k then within[b] = d end
        end
        assert.are.same(within, sys:reach(a, { steps = k }).actors,
                        a .. " in " .. k)
      end
    end
    -- the Medici marry into 6 families and reach the other 13 of 15
    -- with ties (all but the Pucci): 14 of 15 others in all
    assert.are.equal(6, sys:reach("Medici", { steps = 1 }).count)
    assert.are.equal(14, sys:reach("Medici").count)
    assert.are.same({ count = 0, share = 0, actors = {} },
                    sys:reach("Pucci"))
  end)

  -- The chain (formal a -> b, c -> d; whatsapp b - c, d - e; tips
  -- e -> f): following direction from a: b 1, c 2, d 3, e 4, f 5.
  -- Against it, to f: e 1, d 2, c 3, b 4, a 5.  d reaches e (1) and
  -- f (2) only: c -> d runs one way.
  it("follows direction with mode out (the default), in or all",
     function()
    local sys = chain()
    assert.are.same({ count = 5, share = 5 / 6,
                      actors = { b = 1, c = 2, d = 3, e = 4, f = 5 } },
                    sys:reach("a"))
    assert.are.same({ e = 1, d = 2, c = 3, b = 4, a = 5 },
                    sys:reach("f", { mode = "in" }).actors)
    assert.are.same({ e = 1, f = 2 }, sys:reach("d").actors)
    assert.are.same({ c = 1, b = 2, a = 3, e = 1, f = 2 },
                    sys:reach("d", { mode = "all" }).actors)
    assert.are.same({ b = 1, c = 2 }, sys:reach("a", { steps = 2 }).actors)
    -- formal layers only: a reaches b
    assert.are.same({ b = 1 }, sys:reach("a", { informal = false }).actors)
  end)

  it("reaches no one from an isolate, a lone actor, or in 0 steps",
     function()
    local sys = chain()
    assert.are.same({ count = 0, share = 0, actors = {} }, sys:reach("g"))
    assert.are.same({ count = 0, share = 0, actors = {} },
                    sys:reach("a", { steps = 0 }))
    local lone = system{ layers = { { id = "ties", self_ties = true } },
                         actors = { "x" }, ties = { { "x", "x" } } }
    assert.are.same({ count = 0, share = 0, actors = {} }, lone:reach("x"))
  end)

  it("rejects unknown actors and bad options", function()
    local sys = chain()
    local function call(id, opts)
      return error_of(function() return sys:reach(id, opts) end)
    end
    assert.are.equal(bad("reach", 1, "unknown actor 'zz'"), call("zz"))
    for _, k in ipairs{ -1, 1.5, "2", true } do
      assert.are.equal(bad("reach", 2, "steps: must be an integer >= 0"),
                       call("a", { steps = k }))
    end
    assert.are.equal(bad("reach", 2, "mode: must be \"out\", \"in\" or "
                         .. "\"all\""), call("a", { mode = "both" }))
    assert.are.equal(bad("reach", 2, "unknown option 'weighted'"),
                     call("a", { weighted = true }))
  end)
end)

describe("System:channels", function()
  it("matches a brute-force count by networkx on a made-up system, in "
     .. "every mode", function()
    local R = fixture.random
    local sys = diplomat.new{ name = "random" }
    for _, l in ipairs(R.layers) do sys:add_layer(l) end
    for _, a in ipairs(R.actors) do sys:add_actor{ id = a } end
    for _, t in ipairs(R.ties) do
      sys:add_tie{ from = t[1], to = t[2], layer = t[3] }
    end
    for _, mode in ipairs{ "all", "out", "in" } do
      local ref = R.channels[mode]
      local c = sys:channels{ mode = mode }
      assert.are.equal(mode, c.mode)
      assert.are.same({ connected = ref.pairs_all,
                        formal = ref.pairs_formal,
                        informal_only = ref.pairs_all - ref.pairs_formal },
                      c.pairs, mode)
      assert.near((ref.pairs_all - ref.pairs_formal) / ref.pairs_all,
                  c.informal_share, TOL, mode)
      local carriers = {}
      for _, a in ipairs(R.actors) do
        local all, formal = ref.reach_all[a], ref.reach_formal[a]
        assert.are.same({ reach_all = all, reach_formal = formal,
                          informal_only = all - formal,
                          carries = ref.carries[a] }, c.actors[a],
                        mode .. " " .. a)
        if ref.carries[a] > 0 then carriers[#carriers + 1] = a end
      end
      -- carriers: most pairs first, then in the order actors were added
      table.sort(carriers, function(x, y)
        if ref.carries[x] ~= ref.carries[y] then
          return ref.carries[x] > ref.carries[y]
        end
        return x < y -- ids r01.. are in the order added
      end)
      assert.are.equal(#carriers, #c.carriers, mode)
      for i, id in ipairs(carriers) do
        assert.are.same({ id = id, pairs = ref.carries[id],
                          share = ref.carries[id]
                            / (ref.pairs_all - ref.pairs_formal) },
                        c.carriers[i], mode)
      end
    end
  end)

  -- The chain with every tie undirected in mode "all": formal a - b,
  -- c - d; informal b - c, d - e, e - f; g alone.
  --   components over formal layers: {a,b} {c,d} {e} {f} {g}: 2 pairs;
  --   over all layers: {a,...,f} {g}: C(6,2) = 15 pairs; 13 informal
  --   only, a share of 13/15.
  --   reach_all 5 for a..f; reach_formal 1 for a..d, 0 for e, f.
  --   carries: without b's informal tie (b - c): {a,b} {c,d,e,f}, 1 + 6
  --   = 7 pairs left, 8 lost; c the same (8); d (d - e): {a,b,c,d}
  --   {e,f}: 6 + 1, 8 lost; e (d - e and e - f): {a,b,c,d} {e} {f}: 6
  --   left, 9 lost; f (e - f): {a,...,e}: 10 left, 5 lost.
  it("counts pairs connected only through informal layers, ignoring "
     .. "direction by default", function()
    local c = chain():channels()
    assert.are.equal("all", c.mode)
    assert.are.same({ connected = 15, formal = 2, informal_only = 13 },
                    c.pairs)
    assert.near(13 / 15, c.informal_share, TOL)
    local all = { a = 5, b = 5, c = 5, d = 5, e = 5, f = 5, g = 0 }
    local formal = { a = 1, b = 1, c = 1, d = 1, e = 0, f = 0, g = 0 }
    local carries = { a = 0, b = 8, c = 8, d = 8, e = 9, f = 5, g = 0 }
    for id, n in pairs(all) do
      assert.are.same({ reach_all = n, reach_formal = formal[id],
                        informal_only = n - formal[id],
                        carries = carries[id] }, c.actors[id], id)
    end
    assert.are.same({
      { id = "e", pairs = 9, share = 9 / 13 },
      { id = "b", pairs = 8, share = 8 / 13 },
      { id = "c", pairs = 8, share = 8 / 13 },
      { id = "d", pairs = 8, share = 8 / 13 },
      { id = "f", pairs = 5, share = 5 / 13 },
    }, c.carriers)
    -- the same with an undirected formal layer
    assert.are.same(c, chain(false):channels())
  end)

  -- Mode "out" on the chain (a -> b, c -> d, b <-> c, d <-> e, e -> f):
  --   reach over all layers: a 5 (b..f), b 4 (c, d, e, f), c 4 (b, d,
  --   e, f), d 2 (e, f), e 2 (d, f), f 0, g 0: 17 ordered pairs; formal:
  --   a 1, c 1: 2 pairs.
  --   carries(b) (b <-> c goes): who reaches b: a, b, c.  a: 5 -> 1 (b),
  --   b: 4 -> 0, c: 4 -> 3 (d, e, f): 4 + 4 + 1 = 9; c the same, 9.
  --   carries(d) (d <-> e goes): a 5 -> 3, b 4 -> 2, c 4 -> 2, d 2 -> 0,
  --   e 2 -> 1: 9.  carries(e) (d <-> e, e -> f go): a 5 -> 3, b 4 -> 2,
  --   c 4 -> 2, d 2 -> 0, e 2 -> 0: 10.  carries(f) (e -> f goes):
  --   a..e lose f: 5.
  -- Mode "in" counts the same ordered pairs from the other end: the same
  -- totals and carries, other reach per actor (f is reached by 5).
  it("counts ordered pairs when following direction", function()
    local sys = chain()
    local out = sys:channels{ mode = "out" }
    assert.are.same({ connected = 17, formal = 2, informal_only = 15 },
                    out.pairs)
    local reach = { a = 5, b = 4, c = 4, d = 2, e = 2, f = 0, g = 0 }
    local carries = { a = 0, b = 9, c = 9, d = 9, e = 10, f = 5, g = 0 }
    for id, n in pairs(reach) do
      assert.are.equal(n, out.actors[id].reach_all, id)
      assert.are.equal(carries[id], out.actors[id].carries, id)
    end
    assert.are.equal(1, out.actors.a.reach_formal)
    assert.are.equal(0, out.actors.b.reach_formal)
    local into = sys:channels{ mode = "in" }
    assert.are.same(out.pairs, into.pairs)
    assert.are.same(out.carriers, into.carriers)
    assert.are.equal(5, into.actors.f.reach_all)
    assert.are.equal(0, into.actors.a.reach_all)
  end)

  it("keeps an actor's formal ties when its informal ties go", function()
    -- a - b formal and informal, b - c informal: removing a's informal
    -- tie leaves a - b formal, so a carries nothing; b carries (a, c)
    -- and (b, c); c carries (b, c) and (a, c)
    local sys = system{
      layers = { { id = "formal" }, { id = "chat", informal = true } },
      actors = { "a", "b", "c" },
      ties = { { "a", "b", layer = "formal" }, { "a", "b", layer = "chat" },
               { "b", "c", layer = "chat" } },
    }
    local c = sys:channels()
    assert.are.same({ connected = 3, formal = 1, informal_only = 2 },
                    c.pairs)
    assert.are.equal(0, c.actors.a.carries)
    assert.are.same({ { id = "b", pairs = 2, share = 1 },
                      { id = "c", pairs = 2, share = 1 } }, c.carriers)
  end)

  it("finds no dependence without informal layers, or in a selection of "
     .. "formal layers", function()
    local sys = chain()
    local c = sys:channels{ layers = { "formal" } }
    assert.are.same({ connected = 2, formal = 2, informal_only = 0 },
                    c.pairs)
    assert.are.equal(0, c.informal_share)
    assert.are.same({}, c.carriers)
    -- informal layers only: every connected pair is informal-only
    c = sys:channels{ layers = { "whatsapp", "tips" } }
    assert.are.equal(1, c.informal_share)
  end)

  it("handles an empty system, a lone actor and self-ties", function()
    local empty = diplomat.new{}:channels()
    assert.are.same({ mode = "all", actors = {}, pairs = { connected = 0,
                      formal = 0, informal_only = 0 }, informal_share = 0,
                      carriers = {} }, empty)
    local lone = system{
      layers = { { id = "chat", informal = true, self_ties = true } },
      actors = { "x" }, ties = { { "x", "x", layer = "chat" } },
    }
    local c = lone:channels{ mode = "out" }
    assert.are.same({ reach_all = 0, reach_formal = 0, informal_only = 0,
                      carries = 0 }, c.actors.x)
    assert.are.equal(0, c.informal_share)
  end)

  it("rejects bad options", function()
    local sys = chain()
    local function call(opts)
      return error_of(function() return sys:channels(opts) end)
    end
    assert.are.equal(bad("channels", 1, "informal: channels compares the "
                         .. "informal layers of the selection with the "
                         .. "formal ones; choose layers with 'layers'"),
                     call{ informal = true })
    assert.are.equal(bad("channels", 1, "mode: must be \"out\", \"in\" or "
                         .. "\"all\""), call{ mode = 1 })
    assert.are.equal(bad("channels", 1, "unknown option 'steps'"),
                     call{ steps = 2 })
    assert.are.equal(bad("channels", 1, "layers: unknown layer 'post'"),
                     call{ layers = { "post" } })
  end)
end)
