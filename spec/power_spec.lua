-- System:power — power indices of weighted voting games and the Myerson
-- value of a game restricted to the network.
--
-- References: published games (cited beside each), hand computations
-- written out in comments, a brute-force enumeration of every coalition
-- (below, exact integer counts) compared with the dynamic programmes on
-- hundreds of random small games, and spec/fixtures/power_exact.lua:
-- exact fractions for games of 70 to 100 players from
-- spec/fixtures/make_power.py (Python integers and fractions only).

local diplomat = require "diplomat"
local h = require "spec.helpers"
local exact = require "spec.fixtures.power_exact"

local TOL = 1e-12
local INDICES = { "shapley", "banzhaf", "banzhaf_abs", "johnston",
  "deegan_packel", "holler", "coleman_prevent", "coleman_initiate" }

-- A system of actors a1..an with the given capabilities.
local function game(weights)
  local sys = diplomat.new{ name = "game" }
  for i, w in ipairs(weights) do
    sys:add_actor{ id = "a" .. i, capability = w }
  end
  return sys
end

-- The values of actors a1..an as an array.
local function array(t, n)
  local out = {}
  for i = 1, n do out[i] = t["a" .. i] end
  return out
end

local function near_all(expected, actual, tol, what)
  assert.are.equal(#expected, #actual, what)
  for i = 1, #expected do
    assert.near(expected[i], actual[i], tol or TOL,
      (what or "") .. " player " .. i)
  end
end

local function sum(t)
  local s = 0
  for _, v in pairs(t) do s = s + v end
  return s
end

-- Brute force: every coalition of the n <= 12 players as a bit mask.
-- Swings, winning, losing and minimal winning coalitions are exact Lua
-- integers; the indices follow their definitions:
--   shapley_i  = sum over swings S of |S|! (n-1-|S|)! / n!
--   banzhaf_i  = swings_i / sum of swings; banzhaf_abs_i = swings_i / 2^(n-1)
--   coleman    = swings_i / winning (prevent), / losing (initiate)
--   holler_i   = (minimal winning coalitions with i) / (sum over players)
--   deegan_packel_i = (sum over minimal winning S with i of 1/|S|) / |M|
--   johnston_i = (sum over winning S where i is critical of 1/c(S))
--                / (winning S with c(S) > 0), c(S) = critical members
local function brute(w, q)
  local n = #w
  local fact = { [0] = 1 }
  for k = 1, n do fact[k] = fact[k - 1] * k end
  local sw, ss, hol, dp, jo = {}, {}, {}, {}, {}
  for i = 1, n do sw[i], ss[i], hol[i], dp[i], jo[i] = 0, 0, 0, 0, 0 end
  local win, lose, mwc, vuln = 0, 0, 0, 0
  for S = 0, (1 << n) - 1 do
    local x, size = 0, 0
    for i = 1, n do
      if S & (1 << (i - 1)) ~= 0 then x, size = x + w[i], size + 1 end
    end
    if x >= q then
      win = win + 1
      local crit, minimal = 0, true
      for i = 1, n do
        if S & (1 << (i - 1)) ~= 0 then
          if x - w[i] < q then crit = crit + 1 else minimal = false end
        end
      end
      if crit > 0 then
        vuln = vuln + 1
        for i = 1, n do
          if S & (1 << (i - 1)) ~= 0 and x - w[i] < q then
            jo[i] = jo[i] + 1 / crit
          end
        end
      end
      if minimal then
        mwc = mwc + 1
        for i = 1, n do
          if S & (1 << (i - 1)) ~= 0 then
            hol[i], dp[i] = hol[i] + 1, dp[i] + 1 / size
          end
        end
      end
    else
      lose = lose + 1
    end
    for i = 1, n do
      if S & (1 << (i - 1)) == 0 and x < q and x + w[i] >= q then
        sw[i] = sw[i] + 1
        ss[i] = ss[i] + fact[size] * fact[n - size - 1] / fact[n]
      end
    end
  end
  local tsw, thol = 0, 0
  for i = 1, n do tsw, thol = tsw + sw[i], thol + hol[i] end
  local r = { shapley = ss, banzhaf = {}, banzhaf_abs = {}, johnston = {},
    deegan_packel = {}, holler = {}, coleman_prevent = {},
    coleman_initiate = {}, swings = sw, winning = win, losing = lose,
    minimal = mwc }
  for i = 1, n do
    r.banzhaf[i] = tsw > 0 and sw[i] / tsw or 0
    r.banzhaf_abs[i] = sw[i] / 2 ^ (n - 1)
    r.johnston[i] = vuln > 0 and jo[i] / vuln or 0
    r.deegan_packel[i] = mwc > 0 and dp[i] / mwc or 0
    r.holler[i] = thol > 0 and hol[i] / thol or 0
    r.coleman_prevent[i] = win > 0 and sw[i] / win or 0
    r.coleman_initiate[i] = sw[i] / lose
  end
  return r
end

describe("System:power", function()
  describe("on published games", function()
    -- [51; 50, 49, 1].  Banzhaf (3/5, 1/5, 1/5): Gregersen (ed.), The
    -- Britannica Guide to Statistics and Probability (2011), p. 194.
    -- Shapley-Shubik by hand: the 50 is pivotal in second place in every
    -- order (4 of 6) ; the 49 and the 1 only when they follow the 50 in
    -- second place (1 of 6 each): (2/3, 1/6, 1/6).
    local sys = game{ 50, 49, 1 }

    it("gives [51; 50, 49, 1] its textbook Shapley-Shubik, Banzhaf",
    function()
      near_all({ 2 / 3, 1 / 6, 1 / 6 }, array(sys:power{ quota = 51 }, 3))
      near_all({ 3 / 5, 1 / 5, 1 / 5 },
        array(sys:power{ quota = 51, index = "banzhaf" }, 3))
    end)

    it("counts the swings of [51; 50, 49, 1] as exact strings", function()
      -- winning: {50,49}, {50,1}, {50,49,1}; the 50 swings in all three,
      -- the 49 in {50,49}, the 1 in {50,1}; minimal: the two pairs
      local _, info = sys:power{ quota = 51 }
      assert.are.same({ a1 = "3", a2 = "1", a3 = "1" }, info.swings)
      assert.are.equal("3", info.winning)
      assert.are.equal("5", info.losing)
      assert.are.equal("2", info.minimal_winning)
      assert.is_true(info.counted)
    end)

    it("gives [51; 50, 49, 1] its other indices", function()
      -- minimal winning {50,49}, {50,1}: Holler (2, 1, 1)/4, Deegan-
      -- Packel ((1/2 + 1/2), 1/2, 1/2) / 2.  Johnston: {50,49} and
      -- {50,1} have two critical members, {50,49,1} one (the 50):
      -- (1/2 + 1/2 + 1, 1/2, 1/2) / 3.  Coleman: swings / 3 winning,
      -- swings / 5 losing.
      local expect = {
        holler = { 1 / 2, 1 / 4, 1 / 4 },
        deegan_packel = { 1 / 2, 1 / 4, 1 / 4 },
        johnston = { 2 / 3, 1 / 6, 1 / 6 },
        banzhaf_abs = { 3 / 4, 1 / 4, 1 / 4 },
        coleman_prevent = { 1, 1 / 3, 1 / 3 },
        coleman_initiate = { 3 / 5, 1 / 5, 1 / 5 },
      }
      for index, v in pairs(expect) do
        near_all(v, array(sys:power{ quota = 51, index = index }, 3), TOL,
          index)
      end
    end)

    it("gives [6; 4, 3, 2, 1] every index worked by hand", function()
      -- Winning: AB AC ABC ABD ACD BCD ABCD (A..D = 4, 3, 2, 1).
      -- Critical members: AB: A B; AC: A C; ABC: A; ABD: A B; ACD: A C;
      -- BCD: B C D; ABCD: none.  Swings (5, 3, 3, 1), total 12.
      -- Shapley-Shubik, weights k!(3-k)!/24 = 6, 2, 2, 6 (/24) by size:
      --   A pivotal after {B} {C} (k=1) or {BD} {CD} {BC} (k=2): 10/24
      --   B after {A} (k=1), {CD} {AD} (k=2): 6/24; C likewise 6/24;
      --   D after {BC}: 2/24.
      -- Minimal winning: AB AC BCD.  Holler (2, 2, 2, 1)/7; Deegan-
      -- Packel (1/2+1/2, 1/2+1/3, 1/2+1/3, 1/3)/3.  Johnston over the
      -- six vulnerable coalitions: A 1/2+1/2+1+1/2+1/2 = 3, B and C
      -- 1/2+1/2+1/3 = 4/3, D 1/3, over 6.  Coleman: 7 winning, 9 losing.
      local s = game{ 4, 3, 2, 1 }
      local expect = {
        shapley = { 5 / 12, 1 / 4, 1 / 4, 1 / 12 },
        banzhaf = { 5 / 12, 3 / 12, 3 / 12, 1 / 12 },
        banzhaf_abs = { 5 / 8, 3 / 8, 3 / 8, 1 / 8 },
        holler = { 2 / 7, 2 / 7, 2 / 7, 1 / 7 },
        deegan_packel = { 1 / 3, 5 / 18, 5 / 18, 1 / 9 },
        johnston = { 1 / 2, 2 / 9, 2 / 9, 1 / 18 },
        coleman_prevent = { 5 / 7, 3 / 7, 3 / 7, 1 / 7 },
        coleman_initiate = { 5 / 9, 3 / 9, 3 / 9, 1 / 9 },
      }
      for index, v in pairs(expect) do
        near_all(v, array(s:power{ quota = 6, index = index }, 4), TOL, index)
      end
    end)

    it("makes Luxembourg a dummy in the 1958 EEC Council", function()
      -- [12; 4, 4, 4, 2, 2, 1]: Banzhaf 5/21 for France, Germany and
      -- Italy, 1/7 for Belgium and the Netherlands, 0 for Luxembourg
      -- (Britannica Guide to Statistics and Probability, p. 194).
      -- Shapley-Shubik by hand: Belgium is pivotal after weight 10 or 11,
      -- i.e. after two large and the Netherlands (3 sets of size 3:
      -- 3!2!/6! each) or those and Luxembourg (3 sets of size 4: 4!1!/6!
      -- each): 3 (12 + 24) / 720 = 9/60; Luxembourg needs 11 from even
      -- weights: never; the large three share the rest, 14/60 each.
      local eec = diplomat.new{ name = "EEC 1958" }
      for _, c in ipairs{ { "FR", 4 }, { "DE", 4 }, { "IT", 4 }, { "BE", 2 },
                          { "NL", 2 }, { "LU", 1 } } do
        eec:add_actor{ id = c[1], capability = c[2] }
      end
      local bz, info = eec:power{ index = "banzhaf", quota = 12 }
      assert.near(5 / 21, bz.FR, TOL)
      assert.near(5 / 21, bz.IT, TOL)
      assert.near(1 / 7, bz.BE, TOL)
      assert.near(1 / 7, bz.NL, TOL)
      assert.are.equal(0, bz.LU)
      assert.are.equal("0", info.swings.LU)
      assert.are.equal("10", info.swings.DE)
      assert.are.equal("6", info.swings.NL)
      local ss = eec:power{ quota = 12 }
      assert.near(14 / 60, ss.DE, TOL)
      assert.near(9 / 60, ss.BE, TOL)
      assert.are.equal(0, ss.LU)
      for _, index in ipairs(INDICES) do
        assert.are.equal(0, eec:power{ quota = 12, index = index }.LU, index)
      end
    end)

    it("reproduces the UN Security Council as [39; 7 x 5, 1 x 10]", function()
      -- Shapley-Shubik: a non-permanent member is pivotal as the ninth
      -- vote after all five permanent members: 84 x 8! x 6! / 15! =
      -- 4/2145 = 0.001865; a permanent member 421/2145 = 0.19627
      -- (gonitsora.com, "Is it me, or is Veto starting to sound really
      -- good"; Wolfram Demonstrations, "Power Voting Systems Like the
      -- United Nations Security Council").  Banzhaf swings: non-permanent
      -- C(9, 3) = 84 (all five permanent and three of the nine others);
      -- permanent: 4 permanent and at least 4 of 10, 1024 - 1 - 10 - 45 -
      -- 120 = 848.  Winning 848, minimal winning C(10, 4) = 210.
      local un = diplomat.new{ name = "UNSC" }
      for k = 1, 5 do un:add_actor{ id = "p" .. k, capability = 7 } end
      for k = 1, 10 do un:add_actor{ id = "e" .. k, capability = 1 } end
      local ss, info = un:power{ quota = 39 }
      assert.near(421 / 2145, ss.p1, TOL)
      assert.near(0.19627, ss.p3, 5e-6)
      assert.near(4 / 2145, ss.e7, TOL)
      assert.near(0.001865, ss.e7, 5e-7)
      assert.are.equal("848", info.swings.p2)
      assert.are.equal("84", info.swings.e10)
      assert.are.equal("848", info.winning)
      assert.are.equal("210", info.minimal_winning)
      local bz = un:power{ quota = 39, index = "banzhaf" }
      assert.near(848 / 5080, bz.p1, TOL)
      assert.near(84 / 5080, bz.e1, TOL)
    end)
  end)

  describe("against brute force", function()
    it("agrees on every index and count for 400 random small games", function()
      local rng = 20240611
      local function rand(k) -- 0 .. k - 1, a fixed LCG
        rng = (rng * 1103515245 + 12345) % 2147483648
        return rng % k
      end
      for trial = 1, 400 do
        local n = rand(10)
        local top = ({ 1, 3, 6, 12, 30 })[trial % 5 + 1]
        local w, K = {}, 0
        for i = 1, n do
          w[i] = rand(top + 1)
          if rand(6) == 0 then w[i] = 0 end
          K = K + w[i]
        end
        local q = 1 + rand(K + 1) -- up to K + 1: nobody wins
        local b = brute(w, q)
        local sys = game(w)
        for _, index in ipairs(INDICES) do
          local v, info = sys:power{ index = index, quota = q }
          near_all(b[index], array(v, n), TOL,
            ("trial %d %s q=%d"):format(trial, index, q))
          assert.are.equal(q, info.quota)
          assert.are.equal(K, info.total)
          for i = 1, n do
            assert.are.equal(tostring(b.swings[i]), info.swings["a" .. i])
          end
          assert.are.equal(tostring(b.winning), info.winning)
          assert.are.equal(tostring(b.losing), info.losing)
          assert.are.equal(tostring(b.minimal), info.minimal_winning)
        end
      end
    end)

    it("agrees on games with many equal weights (coalition shapes)", function()
      -- 12 players in three weight classes: the shape enumeration visits
      -- (4+1)^3 shapes instead of 2^12 coalitions
      local w = { 5, 5, 5, 5, 3, 3, 3, 3, 1, 1, 1, 1 }
      for _, q in ipairs{ 1, 7, 18, 19, 25, 36 } do
        local b, sys = brute(w, q), game(w)
        for _, index in ipairs(INDICES) do
          near_all(b[index], array(sys:power{ index = index, quota = q }, 12),
            TOL, index .. " q=" .. q)
        end
      end
    end)
  end)

  describe("against exact fractions for 70 to 100 players", function()
    for name, g in pairs(exact) do
      it("matches the Python fractions for game '" .. name .. "'", function()
        local sys = game(g.weights)
        local n = #g.weights
        local ss, info = sys:power{ quota = g.quota }
        near_all(g.shapley, array(ss, n), TOL, "shapley")
        near_all(g.banzhaf, array(sys:power{ quota = g.quota,
          index = "banzhaf" }, n), TOL, "banzhaf")
        assert.are.same(g.swings, array(info.swings, n))
        assert.are.equal(g.winning, info.winning)
        assert.are.equal(g.losing, info.losing)
        assert.are.equal(g.minimal, info.minimal_winning)
        -- beyond 2^64: the counts must be exact, not rounded
        assert.is_true(#info.winning > 20)
      end)
    end
  end)

  describe("invariants", function()
    local function random_weights(n, top, seed)
      local w = {}
      for i = 1, n do
        seed = (seed * 69069 + 1) % 4294967296
        w[i] = 1 + seed % top
      end
      return w
    end

    it("adds up to 1 for Shapley-Shubik and the normalised indices", function()
      for _, n in ipairs{ 5, 40, 300 } do
        local sys = game(random_weights(n, 20, n))
        for _, index in ipairs{ "shapley", "banzhaf", "holler",
                                "deegan_packel", "johnston" } do
          if n <= 24 or index == "shapley" or index == "banzhaf" then
            assert.near(1, sum(sys:power{ index = index }), TOL,
              index .. " n=" .. n)
          end
        end
      end
    end)

    it("gives equal weights equal power and weight 0 none", function()
      local w = random_weights(60, 9, 7)
      w[61], w[62] = 0, 0
      local sys = game(w)
      for _, index in ipairs{ "shapley", "banzhaf", "banzhaf_abs",
                              "coleman_prevent", "coleman_initiate" } do
        local v = sys:power{ index = index }
        for i = 1, 60 do
          for j = i + 1, 60 do
            if w[i] == w[j] then
              assert.are.equal(v["a" .. i], v["a" .. j], index)
            end
          end
        end
        assert.are.equal(0, v.a61)
        assert.are.equal(0, v.a62)
      end
    end)

    it("leaves the others' values alone when a dummy joins", function()
      local w = random_weights(30, 15, 3)
      local with0 = {}
      for i, x in ipairs(w) do with0[i] = x end
      with0[31] = 0
      for _, index in ipairs{ "shapley", "banzhaf", "banzhaf_abs" } do
        local a = game(w):power{ index = index, quota = 100 }
        local b = game(with0):power{ index = index, quota = 100 }
        near_all(array(a, 30), array(b, 30), TOL, index)
      end
    end)

    it("is the same for quota q and K - q + 1 (Banzhaf, Shapley-Shubik)",
    function()
      -- a coalition S swings for q exactly when the complement of S + i
      -- swings for K - q + 1 (and reversing an order swaps them too)
      for _, n in ipairs{ 8, 50, 200 } do
        local w = random_weights(n, 12, 11 * n)
        local K = sum(w)
        local sys = game(w)
        for _, q in ipairs{ 1, 3, K // 3, K // 2 + 1 } do
          for _, index in ipairs{ "shapley", "banzhaf", "banzhaf_abs" } do
            near_all(array(sys:power{ index = index, quota = q }, n),
              array(sys:power{ index = index, quota = K - q + 1 }, n),
              TOL, ("%s n=%d q=%d"):format(index, n, q))
          end
        end
      end
    end)

    it("matches the closed form of one large player among 999 small", function()
      -- weight 300 and 999 players of weight 1, quota 650: the large
      -- player is pivotal when 350..649 small ones come first; its place
      -- in a random order is uniform over 1000, so its index is
      -- 300/1000 and each small player's (1 - 0.3)/999.
      local w = { 300 }
      for i = 2, 1000 do w[i] = 1 end
      local v = game(w):power{ quota = 650 }
      assert.near(0.3, v.a1, TOL)
      assert.near(0.7 / 999, v.a500, 1e-15)
      assert.near(1, sum(v), TOL)
    end)

    it("agrees with its exact counts for 1,000 players", function()
      -- normalised Banzhaf from the probability programme against the
      -- ratio of the arbitrary-precision swing counts
      local w = random_weights(1000, 5, 1)
      local v, info = game(w):power{ index = "banzhaf", counts = true }
      local total = 0
      for i = 1, 1000 do total = total + tonumber(info.swings["a" .. i]) end
      for i = 1, 1000, 37 do
        assert.near(tonumber(info.swings["a" .. i]) / total, v["a" .. i],
          1e-14)
      end
      assert.near(1, sum(v), TOL)
    end)

    if os.getenv("DIPLOMAT_ASAN") == nil then
      it("sums to 1 for 1,000 players with total weight 50,000", function()
        local w = random_weights(1000, 99, 5)
        local t0 = os.clock()
        local v = game(w):power{}
        assert.near(1, sum(v), TOL)
        assert.is_true(os.clock() - t0 < 30)
      end)
    end
  end)

  describe("quota and share", function()
    it("wins with more than half the weight by default", function()
      -- total 10: more than 5 is 6; total 11: more than 5.5 is 6
      local _, info = game{ 4, 3, 2, 1 }:power{}
      assert.are.equal(6, info.quota)
      _, info = game{ 4, 3, 2, 1, 1 }:power{}
      assert.are.equal(6, info.quota)
      -- two equal actors: half is not enough, both are needed
      local v
      v, info = game{ 1, 1 }:power{ index = "banzhaf_abs" }
      assert.are.equal(2, info.quota)
      assert.are.equal(0.5, v.a1)
    end)

    it("reads a share as more than that share of the total", function()
      -- 0.6 x 10 = 6 (the double 0.6 is a little less), more than 6 is 7
      local _, info = game{ 4, 3, 2, 1 }:power{ share = 0.6 }
      assert.are.equal(7, info.quota)
      _, info = game{ 4, 3, 2, 1 }:power{ share = 0.65 }
      assert.are.equal(7, info.quota)
      _, info = game{ 4, 3, 2, 1 }:power{ share = 0 }
      assert.are.equal(1, info.quota)
      _, info = game{ 4, 3, 2, 1 }:power{ share = 1 }
      assert.are.equal(10, info.quota) -- all the weight: unanimity
    end)

    it("takes an absolute quota, rounded up to whole units", function()
      local _, info = game{ 4, 3, 2, 1 }:power{ quota = 5.5 }
      assert.are.equal(6, info.quota)
      _, info = game{ 0.4, 0.3, 0.2, 0.1 }:power{ quota = 0.6 }
      assert.are.equal(6, info.quota)
      assert.are.equal(0.1, info.resolution)
    end)

    it("gives every index 0 when no coalition can win", function()
      local sys = game{ 4, 3, 2, 1 }
      for _, index in ipairs(INDICES) do
        local v, info = sys:power{ index = index, quota = 11 }
        assert.are.same({ a1 = 0, a2 = 0, a3 = 0, a4 = 0 }, v)
        assert.are.equal("0", info.winning)
        assert.are.equal("16", info.losing)
        assert.are.equal("0", info.swings.a1)
      end
    end)

    it("gives a dictator everything", function()
      -- weight 6 of 10 with quota 6: only coalitions with a1 win
      local sys = game{ 6, 2, 1, 1 }
      for _, index in ipairs(INDICES) do
        local v = sys:power{ index = index, quota = 6 }
        assert.are.equal(1, v.a1, index)
        assert.are.equal(0, v.a2 + v.a3 + v.a4, index)
      end
    end)
  end)

  describe("weights", function()
    it("reads an attribute, or a table by id", function()
      local sys = game{ 1, 1, 1 }
      sys:set("a1", "attrs.seats", 50)
      sys:set("a2", "attrs.seats", 49)
      sys:set("a3", "attrs.seats", 1)
      near_all({ 2 / 3, 1 / 6, 1 / 6 },
        array(sys:power{ weight = "attrs.seats", quota = 51 }, 3))
      near_all({ 2 / 3, 1 / 6, 1 / 6 },
        array(sys:power{ weight = { a1 = 50, a2 = 49, a3 = 1 }, quota = 51 },
          3))
      -- actors missing from the table, or without the attribute, weigh 0
      local v, info = sys:power{ weight = { a1 = 2, a2 = 1 } }
      assert.are.same({ a1 = 2, a2 = 1, a3 = 0 }, info.units)
      assert.are.equal(0, v.a3)
      sys:set("a3", "attrs.seats", nil)
      _, info = sys:power{ weight = "attrs.seats" }
      assert.are.equal(0, info.units.a3)
    end)

    it("scales decimal weights to whole units and reports the scale", function()
      -- BDM's capabilities are in hundredths
      local v, info = game{ 0.08, 0.16, 0.16, 0.05 }:power{ quota = 0.3 }
      assert.are.equal(0.01, info.resolution)
      assert.is_false(info.rounded)
      assert.are.same({ a1 = 8, a2 = 16, a3 = 16, a4 = 5 }, info.units)
      assert.are.equal(30, info.quota)
      assert.are.equal(45, info.total)
      near_all(array(game{ 8, 16, 16, 5 }:power{ quota = 30 }, 4), array(v, 4))
    end)

    it("rounds to a given resolution, and says so", function()
      local v, info = game{ 1 / 3, 1 / 3, 1 / 3 }:power{ resolution = 0.01 }
      assert.is_true(info.rounded)
      assert.are.same({ a1 = 33, a2 = 33, a3 = 33 }, info.units)
      assert.are.equal(50, info.quota)
      near_all({ 1 / 3, 1 / 3, 1 / 3 }, array(v, 3))
      _, info = game{ 1 / 3, 2 / 3 }:power{}
      assert.is_true(info.rounded) -- more than 6 decimals: 0.000001 units
      assert.are.equal(1e-6, info.resolution)
      assert.are.same({ a1 = 333333, a2 = 666667 }, info.units)
    end)
  end)

  describe("on the edge-case ladder", function()
    it("returns empty tables for an empty system", function()
      local sys = diplomat.new{ name = "empty" }
      for _, index in ipairs(INDICES) do
        local v, info = sys:power{ index = index }
        assert.are.same({}, v)
        assert.are.equal(0, info.players)
        assert.are.equal("0", info.winning)
        assert.are.equal("1", info.losing)
      end
    end)

    it("makes a lone actor with weight a dictator", function()
      local sys = game{ 3 }
      for _, index in ipairs(INDICES) do
        assert.are.equal(1, sys:power{ index = index }.a1, index)
      end
    end)

    it("gives nobody power when every weight is 0", function()
      local sys = game{ 0, 0, 0 }
      for _, index in ipairs(INDICES) do
        local v, info = sys:power{ index = index }
        assert.are.same({ a1 = 0, a2 = 0, a3 = 0 }, v)
        assert.are.equal(1, info.quota)
        assert.are.equal("0", info.winning)
      end
    end)

    it("lets actors of weight 0 double the counts but take no power", function()
      -- [51; 50, 49, 1] plus two zero weights: every count doubles twice
      local v, info = game{ 50, 49, 1, 0, 0 }:power{ quota = 51 }
      assert.are.equal("12", info.swings.a1)
      assert.are.equal("12", info.winning)
      assert.are.equal("2", info.minimal_winning)
      assert.are.equal(0, v.a4)
      assert.near(2 / 3, v.a1, TOL)
    end)
  end)

  describe("exact counts", function()
    it("are skipped when asked, or when too costly by default", function()
      local _, info = game{ 4, 3, 2, 1 }:power{ counts = false }
      assert.is_false(info.counted)
      assert.is_nil(info.swings)
      -- 900 players of weight 200..260: about 100,000 units of quota
      -- times 900^2 / 64 limbs, beyond the default budget of 10^9
      local w = {}
      for i = 1, 900 do w[i] = 200 + i % 61 end
      _, info = game(w):power{ index = "banzhaf" }
      assert.is_false(info.counted)
    end)

    it("count the coalitions of 100 equal players exactly", function()
      -- 100 players of weight 1, quota 51: winning (2^100 - C(100, 50))
      -- / 2 (the coalitions of 51 or more, half of those not tied),
      -- swings C(99, 50) (50 of the other 99), minimal C(100, 51)
      local w = {}
      for i = 1, 100 do w[i] = 1 end
      local v, info = game(w):power{ quota = 51 }
      assert.are.equal("583379627841332604080945354060", info.winning)
      assert.are.equal("50445672272782096667406248628", info.swings.a7)
      assert.are.equal("98913082887808032681188722800", info.minimal_winning)
      assert.near(1 / 100, v.a1, TOL)
    end)
  end)

  describe("by Monte Carlo", function()
    local w = { 9, 7, 7, 5, 4, 4, 3, 2, 2, 1, 1, 0 }

    it("estimates every index within a few standard errors", function()
      local sys = game(w)
      for _, index in ipairs(INDICES) do
        local ex = sys:power{ index = index }
        local mc, info = sys:power{ index = index, method = "montecarlo",
          samples = 40000, seed = 17 }
        assert.are.equal("montecarlo", info.method)
        assert.are.equal(40000, info.samples)
        assert.are.equal(17, info.seed)
        assert.is_false(info.counted)
        for i = 1, #w do
          local id = "a" .. i
          assert.is_true(math.abs(mc[id] - ex[id]) <= 5 * info.se[id] + 1e-12,
            ("%s %s: %g vs %g (se %g)"):format(index, id, mc[id], ex[id],
              info.se[id]))
          if ex[id] > 0 and ex[id] < 1 then assert.is_true(info.se[id] > 0) end
        end
        assert.are.equal(0, mc.a12)
      end
    end)

    it("gives the same estimates for the same seed", function()
      local sys = game(w)
      local a = sys:power{ method = "montecarlo", samples = 500, seed = 3 }
      local b = sys:power{ method = "montecarlo", samples = 500, seed = 3 }
      local c = sys:power{ method = "montecarlo", samples = 500, seed = 4 }
      assert.are.same(a, b)
      assert.are_not.same(a, c)
    end)

    it("falls back to sampling with method = 'auto' beyond the limits",
    function()
      local big = {}
      for i = 1, 30 do big[i] = i end
      local _, info = game(big):power{ index = "johnston", method = "auto",
        samples = 200 }
      assert.are.equal("montecarlo", info.method)
      _, info = game(w):power{ index = "johnston", method = "auto" }
      assert.are.equal("exact", info.method)
    end)
  end)

  describe("with connected (the Myerson value)", function()
    -- a system with the given weights and undirected ties in layer "l"
    local function net(weights, ties, layer)
      local sys = game(weights)
      sys:add_layer(layer or { id = "l" })
      for _, t in ipairs(ties) do
        sys:add_tie{ from = "a" .. t[1], to = "a" .. t[2],
          layer = (layer or { id = "l" }).id }
      end
      return sys
    end

    it("favours the middle of a path", function()
      -- a1 - a2 - a3, weights 1, quota 2.  v: pairs a1a2 and a2a3 win
      -- (connected), a1a3 does not (two parts of weight 1), all three
      -- win.  Over the 6 orders a2's marginal is 1 in abc acb cab cba:
      -- 4/6; a1's only in bac: 1/6; a3 likewise.
      local sys = net({ 1, 1, 1 }, { { 1, 2 }, { 2, 3 } })
      local v, info = sys:power{ connected = true }
      near_all({ 1 / 6, 2 / 3, 1 / 6 }, array(v, 3))
      assert.are.equal(1, info.worth)
      assert.are.equal("myerson", info.index)
      assert.are.equal("exact", info.method)
    end)

    it("equals Shapley-Shubik on a complete network", function()
      local ties = {}
      for i = 1, 4 do
        for j = i + 1, 4 do ties[#ties + 1] = { i, j } end
      end
      local v = net({ 4, 3, 2, 1 }, ties):power{ connected = true, quota = 6 }
      near_all({ 5 / 12, 1 / 4, 1 / 4, 1 / 12 }, array(v, 4))
    end)

    it("pays a broker of weight 0 who holds the coalition together", function()
      -- a1 - a2 - a3, weights 3, 0, 3, quota 6: only all three win;
      -- each is last (pivotal) in 2 of the 6 orders: 1/3 each, although
      -- plain Shapley-Shubik gives a2 nothing
      local sys = net({ 3, 0, 3 }, { { 1, 2 }, { 2, 3 } })
      near_all({ 1 / 3, 1 / 3, 1 / 3 }, array(sys:power{ connected = true }, 3))
      assert.are.equal(0, sys:power{}.a2)
    end)

    it("can be negative for a broker who merges two winning parts", function()
      -- a1 - a2 - a3, weights 2, 0, 2, quota 2: a1 and a3 each win
      -- alone; v(a1 a3) = 2 (two winning parts), v(all) = 1.  a2's
      -- marginal is -1 in acb and cab, 0 otherwise: -1/3; a1's is 1 in
      -- abc acb bac cab: 2/3; the total is v(all) = 1.
      local sys = net({ 2, 0, 2 }, { { 1, 2 }, { 2, 3 } })
      local v, info = sys:power{ connected = true, quota = 2 }
      near_all({ 2 / 3, -1 / 3, 2 / 3 }, array(v, 3))
      assert.are.equal(1, info.worth)
    end)

    it("leaves isolated actors with nothing to contribute", function()
      -- no ties: a coalition is worth the winners among its members
      -- alone; with quota 3 nobody wins alone
      local sys = net({ 2, 2, 2 }, {})
      local v, info = sys:power{ connected = true }
      assert.are.same({ a1 = 0, a2 = 0, a3 = 0 }, v)
      assert.are.equal(0, info.worth)
      -- with quota 2 everybody wins alone: 1 each
      v = sys:power{ connected = true, quota = 2 }
      assert.are.same({ a1 = 1, a2 = 1, a3 = 1 }, v)
    end)

    it("reads directed, parallel and self-ties as plain connections", function()
      local path = net({ 1, 1, 1 }, { { 1, 2 }, { 2, 3 } })
      local expect = array(path:power{ connected = true }, 3)
      local sys = net({ 1, 1, 1 }, { { 2, 1 }, { 3, 2 } },
        { id = "d", directed = true })
      near_all(expect, array(sys:power{ connected = true }, 3), TOL,
        "directed")
      sys:add_layer{ id = "u", self_ties = true }
      sys:add_tie{ from = "a1", to = "a2", layer = "u" }
      sys:add_tie{ from = "a2", to = "a2", layer = "u" }
      near_all(expect, array(sys:power{ connected = true }, 3), TOL,
        "parallel and self")
    end)

    it("uses only the selected layers", function()
      local sys = net({ 1, 1, 1 }, { { 1, 2 }, { 2, 3 } })
      sys:add_layer{ id = "chat", informal = true }
      sys:add_tie{ from = "a1", to = "a3", layer = "chat" }
      -- all layers: a triangle, Shapley-Shubik 1/3 each
      near_all({ 1 / 3, 1 / 3, 1 / 3 },
        array(sys:power{ connected = true }, 3))
      near_all({ 1 / 6, 2 / 3, 1 / 6 },
        array(sys:power{ connected = { layers = { "l" } } }, 3))
      near_all({ 1 / 6, 2 / 3, 1 / 6 },
        array(sys:power{ connected = { informal = false } }, 3))
      -- the chat alone: a1 - a3 win together, a2 is cut off and adds
      -- nothing to any coalition
      near_all({ 1 / 2, 0, 1 / 2 },
        array(sys:power{ connected = { informal = true } }, 3))
    end)

    it("runs on an empty system and a lone actor", function()
      local v, info = diplomat.new{ name = "e" }:power{ connected = true }
      assert.are.same({}, v)
      assert.are.equal(0, info.worth)
      v, info = game{ 5 }:power{ connected = true }
      assert.are.same({ a1 = 1 }, v)
      assert.are.equal(1, info.worth)
      v = game{ 5 }:power{ connected = true, method = "montecarlo",
        samples = 10 }
      assert.are.same({ a1 = 1 }, v)
    end)

    it("ignores tie weights: any tie connects", function()
      local light = net({ 1, 1, 1 }, { { 1, 2 }, { 2, 3 } })
      local heavy = game{ 1, 1, 1 }
      heavy:add_layer{ id = "l" }
      heavy:add_tie{ from = "a1", to = "a2", layer = "l", weight = 9 }
      heavy:add_tie{ from = "a2", to = "a3", layer = "l", weight = 0.1 }
      assert.are.same(light:power{ connected = true },
        heavy:power{ connected = true })
    end)

    it("is estimated from random orders beyond the exact limit", function()
      local sys = net({ 3, 1, 2, 2, 1, 3 },
        { { 1, 2 }, { 2, 3 }, { 3, 4 }, { 4, 5 }, { 5, 6 }, { 2, 5 } })
      local ex = sys:power{ connected = true }
      local mc, info = sys:power{ connected = true, method = "montecarlo",
        samples = 40000, seed = 9 }
      assert.are.equal("montecarlo", info.method)
      for i = 1, 6 do
        local id = "a" .. i
        assert.is_true(math.abs(mc[id] - ex[id]) <= 5 * info.se[id] + 1e-12,
          id)
      end
      assert.near(info.worth, sum(mc), 1e-9) -- every order shares v(all)
      local big = {}
      for i = 1, 30 do big[i] = 1 end
      local _, i2 = net(big, { { 1, 2 } }):power{ connected = true,
        method = "auto", samples = 100 }
      assert.are.equal("montecarlo", i2.method)
    end)
  end)

  describe("rejects", function()
    local sys = game{ 4, 3, 2, 1 }
    sys:add_layer{ id = "l" }
    sys:set("a1", "attrs.label", "big")
    local function rejects(msg, opts)
      h.rejects(sys, "bad argument #1 to 'power' (" .. msg .. ")",
        function() return sys:power(opts) end)
    end

    it("unknown options and bad choices", function()
      rejects("unknown option 'quorum'", { quorum = 3 })
      rejects("option names must be strings", { 3 })
      rejects("index: must be \"shapley\", \"banzhaf\", \"banzhaf_abs\", "
        .. "\"johnston\", \"deegan_packel\", \"holler\", \"coleman_prevent\" "
        .. "or \"coleman_initiate\", not 'penrose'", { index = "penrose" })
      rejects("index: must be \"shapley\", \"banzhaf\", \"banzhaf_abs\", "
        .. "\"johnston\", \"deegan_packel\", \"holler\", \"coleman_prevent\" "
        .. "or \"coleman_initiate\", not number", { index = 1 })
      rejects("method: must be \"exact\", \"montecarlo\" or \"auto\", not "
        .. "'guess'", { method = "guess" })
      assert.are.equal("bad argument #1 to 'power' (table expected, got "
        .. "string)", h.error_of(function() return sys:power("shapley") end))
    end)

    it("sampling options that do not fit", function()
      rejects("samples: only with method = \"montecarlo\" or \"auto\"",
        { samples = 10 })
      rejects("seed: only with method = \"montecarlo\" or \"auto\"",
        { seed = 10 })
      rejects("samples: must be between 1 and 1000000000, not 0",
        { method = "montecarlo", samples = 0 })
      rejects("samples: must be an integer, not 2.5",
        { method = "montecarlo", samples = 2.5 })
      rejects("seed: must be an integer, not string",
        { method = "montecarlo", seed = "x" })
      rejects("counts: must be true or false, not number", { counts = 1 })
    end)

    it("bad weights", function()
      rejects("weight: unknown weight 'seats' (use \"capability\", "
        .. "\"attrs.<name>\" or a table { [actor id] = weight })",
        { weight = "seats" })
      rejects("weight: must be \"capability\", \"attrs.<name>\" or a table "
        .. "{ [actor id] = weight }, not number", { weight = 5 })
      rejects("weight: no actor has attrs.seats", { weight = "attrs.seats" })
      rejects("weight: actor 'a1' has a string attrs.label, not a number",
        { weight = "attrs.label" })
      rejects("weight: unknown actor 'zz'", { weight = { zz = 1 } })
      rejects("weight: keys must be actor ids", { weight = { 1, 2 } })
      rejects("weight.a1: must be a number, not string",
        { weight = { a1 = "1" } })
      rejects("weight: actor 'a1' has weight -1 (weights must be finite and "
        .. ">= 0)", { weight = { a1 = -1 } })
      rejects("weight: actor 'a1' has weight NaN (weights must be finite "
        .. "and >= 0)", { weight = { a1 = 0 / 0 } })
      rejects("weight: actor 'a2' weighs 1e+16 units of 1; the largest "
        .. "weight is 2^53 units (give a coarser resolution)",
        { weight = { a2 = 1e16 } })
      rejects("resolution: must be positive, not 0", { resolution = 0 })
      rejects("resolution: must be a finite number, not inf",
        { resolution = math.huge })
      rejects("resolution: must be a number, not string",
        { resolution = "1" })
    end)

    it("bad quotas and shares", function()
      rejects("give quota or share, not both", { quota = 5, share = 0.5 })
      rejects("quota: must be positive, not 0", { quota = 0 })
      rejects("quota: must be positive, not -3", { quota = -3 })
      rejects("quota: must be a finite number, not NaN", { quota = 0 / 0 })
      rejects("share: must be between 0 and 1, not 1.5", { share = 1.5 })
      rejects("share: must be a number, not string", { share = "half" })
    end)

    it("bad connected options", function()
      rejects("connected: must be true or a table { layers = ..., informal "
        .. "= ... }, not string", { connected = "l" })
      rejects("connected: the Myerson value is a Shapley value; index must "
        .. "be 'shapley', not 'banzhaf'", { connected = true,
        index = "banzhaf" })
      rejects("connected: unknown option 'combine' (use layers, informal)",
        { connected = { combine = "max" } })
      rejects("layers: unknown layer 'zz'",
        { connected = { layers = { "zz" } } })
      rejects("counts: exact counts are of the weighted game; leave out "
        .. "connected to get them", { connected = true, counts = true })
    end)

    it("games beyond the exact limits, naming the way out", function()
      local big = {}
      for i = 1, 30 do big[i] = i end
      local s30 = game(big)
      local function rejects30(msg, opts)
        h.rejects(s30, "bad argument #1 to 'power' (" .. msg .. ")",
          function() return s30:power(opts) end)
      end
      rejects30("index 'holler': the exact method enumerates coalition "
        .. "shapes, at most 33554432 (this game has 1073741824); use method "
        .. "= \"montecarlo\" (or \"auto\")", { index = "holler" })
      rejects30("connected: the exact Myerson value enumerates every "
        .. "coalition and takes at most 24 actors (this system has 30); use "
        .. "method = \"montecarlo\" (or \"auto\")", { connected = true })
      rejects30("index 'shapley': the exact method takes quotas of at most "
        .. "50000000 units (this game needs 232666667 units of 1e-06); give "
        .. "a coarser resolution, or use method = \"montecarlo\" (or "
        .. "\"auto\")", { weight = { a1 = 1 / 3, a2 = 465 } })
      -- two actors of 40,000,000 units: a quota of 40,000,001 units
      -- needs six tables of that many doubles
      local huge = game{ 4e7, 4e7 }
      h.rejects(huge, "bad argument #1 to 'power' (index 'shapley': the "
        .. "exact method would need 1921 MB (the most is 1073 MB) for a "
        .. "quota of 40000001 units of 1; give a coarser resolution, or use "
        .. "method = \"montecarlo\" (or \"auto\"))",
        function() return huge:power{} end)
      h.rejects(huge, "bad argument #1 to 'power' (counts: exact counts "
        .. "take quotas of at most 50000000 units (this game needs "
        .. "60000001))", function()
          return huge:power{ method = "montecarlo", quota = 6e7 + 1,
            counts = true }
        end)
      local _, info = huge:power{ resolution = 1e6 }
      assert.are.equal(41, info.quota)
      local many = {}
      for i = 1, 16001 do many[i] = 1 end
      local sbig = game(many)
      h.rejects(sbig, "bad argument #1 to 'power' (index 'banzhaf': the "
        .. "exact method takes at most 16000 actors with positive weight "
        .. "(this game has 16001); use method = \"montecarlo\" (or "
        .. "\"auto\"))", function() return sbig:power{ index = "banzhaf" } end)
    end)
  end)
end)
