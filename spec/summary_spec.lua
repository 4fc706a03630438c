-- diplomat.summary: describe() and text() on a small hand-built map.
--
-- Every expected number is worked out by hand in the comment beside it,
-- from the map built in `build()` below.

local diplomat = require "diplomat"
local summary = diplomat.summary

local TOL = 1e-12

-- The map:
--   actors, in this order:
--     nhs      organisation  health            system
--     council  organisation  local_government  place   (kind by default)
--     charity  organisation  voluntary         neighbourhood
--     nurse    person        health            frontline
--     mayor    person        political         (no level)
--   layers: formal (directed, formal), chat (undirected, informal)
--   ties:   formal nhs->council 2, council->charity 1.5, nhs->nurse 3
--           chat   nurse-charity 1, mayor-council 0.5
--   issue budget 0..100, status quo 40, labels Cut / Grow:
--           nhs 20 (s 1), council 80 (s 0.5), charity 90 (s 0.8),
--           nurse 50 (s 0.2); the mayor has no position
--   issue rate -1..1, no status quo, no labels:
--           nhs 0 (s 1), council 1 (s 1), nurse 1 (s 0), mayor -1 (s 1)
local function build()
  local sys = diplomat.new{ name = "Test map" }
  sys:add_layer{ id = "formal", name = "Formal", directed = true }
  sys:add_layer{ id = "chat", name = "Chat", informal = true }
  sys:add_actor{ id = "nhs", name = "NHS Trust", kind = "organisation",
                 sector = "health", level = "system" }
  sys:add_actor{ id = "council", name = "City Council",
                 sector = "local_government", level = "place" }
  sys:add_actor{ id = "charity", name = "Charity", kind = "organisation",
                 sector = "voluntary", level = "neighbourhood" }
  sys:add_actor{ id = "nurse", name = "Nurse", kind = "person",
                 sector = "health", level = "frontline" }
  sys:add_actor{ id = "mayor", name = "Mayor", kind = "person",
                 sector = "political" }
  sys:add_tie{ from = "nhs", to = "council", layer = "formal", weight = 2 }
  sys:add_tie{ from = "council", to = "charity", layer = "formal",
               weight = 1.5 }
  sys:add_tie{ from = "nhs", to = "nurse", layer = "formal", weight = 3 }
  sys:add_tie{ from = "nurse", to = "charity", layer = "chat", weight = 1 }
  sys:add_tie{ from = "mayor", to = "council", layer = "chat", weight = 0.5 }
  sys:add_issue{ id = "budget", name = "Budget", min = 0, max = 100,
                 status_quo = 40, min_label = "Cut", max_label = "Grow" }
  sys:add_issue{ id = "rate", name = "Rate", min = -1, max = 1 }
  -- added out of actor order on purpose: describe sorts by actor order
  sys:set_position("nurse", "budget", 50, 0.2)
  sys:set_position("nhs", "budget", 20, 1)
  sys:set_position("charity", "budget", 90, 0.8)
  sys:set_position("council", "budget", 80, 0.5)
  sys:set_position("mayor", "rate", -1, 1)
  sys:set_position("nurse", "rate", 1, 0)
  sys:set_position("council", "rate", 1, 1)
  sys:set_position("nhs", "rate", 0, 1)
  return sys
end

-- Calls fn, which must raise an error whose message ends with `text`.
local function raises(text, fn, ...)
  local ok, err = pcall(fn, ...)
  assert(not ok, "did not raise")
  err = tostring(err)
  assert(err:sub(-#text) == text,
         ("expected an error ending with %q, got %q"):format(text, err))
end

local function pair(row, k)
  local p = row.opposed[k]
  return p and (p.a .. "-" .. p.b)
end

describe("diplomat.summary", function()

  describe("opposition", function()
    it("is the distance as a share of the scale times the smaller "
       .. "salience", function()
      -- |20 - 80| / (100 - 0) * min(1, 0.5) = 0.6 * 0.5 = 0.3
      assert.near(0.3, summary.opposition({ min = 0, max = 100 },
        { position = 20, salience = 1 }, { position = 80, salience = 0.5 }),
        TOL)
      -- |-1 - 1| / (1 - -1) * min(0.25, 1) = 1 * 0.25
      assert.near(0.25, summary.opposition({ min = -1, max = 1 },
        { position = -1, salience = 0.25 }, { position = 1, salience = 1 }),
        TOL)
      -- no salience, no opposition
      assert.are.equal(0, summary.opposition({ min = 0, max = 1 },
        { position = 0, salience = 0 }, { position = 1, salience = 1 }))
    end)
  end)

  describe("describe", function()
    local d
    setup(function() d = summary.describe(build()) end)

    it("counts the map's parts", function()
      assert.are.equal("Test map", d.name)
      -- 5 actors, 2 layers, 5 ties, 2 issues, 4 + 4 positions
      assert.are.same({ actors = 5, layers = 2, ties = 5, issues = 2,
                        positions = 8 }, d.counts)
    end)

    it("counts actors by sector, largest first, then by name", function()
      -- health: nhs, nurse = 2; the rest 1 each, alphabetical
      assert.are.same({
        { value = "health", count = 2 },
        { value = "local_government", count = 1 },
        { value = "political", count = 1 },
        { value = "voluntary", count = 1 },
      }, d.by_sector)
    end)

    it("counts actors by level in the levels' order, the missing last",
       function()
      -- no national or regional actor; the mayor has no level
      assert.are.same({
        { value = "system", count = 1 },
        { value = "place", count = 1 },
        { value = "neighbourhood", count = 1 },
        { value = "frontline", count = 1 },
        { value = "(none)", count = 1 },
      }, d.by_level)
    end)

    it("counts actors by kind, organisation by default", function()
      -- nhs, council (default), charity = 3; nurse, mayor = 2; no group
      assert.are.same({
        { value = "organisation", count = 3 },
        { value = "person", count = 2 },
      }, d.by_kind)
    end)

    it("counts ties and sums weight by layer", function()
      assert.are.equal(2, #d.layers)
      local formal, chat = d.layers[1], d.layers[2]
      assert.are.equal("formal", formal.id)
      assert.are.equal("Formal", formal.name)
      assert.is_true(formal.directed)
      assert.is_false(formal.informal)
      assert.are.equal(3, formal.ties)         -- nhs->council, council->
      assert.near(6.5, formal.weight, TOL)     -- charity, nhs->nurse: 2+1.5+3
      assert.are.equal("chat", chat.id)
      assert.is_false(chat.directed)
      assert.is_true(chat.informal)
      assert.are.equal(2, chat.ties)           -- nurse-charity, mayor-council
      assert.near(1.5, chat.weight, TOL)       -- 1 + 0.5
    end)

    it("gives the informal share by ties and by weight", function()
      assert.near(0.4, d.informal_share.ties, TOL)       -- 2 / 5
      assert.near(0.1875, d.informal_share.weight, TOL)  -- 1.5 / 8
    end)

    it("spreads the positions on each issue", function()
      assert.are.equal(2, #d.issues)
      local b = d.issues[1]
      assert.are.equal("budget", b.id)
      assert.are.equal("Budget", b.name)
      assert.are.equal(0, b.min)
      assert.are.equal(100, b.max)
      assert.are.equal(40, b.status_quo)
      assert.are.equal("Cut", b.min_label)
      assert.are.equal("Grow", b.max_label)
      assert.are.equal(4, b.count)               -- the mayor has none
      assert.are.equal(20, b.lowest)
      assert.are.equal(90, b.highest)
      -- mean (20 + 80 + 90 + 50) / 4 = 240 / 4 = 60
      assert.near(60, b.mean, TOL)
      -- deviations -40, 20, 30, -10; squares 1600 + 400 + 900 + 100
      -- = 3000; population variance 3000 / 4 = 750; sd = sqrt(750)
      -- = 27.386127875258307
      assert.near(27.386127875258307, b.sd, TOL)

      local r = d.issues[2]
      assert.are.equal("rate", r.id)
      assert.is_nil(r.status_quo)
      assert.are.equal(4, r.count)
      assert.are.equal(-1, r.lowest)
      assert.are.equal(1, r.highest)
      -- mean (0 + 1 + 1 - 1) / 4 = 0.25
      assert.near(0.25, r.mean, TOL)
      -- deviations -0.25, 0.75, 0.75, -1.25; squares 0.0625 + 0.5625
      -- + 0.5625 + 1.5625 = 2.75; 2.75 / 4 = 0.6875;
      -- sd = sqrt(0.6875) = 0.82915619758884995
      assert.near(0.82915619758884995, r.sd, TOL)
    end)

    it("lists the three most opposed pairs by default", function()
      -- budget, every pair in actor order (nhs, council, charity, nurse):
      --   nhs-council     |20-80|/100 * min(1, 0.5)   = 0.6 * 0.5 = 0.30
      --   nhs-charity     |20-90|/100 * min(1, 0.8)   = 0.7 * 0.8 = 0.56
      --   nhs-nurse       |20-50|/100 * min(1, 0.2)   = 0.3 * 0.2 = 0.06
      --   council-charity |80-90|/100 * min(0.5, 0.8) = 0.1 * 0.5 = 0.05
      --   council-nurse   |80-50|/100 * min(0.5, 0.2) = 0.3 * 0.2 = 0.06
      --   charity-nurse   |90-50|/100 * min(0.8, 0.2) = 0.4 * 0.2 = 0.08
      -- the top three: nhs-charity, nhs-council, charity-nurse
      local b = d.issues[1]
      assert.are.equal(3, #b.opposed)
      assert.are.equal("nhs-charity", pair(b, 1))
      assert.near(0.56, b.opposed[1].opposition, TOL)
      assert.are.equal(70, b.opposed[1].distance)
      assert.are.equal("nhs-council", pair(b, 2))
      assert.near(0.30, b.opposed[2].opposition, TOL)
      assert.are.equal(60, b.opposed[2].distance)
      assert.are.equal("charity-nurse", pair(b, 3))
      assert.near(0.08, b.opposed[3].opposition, TOL)
      assert.are.equal(40, b.opposed[3].distance)
    end)

    it("breaks ties in opposition by the map's actor order", function()
      -- budget with pairs = 6: after the top three come nhs-nurse and
      -- council-nurse, both 0.3 * 0.2 = 0.06: nhs comes first in the map,
      -- so nhs-nurse first; then council-charity 0.05
      local b = summary.describe(build(), { pairs = 6 }).issues[1]
      assert.are.equal(6, #b.opposed)
      assert.are.equal("nhs-nurse", pair(b, 4))
      assert.are.equal("council-nurse", pair(b, 5))
      assert.are.equal(b.opposed[4].opposition, b.opposed[5].opposition)
      assert.near(0.06, b.opposed[4].opposition, TOL)
      assert.are.equal("council-charity", pair(b, 6))
      assert.near(0.05, b.opposed[6].opposition, TOL)
      -- rate, actor order nhs, council, nurse, mayor:
      --   nhs-council   |0-1|/2  * min(1, 1) = 0.5
      --   nhs-nurse     |0-1|/2  * min(1, 0) = 0
      --   nhs-mayor     |0+1|/2  * min(1, 1) = 0.5
      --   council-nurse |1-1|/2  * min(1, 0) = 0
      --   council-mayor |1+1|/2  * min(1, 1) = 1
      --   nurse-mayor   |1+1|/2  * min(0, 1) = 0
      -- council-mayor first; nhs-council and nhs-mayor tie at 0.5 with
      -- the same first actor: council comes before mayor in the map
      local r = d.issues[2]
      assert.are.equal("council-mayor", pair(r, 1))
      assert.near(1, r.opposed[1].opposition, TOL)
      assert.are.equal(2, r.opposed[1].distance)
      assert.are.equal("nhs-council", pair(r, 2))
      assert.near(0.5, r.opposed[2].opposition, TOL)
      assert.are.equal("nhs-mayor", pair(r, 3))
      assert.near(0.5, r.opposed[3].opposition, TOL)
    end)

    it("leaves out pairs with no opposition", function()
      -- rate has six pairs, three of them 0 (see above)
      local r = summary.describe(build(), { pairs = 10 }).issues[2]
      assert.are.equal(3, #r.opposed)
      -- budget has six pairs, all above 0
      local b = summary.describe(build(), { pairs = 10 }).issues[1]
      assert.are.equal(6, #b.opposed)
    end)

    it("lists no pairs with pairs = 0, and takes 2.0 as 2", function()
      local z = summary.describe(build(), { pairs = 0 })
      assert.are.same({}, z.issues[1].opposed)
      assert.are.same({}, z.issues[2].opposed)
      assert.are.equal(2, #summary.describe(build(), { pairs = 2.0 })
        .issues[1].opposed)
    end)

    it("describes an issue with no positions", function()
      local sys = build()
      sys:add_issue{ id = "empty", name = "Empty", min = 1, max = 7 }
      local e = summary.describe(sys).issues[3]
      assert.are.equal("empty", e.id)
      assert.are.equal(0, e.count)
      assert.is_nil(e.lowest)
      assert.is_nil(e.highest)
      assert.is_nil(e.mean)
      assert.is_nil(e.sd)
      assert.are.same({}, e.opposed)
    end)

    it("describes an issue where everyone agrees", function()
      local sys = build()
      sys:add_issue{ id = "same" }
      for _, id in ipairs({ "nhs", "council", "mayor" }) do
        sys:set_position(id, "same", 30, 1)
      end
      local s = summary.describe(sys).issues[3]
      assert.are.equal(3, s.count)
      assert.are.equal(30, s.lowest)
      assert.are.equal(30, s.highest)
      assert.near(30, s.mean, TOL)
      assert.near(0, s.sd, TOL)
      assert.are.same({}, s.opposed)
    end)

    it("describes an empty system", function()
      local e = summary.describe(diplomat.new{})
      assert.is_nil(e.name)
      assert.are.same({ actors = 0, layers = 0, ties = 0, issues = 0,
                        positions = 0 }, e.counts)
      assert.are.same({}, e.by_sector)
      assert.are.same({}, e.layers)
      -- no ties: the shares are 0, not 0/0
      assert.are.equal(0, e.informal_share.ties)
      assert.are.equal(0, e.informal_share.weight)
      assert.are.same({}, e.issues)
    end)

    it("rejects options that are not a table, unknown options and bad "
       .. "pair counts", function()
      local sys = build()
      raises("bad argument #2 to 'describe' (options must be a table)",
             summary.describe, sys, 3)
      raises("bad argument #2 to 'describe' (unknown option 'top')",
             summary.describe, sys, { top = 3 })
      for _, bad in ipairs({ -1, 1.5, "2", math.huge, 0 / 0, true }) do
        raises("bad argument #2 to 'describe' (pairs must be a whole "
               .. "number >= 0)", summary.describe, sys, { pairs = bad })
      end
    end)
  end)

  describe("text", function()
    local text
    setup(function() text = summary.text(build()) end)

    local function has(line)
      assert(text:find(line, 1, true), ("no line %q in:\n%s"):format(line,
                                                                     text))
    end

    it("starts with the name, underlined, and the counts", function()
      local head = "Test map\n========\n5 actors, 2 layers, 5 ties, "
        .. "2 issues, 8 positions\n"
      assert.are.equal(head, text:sub(1, #head))
    end)

    it("lists actors by sector, level and kind", function()
      has("\nby sector  health 2, local_government 1, political 1, "
          .. "voluntary 1\n")
      has("\nby level   system 1, place 1, neighbourhood 1, frontline 1, "
          .. "(none) 1\n")
      has("\nby kind    organisation 3, person 2\n")
    end)

    it("lists the channels and the informal share", function()
      assert.matches("\n  formal +3 ties +weight +6%.5  formal, directed\n",
                     text)
      assert.matches("\n  chat +2 ties +weight +1%.5  informal\n", text)
      -- 2 / 5 = 40 %; 1.5 / 8 = 18.75 %, shown as 19 %
      has("\n  informal share: 40% of ties, 19% of tie weight\n")
    end)

    it("lists each issue with its spread and most opposed pairs", function()
      has("\n* Budget (budget)\n    scale 0 = Cut ... 100 = Grow\n")
      -- sd 27.386... shown as 27.4
      has("\n    4 positions, from 20 to 90, mean 60, sd 27.4; "
          .. "status quo 40\n")
      has("\n    most opposed: NHS Trust vs Charity (70 apart, "
          .. "opposition 0.56)\n")
      has("\n    most opposed: NHS Trust vs City Council (60 apart, "
          .. "opposition 0.30)\n")
      has("\n    most opposed: Charity vs Nurse (40 apart, "
          .. "opposition 0.08)\n")
      -- rate has no labels and no status quo; sd 0.829... shown as 0.8
      has("\n* Rate (rate)\n    4 positions, from -1 to 1, mean ")
      assert.matches("\n    4 positions, from %-1 to 1, mean 0%.%d, sd 0%.8; "
                     .. "status quo %-\n", text)
      has("\n    most opposed: City Council vs Mayor (2 apart, "
          .. "opposition 1.00)")
    end)

    it("says so for an issue with no positions", function()
      local sys = build()
      sys:add_issue{ id = "empty", name = "Empty" }
      local t = summary.text(sys)
      assert.are.equal("\n* Empty (empty)\n    no positions",
                       t:sub(-#"\n* Empty (empty)\n    no positions"))
    end)

    it("takes the options of describe and rejects bad ones", function()
      local one = summary.text(build(), { pairs = 1 })
      local _, n = one:gsub("most opposed:", "")
      assert.are.equal(2, n) -- one per issue
      raises("bad argument #2 to 'describe' (unknown option 'colour')",
             summary.text, build(), { colour = true })
      raises("bad argument #2 to 'describe' (pairs must be a whole "
             .. "number >= 0)", summary.text, build(), { pairs = -2 })
    end)

    it("titles an unnamed map 'System map'", function()
      local t = summary.text(diplomat.new{})
      local head = "System map\n==========\n0 actors, 0 layers, 0 ties, "
        .. "0 issues, 0 positions\n"
      assert.are.equal(head, t:sub(1, #head))
    end)
  end)
end)
