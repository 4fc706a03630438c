-- sys:ei_index (Krackhardt & Stern's E-I index) and sys:spanners (actors
-- ranked by ties across group boundaries), checked against hand counts
-- written out below.
local diplomat = require "diplomat"
local graphs = require "spec.fixtures.graphs"
local h = require "spec.helpers"

-- Krackhardt's kite in three groups (the ones spec/brokerage_spec.lua
-- uses).  Its 18 ties, external (E) or internal (I):
--   E: Andre-Beverly, Andre-Diane, Carol-Diane, Diane-Fernando,
--      Fernando-Garth, Fernando-Heather, Garth-Heather          (7)
--   I: Andre-Carol, Andre-Fernando, Carol-Fernando (left);
--      Beverly-Diane, Beverly-Ed, Beverly-Garth, Diane-Ed, Diane-Garth,
--      Ed-Garth (right); Heather-Ike, Ike-Jane (tail)             (11)
local KITE_GROUPS = {
  Andre = "left", Carol = "left", Fernando = "left",
  Beverly = "right", Diane = "right", Ed = "right", Garth = "right",
  Heather = "tail", Ike = "tail", Jane = "tail",
}

local function kite(opts)
  local sys = graphs.system("kite", opts)
  for id, g in pairs(KITE_GROUPS) do sys:set(id, "org", g) end
  return sys
end

-- A small mixed system: a1, a2 (red), b1 (blue), c1 (green); directed
-- layer d: a1->a2 (2), a2->a1 (1), a1->b1 (3), b1->c1 (1), c1->a2 (4);
-- undirected layer u: a2-b1 (5).
local function mixed()
  local sys = diplomat.new{ name = "mixed" }
  sys:add_layer{ id = "d", directed = true }
  sys:add_layer{ id = "u" }
  for id, org in pairs{ a1 = "red", a2 = "red", b1 = "blue",
                        c1 = "green" } do
    sys:add_actor{ id = id, org = org }
  end
  for _, t in ipairs{ { "a1", "a2", 2, "d" }, { "a2", "a1", 1, "d" },
                      { "a1", "b1", 3, "d" }, { "b1", "c1", 1, "d" },
                      { "c1", "a2", 4, "d" }, { "a2", "b1", 5, "u" } } do
    sys:add_tie{ from = t[1], to = t[2], weight = t[3], layer = t[4] }
  end
  return sys
end

local function near(expected, actual, what)
  assert.is_true(math.abs(expected - actual) < 1e-12,
    string.format("%s: expected %.17g, got %s", what or "value", expected,
                  tostring(actual)))
end

local function near_all(expected, actual)
  assert.are.same(h.sorted_keys(expected), h.sorted_keys(actual))
  for k, x in pairs(expected) do near(x, actual[k], k) end
end

describe("System:ei_index", function()
  it("computes the kite's index overall, per group and per actor",
    function()
      local ei, detail = kite():ei_index{ by = "org" }
      near(-4 / 18, ei.overall, "overall") -- (7 - 11) / 18
      near_all({
        left = (6 - 3) / 9,  -- E: A-B A-D C-D D-F F-G F-H; I: A-C A-F C-F
        right = (6 - 6) / 12, -- E: A-B A-D C-D D-F F-G G-H; I: six
        tail = (2 - 2) / 4,  -- E: F-H G-H; I: H-I I-J
      }, ei.groups)
      near_all({
        Andre = (2 - 2) / 4,    -- Beverly, Diane | Carol, Fernando
        Beverly = (1 - 3) / 4,  -- Andre | Diane, Ed, Garth
        Carol = (1 - 2) / 3,    -- Diane | Andre, Fernando
        Diane = (3 - 3) / 6,    -- Andre, Carol, Fernando | Bev, Ed, Garth
        Ed = (0 - 3) / 3,       -- | Beverly, Diane, Garth
        Fernando = (3 - 2) / 5, -- Diane, Garth, Heather | Andre, Carol
        Garth = (2 - 3) / 5,    -- Fernando, Heather | Bev, Diane, Ed
        Heather = (2 - 1) / 3,  -- Fernando, Garth | Ike
        Ike = (0 - 2) / 2,      -- | Heather, Jane
        Jane = (0 - 1) / 1,     -- | Ike
      }, ei.actors)
      assert.are.same({ external = 7, internal = 11 }, detail.overall)
      assert.are.same({ size = 3, external = 6, internal = 3 },
                      detail.groups.left)
      assert.are.same({ group = "left", external = 3, internal = 2 },
                      detail.actors.Fernando)
      assert.are.equal("org", detail.by)
      assert.is_false(detail.weighted)
      assert.is_true(math.type(detail.overall.external) == "integer")
    end)

  it("weighs ties by their strength when weighted", function()
    -- karate club in two groups: members 1-17 "a", 18-34 "b"; checked on
    -- member 1 and on the system against sums over the edge list
    local sys = graphs.system("karate")
    for i = 1, 34 do sys:set(tostring(i), "org", i <= 17 and "a" or "b") end
    local E, I, E1, I1 = 0, 0, 0, 0
    for _, t in ipairs(graphs.karate.ties) do
      local cross = (tonumber(t[1]) <= 17) ~= (tonumber(t[2]) <= 17)
      if cross then E = E + t[3] else I = I + t[3] end
      if t[1] == "1" or t[2] == "1" then
        if cross then E1 = E1 + t[3] else I1 = I1 + t[3] end
      end
    end
    -- member 1's ties: 2..14 except 10 (weights 4+5+3+3+3+3+2+2+2+3+1+3
    -- = 34, all in a) and 18, 20, 22, 32 (2+2+2+2 = 8, in b)
    assert.are.equal(34, I1)
    assert.are.equal(8, E1)
    local ei, detail = sys:ei_index{ by = "org", weighted = true }
    near((E - I) / (E + I), ei.overall)
    near((8 - 34) / 42, ei.actors["1"])
    assert.are.same({ external = E, internal = I }, detail.overall)
    assert.is_true(math.type(detail.overall.external) == "float")
    -- unweighted, member 1 has 4 external and 12 internal ties
    near((4 - 12) / 16, sys:ei_index{ by = "org" }.actors["1"])
  end)

  describe("with directed ties", function()
    -- Every layer read as undirected (mode "all", the default): five
    -- pairs a1-a2 (2 + 1 = 3), a1-b1 (3), b1-c1 (1), c1-a2 (4), a2-b1
    -- (5); one inside red.
    it("counts each tied pair once by default", function()
      local ei, detail = mixed():ei_index{ by = "org" }
      near((4 - 1) / 5, ei.overall)
      near_all({ red = (3 - 1) / 4, blue = 1, green = 1 }, ei.groups)
      near_all({ a1 = 0, a2 = (2 - 1) / 3, b1 = 1, c1 = 1 }, ei.actors)
      assert.are.same({ external = 4, internal = 1 }, detail.overall)
      local w = mixed():ei_index{ by = "org", weighted = true }
      near((13 - 3) / 16, w.overall) -- E: 3 + 1 + 4 + 5, I: 3
    end)

    -- Following direction: seven arcs a1->a2 (2), a2->a1 (1), a1->b1
    -- (3), b1->c1 (1), c1->a2 (4), a2->b1 (5), b1->a2 (5); two in red.
    it("counts arcs an actor sends with mode out", function()
      local ei, detail = mixed():ei_index{ by = "org", mode = "out" }
      near((5 - 2) / 7, ei.overall)
      -- red sends a1->b1, a2->b1 out; blue b1->c1, b1->a2; green c1->a2
      near_all({ red = (2 - 2) / 4, blue = 1, green = 1 }, ei.groups)
      -- a1: ->b1 | ->a2; a2: ->b1 | ->a1; b1: ->c1, ->a2; c1: ->a2
      near_all({ a1 = 0, a2 = 0, b1 = 1, c1 = 1 }, ei.actors)
      assert.are.same({ group = "blue", external = 2, internal = 0 },
                      detail.actors.b1)
      local w = mixed():ei_index{ by = "org", mode = "out", weighted = true }
      near((18 - 3) / 21, w.overall) -- E: 3 + 1 + 4 + 5 + 5, I: 2 + 1
      near((3 - 2) / 5, w.actors.a1)
      near((5 - 1) / 6, w.actors.a2)
    end)

    it("counts arcs an actor receives with mode in", function()
      local ei = mixed():ei_index{ by = "org", mode = "in" }
      near((5 - 2) / 7, ei.overall)
      -- red receives c1->a2, b1->a2; blue a1->b1, a2->b1; green b1->c1
      near_all({ red = (2 - 2) / 4, blue = 1, green = 1 }, ei.groups)
      -- a1: | a2->; a2: c1->, b1-> | a1->; b1: a1->, a2->; c1: b1->
      near_all({ a1 = -1, a2 = (2 - 1) / 3, b1 = 1, c1 = 1 }, ei.actors)
    end)
  end)

  describe("edge cases", function()
    it("has no index anywhere in an empty system", function()
      local ei, detail = diplomat.new{ name = "e" }:ei_index{ by = "org" }
      assert.are.same({ groups = {}, actors = {} }, ei)
      assert.are.same({ external = 0, internal = 0 }, detail.overall)
      assert.are.same({}, detail.actors)
    end)

    it("leaves out one lone actor, and isolates, but lists them in the " ..
       "detail", function()
      local sys = diplomat.new{ name = "one" }
      sys:add_layer{ id = "t" }
      sys:add_actor{ id = "solo", org = "x" }
      local ei, detail = sys:ei_index{ by = "org" }
      assert.are.same({ groups = {}, actors = {} }, ei)
      assert.are.same({ group = "x", external = 0, internal = 0 },
                      detail.actors.solo)
      assert.are.same({ size = 1, external = 0, internal = 0 },
                      detail.groups.x)
      local k = kite()
      k:add_actor{ id = "Pucci", org = "nobody" }
      ei, detail = k:ei_index{ by = "org" }
      assert.is_nil(ei.actors.Pucci)
      assert.is_nil(ei.groups.nobody)
      near(-4 / 18, ei.overall)
      assert.are.same({ size = 1, external = 0, internal = 0 },
                      detail.groups.nobody)
    end)

    it("ignores self-ties", function()
      local sys = kite()
      sys:add_layer{ id = "self", self_ties = true }
      sys:add_tie{ from = "Ed", to = "Ed", layer = "self" }
      sys:add_tie{ from = "Jane", to = "Jane", layer = "self" }
      assert.are.same(kite():ei_index{ by = "org" }, sys:ei_index{ by = "org" })
    end)

    it("counts parallel ties across layers once, or their combined weight",
      function()
        local sys = kite()
        sys:add_layer{ id = "again" }
        sys:add_tie{ from = "Ike", to = "Jane", layer = "again", weight = 3 }
        sys:add_tie{ from = "Fernando", to = "Heather", layer = "again",
                     weight = 2 }
        assert.are.same(kite():ei_index{ by = "org" },
                        sys:ei_index{ by = "org" })
        -- weighted: Ike-Jane 1 + 3, Fernando-Heather 1 + 2; others 1
        local sum = sys:ei_index{ by = "org", weighted = true }
        near((9 - 14) / 23, sum.overall)
        -- Fernando: Diane 1, Garth 1, Heather 1 + 2 | Andre 1, Carol 1
        near((5 - 2) / 7, sum.actors.Fernando)
        -- Ike: | Heather 1, Jane 1 + 3
        near(-1, sum.actors.Ike)
        local count = sys:ei_index{ by = "org", weighted = true,
                                    combine = "count" }
        -- weight = ties per pair: E 6 + 2 (Fernando-Heather), I 10 + 2
        near((8 - 12) / 20, count.overall)
      end)

    it("takes groups from a free attribute, with (none) for the rest",
      function()
        local sys = kite()
        sys:set("Ike", "attrs.side", "east")
        sys:set("Jane", "attrs.side", "east")
        local ei, detail = sys:ei_index{ by = "attrs.side" }
        -- Ike-Jane inside east; Heather-Ike across; 16 inside (none)
        near((1 - 17) / 18, ei.overall)
        near_all({ east = (1 - 1) / 2, ["(none)"] = (1 - 16) / 17 },
                 ei.groups)
        assert.are.equal(8, detail.groups["(none)"].size)
      end)
  end)

  describe("rejects bad input", function()
    local sys = kite()
    it("requires by", function()
      h.rejects(sys, "bad argument #1 to 'ei_index' (by: missing (which " ..
        "actor field defines the groups?))",
        function() return sys:ei_index{} end)
    end)
    it("names a bad option", function()
      h.rejects(sys, "bad argument #1 to 'ei_index' (weighted: must be " ..
        "true or false)",
        function() return sys:ei_index{ by = "org", weighted = 1 } end)
      h.rejects(sys, "bad argument #1 to 'ei_index' (mode: must be " ..
        "\"out\", \"in\" or \"all\")",
        function() return sys:ei_index{ by = "org", mode = "both" } end)
      h.rejects(sys, "bad argument #1 to 'ei_index' (unknown option 'top')",
        function() return sys:ei_index{ by = "org", top = 3 } end)
      h.rejects(sys, "bad argument #1 to 'ei_index' (by: unknown actor " ..
        "field 'team' (use org, sector, profession, level, mandate, kind " ..
        "or attrs.<name>))",
        function() return sys:ei_index{ by = "team" } end)
    end)
  end)
end)

describe("System:spanners", function()
  it("ranks the kite's actors by ties across groups", function()
    -- crossing ties from the list above; Diane and Fernando tie on 3
    -- (and on weight), so the id decides; Ed, Ike and Jane cross none
    local list = kite():spanners{ by = "org" }
    local want = {
      { id = "Diane", group = "right", crossing = 3, ties = 6,
        groups_reached = 1 },
      { id = "Fernando", group = "left", crossing = 3, ties = 5,
        groups_reached = 2 },
      { id = "Andre", group = "left", crossing = 2, ties = 4,
        groups_reached = 1 },
      { id = "Garth", group = "right", crossing = 2, ties = 5,
        groups_reached = 2 },
      { id = "Heather", group = "tail", crossing = 2, ties = 3,
        groups_reached = 2 },
      { id = "Beverly", group = "right", crossing = 1, ties = 4,
        groups_reached = 1 },
      { id = "Carol", group = "left", crossing = 1, ties = 3,
        groups_reached = 1 },
    }
    assert.are.equal(#want, #list)
    for k, w in ipairs(want) do
      w.crossing_weight = w.crossing + 0.0 -- unit weights
      w.share = w.crossing / w.ties
      assert.are.same(w, list[k])
      assert.is_true(math.type(list[k].crossing) == "integer")
    end
  end)

  it("breaks ties on count by crossing weight", function()
    -- mixed(), pairs (mode all): b1 crosses 3 (3 + 1 + 5 = 9); a2 and
    -- c1 cross 2 each, a2 with 4 + 5 = 9, c1 with 1 + 4 = 5; a1 crosses
    -- a1-b1 (3)
    local list = mixed():spanners{ by = "org" }
    local ids, weights, reached = {}, {}, {}
    for k, s in ipairs(list) do
      ids[k], weights[k], reached[k] = s.id, s.crossing_weight,
                                       s.groups_reached
    end
    assert.are.same({ "b1", "a2", "c1", "a1" }, ids)
    assert.are.same({ 9, 9, 5, 3 }, weights)
    assert.are.same({ 2, 2, 2, 1 }, reached)
    near(2 / 3, list[2].share) -- a2: c1, b1 | a1
  end)

  it("follows direction with mode out and in", function()
    -- out: b1 sends ->c1, ->a2 (1 + 5); c1 ->a2 (4); a1 ->b1 (3);
    -- a2 ->b1 (5)
    local out = mixed():spanners{ by = "org", mode = "out" }
    local got = {}
    for k, s in ipairs(out) do got[k] = s.id .. ":" .. s.crossing end
    assert.are.same({ "b1:2", "a2:1", "c1:1", "a1:1" }, got)
    -- in: a2 gets c1->, b1-> (4 + 5); b1 gets a1->, a2-> (3 + 5); c1
    -- gets b1-> (1)
    local into = mixed():spanners{ by = "org", mode = "in" }
    got = {}
    for k, s in ipairs(into) do got[k] = s.id .. ":" .. s.crossing end
    assert.are.same({ "a2:2", "b1:2", "c1:1" }, got)
  end)

  it("keeps the top n", function()
    local list = kite():spanners{ by = "org", top = 2 }
    assert.are.equal(2, #list)
    assert.are.equal("Diane", list[1].id)
    assert.are.equal("Fernando", list[2].id)
    assert.are.equal(7, #kite():spanners{ by = "org", top = 100 })
  end)

  it("returns an empty list when no tie crosses a boundary", function()
    assert.are.same({}, diplomat.new{ name = "e" }:spanners{ by = "org" })
    local sys = kite()
    for id in pairs(KITE_GROUPS) do sys:set(id, "org", "one") end
    assert.are.same({}, sys:spanners{ by = "org" })
  end)

  it("ignores self-ties and counts parallel ties once", function()
    local sys = kite()
    sys:add_layer{ id = "self", self_ties = true }
    sys:add_tie{ from = "Diane", to = "Diane", layer = "self", weight = 9 }
    sys:add_tie{ from = "Diane", to = "Carol", layer = "self", weight = 9 }
    local list = sys:spanners{ by = "org" }
    assert.are.equal("Diane", list[1].id)
    assert.are.equal(3, list[1].crossing)
    assert.are.equal(6, list[1].ties)
    -- Andre 1, Carol 1 + 9 (kite and self layers), Fernando 1
    assert.are.equal(12, list[1].crossing_weight)
  end)

  it("rejects a bad top", function()
    local sys = kite()
    for _, top in ipairs{ 0, -1, 1.5, "3" } do
      h.rejects(sys, "bad argument #1 to 'spanners' (top: must be a " ..
        "whole number of at least 1)",
        function() return sys:spanners{ by = "org", top = top } end)
    end
    h.rejects(sys, "bad argument #1 to 'spanners' (unknown option " ..
      "'weighted')",
      function() return sys:spanners{ by = "org", weighted = true } end)
  end)
end)
