-- System:agendas — distances between agendas, aligned and opposed pairs,
-- clusters, polarisation and the band of acceptable outcomes.
--
-- References: hand computations written out beside each expected value,
-- and spec/fixtures/agendas.lua, produced by numpy / scipy
-- (spec/fixtures/make_agendas.py; its header names the versions).

local diplomat = require "diplomat"
local h = require "spec.helpers"
local fixture = require "spec.fixtures.agendas"

local TOL = 1e-12

-- The hand-worked map.  Issues x (0..100) and y (0..10).
--   actor  cap   x (salience)   y (salience)
--   p      4     20 (1)         2 (0.5)
--   q      2     60 (0.5)       2 (1)
--   r      3     80 (0.8)       -
--   t      1     -              10 (0.25)
local function hand()
  local sys = diplomat.new{ name = "Hand" }
  sys:add_actor{ id = "p", capability = 4 }
  sys:add_actor{ id = "q", capability = 2 }
  sys:add_actor{ id = "r", capability = 3 }
  sys:add_actor{ id = "t", capability = 1 }
  sys:add_issue{ id = "x", min = 0, max = 100 }
  sys:add_issue{ id = "y", min = 0, max = 10 }
  sys:set_position("p", "x", 20, 1)
  sys:set_position("q", "x", 60, 0.5)
  sys:set_position("r", "x", 80, 0.8)
  sys:set_position("p", "y", 2, 0.5)
  sys:set_position("q", "y", 2, 1)
  sys:set_position("t", "y", 10, 0.25)
  return sys
end

-- A system built from a fixture data set.
local function from_fixture(data)
  local sys = diplomat.new{ name = "Fixture" }
  for i, id in ipairs(data.ids) do
    sys:add_actor{ id = id, capability = data.capability[i] }
  end
  for _, is in ipairs(fixture.issues) do
    sys:add_issue{ id = is[1], min = is[2], max = is[3] }
  end
  for _, p in ipairs(data.positions) do
    sys:set_position(p[1], p[2], p[3], p[4])
  end
  return sys
end

local function pairlist(list)
  local out = {}
  for i, p in ipairs(list) do out[i] = p.a .. "-" .. p.b end
  return out
end

-- Labels renumbered by first appearance, so partitions compare equal
-- whatever numbers a tool gives its clusters.
local function canonical(labels)
  local map, n, out = {}, 0, {}
  for i, l in ipairs(labels) do
    if not map[l] then n = n + 1; map[l] = n end
    out[i] = map[l]
  end
  return out
end

local function labels_of(res, ids)
  local out = {}
  for i, id in ipairs(ids) do out[i] = res.cluster_of[id] end
  return out
end

local function near_list(expected, actual, tol)
  assert.are.equal(#expected, #actual)
  for i = 1, #expected do assert.near(expected[i], actual[i], tol) end
end

local function bands(list)
  local out = {}
  for i, b in ipairs(list) do out[i] = { b.low, b.high } end
  return out
end

describe("System:agendas", function()

  describe("distance", function()
    -- d(a,b) = sum_k w_k |x_ak - x_bk| / range_k / sum_k w_k,
    -- w_k = min(s_ak, s_bk), over issues both hold with w_k > 0:
    --   d(p,q): x w .5, |20-60|/100 = .4; y w .5, 0  -> (.2 + 0) / 1 = .2
    --   d(p,r): x w .8, .6                          -> .48 / .8     = .6
    --   d(p,t): y w .25, |2-10|/10 = .8             -> .8
    --   d(q,r): x w .5, .2                          -> .1 / .5      = .2
    --   d(q,t): y w .25, .8                         -> .8
    --   d(r,t): no common issue                     -> nil
    it("is the salience-weighted mean of the scale shares", function()
      local d = hand():agendas{ distance = true }.distance
      assert.near(0.2, d.p.q, TOL)
      assert.near(0.6, d.p.r, TOL)
      assert.near(0.8, d.p.t, TOL)
      assert.near(0.2, d.q.r, TOL)
      assert.near(0.8, d.q.t, TOL)
      assert.is_nil(d.r.t)
      assert.is_nil(d.t.r)
      assert.are.equal(d.p.q, d.q.p)
      assert.are.equal(0, d.p.p)
    end)

    it("is nil for pairs without a common issue", function()
      local sys = diplomat.new()
      sys:add_actor{ id = "a" }
      sys:add_actor{ id = "b" }
      sys:add_issue{ id = "i" }
      sys:add_issue{ id = "j" }
      sys:set_position("a", "i", 10, 1)
      sys:set_position("b", "j", 90, 1)
      local r = sys:agendas{ distance = true }
      assert.is_nil(r.distance.a.b)
      assert.are.same({}, r.aligned)
      assert.are.same({}, r.opposed)
    end)

    it("ignores issues where either actor has salience 0", function()
      local sys = hand()
      sys:set_position("q", "y", 9, 0) -- was 2 (1)
      -- d(p,q): only x counts now: .4
      assert.near(0.4, sys:agendas{ distance = true }.distance.p.q, TOL)
    end)

    it("uses only the chosen issues", function()
      local r = hand():agendas{ issues = { "y" }, distance = true }
      assert.are.same({ "y" }, r.issues)
      -- y alone: d(p,q) = 0, d(p,t) = d(q,t) = .8; r holds no y: unplaced
      assert.are.equal(0, r.distance.p.q)
      assert.near(0.8, r.distance.p.t, TOL)
      assert.is_nil(r.distance.r)
      assert.are.same({ "r" }, r.unplaced)
    end)

    it("times the smaller salience is summary.opposition on one issue",
       function()
      local sys = assert(diplomat.load("examples/data/northvale.json"))
      local issue
      for _, is in ipairs(sys:issues()) do
        if is.id == "pooled_budgets" then issue = is end
      end
      local pos = sys:positions("pooled_budgets")
      local d = sys:agendas{ issues = { "pooled_budgets" },
                             distance = true, clusters = false }.distance
      local checked = 0
      for a, pa in pairs(pos) do
        for b, pb in pairs(pos) do
          if a ~= b and math.min(pa.salience, pb.salience) > 0 then
            assert.near(diplomat.summary.opposition(issue, pa, pb),
                        d[a][b] * math.min(pa.salience, pb.salience), TOL)
            checked = checked + 1
          end
        end
      end
      assert.is_true(checked > 100)
    end)

    it("gives only the rows asked for", function()
      local r = hand():agendas{ distance = { "t", "r" } }
      assert.are.same({ "r", "t" }, h.sorted_keys(r.distance))
      assert.are.same({ "p", "q", "t" }, h.sorted_keys(r.distance.t))
      assert.are.same({ "p", "q", "r" }, h.sorted_keys(r.distance.r))
    end)

    it("is left out unless asked for", function()
      assert.is_nil(hand():agendas().distance)
      assert.is_nil(hand():agendas{ distance = false }.distance)
    end)

    it("matches the numpy computation on the fixture data", function()
      for _, name in ipairs({ "sparse", "dense" }) do
        local data = fixture[name]
        local r = from_fixture(data):agendas{ distance = true,
                                              clusters = false }
        local n = 0
        for _, row in ipairs(data.distance) do
          assert.near(row[3], r.distance[row[1]][row[2]], TOL)
          n = n + 1
        end
        -- and nothing more: every other pair of placed actors is nil
        local m = 0
        for a, rowd in pairs(r.distance) do
          for b in pairs(rowd) do if a < b then m = m + 1 end end
        end
        assert.are.equal(n, m)
        assert.are.same(data.placed, (function()
          local ids = h.sorted_keys(r.distance)
          return ids
        end)())
      end
    end)
  end)

  describe("aligned and opposed pairs", function()
    it("orders by distance, equal distances by actor order", function()
      local r = hand():agendas()
      -- distances from above; p-q and q-r tie at .2, p-t and q-t at .8
      assert.are.same({ "p-q", "q-r", "p-r", "p-t", "q-t" },
                      pairlist(r.aligned))
      assert.are.same({ "p-t", "q-t", "p-r", "p-q", "q-r" },
                      pairlist(r.opposed))
      assert.are.equal(2, r.aligned[1].issues) -- p and q share x and y
      assert.are.equal(1, r.aligned[2].issues)
      assert.near(0.2, r.aligned[1].distance, TOL)
    end)

    it("keeps the top `pairs`", function()
      local r = hand():agendas{ pairs = 2 }
      assert.are.same({ "p-q", "q-r" }, pairlist(r.aligned))
      assert.are.same({ "p-t", "q-t" }, pairlist(r.opposed))
      r = hand():agendas{ pairs = 0 }
      assert.are.same({}, r.aligned)
      assert.are.same({}, r.opposed)
      r = hand():agendas{ pairs = 1000 }
      assert.are.equal(5, #r.aligned)
    end)

    it("matches the fixture distances sorted", function()
      for _, name in ipairs({ "sparse", "dense" }) do
        local data = fixture[name]
        local order = {}
        for i, id in ipairs(data.ids) do order[id] = i end
        local rows = {}
        for i, row in ipairs(data.distance) do rows[i] = row end
        local function by(dir)
          table.sort(rows, function(u, v)
            if u[3] ~= v[3] then
              if dir > 0 then return u[3] < v[3] end
              return u[3] > v[3]
            end
            if u[1] ~= v[1] then return order[u[1]] < order[v[1]] end
            return order[u[2]] < order[v[2]]
          end)
          local out = {}
          for i = 1, 10 do out[i] = rows[i][1] .. "-" .. rows[i][2] end
          return out
        end
        local r = from_fixture(data):agendas{ pairs = 10 }
        assert.are.same(by(1), pairlist(r.aligned))
        assert.are.same(by(-1), pairlist(r.opposed))
        for i = 1, 10 do
          assert.are.equal(rows[i][4], r.opposed[i].issues)
        end
      end
    end)

    it("breaks ties by actor order when everyone agrees", function()
      local sys = diplomat.new()
      for _, id in ipairs({ "d", "c", "b", "a" }) do
        sys:add_actor{ id = id }
      end
      sys:add_issue{ id = "i" }
      for _, id in ipairs({ "a", "b", "c", "d" }) do
        sys:set_position(id, "i", 50, 0.5)
      end
      local r = sys:agendas()
      -- all six distances are 0: actor order d, c, b, a decides
      assert.are.same({ "d-c", "d-b", "d-a", "c-b", "c-a" },
                      pairlist(r.aligned))
      assert.are.same({ "d-c", "d-b", "d-a", "c-b", "c-a" },
                      pairlist(r.opposed))
    end)
  end)

  describe("clusters", function()
    -- Average linkage on the hand map, no common issue counting as 1:
    --   pq .2  pr .6  pt .8  qr .2  qt .8  rt 1
    --   1. p+q at .2 (ties with q+r: the pair with the earlier first
    --      members merges first); then d(pq, r) = (.6 + .2) / 2 = .4,
    --      d(pq, t) = (.8 + .8) / 2 = .8
    --   2. pq+r at .4; d(pqr, t) = (2 * .8 + 1 * 1) / 3 = 2.6 / 3
    --   3. pqr+t at 2.6 / 3
    it("merges by average linkage", function()
      local m = hand():agendas().merges
      assert.are.equal(3, #m)
      assert.are.same({ "p", "q", 2 },
                      { m[1].left, m[1].right, m[1].size })
      assert.are.same({ 1, "r", 3 }, { m[2].left, m[2].right, m[2].size })
      assert.are.same({ 2, "t", 4 }, { m[3].left, m[3].right, m[3].size })
      near_list({ 0.2, 0.4, 2.6 / 3 },
                { m[1].height, m[2].height, m[3].height }, TOL)
    end)

    it("cuts at the threshold, numbering in order of appearance",
       function()
      -- default threshold .2: only the first merge (height .2) applies
      local r = hand():agendas()
      assert.are.equal(3, #r.clusters)
      assert.are.same({ "p", "q" }, r.clusters[1].members)
      assert.are.same({ "r" }, r.clusters[2].members)
      assert.are.same({ "t" }, r.clusters[3].members)
      assert.are.same({ p = 1, q = 1, r = 2, t = 3 }, r.cluster_of)
      -- means of members' positions: x (20 + 60) / 2, y (2 + 2) / 2
      assert.are.same({ x = 40, y = 2 }, r.clusters[1].positions)
      assert.are.same({ x = 80 }, r.clusters[2].positions)
      assert.are.same({ y = 10 }, r.clusters[3].positions)
      assert.are.equal(2, r.clusters[1].size)
      r = hand():agendas{ threshold = 0.39 }
      assert.are.equal(3, #r.clusters)
      r = hand():agendas{ threshold = 0.4 }
      assert.are.same({ "p", "q", "r" }, r.clusters[1].members)
      r = hand():agendas{ threshold = 0 }
      assert.are.equal(4, #r.clusters)
      r = hand():agendas{ threshold = 1 }
      assert.are.equal(1, #r.clusters)
    end)

    it("cuts into k clusters", function()
      local r = hand():agendas{ clusters = 2 }
      assert.are.equal(2, #r.clusters)
      assert.are.same({ "p", "q", "r" }, r.clusters[1].members)
      -- x (20 + 60 + 80) / 3, y (2 + 2) / 2
      assert.near(160 / 3, r.clusters[1].positions.x, TOL)
      assert.are.equal(2, r.clusters[1].positions.y)
      assert.are.same({ "t" }, r.clusters[2].members)
      assert.are.equal(1, #hand():agendas{ clusters = 1 }.clusters)
      -- more clusters than actors: each alone
      assert.are.equal(4, #hand():agendas{ clusters = 9 }.clusters)
    end)

    it("takes clusters = true as the default cut", function()
      assert.are.same(hand():agendas().cluster_of,
                      hand():agendas{ clusters = true }.cluster_of)
      assert.are.equal(1,
        #hand():agendas{ clusters = true, threshold = 1 }.clusters)
    end)

    it("can be left out", function()
      local r = hand():agendas{ clusters = false }
      assert.is_nil(r.clusters)
      assert.is_nil(r.cluster_of)
      assert.is_nil(r.merges)
    end)

    it("merges equal distances in actor order", function()
      local sys = diplomat.new()
      for _, id in ipairs({ "a", "b", "c", "d" }) do
        sys:add_actor{ id = id }
      end
      sys:add_issue{ id = "i" }
      for _, id in ipairs({ "a", "b", "c", "d" }) do
        sys:set_position(id, "i", 50, 0.5)
      end
      local m = sys:agendas().merges
      -- all at 0: a+b, then (ab)+c, then (abc)+d
      assert.are.same({ { "a", "b", 0 }, { 1, "c", 0 }, { 2, "d", 0 } },
        { { m[1].left, m[1].right, m[1].height },
          { m[2].left, m[2].right, m[2].height },
          { m[3].left, m[3].right, m[3].height } })
    end)

    for _, name in ipairs({ "sparse", "dense" }) do
      it("matches scipy's average linkage on the " .. name .. " fixture",
         function()
        local data = fixture[name]
        local sys = from_fixture(data)
        local r = sys:agendas()
        local heights, sizes = {}, {}
        for i, mg in ipairs(r.merges) do
          heights[i], sizes[i] = mg.height, mg.size
        end
        near_list(data.heights, heights, 1e-12)
        assert.are.same(data.sizes, sizes)
        for _, cut in ipairs(data.by_threshold) do
          local res = sys:agendas{ threshold = cut[1] }
          assert.are.same(canonical(cut[2]), labels_of(res, data.placed))
        end
        for _, cut in ipairs(data.by_k) do
          local res = sys:agendas{ clusters = cut[1] }
          assert.are.equal(cut[1], #res.clusters)
          assert.are.same(canonical(cut[2]), labels_of(res, data.placed))
        end
      end)
    end

    it("leaves out actors without a salient position", function()
      local sys = hand()
      sys:add_actor{ id = "u" }
      sys:add_actor{ id = "v" }
      sys:set_position("v", "x", 50, 0)
      local r = sys:agendas()
      assert.are.same({ "u", "v" }, r.unplaced)
      assert.is_nil(r.cluster_of.u)
      assert.is_nil(r.cluster_of.v)
      assert.are.equal(3, #r.merges)
    end)
  end)

  describe("polarisation", function()
    -- weights c * s (the compromise model's): on x, p 4 * 1 = 4,
    -- q 2 * .5 = 1, r 3 * .8 = 2.4, sum 7.4
    --   mean = (4*20 + 1*60 + 2.4*80) / 7.4 = 332 / 7.4 = 1660 / 37
    --   sum w x^2 / sum w = (1600 + 3600 + 15360) / 7.4 = 102800 / 37
    --   variance = (102800/37 - (1660/37)^2) / 100^2 = 104.8 / 1369
    -- on y: p 4 * .5 = 2, q 2 * 1 = 2, t 1 * .25 = .25, sum 4.25
    --   mean = (4 + 4 + 2.5) / 4.25;  sum w x^2 = 8 + 8 + 25 = 41
    --   variance = (41 * 4.25 - 10.5^2) / 4.25^2 / 10^2 = .64 / 18.0625
    it("is the weighted variance around the compromise", function()
      local pol = hand():agendas().polarisation
      assert.are.equal(3, pol.x.count)
      assert.near(1660 / 37, pol.x.mean, 1e-12)
      assert.near(104.8 / 1369, pol.x.variance, TOL)
      assert.near(10.5 / 4.25, pol.y.mean, 1e-12)
      assert.near(0.64 / 18.0625, pol.y.variance, TOL)
      -- three actors: too few for the bimodality coefficient
      assert.is_nil(pol.x.bimodality)
    end)

    it("takes other weights", function()
      -- equal weights on x: mean 160/3; scaled .2 .6 .8, mean 1.6/3
      --   variance = (.04 + .36 + .64) / 3 - (1.6/3)^2 = 1.04/3 - 2.56/9
      local pol = hand():agendas{ weight = "equal" }.polarisation
      assert.near(160 / 3, pol.x.mean, 1e-12)
      assert.near(1.04 / 3 - 2.56 / 9, pol.x.variance, TOL)
      -- capability only: (4*20 + 2*60 + 3*80) / 9 = 440 / 9
      pol = hand():agendas{ weight = "capability" }.polarisation
      assert.near(440 / 9, pol.x.mean, 1e-12)
      -- salience only: (20 + 30 + 64) / 2.3
      pol = hand():agendas{ weight = "salience" }.polarisation
      assert.near(114 / 2.3, pol.x.mean, 1e-12)
    end)

    it("gives the bimodality coefficient of two camps", function()
      -- positions 0, 0, 100, 100: m2 = 2500, m3 = 0, m4 = 50^4, so
      -- g1 = 0, g2 = 1 - 3 = -2; G1 = 0, G2 = (5 * -2 + 6) * 3 / (2 * 1)
      -- = -6; BC = (0 + 1) / (-6 + 3 * 9 / 2) = 1 / 7.5.  Scaled
      -- positions 0 0 1 1, equal weights: variance .25, the largest.
      local sys = diplomat.new()
      for i, x in ipairs({ 0, 0, 100, 100 }) do
        sys:add_actor{ id = "a" .. i }
        if i == 1 then sys:add_issue{ id = "i" } end
        sys:set_position("a" .. i, "i", x, 1)
      end
      local pol = sys:agendas().polarisation.i
      assert.near(1 / 7.5, pol.bimodality, TOL)
      assert.near(0.25, pol.variance, TOL)
    end)

    it("matches numpy and scipy on the fixture data", function()
      for _, name in ipairs({ "sparse", "dense" }) do
        local data = fixture[name]
        local pol = from_fixture(data):agendas{ clusters = false }
                                       .polarisation
        for id, want in pairs(data.polarisation) do
          assert.are.equal(want.count, pol[id].count)
          assert.near(want.mean, pol[id].mean, 1e-9)
          assert.near(want.variance, pol[id].variance, 1e-12)
          assert.near(want.bimodality, pol[id].bimodality, 1e-12)
        end
      end
    end)

    it("is 0 with bimodality undefined when everyone agrees", function()
      local sys = diplomat.new()
      for i = 1, 5 do
        sys:add_actor{ id = "a" .. i }
        if i == 1 then sys:add_issue{ id = "i", min = 0, max = 1 } end
        sys:set_position("a" .. i, "i", 0.1, 0.3)
      end
      local pol = sys:agendas().polarisation.i
      assert.are.equal(0, pol.variance)
      assert.are.equal(0.1, pol.mean)
      assert.is_nil(pol.bimodality)
      assert.are.equal(5, pol.count)
    end)

    it("counts only actors with weight", function()
      local sys = hand()
      sys:set("r", "capability", 0)
      local pol = sys:agendas().polarisation
      -- x: p (w 4) and q (w 1): mean (80 + 60) / 5 = 28
      assert.are.equal(2, pol.x.count)
      assert.near(28, pol.x.mean, 1e-12)
    end)

    it("has only a count for an issue without positions", function()
      local sys = hand()
      sys:add_issue{ id = "z" }
      local r = sys:agendas()
      assert.are.same({ count = 0 }, r.polarisation.z)
      assert.are.same({}, r.band.z)
    end)
  end)

  describe("band", function()
    -- Default tolerance (1 - s) / 2 of the scale; share .5.
    -- x (range 100): p s 1 -> [20, 20] c 4; q s .5 -> 60 +- 25 = [35, 85]
    --   c 2; r s .8 -> 80 +- 10 = [70, 90] c 3.  Total 9, need 4.5:
    --   [35, 70) holds 2, [70, 85] holds 5, (85, 90] 3 -> [70, 85]
    -- y (range 10): p s .5 -> 2 +- 2.5 = [0, 4.5] (clipped) c 4; q s 1
    --   -> [2, 2] c 2; t s .25 -> 10 +- 3.75 = [6.25, 10] c 1.  Total 7,
    --   need 3.5: [0, 4.5] holds 4 or more -> [0, 4.5]
    it("is where a winning share of capability accepts", function()
      local band = hand():agendas().band
      assert.are.same({ { 70, 85 } }, bands(band.x))
      assert.are.same({ { 0, 4.5 } }, bands(band.y))
    end)

    it("narrows with the share asked for", function()
      -- share .6: x needs 5.4 but holds at most 5 -> empty; y needs 4.2:
      -- only y = 2 holds p + q = 6 -> a single point
      local band = hand():agendas{ share = 0.6 }.band
      assert.are.same({}, bands(band.x))
      assert.are.same({ { 2, 2 } }, bands(band.y))
      -- share 1 on y: t's [6.25, 10] never meets p's [0, 4.5]
      assert.are.same({}, bands(hand():agendas{ share = 1 }.band.y))
    end)

    it("takes one tolerance for everyone", function()
      -- .1 of the scale: x p [10, 30] c 4, q [50, 70] c 2, r [70, 90] c 3
      --   only x = 70 holds q + r = 5 >= 4.5
      -- y: p [1, 3], q [1, 3] (6 >= 3.5), t [9, 10] (1)
      local band = hand():agendas{ tolerance = 0.1 }.band
      assert.are.same({ { 70, 70 } }, bands(band.x))
      assert.are.same({ { 1, 3 } }, bands(band.y))
    end)

    it("takes tolerances by actor", function()
      -- p .5 of the scale: x [0, 70] c 4 (clipped), q [35, 85], r [70, 90]
      --   [35, 70] holds 6 or 9, (70, 85] holds 5 -> [35, 85]
      local band = hand():agendas{ tolerance = { p = 0.5 } }.band
      assert.are.same({ { 35, 85 } }, bands(band.x))
    end)

    it("reads tolerances from attributes, the position's first",
       function()
      local sys = hand()
      sys:set_position("q", "x", 60, 0.5, { tol = 0 })
      sys:set("q", "attrs.tol", 0.45) -- overridden on x by the position's
      sys:set("r", "attrs.tol", 0.3)
      -- x: p default [20, 20] c 4; q [60, 60] c 2; r 80 +- 30 -> [50, 100]
      --   c 3: only x = 60 holds 5 -> [60, 60]
      local band = sys:agendas{ tolerance = "tol" }.band
      assert.are.same({ { 60, 60 } }, bands(band.x))
      assert.are.same(bands(band.x),
        bands(sys:agendas{ tolerance = "attrs.tol" }.band.x))
      -- y: p default [0, 4.5] c 4; q's actor attribute .45 -> 2 +- 4.5 =
      --   [0, 6.5] c 2; t default [6.25, 10] c 1.  With share .25 the
      --   need is 1.75: [0, 4.5] holds >= 4, (4.5, 6.5] q's 2 (or 3),
      --   (6.5, 10] t's 1 -> [0, 6.5]
      band = sys:agendas{ tolerance = "tol", share = 0.25 }.band
      assert.are.same({ { 0, 6.5 } }, bands(band.y))
    end)

    it("gives several intervals when camps are far apart", function()
      -- a 10 (c 1), b 90 (c 1), tolerance .05 of 0..100: [5, 15] and
      -- [85, 95], each holding 1 >= .5 * 2
      local sys = diplomat.new()
      sys:add_actor{ id = "a" }
      sys:add_actor{ id = "b" }
      sys:add_issue{ id = "i" }
      sys:set_position("a", "i", 10, 1)
      sys:set_position("b", "i", 90, 1)
      local band = sys:agendas{ tolerance = 0.05 }.band.i
      assert.are.same({ { 5, 15 }, { 85, 95 } }, bands(band))
    end)

    it("is empty when no capability is at stake", function()
      local sys = hand()
      for _, id in ipairs({ "p", "q", "r", "t" }) do
        sys:set(id, "capability", 0)
      end
      local band = sys:agendas().band
      assert.are.same({}, band.x)
      assert.are.same({}, band.y)
    end)

    it("holds exactly the points a winning share accepts", function()
      -- brute force on the dense fixture: the accepting capability at
      -- every interval end and midway between consecutive ends
      local data = fixture.dense
      local sys = from_fixture(data)
      local cap = {}
      for i, id in ipairs(data.ids) do cap[id] = data.capability[i] end
      local res = sys:agendas{ clusters = false, share = 0.3 }
      for _, is in ipairs(fixture.issues) do
        local id, lo, hi = is[1], is[2], is[3]
        local ivs, pts, total = {}, { lo, hi }, 0
        for _, p in ipairs(data.positions) do
          if p[2] == id then
            local t = (1 - p[4]) / 2 * (hi - lo)
            local a, b = math.max(lo, p[3] - t), math.min(hi, p[3] + t)
            ivs[#ivs + 1] = { a, b, cap[p[1]] }
            pts[#pts + 1], pts[#pts + 2] = a, b
            total = total + cap[p[1]]
          end
        end
        table.sort(pts)
        local n = #pts
        for i = 1, n - 1 do pts[#pts + 1] = (pts[i] + pts[i + 1]) / 2 end
        local band = res.band[id]
        assert.is_true(#band > 0)
        for _, x in ipairs(pts) do
          local held = 0
          for _, iv in ipairs(ivs) do
            if iv[1] <= x and x <= iv[2] then held = held + iv[3] end
          end
          local inside = false
          for _, b in ipairs(band) do
            if b.low <= x and x <= b.high then inside = true end
          end
          assert.are.equal(held >= 0.3 * total, inside,
            ("%s at %s: %s of %s"):format(id, x, held, total))
        end
      end
    end)
  end)

  describe("edge cases", function()
    it("handles an empty system", function()
      local r = diplomat.new():agendas{ distance = true }
      assert.are.same({ issues = {}, aligned = {}, opposed = {},
                        unplaced = {}, distance = {}, clusters = {},
                        cluster_of = {}, merges = {}, polarisation = {},
                        band = {} }, r)
    end)

    it("handles actors and no issues", function()
      local sys = diplomat.new()
      sys:add_actor{ id = "a" }
      sys:add_actor{ id = "b" }
      local r = sys:agendas()
      assert.are.same({}, r.issues)
      assert.are.same({ "a", "b" }, r.unplaced)
      assert.are.same({}, r.clusters)
      assert.are.same({}, r.aligned)
    end)

    it("handles one actor", function()
      local sys = diplomat.new()
      sys:add_actor{ id = "a", capability = 2 }
      sys:add_issue{ id = "i" }
      sys:set_position("a", "i", 30, 0.6)
      local r = sys:agendas{ distance = true }
      assert.are.same({ a = { a = 0 } }, r.distance)
      assert.are.same({}, r.aligned)
      assert.are.same({ { members = { "a" }, size = 1,
                          positions = { i = 30 } } }, r.clusters)
      assert.are.same({}, r.merges)
      assert.are.same({ count = 1, mean = 30, variance = 0 },
                      r.polarisation.i)
      -- tolerance (1 - .6) / 2 * 100 = 20: [10, 50]
      assert.are.same({ { 10, 50 } }, bands(r.band.i))
    end)

    it("clusters actors with no common issue apart", function()
      local sys = diplomat.new()
      sys:add_actor{ id = "a" }
      sys:add_actor{ id = "b" }
      sys:add_issue{ id = "i" }
      sys:add_issue{ id = "j" }
      sys:set_position("a", "i", 10, 1)
      sys:set_position("b", "j", 10, 1)
      local r = sys:agendas{ threshold = 0.99 }
      assert.are.equal(2, #r.clusters)
      assert.are.equal(1, r.merges[1].height) -- counted as 1
      assert.are.equal(1, #sys:agendas{ threshold = 1 }.clusters)
    end)

    it("works without clusters beyond the clustering limit", function()
      local sys = diplomat.new()
      sys:add_issue{ id = "i", min = 0, max = 3000 }
      for k = 1, 2001 do
        local id = ("a%04d"):format(k)
        sys:add_actor{ id = id }
        sys:set_position(id, "i", k, 1)
      end
      assert.are.equal("bad argument #1 to 'agendas' (clusters: 2001 "
        .. "actors hold positions, more than the 2000 hierarchical "
        .. "clustering handles (pass clusters = false))",
        h.error_of(function() return sys:agendas() end))
      assert.are.equal("bad argument #1 to 'agendas' (distance: 2001 "
        .. "actors hold positions, more than the 2000 the full table "
        .. "allows (ask for rows: distance = { ids }))",
        h.error_of(function()
          return sys:agendas{ clusters = false, distance = true }
        end))
      local r = sys:agendas{ clusters = false, pairs = 2,
                             distance = { "a0001" } }
      -- neighbours are 1 / 3000 apart; a0001 and a2001 are 2000 / 3000
      assert.are.same({ "a0001-a0002", "a0002-a0003" }, pairlist(r.aligned))
      assert.are.same({ "a0001-a2001", "a0001-a2000" }, pairlist(r.opposed))
      assert.near(2000 / 3000, r.distance.a0001.a2001, TOL)
    end)

    it("gives the values the README shows for Northvale", function()
      local sys = assert(diplomat.load("examples/data/northvale.json"))
      local a = sys:agendas{ issues = { "pooled_budgets", "board_merger" } }
      -- health_minister: pooled 30 (s .3), merger 95 (s .7);
      -- icb_south_ceo: pooled 30 (s .4), merger 10 (s 1):
      -- d = (.3 * 0 + .7 * 85/100) / (.3 + .7) = .595
      assert.are.equal("health_minister", a.opposed[1].a)
      assert.are.equal("icb_south_ceo", a.opposed[1].b)
      assert.near(0.595, a.opposed[1].distance, 1e-12)
      assert.are.equal(2, a.opposed[1].issues)
      assert.are.equal(11, a.clusters[1].size)
      assert.are.equal("dhsc", a.clusters[1].members[1])
      local p = a.polarisation.pooled_budgets
      -- the weighted moments straight from the definition
      local cap = {}
      for _, act in ipairs(sys:actors()) do cap[act.id] = act.capability end
      local sw, swx, swxx = 0, 0, 0
      for id, q in pairs(sys:positions("pooled_budgets")) do
        local w = cap[id] * q.salience
        sw, swx = sw + w, swx + w * q.position
        swxx = swxx + w * q.position ^ 2
      end
      assert.near(swx / sw, p.mean, 1e-9)
      assert.near((swxx / sw - (swx / sw) ^ 2) / 100 ^ 2, p.variance, 1e-9)
      assert.are.equal(51, p.count)
      assert.near(45.6, p.mean, 0.05)
      assert.near(0.0267, p.variance, 5e-5)
      assert.near(0.487, p.bimodality, 5e-4)
      assert.are.same({ { 20, 65 } }, bands(a.band.pooled_budgets))
    end)

    it("does not change the system", function()
      local sys = hand()
      local before, gen = sys:encode(), sys:generation()
      sys:agendas{ distance = true, tolerance = 0.2 }
      assert.are.equal(before, sys:encode())
      assert.are.equal(gen, sys:generation())
    end)
  end)

  describe("rejects", function()
    local sys = hand()
    local cases = {
      { "options must be a table", "bad argument #1 to 'agendas' "
        .. "(table expected, got number)", 5 },
      { "unknown options", "bad argument #1 to 'agendas' (unknown option "
        .. "'issue')", { issue = "x" } },
      { "issues that are not a list", "bad argument #1 to 'agendas' "
        .. "(issues: must be an array of issue ids)", { issues = "x" } },
      { "an empty issue list", "bad argument #1 to 'agendas' (issues: the "
        .. "list is empty)", { issues = {} } },
      { "unknown issues", "bad argument #1 to 'agendas' (issues: unknown "
        .. "issue 'w')", { issues = { "x", "w" } } },
      { "issues listed twice", "bad argument #1 to 'agendas' (issues: 'x' "
        .. "is listed twice)", { issues = { "x", "x" } } },
      { "negative pairs", "bad argument #1 to 'agendas' (pairs: must be a "
        .. "whole number >= 0)", { pairs = -1 } },
      { "fractional pairs", "bad argument #1 to 'agendas' (pairs: must be "
        .. "a whole number >= 0)", { pairs = 1.5 } },
      { "zero clusters", "bad argument #1 to 'agendas' (clusters: must be "
        .. "a whole number >= 1, or false)", { clusters = 0 } },
      { "clusters as a string", "bad argument #1 to 'agendas' (clusters: "
        .. "must be a whole number >= 1, or false)", { clusters = "3" } },
      { "clusters and threshold together", "bad argument #1 to 'agendas' "
        .. "(give clusters or threshold, not both)",
        { clusters = 2, threshold = 0.1 } },
      { "clusters = false with a threshold", "bad argument #1 to "
        .. "'agendas' (give clusters or threshold, not both)",
        { clusters = false, threshold = 0.1 } },
      { "thresholds outside [0, 1]", "bad argument #1 to 'agendas' "
        .. "(threshold: must be a number in [0, 1])", { threshold = 1.5 } },
      { "NaN thresholds", "bad argument #1 to 'agendas' (threshold: must "
        .. "be a number in [0, 1])", { threshold = 0 / 0 } },
      { "a share of 0", "bad argument #1 to 'agendas' (share: must be a "
        .. "number in (0, 1])", { share = 0 } },
      { "a share above 1", "bad argument #1 to 'agendas' (share: must be a "
        .. "number in (0, 1])", { share = 1.01 } },
      { "unknown weightings", "bad argument #1 to 'agendas' (weight: "
        .. "unknown weighting 'votes' (expected power, salience, capability "
        .. "or equal))", { weight = "votes" } },
      { "weights that are not names", "bad argument #1 to 'agendas' "
        .. "(weight: must be \"power\", \"salience\", \"capability\" or "
        .. "\"equal\")", { weight = 1 } },
      { "distance rows of unknown actors", "bad argument #1 to 'agendas' "
        .. "(distance: unknown actor 'zz')", { distance = { "p", "zz" } } },
      { "distance given as a string", "bad argument #1 to 'agendas' "
        .. "(distance: must be true, false or an array of actor ids)",
        { distance = "p" } },
      { "negative tolerances", "bad argument #1 to 'agendas' (tolerance: "
        .. "must be a number >= 0 (a share of the scale))",
        { tolerance = -0.1 } },
      { "infinite tolerances", "bad argument #1 to 'agendas' (tolerance: "
        .. "must be a number >= 0 (a share of the scale))",
        { tolerance = math.huge } },
      { "tolerances of unknown actors", "bad argument #1 to 'agendas' "
        .. "(tolerance: unknown actor 'zz')", { tolerance = { zz = 0.1 } } },
      { "tolerance tables of strings", "bad argument #1 to 'agendas' "
        .. "(tolerance: actor 'p' needs a number >= 0, not string)",
        { tolerance = { p = "wide" } } },
      { "negative tolerances in a table", "bad argument #1 to 'agendas' "
        .. "(tolerance: actor 'p' needs a number >= 0, not -1)",
        { tolerance = { p = -1 } } },
      { "tolerances of another type", "bad argument #1 to 'agendas' "
        .. "(tolerance: must be a number, a table of numbers by actor id or "
        .. "the name of an attribute)", { tolerance = true } },
    }
    for _, c in ipairs(cases) do
      it(c[1], function()
        h.rejects(sys, c[2], function() return sys:agendas(c[3]) end)
      end)
    end

    it("tolerance attributes that are not numbers", function()
      local s = hand()
      s:set("p", "attrs.tol", "wide")
      h.rejects(s, "bad argument #1 to 'agendas' (tolerance: attribute "
        .. "'tol' of actor 'p' on issue 'x' is not a number)",
        function() return s:agendas{ tolerance = "tol" } end)
      s:set("p", "attrs.tol", -2)
      h.rejects(s, "bad argument #1 to 'agendas' (tolerance: attribute "
        .. "'tol' of actor 'p' on issue 'x' must be >= 0)",
        function() return s:agendas{ tolerance = "tol" } end)
    end)

    it("a closed system", function()
      local s = hand()
      s:close()
      assert.are.equal("diplomat: the system is closed",
                       h.error_of(function() return s:agendas() end))
    end)
  end)
end)
