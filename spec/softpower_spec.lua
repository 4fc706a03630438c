-- sys:soft_power — the documented composite (lua/diplomat/softpower.lua):
--   score_i = Σ_k w_k · c_ik / max_j c_jk / Σ_k w_k
-- with components pagerank, brokerage (cross-boundary roles), informal
-- (strength over informal layers) and capability.
local diplomat = require "diplomat"

local function near(expected, actual, tol)
  assert.is_true(math.abs(expected - actual) <= (tol or 1e-12),
    ("expected %.15g, got %.15g"):format(expected, actual))
end

-- A 4-cycle A-B-C-D-A in a formal layer (weight 1) plus both diagonals in
-- an informal layer (weight 3): every actor has strength 1 + 1 + 3 = 5, so
-- the random walk's stationary distribution is uniform and PageRank gives
-- 1/4 to each (uniform teleport keeps it uniform). The union is K4: no
-- open two-path, so brokerage is 0 for all.
local function k4()
  local sys = diplomat.new{ name = "K4" }
  sys:add_layer{ id = "formal" }
  sys:add_layer{ id = "chat", informal = true }
  local cap = { A = 4, B = 2, C = 1, D = 0 }
  for _, id in ipairs{ "A", "B", "C", "D" } do
    sys:add_actor{ id = id, org = (id == "A" or id == "B") and "o1" or "o2",
                   capability = cap[id] }
  end
  for _, e in ipairs{ { "A", "B" }, { "B", "C" }, { "C", "D" }, { "D", "A" } } do
    sys:add_tie{ from = e[1], to = e[2], layer = "formal" }
  end
  sys:add_tie{ from = "A", to = "C", layer = "chat", weight = 3 }
  sys:add_tie{ from = "B", to = "D", layer = "chat", weight = 3 }
  return sys
end

describe("System:soft_power", function()
  it("combines scaled components with the default weights", function()
    local sp, used = k4():soft_power()
    -- scaled: pagerank 1 for all (uniform / max), brokerage 0 (max 0),
    -- informal 3/3 = 1 for all, capability 4/4, 2/4, 1/4, 0/4.
    -- score = .4*1 + .3*0 + .15*1 + .15*cap/4:
    --   A .7, B .625, C .5875, D .55
    near(0.7, sp.A.score)
    near(0.625, sp.B.score)
    near(0.5875, sp.C.score)
    near(0.55, sp.D.score)
    assert.are.same({ 1, 2, 3, 4 }, { sp.A.rank, sp.B.rank, sp.C.rank, sp.D.rank })
    for _, id in ipairs{ "A", "B", "C", "D" } do
      near(0.25, sp[id].pagerank, 1e-9)
      assert.are.equal(0, sp[id].brokerage)
      assert.are.equal(0, sp[id].scaled.brokerage)
      near(3, sp[id].informal)
    end
    near(0.5, sp.B.scaled.capability)
    assert.are.same({ pagerank = 0.4, brokerage = 0.3, informal = 0.15,
                      capability = 0.15 }, used.weights)
    assert.are.equal("org", used.by)
  end)

  it("normalises the weights it is given and keeps the other defaults",
     function()
    local sp, used = k4():soft_power{ weights = { pagerank = 0, informal = 0,
                                                  brokerage = 0 } }
    -- only capability is left: weights {0, 0, 0, .15} / .15
    assert.are.same({ pagerank = 0, brokerage = 0, informal = 0,
                      capability = 1 }, used.weights)
    near(1, sp.A.score)
    near(0.5, sp.B.score)
    near(0.25, sp.C.score)
    near(0, sp.D.score)
  end)

  it("counts only brokerage roles that cross the boundaries of `by`",
     function()
    -- path A - B - C, each in its own org: B sits on A→B→C and C→B→A
    -- with all three groups different, so 2 liaison roles; A and C none.
    local sys = diplomat.new()
    sys:add_layer{ id = "formal" }
    for _, id in ipairs{ "A", "B", "C" } do sys:add_actor{ id = id, org = id } end
    sys:add_tie{ from = "A", to = "B", layer = "formal" }
    sys:add_tie{ from = "B", to = "C", layer = "formal" }
    local w = { weights = { pagerank = 0, informal = 0, capability = 0 } }
    local sp = sys:soft_power(w)
    assert.are.equal(2, sp.B.brokerage)
    near(1, sp.B.score)
    near(0, sp.A.score)
    near(0, sp.C.score)
    -- grouped by sector (everyone unset: one group "(none)"), B only
    -- coordinates, which is not a cross-boundary role
    w.by = "sector"
    sp = sys:soft_power(w)
    assert.are.equal(0, sp.B.brokerage)
    near(0, sp.B.score)
  end)

  it("gives 0 on the informal component when there are no informal layers",
     function()
    local sys = diplomat.new()
    sys:add_layer{ id = "formal" }
    sys:add_actor{ id = "A" }
    sys:add_actor{ id = "B" }
    sys:add_tie{ from = "A", to = "B", layer = "formal" }
    local sp = sys:soft_power()
    assert.are.equal(0, sp.A.informal)
    -- pagerank .5 each (symmetric pair) → scaled 1; capability 1 each →
    -- scaled 1; brokerage 0 → score .4 + .15 = .55
    near(0.55, sp.A.score)
    near(0.55, sp.B.score)
    assert.are.same({ 1, 2 }, { sp.A.rank, sp.B.rank }) -- map order on ties
  end)

  it("returns components equal to the measures they are made of", function()
    local sys = assert(diplomat.load("examples/data/northvale.json"))
    local sp = sys:soft_power()
    local pr = sys:centrality("pagerank")
    local roles = sys:brokerage{ by = "org" }
    local informal = sys:centrality("strength", { informal = true })
    for _, a in ipairs(sys:actors()) do
      local r, b = sp[a.id], roles[a.id]
      assert.are.equal(pr[a.id], r.pagerank)
      assert.are.equal(b.itinerant + b.gatekeeper + b.representative + b.liaison,
        r.brokerage)
      assert.are.equal(informal[a.id], r.informal)
      assert.are.equal(a.capability, r.capability)
      assert.is_true(r.score >= 0 and r.score <= 1)
    end
  end)

  it("works on an empty system", function()
    assert.are.same({}, (diplomat.new():soft_power()))
  end)

  it("rejects bad options with a clear message", function()
    local sys = k4()
    local function fails(opts, msg)
      local ok, err = pcall(sys.soft_power, sys, opts)
      assert.is_false(ok)
      assert.matches(msg, err, 1, true)
    end
    fails({ colour = 1 }, "bad argument #1 to 'soft_power' (unknown option 'colour')")
    fails({ weights = { charm = 1 } }, "weights: unknown component 'charm'")
    fails({ weights = { pagerank = -1 } }, "weights.pagerank: must be a finite number >= 0")
    fails({ weights = { pagerank = 0 / 0 } }, "weights.pagerank: must be a finite number >= 0")
    fails({ weights = { pagerank = "1" } }, "weights.pagerank: must be a finite number >= 0")
    fails({ weights = 1 }, "weights: must be a table")
    fails({ weights = { pagerank = 0, brokerage = 0, informal = 0,
                        capability = 0 } }, "weights: at least one must be above 0")
    fails({ by = "colour" }, "by: unknown actor field 'colour'")
    fails("x", "options must be a table")
  end)
end)
