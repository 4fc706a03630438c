-- sys:brokerage: Gould-Fernandez brokerage roles, checked against R's
-- sna::brokerage (fixtures from spec/fixtures/make_brokerage.R) and
-- against hand counts on small graphs.
local diplomat = require "diplomat"
local graphs = require "spec.fixtures.graphs"
local sna = require "spec.fixtures.brokerage_sna"
local h = require "spec.helpers"

local ROLES = { "coordinator", "itinerant", "representative", "gatekeeper",
                "liaison", "total" }

-- A system with actors ids (org = groups[i], or none for "(none)") and
-- one layer "t" holding ties { from, to [, weight] }.
local function system(ids, groups, ties, opts)
  opts = opts or {}
  local sys = diplomat.new{ name = "brokerage" }
  sys:add_layer{ id = "t", directed = opts.directed ~= false,
                 self_ties = opts.self_ties }
  for i, id in ipairs(ids) do
    local org = groups[i]
    if org == "(none)" then org = nil end
    sys:add_actor{ id = id, org = org }
  end
  for _, t in ipairs(ties) do
    sys:add_tie{ from = t[1], to = t[2], layer = "t", weight = t[3] }
  end
  return sys
end

-- The roles of one actor as an array in ROLES order.
local function row(t)
  local r = {}
  for k, role in ipairs(ROLES) do r[k] = t[role] end
  return r
end

-- Checks a result against a case of the sna fixture: sna's NaN (a
-- role the group sizes rule out) must be 0 here.
local function near(expected, actual, what)
  if expected ~= expected then expected = 0 end
  assert(actual == actual, what .. " is NaN")
  assert.is_true(math.abs(expected - actual) <= 1e-9 *
    math.max(1, math.abs(expected)),
    string.format("%s: expected %.17g, got %.17g", what, expected, actual))
end

local function matches_sna(case, roles, null)
  for _, id in ipairs(case.actors) do
    for _, role in ipairs(ROLES) do
      local what = id .. " " .. role
      assert.are.equal(case.raw[id][role], roles[id][role], what)
      assert.is_true(math.type(roles[id][role]) == "integer", what)
      near(case.expected[id][role], null.expected[id][role], what .. " exp")
      near(case.sd[id][role], null.sd[id][role], what .. " sd")
      near(case.z[id][role], null.z[id][role], what .. " z")
    end
  end
  assert.are.same(h.sorted_keys(case.raw), h.sorted_keys(roles))
  for group, g in pairs(case.by_group) do
    assert.are.equal(g.size, null.groups[group].size, group)
    for _, role in ipairs(ROLES) do
      near(g.expected[role], null.groups[group].expected[role], group)
      near(g.sd[role], null.groups[group].sd[role], group)
    end
  end
  assert.are.same(h.sorted_keys(case.by_group), h.sorted_keys(null.groups))
  for _, k in ipairs{ "observed", "expected", "sd", "z" } do
    for _, role in ipairs(ROLES) do
      near(case.system[k][role], null.system[k][role], k .. " " .. role)
    end
  end
  near(case.density, null.density, "density")
end

-- The Northvale cases run on the fixture's copy of the map, so that
-- changes to examples/data/northvale.json do not move them.
local function northvale()
  local map = sna.northvale_map
  local sys = diplomat.new{ name = "Northvale (fixture copy)" }
  for _, l in ipairs(map.layers) do
    sys:add_layer{ id = l.id, directed = l.directed, informal = l.informal }
  end
  for _, a in ipairs(map.actors) do
    sys:add_actor{ id = a.id, org = a.org, sector = a.sector }
  end
  for _, t in ipairs(map.ties) do
    sys:add_tie{ from = t[1], to = t[2], layer = t[3] }
  end
  return sys
end

describe("System:brokerage", function()
  describe("against R's sna::brokerage", function()
    it("matches it on Krackhardt's kite, undirected, in three groups",
      function()
        local case = sna.kite
        local sys = graphs.system("kite")
        for i, id in ipairs(case.actors) do
          sys:set(id, "org", case.groups[i])
        end
        -- sna saw the same graph: the kite's ties, each both ways
        local arcs = {}
        for _, t in ipairs(graphs.kite.ties) do
          arcs[#arcs + 1] = t[1] .. ">" .. t[2]
          arcs[#arcs + 1] = t[2] .. ">" .. t[1]
        end
        local seen = {}
        for _, a in ipairs(case.arcs) do
          seen[#seen + 1] = a[1] .. ">" .. a[2]
        end
        table.sort(arcs)
        table.sort(seen)
        assert.are.same(arcs, seen)
        matches_sna(case, sys:brokerage{ by = "org" })
      end)

    it("matches it on a small directed graph with a singleton group",
      function()
        local case = sna.directed
        local sys = system(case.actors, case.groups, case.arcs)
        matches_sna(case, sys:brokerage{ by = "org" })
      end)

    it("matches it on a random directed graph of 30 actors in 5 groups",
      function()
        local case = sna.random
        local sys = system(case.actors, case.groups, case.arcs)
        matches_sna(case, sys:brokerage{ by = "org" })
      end)

    it("matches it on Northvale grouped by organisation (every layer)",
      function()
        local case = sna.northvale_org
        assert.are.equal(6, #case.layers)
        matches_sna(case, northvale():brokerage{ by = "org" })
      end)

    it("matches it on Northvale grouped by sector (every layer)", function()
      local case = sna.northvale_sector
      matches_sna(case, northvale():brokerage{ by = "sector" })
    end)

    it("matches it on Northvale's informal layers (undirected) by sector",
      function()
        local case = sna.northvale_informal_sector
        local sys = northvale()
        matches_sna(case, sys:brokerage{ by = "sector", informal = true })
        matches_sna(case, sys:brokerage{ by = "sector",
                                         layers = case.layers })
      end)
  end)

  describe("counts roles by hand", function()
    -- One two-path a -> b -> c; b is the broker.  Its role depends only
    -- on the groups of a, b and c.
    local function broker(ga, gb, gc)
      local sys = system({ "a", "b", "c" }, { ga, gb, gc },
                         { { "a", "b" }, { "b", "c" } })
      local roles = sys:brokerage{ by = "org" }
      assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(roles.a))
      assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(roles.c))
      return row(roles.b)
    end

    it("counts a coordinator when all three share a group", function()
      assert.are.same({ 1, 0, 0, 0, 0, 1 }, broker("x", "x", "x"))
    end)

    it("counts an itinerant when the broker alone is outside", function()
      assert.are.same({ 0, 1, 0, 0, 0, 1 }, broker("x", "y", "x"))
    end)

    it("counts a representative when the broker is in the sender's group",
      function()
        assert.are.same({ 0, 0, 1, 0, 0, 1 }, broker("x", "x", "y"))
      end)

    it("counts a gatekeeper when the broker is in the receiver's group",
      function()
        assert.are.same({ 0, 0, 0, 1, 0, 1 }, broker("x", "y", "y"))
      end)

    it("counts a liaison when all three groups differ", function()
      assert.are.same({ 0, 0, 0, 0, 1, 1 }, broker("x", "y", "z"))
    end)

    it("does not count a two-path closed by a tie from sender to receiver",
      function()
        local sys = system({ "a", "b", "c" }, { "x", "y", "z" },
                           { { "a", "b" }, { "b", "c" }, { "a", "c" } })
        assert.are.equal(0, sys:brokerage{ by = "org" }.b.total)
      end)

    it("still counts it when only the receiver ties back to the sender",
      function()
        -- c -> a does not give a a direct route to c
        local sys = system({ "a", "b", "c" }, { "x", "y", "z" },
                           { { "a", "b" }, { "b", "c" }, { "c", "a" } })
        local roles = sys:brokerage{ by = "org" }
        -- b brokers a -> c; c brokers b -> a (no b -> a); a brokers
        -- c -> b (no c -> b): one liaison each
        for _, id in ipairs{ "a", "b", "c" } do
          assert.are.same({ 0, 0, 0, 0, 1, 1 }, row(roles[id]))
        end
      end)

    it("reads an undirected tie both ways", function()
      -- a - b - c undirected: b brokers a -> c (representative: b
      -- shares a's group) and c -> a (gatekeeper: b shares the receiver
      -- a's group)
      local sys = system({ "a", "b", "c" }, { "x", "x", "y" },
                         { { "a", "b" }, { "b", "c" } }, { directed = false })
      local roles = sys:brokerage{ by = "org" }
      assert.are.same({ 0, 0, 1, 1, 0, 2 }, row(roles.b))
    end)

    it("counts a star's hub once per ordered pair of leaves", function()
      -- hub h (group x) with out-ties to three leaves in y, y, z and in-
      -- ties from them (undirected): 3 * 2 ordered pairs of leaves.
      -- (y1, y2), (y2, y1): itinerant; (y1, z), (y2, z), (z, y1), (z, y2):
      -- liaison.
      local sys = system({ "h", "y1", "y2", "z" }, { "x", "y", "y", "z" },
                         { { "h", "y1" }, { "h", "y2" }, { "h", "z" } },
                         { directed = false })
      assert.are.same({ 0, 2, 0, 0, 4, 6 },
                      row(sys:brokerage{ by = "org" }.h))
    end)
  end)

  describe("conventions", function()
    it("ignores tie weights and the combine rule", function()
      local sys = system({ "a", "b", "c" }, { "x", "y", "z" },
                         { { "a", "b", 9 }, { "b", "c", 0.5 } })
      local plain = sys:brokerage{ by = "org" }
      for _, combine in ipairs{ "sum", "max", "count" } do
        assert.are.same(plain,
                        (sys:brokerage{ by = "org", combine = combine }))
      end
      assert.are.same({ 0, 0, 0, 0, 1, 1 }, row(plain.b))
    end)

    it("combines parallel ties across layers into one tie", function()
      local sys = system({ "a", "b", "c" }, { "x", "y", "z" },
                         { { "a", "b" }, { "b", "c" } })
      sys:add_layer{ id = "u" }
      sys:add_tie{ from = "a", to = "b", layer = "u" }
      local roles, null = sys:brokerage{ by = "org" }
      -- a -> b in t and a - b in u are one arc a -> b plus b -> a; the
      -- only new two-path b -> a -> b returns to its sender, so b still
      -- brokers a -> c alone; the density counts 3 arcs of 3 * 2
      assert.are.same({ 0, 0, 0, 0, 1, 1 }, row(roles.b))
      assert.are.equal(3 / 6, null.density)
      local only_t = select(2, sys:brokerage{ by = "org", layers = { "t" } })
      assert.are.equal(2 / 6, only_t.density)
    end)

    it("ignores self-ties, in the counts and in the density", function()
      local ties = { { "a", "b" }, { "b", "c" } }
      local plain, pnull = system({ "a", "b", "c" }, { "x", "y", "z" }, ties)
        :brokerage{ by = "org" }
      local looped = system({ "a", "b", "c" }, { "x", "y", "z" },
                            { { "a", "b" }, { "b", "c" }, { "b", "b" },
                              { "a", "a" } }, { self_ties = true })
      local roles, null = looped:brokerage{ by = "org" }
      assert.are.same(plain, roles)
      assert.are.same(pnull, null)
      assert.are.equal(2 / 6, null.density)
    end)

    it("gives isolated actors no roles but their group's expectation",
      function()
        local case = sna.directed
        local sys = system(case.actors, case.groups, case.arcs)
        sys:add_actor{ id = "lonely", org = "red" }
        local roles, null = sys:brokerage{ by = "org" }
        assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(roles.lonely))
        assert.are.same(null.expected.a1, null.expected.lonely)
        assert.are.equal(4, null.groups.red.size)
        -- z = (0 - expected) / sd
        near(-null.expected.lonely.total / null.sd.lonely.total,
             null.z.lonely.total, "z of an isolate")
      end)

    it("gives z = 0 where a group's size rules a role out (sna: NaN)",
      function()
        -- blue has two members: no coordinator triple fits in it
        local _, null = system(sna.directed.actors, sna.directed.groups,
                               sna.directed.arcs):brokerage{ by = "org" }
        assert.are.equal(0, null.groups.blue.expected.coordinator)
        assert.are.equal(0, null.groups.blue.sd.coordinator)
        assert.are.equal(0, null.z.b1.coordinator)
      end)

    it("groups by a free attribute, putting actors without it in (none)",
      function()
        local sys = system({ "a", "b", "c" }, { "x", "x", "x" },
                           { { "a", "b" }, { "b", "c" } })
        sys:set("a", "attrs.team", "red")
        sys:set("c", "attrs.team", 7)
        local roles, null = sys:brokerage{ by = "attrs.team" }
        -- a (red) -> b ((none)) -> c (7): a liaison
        assert.are.same({ 0, 0, 0, 0, 1, 1 }, row(roles.b))
        assert.are.same({ "(none)", "7", "red" }, h.sorted_keys(null.groups))
        assert.are.equal("attrs.team", null.by)
      end)

    it("follows the system as it changes", function()
      local sys = system({ "a", "b", "c" }, { "x", "y", "z" },
                         { { "a", "b" }, { "b", "c" } })
      assert.are.equal(1, sys:brokerage{ by = "org" }.b.liaison)
      sys:add_tie{ from = "a", to = "c", layer = "t" }
      assert.are.equal(0, sys:brokerage{ by = "org" }.b.liaison)
      sys:set("c", "org", "x")
      sys:remove_tie("a", "c", "t")
      assert.are.equal(1, sys:brokerage{ by = "org" }.b.itinerant)
    end)
  end)

  describe("edge cases", function()
    it("returns empty tables for an empty system", function()
      local sys = diplomat.new{ name = "empty" }
      local roles, null = sys:brokerage{ by = "org" }
      assert.are.same({}, roles)
      assert.are.same({}, null.groups)
      assert.are.same({}, null.z)
      assert.are.equal(0, null.density)
      assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(null.system.observed))
      assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(null.system.z))
    end)

    it("gives one actor no roles and no NaN", function()
      local sys = system({ "solo" }, { "x" }, {})
      local roles, null = sys:brokerage{ by = "org" }
      assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(roles.solo))
      assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(null.z.solo))
      assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(null.expected.solo))
      assert.are.equal(0, null.density)
      assert.are.equal(1, null.groups.x.size)
    end)

    it("gives a complete graph no brokers and z = 0", function()
      local ids = { "a", "b", "c", "d" }
      local ties = {}
      for _, u in ipairs(ids) do
        for _, v in ipairs(ids) do
          if u ~= v then ties[#ties + 1] = { u, v } end
        end
      end
      local roles, null = system(ids, { "x", "y", "x", "y" }, ties)
        :brokerage{ by = "org" }
      assert.are.equal(1, null.density)
      for _, id in ipairs(ids) do
        assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(roles[id]))
        assert.are.same({ 0, 0, 0, 0, 0, 0 }, row(null.z[id]))
      end
    end)
  end)

  describe("rejects bad input", function()
    local sys = system({ "a", "b" }, { "x", "y" }, { { "a", "b" } })

    it("requires by", function()
      local msg = "bad argument #1 to 'brokerage' (by: missing (which " ..
                  "actor field defines the groups?))"
      h.rejects(sys, msg, function() return sys:brokerage() end)
      h.rejects(sys, msg, function() return sys:brokerage{} end)
    end)

    it("names an unknown field, option or layer", function()
      h.rejects(sys, "bad argument #1 to 'brokerage' (by: unknown actor " ..
        "field 'colour' (use org, sector, profession, level, mandate, " ..
        "kind or attrs.<name>))",
        function() return sys:brokerage{ by = "colour" } end)
      h.rejects(sys, "bad argument #1 to 'brokerage' (unknown option " ..
        "'mode')", function() return sys:brokerage{ by = "org",
                                                    mode = "out" } end)
      h.rejects(sys, "bad argument #1 to 'brokerage' (layers: unknown " ..
        "layer 'nope')",
        function() return sys:brokerage{ by = "org", layers = { "nope" } } end)
      h.rejects(sys, "bad argument #1 to 'brokerage' (the layer " ..
        "selection matches no layer)",
        function() return sys:brokerage{ by = "org", informal = true } end)
    end)

    it("rejects options of the wrong type", function()
      h.rejects(sys, "bad argument #1 to 'brokerage' (table expected, " ..
        "got string)", function() return sys:brokerage("org") end)
      h.rejects(sys, "bad argument #1 to 'brokerage' (by: must be the " ..
        "name of an actor field)",
        function() return sys:brokerage{ by = 3 } end)
      h.rejects(sys, "bad argument #1 to 'brokerage' (combine: must be " ..
        "\"sum\", \"max\" or \"count\")",
        function() return sys:brokerage{ by = "org", combine = 1 } end)
    end)

    it("refuses a closed system", function()
      local s2 = system({ "a" }, { "x" }, {})
      s2:close()
      assert.is_truthy(h.error_of(function()
        return s2:brokerage{ by = "org" }
      end))
    end)
  end)
end)
