-- The exchange model of Stokman and Van Oosten with the equal-gain rule
-- (csrc/exchange.c, csrc/lua_exchange.c): sys:exchange.  The reference
-- values are a hand computation written out below; on larger systems
-- every realised exchange is replayed here, in Lua, from the positions
-- alone (compromise, shifts, gains, externalities), and the model's
-- invariants are checked on the replay.
local diplomat = require "diplomat"
local h = require "spec.helpers"

local error_of = h.error_of

local function near(expected, actual, tol, what)
  assert.is_true(math.abs(expected - actual) <= (tol or 1e-9),
    ("%s: expected %.17g, got %.17g"):format(what or "value", expected,
      actual))
end

-- A system from a compact description: actors { id, capability },
-- issues { id [, min, max] }, positions { actor, issue, x, s }.
local function build(d)
  local sys = diplomat.new{ name = d.name or "exchange" }
  for _, a in ipairs(d.actors) do
    sys:add_actor{ id = a[1], capability = a[2] }
  end
  for _, i in ipairs(d.issues) do
    sys:add_issue{ id = i[1], min = i[2] or 0, max = i[3] or 100 }
  end
  for _, p in ipairs(d.positions) do
    sys:set_position(p[1], p[2], p[3], p[4])
  end
  return sys
end

--[[ The hand-worked exchange.  Two actors, two issues, 0..100:

  actor  capability   p: x   s     q: x   s
  A      2               10  0.9      20  0.3
  B      1               90  0.2      80  0.6
  C      0                0  0.5     100  0.5   (a bystander: c = 0)

  S_p = sum c s = 2(0.9) + 1(0.2) = 2.0      S_q = 2(0.3) + 1(0.6) = 1.2
  O_p = (1.8 * 10 + 0.2 * 90) / 2.0 = 18     O_q = (0.6 * 20 + 0.6 * 80) / 1.2
                                                 = 50
  A and B lie on opposite sides of both compromises.  A cares relatively
  more about p (0.9 / 0.3 = 3 > 0.2 / 0.6), so B gives ground on p and A
  on q (in the result: actor_i = B, issue_p = p, actor_j = A).
  Equal gain: dq = dp (s_Bp + s_Ap) / (s_Bq + s_Aq) = dp 1.1 / 0.9.
  Limits on dp (the compromise shift on p):
    (1) B all the way to A's 10: dp <= 80 * 1 * 0.2 / 2.0 = 8
    (2) O_p no further than A's 10: dp <= 18 - 10 = 8
    (3) A all the way to B's 80 on q: dq <= 60 * 2 * 0.3 / 1.2 = 30,
        dp <= 30 * 0.9 / 1.1 = 24.5...
    (4) O_q no further than B's 80: dq <= 30, the same
  so dp = 8 and dq = 8.8 / 0.9 = 88/9 = 9.777...
  B moves on p by -80 (to 10); A moves on q by dq S_q / (c_A s_Aq)
    = (88/9) 1.2 / 0.6 = 176/9 = 19.555... (to 39.555...).
  A is the demander of p: O_p moves towards A (18 -> 10) and O_q away
  from A (50 -> 59.77...); for B the other way round:
    gain_A = s_Ap dp - s_Aq dq = 0.9 * 8 - 0.3 * 88/9 = 7.2 - 2.9333...
           = 64/15 = 4.2666...
    gain_B = s_Bq dq - s_Bp dp = 0.6 * 88/9 - 0.2 * 8 = 5.8666... - 1.6
           = 64/15
  Compromises: p 18 -> 10, q 50 -> 50 + 88/9 = 59.777...
  C (not a party): 0.5 (|18 - 0| - |10 - 0|) + 0.5 (|50 - 100| -
    |59.777... - 100|) = 0.5 * 8 + 0.5 * 88/9 = 4 + 44/9 = 80/9.
  Round 2: A and B both hold 10 on p (no longer opposite): nothing left.
]]
local HAND = {
  actors = { { "A", 2 }, { "B", 1 }, { "C", 0 } },
  issues = { { "p" }, { "q" } },
  positions = {
    { "A", "p", 10, 0.9 }, { "A", "q", 20, 0.3 },
    { "B", "p", 90, 0.2 }, { "B", "q", 80, 0.6 },
    { "C", "p", 0, 0.5 }, { "C", "q", 100, 0.5 },
  },
}

-- Lua's own generator (xoshiro256** in Lua 5.4) draws a random model.
local function random_model(seed, nactors, nissues, holes)
  math.randomseed(seed)
  local d = { actors = {}, issues = {}, positions = {} }
  for a = 1, nactors do
    d.actors[a] = { ("actor%02d"):format(a), math.random(1, 10) / 2 }
  end
  for k = 1, nissues do d.issues[k] = { ("issue%d"):format(k) } end
  for a = 1, nactors do
    for k = 1, nissues do
      if math.random() >= holes then
        d.positions[#d.positions + 1] = { d.actors[a][1], d.issues[k][1],
          math.random(0, 100), math.random(5, 100) / 100 }
      end
    end
  end
  return d
end

-- Replays a result's exchanges from the description d and checks, for
-- each, what the model promises (gains and sides are measured against
-- the stated positions; voting positions move).  Returns the replayed
-- positions, compromises and externalities.
local function replay(d, r)
  local cap, x, s, pts = {}, {}, {}, {}
  for _, a in ipairs(d.actors) do cap[a[1]] = a[2] end
  for _, i in ipairs(d.issues) do
    x[i[1]], s[i[1]] = {}, {}
    pts[i[1]] = 100 / ((i[3] or 100) - (i[2] or 0)) -- points of 0..100
  end
  for _, p in ipairs(d.positions) do
    x[p[2]][p[1]], s[p[2]][p[1]] = p[3], p[4]
  end
  local function compromise(k)
    local num, den = 0, 0
    for a, xa in pairs(x[k]) do
      num = num + cap[a] * s[k][a] * xa
      den = den + cap[a] * s[k][a]
    end
    return den > 0 and num / den or nil
  end
  local before = {}
  for _, i in ipairs(d.issues) do before[i[1]] = compromise(i[1]) end
  -- what actors want: their stated positions, throughout
  local own, round, ext = {}, 1, {}
  for k, t in pairs(x) do
    own[k] = {}
    for a, v in pairs(t) do own[k][a] = v end
  end
  for _, p in ipairs(d.positions) do ext[p[1]] = 0 end
  for n, e in ipairs(r.exchanges) do
    local what = "exchange " .. n
    assert.is_true(e.round >= round, what .. ": rounds in order")
    round = e.round
    local i, j, p, q = e.actor_i, e.actor_j, e.issue_p, e.issue_q
    local op, oq = compromise(p), compromise(q)
    -- both on opposite sides of both compromises (own positions)
    assert.is_true((own[p][i] - op) * (own[p][j] - op) < 0, what)
    assert.is_true((own[q][i] - oq) * (own[q][j] - oq) < 0, what)
    -- i gives ground on p towards j, j on q towards i, never past them
    local yi, yj = x[p][i] + e.move_i, x[q][j] + e.move_j
    assert.is_true(e.move_i * (own[p][j] - x[p][i]) > 0, what)
    assert.is_true(e.move_j * (own[q][i] - x[q][j]) > 0, what)
    assert.is_true((own[p][j] - yi) * (own[p][j] - x[p][i]) >= -1e-9, what)
    assert.is_true((own[q][i] - yj) * (own[q][i] - x[q][j]) >= -1e-9, what)
    x[p][i], x[q][j] = yi, yj
    local op1, oq1 = compromise(p), compromise(q)
    near(op1 - op, e.shift_p, 1e-9, what .. " shift_p")
    near(oq1 - oq, e.shift_q, 1e-9, what .. " shift_q")
    -- the compromise moves towards the demander, never past its position
    assert.is_true((op1 - op) * (own[p][j] - op) > 0, what)
    assert.is_true((oq1 - oq) * (own[q][i] - oq) > 0, what)
    assert.is_true((own[p][j] - op1) * (own[p][j] - op) >= -1e-9, what)
    assert.is_true((own[q][i] - oq1) * (own[q][i] - oq) >= -1e-9, what)
    -- gains from the shifts (in points of the issues rescaled to 0..100),
    -- equal and positive
    local dp, dq = math.abs(op1 - op) * pts[p], math.abs(oq1 - oq) * pts[q]
    local gi = s[q][i] * dq - s[p][i] * dp
    local gj = s[p][j] * dp - s[q][j] * dq
    near(gi, e.gain_i, 1e-9, what .. " gain_i")
    near(gj, e.gain_j, 1e-9, what .. " gain_j")
    near(gi, gj, 1e-9 * math.max(1, gi), what .. " equal gains")
    assert.is_true(gi > 0, what .. " gains")
    -- third parties: measured against their own positions
    for _, k in ipairs{ { p, op, op1 }, { q, oq, oq1 } } do
      for a, xa in pairs(own[k[1]]) do
        if a ~= i and a ~= j then
          ext[a] = ext[a] + s[k[1]][a] * pts[k[1]]
            * (math.abs(k[2] - xa) - math.abs(k[3] - xa))
        end
      end
    end
  end
  local after = {}
  for _, i in ipairs(d.issues) do after[i[1]] = compromise(i[1]) end
  return x, before, after, ext
end

-- Checks a whole result against its replay.
local function check(d, r)
  local x, before, after, ext = replay(d, r)
  for _, i in ipairs(d.issues) do
    local k = i[1]
    for a, v in pairs(x[k]) do
      near(v, r.positions[k][a], 1e-9, k .. " " .. a)
      assert.is_true(v >= (i[2] or 0) - 1e-9 and v <= (i[3] or 100) + 1e-9)
    end
    assert.are.same(h.sorted_keys(x[k]), h.sorted_keys(r.positions[k]))
    if before[k] then
      near(before[k], r.compromise[k].before, 1e-9, k .. " before")
      near(after[k], r.compromise[k].after, 1e-9, k .. " after")
    else
      assert.is_nil(r.compromise[k])
    end
  end
  assert.are.same(h.sorted_keys(ext), h.sorted_keys(r.externalities))
  for a, v in pairs(ext) do near(v, r.externalities[a], 1e-9, "ext " .. a) end
end

-- The sequence of a result as comparable strings.
local function sequence(r)
  local out = {}
  for k, e in ipairs(r.exchanges) do
    out[k] = ("%d %s %s %s %s %.12g %.12g"):format(e.round, e.actor_i,
      e.actor_j, e.issue_p, e.issue_q, e.move_i, e.move_j)
  end
  return out
end

describe("System:exchange", function()
  it("makes the exchange worked out by hand for two actors", function()
    local r = build(HAND):exchange{}
    assert.are.equal(1, #r.exchanges)
    local e = r.exchanges[1]
    assert.are.equal("B", e.actor_i)
    assert.are.equal("A", e.actor_j)
    assert.are.equal("p", e.issue_p)
    assert.are.equal("q", e.issue_q)
    assert.are.equal(1, e.round)
    near(-80, e.move_i, 1e-12, "move_i")
    near(176 / 9, e.move_j, 1e-12, "move_j")
    near(-8, e.shift_p, 1e-12, "shift_p")
    near(88 / 9, e.shift_q, 1e-12, "shift_q")
    near(64 / 15, e.gain_i, 1e-12, "gain_i")
    near(64 / 15, e.gain_j, 1e-12, "gain_j")
    near(10, r.positions.p.B, 1e-12)
    near(20 + 176 / 9, r.positions.q.A, 1e-12)
    assert.are.equal(10, r.positions.p.A)
    assert.are.equal(80, r.positions.q.B)
    assert.are.equal(0, r.positions.p.C)
    near(18, r.compromise.p.before, 1e-12)
    near(10, r.compromise.p.after, 1e-12)
    near(50, r.compromise.q.before, 1e-12)
    near(50 + 88 / 9, r.compromise.q.after, 1e-12)
    near(80 / 9, r.externalities.C, 1e-12, "externality of C")
    assert.are.equal(0, r.externalities.A)
    assert.are.equal(0, r.externalities.B)
    assert.are.equal(1, r.rounds)
    assert.is_true(r.converged)
    check(HAND, r)
  end)

  it("leaves the system unchanged", function()
    local sys = build(HAND)
    local before = sys:encode()
    sys:exchange{}
    assert.are.equal(before, sys:encode())
  end)

  it("keeps equal gains, moves towards partners and stays on scale " ..
     "over many exchanges", function()
    for seed = 1, 5 do
      local d = random_model(seed, 14, 4, 0.1)
      local r = build(d):exchange{ rounds = 20 }
      assert.is_true(#r.exchanges > 3, "seed " .. seed .. ": too few")
      check(d, r)
    end
  end)

  it("runs rounds until no exchange is left", function()
    local d = random_model(7, 12, 3, 0)
    local r = build(d):exchange{ rounds = 100 }
    assert.is_true(r.converged)
    assert.is_true(r.rounds >= 2, "a second round finds new exchanges")
    local last = r.exchanges[#r.exchanges].round
    assert.are.equal(r.rounds, last)
    local one = build(d):exchange{ rounds = 1 }
    assert.is_false(one.converged)
    assert.are.equal(1, one.rounds)
    check(d, one)
    -- round 1 of the long run is the short run
    local long = sequence(r)
    for k, s in ipairs(sequence(one)) do assert.are.equal(s, long[k]) end
  end)

  it("stops after max_exchanges and says it has not converged", function()
    local d = random_model(3, 12, 3, 0)
    local r = build(d):exchange{ max_exchanges = 2 }
    assert.are.equal(2, #r.exchanges)
    assert.is_false(r.converged)
    check(d, r)
    local none = build(d):exchange{ max_exchanges = 0 }
    assert.are.equal(0, #none.exchanges)
    assert.are.equal(0, none.rounds)
    assert.is_false(none.converged)
  end)

  it("drops gains at or below tol", function()
    local r = build(HAND):exchange{ tol = 4.27 } -- the gain is 64/15
    assert.are.equal(0, #r.exchanges)
    assert.is_true(r.converged)
  end)

  describe("breaks ties between equal gains", function()
    -- L1 and L2 are twins: exchanges with R gain exactly the same, and
    -- once one is made the other is no longer possible.
    local TWINS = {
      actors = { { "L1", 1 }, { "L2", 1 }, { "R", 1 } },
      issues = { { "p" }, { "q" } },
      positions = {
        { "L1", "p", 0, 0.8 }, { "L1", "q", 0, 0.2 },
        { "L2", "p", 0, 0.8 }, { "L2", "q", 0, 0.2 },
        { "R", "p", 100, 0.2 }, { "R", "q", 100, 0.8 },
      },
    }
    local REVERSED = {
      actors = { { "R", 1 }, { "L2", 1 }, { "L1", 1 } },
      issues = { { "q" }, { "p" } },
      positions = TWINS.positions,
    }

    it("by the seed, the same way for the same seed", function()
      local seen = {}
      for seed = 1, 30 do
        local a = build(TWINS):exchange{ seed = seed }
        local b = build(TWINS):exchange{ seed = seed }
        assert.are.same(sequence(a), sequence(b))
        check(TWINS, a)
        local first = a.exchanges[1]
        seen[first.actor_i == "R" and first.actor_j or first.actor_i] = true
      end
      assert.is_true(seen.L1 and seen.L2, "both twins go first for some seed")
    end)

    it("never by the order actors or issues were added", function()
      for seed = 1, 30 do
        local a = build(TWINS):exchange{ seed = seed }
        local b = build(REVERSED):exchange{ seed = seed }
        assert.are.same(sequence(a), sequence(b), "seed " .. seed)
      end
    end)
  end)

  describe("on the edge cases", function()
    it("returns nothing to do for an empty system", function()
      local r = diplomat.new{}:exchange()
      assert.are.same({}, r.exchanges)
      assert.are.same({}, r.positions)
      assert.are.same({}, r.compromise)
      assert.are.same({}, r.externalities)
      assert.are.equal(0, r.rounds)
      assert.is_true(r.converged)
    end)

    it("needs two issues", function()
      local sys = build{ actors = { { "a", 1 }, { "b", 1 } },
        issues = { { "p" } },
        positions = { { "a", "p", 0, 1 }, { "b", "p", 100, 0.5 } } }
      local r = sys:exchange()
      assert.are.same({}, r.exchanges)
      near(100 / 3, r.compromise.p.before, 1e-12)
      near(100 / 3, r.compromise.p.after, 1e-12)
      assert.is_true(r.converged)
    end)

    it("needs two actors", function()
      local sys = build{ actors = { { "a", 1 } },
        issues = { { "p" }, { "q" } },
        positions = { { "a", "p", 0, 1 }, { "a", "q", 100, 0.5 } } }
      local r = sys:exchange()
      assert.are.same({}, r.exchanges)
      assert.are.same({ a = 0 }, r.externalities)
      assert.is_true(r.converged)
    end)

    it("leaves out actors without a position on an issue", function()
      local d = { actors = { { "A", 2 }, { "B", 1 }, { "C", 5 }, { "D", 1 } },
        issues = HAND.issues, positions = {} }
      for k, p in ipairs(HAND.positions) do d.positions[k] = p end
      -- C holds only p, far off; D holds nothing
      d.positions[5] = { "C", "p", 0, 0.5 }
      d.positions[6] = nil
      local r = build(d):exchange{}
      assert.is_nil(r.positions.q.C)
      assert.is_nil(r.positions.p.D)
      assert.is_nil(r.externalities.D)
      check(d, r)
    end)

    it("gives an issue no compromise when no one holds it with weight",
       function()
      local sys = build{ actors = { { "a", 0 }, { "b", 0 } },
        issues = { { "p" }, { "q" }, { "r" } },
        positions = { { "a", "p", 0, 1 }, { "b", "p", 100, 1 } } }
      local r = sys:exchange()
      assert.are.same({}, r.compromise)
      assert.are.same({}, r.exchanges)
      assert.are.same({ a = 0, b = 100 }, r.positions.p)
      assert.are.same({}, r.positions.q)
    end)

    it("makes no exchange between actors on one side", function()
      local sys = build{ actors = { { "a", 1 }, { "b", 1 }, { "c", 1 } },
        issues = { { "p" }, { "q" } },
        positions = {
          { "a", "p", 0, 0.9 }, { "a", "q", 0, 0.1 },
          { "b", "p", 10, 0.1 }, { "b", "q", 10, 0.9 },
          { "c", "p", 100, 0.5 }, { "c", "q", 100, 0.5 } } }
      -- O_p = (0 + 1 + 50) / 1.5 = 34, O_q = (0 + 9 + 50) / 1.5 = 39.3:
      -- a and b are left of both; c, right of both, trades with each
      -- (in round 1: later rounds start from moved compromises)
      local r = sys:exchange{ rounds = 1 }
      assert.is_true(#r.exchanges > 0)
      for _, e in ipairs(r.exchanges) do
        assert.is_true(e.actor_i == "c" or e.actor_j == "c")
      end
    end)

    it("makes no exchange when both care alike about the two issues",
       function()
      local sys = build{ actors = { { "a", 1 }, { "b", 3 } },
        issues = { { "p" }, { "q" } },
        positions = {
          { "a", "p", 0, 0.6 }, { "a", "q", 0, 0.3 },
          { "b", "p", 100, 0.4 }, { "b", "q", 100, 0.2 } } }
      assert.are.same({}, sys:exchange().exchanges)
    end)

    it("lets no actor without capability give ground", function()
      local d = { actors = { { "A", 0 }, { "B", 1 } }, issues = HAND.issues,
        positions = { HAND.positions[1], HAND.positions[2],
                      HAND.positions[3], HAND.positions[4] } }
      assert.are.same({}, build(d):exchange().exchanges)
    end)

    it("works on another scale", function()
      local d = { actors = HAND.actors,
        issues = { { "p", -1, 1 }, { "q", 1990, 2030 } }, positions = {
          { "A", "p", -0.8, 0.9 }, { "A", "q", 1998, 0.3 },
          { "B", "p", 0.8, 0.2 }, { "B", "q", 2022, 0.6 },
          { "C", "p", -1, 0.5 }, { "C", "q", 2030, 0.5 } } }
      local r = build(d):exchange()
      -- the hand case with p mapped by x / 50 - 1 and q by 1990 + 0.4 x:
      -- moves and shifts scale with their issue; gains, measured on the
      -- issues rescaled to 0..100, do not
      assert.are.equal(1, #r.exchanges)
      local e = r.exchanges[1]
      near(-80 / 50, e.move_i, 1e-12)
      near(176 / 9 * 0.4, e.move_j, 1e-12)
      near(-8 / 50, e.shift_p, 1e-12)
      near(88 / 9 * 0.4, e.shift_q, 1e-12)
      near(64 / 15, e.gain_i, 1e-12)
      near(64 / 15, e.gain_j, 1e-12)
      near(18 / 50 - 1, r.compromise.p.before, 1e-12)
      near(1990 + 0.4 * (50 + 88 / 9), r.compromise.q.after, 1e-9)
      near(80 / 9, r.externalities.C, 1e-12)
    end)

    it("returns votes that did not move exactly as stated", function()
      -- on -1..1, 0.1 and 0.35 do not survive rescaling to 0..100 and
      -- back (0.1 -> 55 -> 0.10000000000000009)
      local d = { actors = HAND.actors,
        issues = { { "p", -1, 1 }, { "q" } }, positions = {
          { "A", "p", 0.1, 0.9 }, { "A", "q", 20, 0.3 },
          { "B", "p", 0.6, 0.2 }, { "B", "q", 80, 0.6 },
          { "C", "p", 0.35, 0.5 }, { "C", "q", 100, 0.5 } } }
      local r = build(d):exchange()
      assert.are.equal(1, #r.exchanges) -- B gives ground on p, A on q
      assert.are.equal(0.1, r.positions.p.A)
      assert.are.equal(0.35, r.positions.p.C)
      assert.are.equal(80, r.positions.q.B)
      near(0.1, r.positions.p.B, 1e-12)
      check(d, r)
      check(d, r)
    end)
  end)

  describe("rejects", function()
    local sys = build(HAND)
    local function msg(m)
      return "bad argument #1 to 'exchange' (" .. m .. ")"
    end
    local cases = {
      { 5, "table expected, got number" },
      { { bogus = 1 }, "unknown option 'bogus'" },
      { { [1] = "p" }, "option names must be strings" },
      { { issues = "p" }, "issues: must be an array of issue ids" },
      { { issues = {} }, "issues: the list is empty" },
      { { issues = { "p", 3 } }, "issues: must be an array of issue ids" },
      { { issues = { "p", "zz" } }, "issues: unknown issue 'zz'" },
      { { issues = { "p", "p" } }, "issues: 'p' is listed twice" },
      { { issues = { "p", "q", "p" } }, "issues: 'p' is listed twice" },
      { { rounds = 0 }, "rounds: must be an integer from 1 to 1000000" },
      { { rounds = 1.5 }, "rounds: must be an integer from 1 to 1000000" },
      { { rounds = "3" }, "rounds: must be an integer from 1 to 1000000" },
      { { seed = -1 }, "seed: must be an integer >= 0" },
      { { seed = 0.5 }, "seed: must be an integer >= 0" },
      { { max_exchanges = -1 },
        "max_exchanges: must be an integer from 0 to 100000000" },
      { { tol = -1 }, "tol: must be a finite number >= 0" },
      { { tol = 0 / 0 }, "tol: must be a finite number >= 0" },
      { { tol = math.huge }, "tol: must be a finite number >= 0" },
      { { tol = "0" }, "tol: must be a finite number >= 0" },
    }
    for _, c in ipairs(cases) do
      it(c[2], function()
        h.rejects(sys, msg(c[2]), function() return sys:exchange(c[1]) end)
      end)
    end

    it("a closed system", function()
      local s2 = build(HAND)
      s2:close()
      assert.are.equal("diplomat: the system is closed",
        error_of(function() return s2:exchange() end))
    end)
  end)
end)
