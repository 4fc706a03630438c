-- diplomat.generate: synthetic systems for scale tests.  Every property
-- is measured here from the system's own tables (actors, ties,
-- positions), independently of how generate.c builds them.
local diplomat = require "diplomat"

-- Structure of a system as plain counts.
local function survey(sys)
  local org, sector, layer_informal = {}, {}, {}
  local orgsize, persons, orgs, sectors = {}, 0, 0, {}
  for _, a in ipairs(sys:actors()) do
    org[a.id], sector[a.id] = a.org, a.sector
    orgsize[a.org] = (orgsize[a.org] or 0) + 1
    sectors[a.sector] = true
    if a.kind == "person" then persons = persons + 1 else orgs = orgs + 1 end
  end
  for _, l in ipairs(sys:layers()) do layer_informal[l.id] = l.informal end
  local r = {
    org = org, sector = sector, persons = persons, orgs = orgs,
    sectors = 0, ties = 0, informal = 0, within = 0, across = 0,
    informal_within = 0, degree = {}, by_layer = {}, formal_in = {},
  }
  for _ in pairs(sectors) do r.sectors = r.sectors + 1 end
  local seen = {}
  for _, t in ipairs(sys:ties()) do
    r.ties = r.ties + 1
    r.by_layer[t.layer] = (r.by_layer[t.layer] or 0) + 1
    local a, b = t.from, t.to
    if a > b then a, b = b, a end
    local key = a .. "\0" .. b
    if not seen[key] then -- distinct tied pairs, any layer
      seen[key] = true
      if org[a] == org[b] then r.within = r.within + 1
      else r.across = r.across + 1 end
    end
    if layer_informal[t.layer] then
      r.informal = r.informal + 1
      if org[t.from] == org[t.to] then
        r.informal_within = r.informal_within + 1
      end
      r.degree[t.from] = (r.degree[t.from] or 0) + 1
      r.degree[t.to] = (r.degree[t.to] or 0) + 1
    end
    if t.layer == "formal" then
      r.formal_in[t.to] = (r.formal_in[t.to] or 0) + 1
    end
  end
  -- pairs that could be tied within and across organisations
  local n, pairs_within = #sys, 0
  for _, c in pairs(orgsize) do
    pairs_within = pairs_within + c * (c - 1) / 2
  end
  r.density_within = r.within / pairs_within
  r.density_across = r.across / (n * (n - 1) / 2 - pairs_within)
  return r
end

-- Share of the variance of positions on an issue explained by sector
-- (eta squared: between-sector sum of squares over the total).
local function eta2(sys, issue, sector)
  local n, sum, groups = 0, 0, {}
  local ps = sys:positions(issue)
  for id, p in pairs(ps) do
    n, sum = n + 1, sum + p.position
    local g = groups[sector[id]] or { 0, 0 }
    g[1], g[2] = g[1] + 1, g[2] + p.position
    groups[sector[id]] = g
  end
  local mean, total, between = sum / n, 0, 0
  for _, p in pairs(ps) do total = total + (p.position - mean) ^ 2 end
  for _, g in pairs(groups) do
    between = between + g[1] * (g[2] / g[1] - mean) ^ 2
  end
  return between / total
end

describe("diplomat.generate", function()
  it("gives the same system for the same seed, another for another seed",
    function()
      local a = diplomat.generate{ actors = 600, seed = 7 }
      local b = diplomat.generate{ actors = 600, seed = 7 }
      local c = diplomat.generate{ actors = 600, seed = 8 }
      assert.are.equal(a:encode(), b:encode())
      assert.are_not.equal(a:encode(), c:encode())
    end)

  it("makes the actors, organisations, sectors, issues and ties asked for",
    function()
      local sys, stats = diplomat.generate{ actors = 1000, orgs = 30,
        sectors = 4, issues = 3, degree = 12, informal = 0.25, seed = 3 }
      local r = survey(sys)
      assert.are.equal(1000, #sys)
      assert.are.equal(30, r.orgs)
      assert.are.equal(970, r.persons)
      assert.are.equal(4, r.sectors)
      assert.are.equal(3, #sys:issues())
      -- every actor holds a position on every issue (coverage 1)
      for _, issue in ipairs(sys:issues()) do
        local k = 0
        for _ in pairs(sys:positions(issue.id)) do k = k + 1 end
        assert.are.equal(1000, k)
      end
      -- 1000 actors x mean degree 12 / 2 = 6000 ties; 25% informal
      assert.are.equal(6000, r.ties)
      assert.are.same({ formal = 4500, informal = 1500,
                        target_formal = 4500, target_informal = 1500 }, stats)
      assert.are.equal(1500, r.informal)
    end)

  it("passes every invariant check and survives a round trip through JSON",
    function()
      local sys = diplomat.generate{ actors = 2000, seed = 11 }
      assert.is_true(sys:check())
      local again = assert(diplomat.decode(sys:encode()))
      assert.is_true(again:check())
      assert.are.equal(sys:encode(), again:encode())
    end)

  it("records its options in the system's attrs", function()
    local sys = diplomat.generate{ actors = 500, orgs = 10, seed = 5 }
    local attrs = sys:info().attrs
    assert.are.equal(500, attrs.actors)
    assert.are.equal(10, attrs.orgs)
    assert.are.equal(5, attrs.seed)
    assert.are.equal(0.3, attrs.informal)
  end)

  it("puts every person under one manager in the formal layer", function()
    local sys = diplomat.generate{ actors = 800, orgs = 16, seed = 2 }
    local r = survey(sys)
    assert.are.equal(r.persons, r.by_layer.formal)
    for _, a in ipairs(sys:actors()) do
      if a.kind == "person" then
        assert.are.equal(1, r.formal_in[a.id])
      else
        assert.is_nil(r.formal_in[a.id])
      end
    end
    for _, t in ipairs(sys:ties{ layer = "formal" }) do
      assert.are.equal(r.org[t.from], r.org[t.to])
    end
  end)

  it("ties people within organisations far more densely than across them",
    function()
      local r = survey(diplomat.generate{ actors = 3000, seed = 4 })
      assert.is_true(r.density_within > 20 * r.density_across,
        ("within %g, across %g"):format(r.density_within, r.density_across))
    end)

  it("puts the share of ties asked for in informal layers", function()
    for _, p in ipairs{ 0, 0.1, 0.5, 0.7 } do
      local r = survey(diplomat.generate{ actors = 2000, informal = p,
                                          seed = 9 })
      assert.are.equal(20000, r.ties)
      assert.near(p, r.informal / r.ties, 1e-9)
    end
    -- the management tree and the boards are always made: when they
    -- alone exceed the formal budget, the formal share is larger
    local sys, stats = diplomat.generate{ actors = 2000, informal = 0.95,
                                          seed = 9 }
    local r = survey(sys)
    assert.are.equal(19000, stats.informal)
    assert.are.equal(1000, stats.target_formal)
    assert.are.equal(r.persons + r.by_layer.board, stats.formal)
    assert.is_true(stats.formal > 1000)
  end)

  it("draws informal ties across organisations with heterogeneous degrees",
    function()
      local sys = diplomat.generate{ actors = 5000, seed = 6 }
      local r = survey(sys)
      assert.are.equal(0, r.informal_within)
      local n, sum, sq, max = 0, 0, 0, 0
      for _, a in ipairs(sys:actors{ kind = "person" }) do
        local d = r.degree[a.id] or 0
        n, sum, sq = n + 1, sum + d, sq + d * d
        if d > max then max = d end
      end
      local mean = sum / n
      local var = sq / n - mean * mean
      -- a Poisson (Erdos-Renyi) degree would have variance = mean and a
      -- maximum within a few sd of it; a power law has neither
      assert.is_true(var > 10 * mean,
        ("variance %g, mean %g"):format(var, mean))
      assert.is_true(max > 20 * mean, ("max %d, mean %g"):format(max, mean))
      -- organisations themselves have no informal ties
      for _, a in ipairs(sys:actors{ kind = "organisation" }) do
        assert.is_nil(r.degree[a.id])
      end
    end)

  it("clusters positions by sector as much as cohesion says", function()
    for _, c in ipairs{ 0, 0.6 } do
      local sys = diplomat.generate{ actors = 5000, orgs = 120,
                                     cohesion = c, seed = 12 }
      local r = survey(sys)
      local total = 0
      for _, issue in ipairs(sys:issues()) do
        total = total + eta2(sys, issue.id, r.sector)
      end
      -- sector sizes differ and positions are clamped to the scale, so
      -- the share is near c, not exactly c
      assert.near(c, total / 5, 0.08)
    end
  end)

  it("gives positions to the share of actors asked for", function()
    local sys = diplomat.generate{ actors = 4000, issues = 2, coverage = 0.25,
                                   seed = 1 }
    for _, issue in ipairs(sys:issues()) do
      local k = 0
      for _, p in pairs(sys:positions(issue.id)) do
        k = k + 1
        assert.is_true(p.position >= 0 and p.position <= 100)
        assert.is_true(p.salience >= 0.1 and p.salience <= 1)
      end
      assert.near(1000, k, 100) -- binomial(4000, 0.25): sd 27
    end
  end)

  it("handles one actor, organisations only, and a single organisation",
    function()
      local one = diplomat.generate{ actors = 1 }
      assert.are.equal(1, #one)
      assert.are.equal(0, #one:ties())
      assert.is_true(one:check())
      -- no people: only board ties between organisations
      local orgs = diplomat.generate{ actors = 50, orgs = 50, seed = 2 }
      local r = survey(orgs)
      assert.are.equal(0, r.persons)
      assert.are.equal(r.ties, r.by_layer.board)
      -- one organisation: no boundary for informal ties to cross
      local single, stats = diplomat.generate{ actors = 100, orgs = 1 }
      assert.are.equal(0, stats.informal)
      assert.are.equal(0, survey(single).informal)
      assert.is_true(single:check())
    end)

  it("generates a million ties in seconds", function()
    local t = os.clock()
    local sys = diplomat.generate{ actors = 100000, issues = 0 }
    assert.are.equal(1000000, #sys:ties())
    assert.is_true(os.clock() - t < 20)
  end)

  it("rejects unknown options and values out of range", function()
    local function rejects(opts, msg)
      local ok, err = pcall(diplomat.generate, opts)
      assert.is_false(ok)
      assert.truthy(err:find(msg, 1, true), err)
    end
    rejects({ actor = 10 }, "unknown option 'actor'")
    rejects({ actors = 0 }, "actors: must be an integer from 1 to 10000000")
    rejects({ actors = 1.5 }, "actors: must be an integer")
    rejects({ actors = "10" }, "actors: must be an integer")
    rejects({ actors = 10, orgs = 11 }, "orgs: must be an integer from 1 to 10")
    rejects({ actors = 10, orgs = 2, sectors = 3 },
      "sectors: must be an integer from 1 to 2")
    rejects({ informal = 1.5 }, "informal: must be a number in [0")
    rejects({ cohesion = -0.1 }, "cohesion: must be a number in [0")
    rejects({ exponent = 2 }, "exponent: must be a number in (2")
    rejects({ degree = 0 / 0 }, "degree: must be a number")
    rejects({ seed = -1 }, "seed: must be an integer from 0")
    rejects({ actors = 10000000, degree = 1000 }, "more than 500000000 ties")
    local ok, err = pcall(diplomat.generate, 5)
    assert.is_false(ok)
    assert.truthy(err:find("table expected", 1, true), err)
  end)
end)
