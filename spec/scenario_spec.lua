-- Scenarios: each shock's exact effect on a small system worked out by
-- hand, the random ones against an independent Lua implementation of the
-- documented generator and draw order, reproducibility, shards, summaries
-- and comparisons.
local diplomat = require "diplomat"
local h = require "spec.helpers"

-- {====== An independent generator ======
-- splitmix64 and xoshiro256** written out again from the published
-- recurrences (https://prng.di.unimi.it/), in Lua 5.4 integer arithmetic
-- (64-bit, wrapping; >> is a logical shift).  Its first outputs are
-- checked against Python below.
local function splitmix64(state)
  state = state + 0x9e3779b97f4a7c15
  local z = state
  z = (z ~ (z >> 30)) * 0xbf58476d1ce4e5b9
  z = (z ~ (z >> 27)) * 0x94d049bb133111eb
  return state, z ~ (z >> 31)
end

local function rotl(x, k) return (x << k) | (x >> (64 - k)) end

local function generator(seed)
  local s, st = {}, seed
  for i = 1, 4 do st, s[i] = splitmix64(st) end
  local g = {}
  function g.next()
    local result = rotl(s[2] * 5, 7) * 9
    local t = s[2] << 17
    s[3] = s[3] ~ s[1]
    s[4] = s[4] ~ s[2]
    s[2] = s[2] ~ s[3]
    s[1] = s[1] ~ s[4]
    s[3] = s[3] ~ t
    s[4] = rotl(s[4], 45)
    return result
  end
  function g.uniform() return (g.next() >> 11) * 2.0^-53 end
  -- floor(u k), as csrc/scenario.c's pick
  function g.pick(k) return math.min(math.floor(g.uniform() * k), k - 1) end
  return g
end

local function replicate_seed(seed, r)
  local _, u = splitmix64(seed)
  local _, v = splitmix64(u ~ r)
  return v >> 11
end
-- }======

-- {====== A small system, by hand ======
-- actors a (org a, cap 4), b (org b, cap 2), c (1), d (3), p (person in
-- org a, cap 1); formal is directed, board undirected, chat undirected
-- and informal.  Ties in map order:
--   1 formal a>c 2   2 formal b>c 1   3 formal d>a 1   4 board a-b 1
--   5 board b-d 3    6 chat a-d 1     7 chat a-p 2     8 chat b-c 1
--   9 formal p>a 1
-- Issue x (0..100): a 20 (salience 0.5), b 80 (1), d 60 (0.25).
-- Issue y (0..10): a 2 (1).
local function small()
  local s = diplomat.new{ name = "small" }
  s:add_layer{ id = "formal", directed = true }
  s:add_layer{ id = "board" }
  s:add_layer{ id = "chat", informal = true }
  s:add_actor{ id = "a", org = "a", sector = "health", capability = 4 }
  s:add_actor{ id = "b", org = "b", sector = "council", capability = 2 }
  s:add_actor{ id = "c", capability = 1 }
  s:add_actor{ id = "d", capability = 3 }
  s:add_actor{ id = "p", kind = "person", org = "a", capability = 1 }
  local ties = {
    { "a", "c", "formal", 2 }, { "b", "c", "formal", 1 },
    { "d", "a", "formal", 1 }, { "a", "b", "board", 1 },
    { "b", "d", "board", 3 }, { "a", "d", "chat", 1 },
    { "a", "p", "chat", 2 }, { "b", "c", "chat", 1 },
    { "p", "a", "formal", 1 },
  }
  for _, t in ipairs(ties) do
    s:add_tie{ from = t[1], to = t[2], layer = t[3], weight = t[4] }
  end
  s:add_issue{ id = "x", status_quo = 50 }
  s:add_issue{ id = "y", min = 0, max = 10 }
  s:set_position("a", "x", 20, 0.5)
  s:set_position("b", "x", 80, 1)
  s:set_position("d", "x", 60, 0.25)
  s:set_position("a", "y", 2, 1)
  return s
end

-- The ties as sorted strings "layer:from>to=w" (directed) or
-- "layer:lo-hi=w" (undirected, ends in id order).
local function tieset(s)
  local out = {}
  for _, t in ipairs(s:ties()) do
    if s:layer(t.layer).directed then
      out[#out + 1] = ("%s:%s>%s=%g"):format(t.layer, t.from, t.to, t.weight)
    else
      local a, b = t.from, t.to
      if b < a then a, b = b, a end
      out[#out + 1] = ("%s:%s-%s=%g"):format(t.layer, a, b, t.weight)
    end
  end
  table.sort(out)
  return out
end

local function sorted(t)
  table.sort(t)
  return t
end

-- Applies sc to a fresh small system; checks the base did not change and
-- the result keeps every invariant.
local function apply(sc, opts)
  local base = small()
  local before = base:encode()
  local after = sc:apply(base, opts)
  assert.are.equal(before, base:encode(), "the base changed")
  assert.is_true((after:check()))
  return after, base
end
-- }======

describe("the scenario generator", function()
  it("matches splitmix64 and xoshiro256** as computed in Python", function()
    -- spec/fixtures/make_scenario_rng.py (Python 3.11): splitmix64 from
    -- state 0 gives 0xe220a8397b1dcdaf (the published test value);
    -- xoshiro256** seeded by splitmix64(7) gives these uniforms
    local _, z = splitmix64(0)
    assert.are.equal(0xe220a8397b1dcdaf, z)
    local g = generator(7)
    assert.are.equal(0.7005764821796896, g.uniform())
    assert.are.equal(0.2787512294737843, g.uniform())
    assert.are.equal(0.8396274618764198, g.uniform())
  end)

  it("derives replicate seeds from (seed, r) as documented", function()
    -- spec/fixtures/make_scenario_rng.py: splitmix64(splitmix64(seed) ^ r)
    -- >> 11
    assert.are.equal(8232782446381918, diplomat.replicate_seed(1, 1))
    assert.are.equal(158211805945897, diplomat.replicate_seed(2024, 1))
    assert.are.equal(2206022300206880, diplomat.replicate_seed(0, 5))
    for seed = 0, 3 do
      for r = 1, 5 do
        assert.are.equal(replicate_seed(seed, r),
                         diplomat.replicate_seed(seed, r))
      end
    end
  end)
end)

describe("scenario:abolish", function()
  it("passes ties to the successor, summing collisions", function()
    -- a>c joins b>c: 2 + 1; a-b becomes b-b and is dropped (no self-ties);
    -- d>a, p>a, chat a-d and a-p take b in place of a
    local s = apply(diplomat.scenario("s"):abolish("a", { successor = "b" }))
    assert.are.same({ "board:b-d=3", "chat:b-c=1", "chat:b-d=1", "chat:b-p=2",
      "formal:b>c=3", "formal:d>b=1", "formal:p>b=1" }, tieset(s))
    assert.is_nil(s:actor("a"))
    assert.are.equal(6, s:actor("b").capability)   -- 2 + 4
    assert.are.equal("b", s:actor("p").org)        -- staff move across
    assert.are.same({ "b", "d" }, h.sorted_keys(s:positions("x")))
    assert.are.same({}, s:positions("y"))
  end)

  it("combines colliding ties by max or keeps the tie already there", function()
    local s = apply(diplomat.scenario("s"):abolish("a",
      { successor = "b", combine = "max" }))
    assert.are.equal(2, s:tie("b", "c", "formal").weight)  -- max(1, 2)
    s = apply(diplomat.scenario("s"):abolish("a",
      { successor = "b", combine = "keep" }))
    assert.are.equal(1, s:tie("b", "c", "formal").weight)
  end)

  it("loses formal ties in layers not transferred", function()
    local s = apply(diplomat.scenario("s"):abolish("a",
      { successor = "b", transfer = { "board" } }))
    assert.are.same({ "board:b-d=3", "chat:b-c=1", "chat:b-d=1", "chat:b-p=2",
      "formal:b>c=1" }, tieset(s))
  end)

  it("passes a share of the capability", function()
    local s = apply(diplomat.scenario("s"):abolish("a",
      { successor = "b", capability = 0.25 }))
    assert.are.equal(3, s:actor("b").capability)   -- 2 + 0.25 x 4
  end)

  it("keeps every informal tie at informal_loss 0 and none at 1", function()
    local keep = apply(diplomat.scenario("s"):abolish("a",
      { successor = "b", informal_loss = 0 }), { seed = 3 })
    assert.are.same({ "board:b-d=3", "chat:b-c=1", "chat:b-d=1",
      "chat:b-p=2", "formal:b>c=3", "formal:d>b=1", "formal:p>b=1" },
      tieset(keep))
    for seed = 1, 20 do
      local lose = apply(diplomat.scenario("s"):abolish("a",
        { successor = "b", informal_loss = 1 }), { seed = seed })
      -- only b's own chat tie is left; formal ties are not affected
      assert.are.same({ "board:b-d=3", "chat:b-c=1", "formal:b>c=3",
        "formal:d>b=1", "formal:p>b=1" }, tieset(lose))
    end
  end)

  it("draws one uniform per informal tie, in map order", function()
    -- chat ties of a in map order: a-d (tie 6), a-p (tie 7); each lost
    -- when its uniform is below 0.4
    local both = {}
    for seed = 1, 30 do
      local g = generator(seed)
      local lose_d, lose_p = g.uniform() < 0.4, g.uniform() < 0.4
      local s = apply(diplomat.scenario("s"):abolish("a",
        { successor = "b", informal_loss = 0.4 }), { seed = seed })
      assert.are.equal(not lose_d, s:tie("b", "d", "chat") ~= nil)
      assert.are.equal(not lose_p, s:tie("b", "p", "chat") ~= nil)
      both[tostring(lose_d) .. tostring(lose_p)] = true
    end
    assert.are.equal(4, #h.sorted_keys(both)) -- every outcome was seen
  end)

  it("removes the actor with its ties when there is no successor", function()
    local s = apply(diplomat.scenario("s"):abolish("a"))
    assert.are.same({ "board:b-d=3", "chat:b-c=1", "formal:b>c=1" },
      tieset(s))
    assert.are.equal("a", s:actor("p").org) -- an org label, left alone
    assert.are.equal(2, s:actor("b").capability)
  end)

  it("keeps a tie to the successor as a self-tie if allowed", function()
    local base = small()
    base:add_layer{ id = "loop", self_ties = true }
    base:add_tie{ from = "a", to = "b", layer = "loop", weight = 5 }
    local s = diplomat.scenario("s"):abolish("a", { successor = "b" })
      :apply(base)
    assert.are.equal(5, s:tie("b", "b", "loop").weight)
    assert.is_true((s:check()))
  end)
end)

describe("scenario:merge", function()
  it("makes one actor: capability summed, positions weighted", function()
    local s = apply(diplomat.scenario("s"):merge({ "a", "b" },
      { id = "ab", name = "A and B" }))
    -- a>c 2 + b>c 1; a-b is internal and dropped
    assert.are.same({ "board:ab-d=3", "chat:ab-c=1", "chat:ab-d=1",
      "chat:ab-p=2", "formal:ab>c=3", "formal:d>ab=1", "formal:p>ab=1" },
      tieset(s))
    assert.are.same({ "c", "d", "p", "ab" }, s:actor_ids())
    local ab = s:actor("ab")
    assert.are.equal(6, ab.capability)
    assert.are.equal("A and B", ab.name)
    assert.are.equal("health", ab.sector)     -- the first actor's fields
    assert.are.equal("ab", ab.org)            -- a's own org re-pointed
    assert.are.equal("ab", s:actor("p").org)
    -- x: c s x = 4 x 0.5 x 20 = 40 and 2 x 1 x 80 = 160, c s = 2 and 2:
    -- position 200 / 4 = 50; salience Σ c s / Σ c = 4 / 6
    local x = s:position("ab", "x")
    assert.near(50, x.position, 1e-12)
    assert.near(4 / 6, x.salience, 1e-12)
    -- y: only a holds one: 2, salience 4 / 4 = 1
    assert.near(2, s:position("ab", "y").position, 1e-12)
    assert.near(1, s:position("ab", "y").salience, 1e-12)
  end)

  it("keeps the compromise when all merged actors hold positions", function()
    -- c_ab s_ab x_ab = Σc · (Σcs/Σc) · (Σcsx/Σcs) = Σ c s x, and c_ab s_ab
    -- = Σ c s: the weighted mean is unchanged
    local base = small()
    if not base.forecast then return end
    local s = apply(diplomat.scenario("s"):merge({ "a", "b" }, { id = "ab" }))
    assert.near(base:forecast("x").outcome, s:forecast("x").outcome, 1e-12)
  end)

  it("continues one of the merged actors and can keep its positions", function()
    local s = apply(diplomat.scenario("s"):merge({ "a", "b" },
      { position = "successor:b" }))
    assert.are.same({ "a", "c", "d", "p" }, s:actor_ids())
    assert.are.equal(6, s:actor("a").capability)
    assert.are.equal("a", s:actor("a").name)
    assert.are.same({ position = 80, salience = 1, attrs = {} },
      s:position("a", "x"))
    assert.is_nil(s:position("a", "y")) -- b holds none on y
    assert.are.same({ "board:a-d=3", "chat:a-c=1", "chat:a-d=1",
      "chat:a-p=2", "formal:a>c=3", "formal:d>a=1", "formal:p>a=1" },
      tieset(s))
  end)

  it("loses all merged actors' informal ties at informal_loss 1", function()
    local s = apply(diplomat.scenario("s"):merge({ "a", "b" },
      { informal_loss = 1 }), { seed = 5 })
    assert.are.same({ "board:a-d=3", "formal:a>c=3", "formal:d>a=1",
      "formal:p>a=1" }, tieset(s))
  end)

  it("draws for the informal ties of all merged actors in map order", function()
    -- chat ties touching a or b: a-d, a-p (a's, dropped when lost) and
    -- b-c (b's, re-attached to a unless lost)
    for seed = 1, 10 do
      local g = generator(seed)
      local ld, lp, lc = g.uniform() < 0.5, g.uniform() < 0.5,
        g.uniform() < 0.5
      local s = apply(diplomat.scenario("s"):merge({ "a", "b" },
        { informal_loss = 0.5 }), { seed = seed })
      assert.are.equal(not ld, s:tie("a", "d", "chat") ~= nil)
      assert.are.equal(not lp, s:tie("a", "p", "chat") ~= nil)
      assert.are.equal(not lc, s:tie("a", "c", "chat") ~= nil)
    end
  end)
end)

describe("scenario:split", function()
  it("copies positions, and with ties = 'copy' every tie", function()
    local s = apply(diplomat.scenario("s"):split("a", { ties = "copy",
      into = { { id = "a", share = 0.75 }, { id = "a2", share = 0.25 } } }))
    assert.are.equal(3, s:actor("a").capability)
    local a2 = s:actor("a2")
    assert.are.equal(1, a2.capability)
    assert.are.equal("a", a2.org)
    assert.are.equal("health", a2.sector)
    assert.are.equal("a2", a2.name)
    assert.are.same({ position = 20, salience = 0.5, attrs = {} },
      s:position("a2", "x"))
    assert.are.same({ position = 2, salience = 1, attrs = {} },
      s:position("a2", "y"))
    assert.are.same(sorted{ "board:a-b=1", "board:a2-b=1", "board:b-d=3",
      "chat:a-d=1", "chat:a-p=2", "chat:a2-d=1", "chat:a2-p=2", "chat:b-c=1",
      "formal:a>c=2", "formal:a2>c=2", "formal:b>c=1", "formal:d>a=1",
      "formal:d>a2=1", "formal:p>a=1", "formal:p>a2=1" }, tieset(s))
  end)

  it("sends each tie to one part drawn by share", function()
    -- ties of a in map order: a>c, d>a, a-b, a-d, a-p, p>a; each draws u
    -- and goes to a when u < 0.75, else to a2
    local ends = {
      { "a", "c", "formal", 2, true }, { "d", "a", "formal", 1, false },
      { "a", "b", "board", 1, true }, { "a", "d", "chat", 1, true },
      { "a", "p", "chat", 2, true }, { "p", "a", "formal", 1, false },
    }
    for seed = 1, 10 do
      local g = generator(seed)
      local s = apply(diplomat.scenario("s"):split("a", { into = {
        { id = "a", share = 0.75 }, { id = "a2", share = 0.25 } } }),
        { seed = seed })
      local n = 0
      for _, e in ipairs(ends) do
        local part = g.uniform() < 0.75 and "a" or "a2"
        local other = part == "a" and "a2" or "a"
        local from = e[5] and part or e[1]
        local to = e[5] and e[2] or part
        local gone_from = e[5] and other or e[1]
        local gone_to = e[5] and e[2] or other
        assert.are.equal(e[4], s:tie(from, to, e[3]).weight)
        assert.is_nil(s:tie(gone_from, gone_to, e[3]))
        n = n + 1
      end
      assert.are.equal(9, #s:ties())
    end
  end)

  it("replaces the original when no part keeps its id", function()
    local s = apply(diplomat.scenario("s"):split("a",
      { into = { "a1", "a2" }, ties = "copy" }))
    assert.is_nil(s:actor("a"))
    assert.are.equal(2, s:actor("a1").capability)   -- 4 / 2
    assert.are.equal(2, s:actor("a2").capability)
    assert.are.equal(1, s:tie("a1", "b", "board").weight)
    assert.are.equal(1, s:tie("a2", "b", "board").weight)
    assert.are.equal(15, #s:ties()) -- 9 - 6 of a + 2 x 6 copies
  end)
end)

describe("scenario:devolve", function()
  it("moves a share of capability and the stake in each issue", function()
    local s = apply(diplomat.scenario("s"):devolve("a", "d",
      { capability = 0.25, issues = { "x", "y" } }))
    assert.are.equal(3, s:actor("a").capability)   -- 4 - 1
    assert.are.equal(4, s:actor("d").capability)   -- 3 + 1
    -- x: d keeps 60, salience raised to a's 0.5; a no longer holds one
    assert.are.same({ position = 60, salience = 0.5, attrs = {} },
      s:position("d", "x"))
    assert.is_nil(s:position("a", "x"))
    -- y: d held none, so takes a's
    assert.are.same({ position = 2, salience = 1, attrs = {} },
      s:position("d", "y"))
    assert.is_nil(s:position("a", "y"))
    assert.are.same(tieset(small()), tieset(s))
  end)

  it("leaves a lower salience alone", function()
    local s = apply(diplomat.scenario("s"):devolve("d", "b",
      { issues = { "x" } }))
    assert.are.same({ position = 80, salience = 1, attrs = {} },
      s:position("b", "x"))
    assert.are.equal(3, s:actor("d").capability)
  end)
end)

describe("scenario:cut", function()
  it("drops round(fraction x count) ties drawn by a partial shuffle", function()
    -- chat ties in map order: a-d, a-p, b-c; r = round(0.5 x 3) = 2;
    -- step j swaps positions j and j + floor(u (3 - j))
    local names = { "chat:a-d=1", "chat:a-p=2", "chat:b-c=1" }
    for seed = 1, 10 do
      local g = generator(seed)
      local pool = { 1, 2, 3 }
      for j = 0, 1 do
        local x = j + g.pick(3 - j)
        pool[j + 1], pool[x + 1] = pool[x + 1], pool[j + 1]
      end
      local s = apply(diplomat.scenario("s"):cut("chat", 0.5), { seed = seed })
      local chat = {}
      for _, t in ipairs(tieset(s)) do
        if t:find("^chat") then chat[#chat + 1] = t end
      end
      assert.are.same({ names[pool[3]] }, chat)
      assert.are.equal(7, #s:ties())
    end
  end)

  it("cuts nothing at fraction 0 and everything at 1", function()
    assert.are.same(tieset(small()),
      tieset(apply(diplomat.scenario("s"):cut("chat", 0))))
    assert.are.same({ "board:a-b=1", "board:b-d=3", "formal:a>c=2",
      "formal:b>c=1", "formal:d>a=1", "formal:p>a=1" },
      tieset(apply(diplomat.scenario("s"):cut("chat", 1))))
    assert.are.same({ "board:a-b=1", "board:b-d=3" },
      tieset(apply(diplomat.scenario("s"):cut({ "chat", "formal" }, 1))))
  end)
end)

describe("scenario:rewire", function()
  it("gives a drawn tie a to end not yet tied to its from end", function()
    -- formal ties in map order: a>c, b>c, d>a, p>a; r = round(0.25 x 4)
    -- = 1, drawn as pool[pick(4)]; its from end keeps, the new to end is
    -- the pick(count)-th actor (map order a b c d p) other than the from
    -- end without a formal tie from it
    local formal = { { "a", "c", 2 }, { "b", "c", 1 }, { "d", "a", 1 },
                     { "p", "a", 1 } }
    local seen = {}
    for seed = 1, 30 do
      local g = generator(seed)
      local t = formal[g.pick(4) + 1]
      local cand = {}
      for _, id in ipairs{ "a", "b", "c", "d", "p" } do
        local tied = false
        for _, e in ipairs(formal) do
          tied = tied or (e[1] == t[1] and e[2] == id)
        end
        if id ~= t[1] and not tied then cand[#cand + 1] = id end
      end
      local to = cand[g.pick(#cand) + 1]
      local s = apply(diplomat.scenario("s"):rewire("formal", 0.25),
        { seed = seed })
      assert.is_nil(s:tie(t[1], t[2], "formal"))
      assert.are.equal(t[3], s:tie(t[1], to, "formal").weight)
      assert.are.equal(9, #s:ties())
      seen[t[1] .. ">" .. to] = true
    end
    assert.is_true(#h.sorted_keys(seen) > 3)
  end)

  it("keeps ties unique in undirected layers", function()
    for seed = 1, 20 do
      local s = apply(diplomat.scenario("s"):rewire({ "board", "chat" }, 1),
        { seed = seed })
      assert.are.equal(9, #s:ties())
    end
  end)
end)

describe("the small shocks", function()
  it("shift moves a position and clamps it to the scale", function()
    local s = apply(diplomat.scenario("s"):shift("x", "a", -5))
    assert.are.equal(15, s:position("a", "x").position)
    s = apply(diplomat.scenario("s"):shift("x", "a", 90))
    assert.are.equal(100, s:position("a", "x").position)
    assert.are.equal(0.5, s:position("a", "x").salience)
  end)

  it("set changes one field as sys:set does", function()
    local s = apply(diplomat.scenario("s"):set("a", "sector", "council")
      :set("a", "capability", 7):set("a", "attrs.note", "reformed")
      :set("b", "name", nil):set("b", "org", nil):set("p", "level",
      "frontline"))
    local a = s:actor("a")
    assert.are.equal("council", a.sector)
    assert.are.equal(7, a.capability)
    assert.are.same({ note = "reformed" }, a.attrs)
    assert.are.equal("b", s:actor("b").name)
    assert.is_nil(s:actor("b").org)
    assert.are.equal("frontline", s:actor("p").level)
    s = apply(diplomat.scenario("s"):set("a", "attrs.note", "x")
      :set("a", "attrs.note", nil))
    assert.are.same({}, s:actor("a").attrs)
  end)

  it("add brings an actor with ties and positions", function()
    local s = apply(diplomat.scenario("s"):add(
      { id = "n", capability = 2, sector = "voluntary" },
      { { to = "a", layer = "formal" }, { from = "b", layer = "board",
        weight = 2 } },
      { x = 30, y = { position = 5, salience = 0.5 } }))
    assert.are.equal(2, s:actor("n").capability)
    assert.are.equal("voluntary", s:actor("n").sector)
    assert.are.equal(1, s:tie("n", "a", "formal").weight)
    assert.are.equal(2, s:tie("b", "n", "board").weight)
    assert.are.same({ position = 30, salience = 1, attrs = {} },
      s:position("n", "x"))
    assert.are.same({ position = 5, salience = 0.5, attrs = {} },
      s:position("n", "y"))
  end)

  it("remove takes an actor with its ties and positions", function()
    local s = apply(diplomat.scenario("s"):remove("a"))
    assert.are.same({ "board:b-d=3", "chat:b-c=1", "formal:b>c=1" },
      tieset(s))
    assert.are.same({ "b", "d" }, h.sorted_keys(s:positions("x")))
  end)

  it("custom runs a function with the replicate's generator", function()
    local drawn
    local sc = diplomat.scenario("s"):custom(function(s, rand)
      drawn = rand()
      s:set("c", "capability", 1 + rand(3))
    end)
    local s = apply(sc, { seed = 7 })
    local g = generator(7)
    assert.are.equal(g.uniform(), drawn)
    assert.are.equal(1 + g.pick(3) + 1, s:actor("c").capability)
  end)

  it("applies shocks in order, each to the result so far", function()
    local s = apply(diplomat.scenario("s"):merge({ "a", "b" }, { id = "ab" })
      :shift("x", "ab", 10):remove("p"))
    assert.near(60, s:position("ab", "x").position, 1e-12)
    assert.is_nil(s:actor("p"))
    assert.are.equal(3, #diplomat.scenario("t"):include(diplomat.scenario("u")
      :remove("p"):remove("c"), diplomat.scenario("v"):remove("d")))
    local twice = diplomat.scenario("twice"):shift("x", "a", 10)
    twice:include(twice)
    assert.are.same({ "shift", "shift" }, twice:kinds())
    assert.are.equal(40, apply(twice):position("a", "x").position)
  end)
end)

describe("scenario edge cases", function()
  it("changes nothing with no shocks, even on an empty system", function()
    local empty = diplomat.new{ name = "empty" }
    local s = diplomat.scenario("none"):apply(empty)
    assert.are.equal(empty:encode(), s:encode())
    assert.are.equal(small():encode(),
      diplomat.scenario("none"):apply(small()):encode())
  end)

  it("cuts and rewires nothing in a layer without ties", function()
    local base = small()
    base:add_layer{ id = "sms", informal = true }
    local s = diplomat.scenario("s"):cut("sms", 1):rewire("sms", 1)
      :apply(base)
    assert.are.equal(base:encode(), s:encode())
  end)

  it("leaves a tie when every actor is already tied to its end", function()
    -- one layer, a complete triangle: no actor is free to receive a tie
    local s = diplomat.new()
    s:add_layer{ id = "l" }
    for _, id in ipairs{ "a", "b", "c" } do s:add_actor{ id = id } end
    s:add_tie{ from = "a", to = "b", layer = "l" }
    s:add_tie{ from = "b", to = "c", layer = "l" }
    s:add_tie{ from = "a", to = "c", layer = "l" }
    local after = diplomat.scenario("s"):rewire("l", 1):apply(s)
    assert.are.same(tieset(s), tieset(after))
  end)

  it("makes ties between merged actors self-ties if allowed", function()
    local base = small()
    base:add_layer{ id = "loop", self_ties = true, directed = true }
    base:add_tie{ from = "a", to = "b", layer = "loop", weight = 2 }
    base:add_tie{ from = "b", to = "a", layer = "loop", weight = 3 }
    base:add_tie{ from = "a", to = "a", layer = "loop", weight = 1 }
    local s = diplomat.scenario("s"):merge({ "a", "b" }, { id = "ab" })
      :apply(base)
    assert.are.equal(6, s:tie("ab", "ab", "loop").weight) -- 1 + 2 + 3
    assert.is_true((s:check()))
  end)

  it("merges a lone actor's system down to one actor", function()
    local base = diplomat.new()
    base:add_actor{ id = "x", capability = 2 }
    base:add_actor{ id = "y", capability = 0 }
    local s = diplomat.scenario("s"):merge({ "x", "y" }, { id = "xy" })
      :apply(base)
    assert.are.same({ "xy" }, s:actor_ids())
    assert.are.equal(2, s:actor("xy").capability)
  end)

  it("frees a half-read shock list", function()
    local core = require "diplomat.core"
    assert.are.equal("scenario: actors[2] must be a string",
      h.error_of(core.scenario_compile, "x",
        { { kind = "merge", actors = { "a", 5 }, successor = "a" } }))
    assert.are.equal("scenario: malformed devolve shock",
      h.error_of(core.scenario_compile, "x",
        { { kind = "devolve", actors = { "a" } } }))
  end)
end)

describe("scenario errors", function()
  local sc = diplomat.scenario

  it("names the shock when the system lacks an id", function()
    assert.are.equal("scenario 'reform', shock 2 (abolish): successor: "
      .. "unknown actor 'q'", h.error_of(function()
        sc("reform"):remove("p"):abolish("a", { successor = "q" })
          :apply(small())
      end))
    assert.are.equal("scenario 'reform', shock 1 (merge): actors: unknown "
      .. "actor 'zz'", h.error_of(function()
        sc("reform"):merge({ "a", "zz" }):apply(small())
      end))
    assert.are.equal("scenario 's', shock 1 (shift): actor: 'c' holds no "
      .. "position on issue 'x'", h.error_of(function()
        sc("s"):shift("x", "c", 1):apply(small())
      end))
    assert.are.equal("scenario 's', shock 1 (cut): layer: unknown layer "
      .. "'sms'", h.error_of(function()
        sc("s"):cut("sms", 0.5):apply(small())
      end))
    assert.are.equal("scenario 's', shock 1 (add): ties[1].to: unknown "
      .. "actor 'zz'", h.error_of(function()
        sc("s"):add({ id = "n" }, { { to = "zz", layer = "formal" } })
          :apply(small())
      end))
    assert.are.equal("scenario 's', shock 1 (abolish): transfer: layer "
      .. "'chat' is informal (informal ties follow informal_loss)",
      h.error_of(function()
        sc("s"):abolish("a", { successor = "b", transfer = { "chat" } })
          :apply(small())
      end))
    assert.are.equal("scenario 's', shock 1 (merge): id: actor 'c' already "
      .. "exists (give a new id or one of the merged actors)",
      h.error_of(function()
        sc("s"):merge({ "a", "b" }, { id = "c" }):apply(small())
      end))
    assert.are.equal("scenario 's', shock 1 (custom): boom",
      h.error_of(function()
        sc("s"):custom(function() error("boom", 0) end):apply(small())
      end))
  end)

  it("leaves the base as it was when applying fails", function()
    local base = small()
    h.rejects(base, "scenario 's', shock 2 (remove): actor: unknown actor 'a'",
      function() sc("s"):remove("a"):remove("a"):apply(base) end)
  end)

  it("rejects bad options when the shock is built", function()
    local cases = {
      { "bad argument #2 to 'abolish' (informal_loss: must be a number from "
        .. "0 to 1, not 1.5)", function()
          sc():abolish("a", { successor = "b", informal_loss = 1.5 }) end },
      { "bad argument #2 to 'abolish' (transfer: needs a successor)",
        function() sc():abolish("a", { transfer = { "formal" } }) end },
      { "bad argument #2 to 'abolish' (unknown option 'succesor' (options: "
        .. "capability, combine, informal_loss, successor, transfer))",
        function() sc():abolish("a", { succesor = "b" }) end },
      { "bad argument #2 to 'abolish' (combine: must be 'sum', 'max' or "
        .. "'keep', not 'mean')", function()
          sc():abolish("a", { successor = "b", combine = "mean" }) end },
      { "bad argument #1 to 'merge' (actors: give at least two)",
        function() sc():merge({ "a" }) end },
      { "bad argument #1 to 'merge' (actors: 'a' is listed twice)",
        function() sc():merge({ "a", "a" }) end },
      { "bad argument #2 to 'merge' (position: 'c' is not one of the "
        .. "merged actors)", function()
          sc():merge({ "a", "b" }, { position = "successor:c" }) end },
      { "bad argument #2 to 'split' (into: shares must sum to 1, not 0.9)",
        function() sc():split("a", { into = { { id = "a", share = 0.5 },
          { id = "b", share = 0.4 } } }) end },
      { "bad argument #3 to 'devolve' (give capability, issues or both)",
        function() sc():devolve("a", "b", {}) end },
      { "bad argument #2 to 'cut' (fraction: must be a number from 0 to 1, "
        .. "not 2)", function() sc():cut("chat", 2) end },
      { "bad argument #3 to 'set' (level: unknown level 'planet' (expected "
        .. "one of: national, regional, system, place, neighbourhood, "
        .. "frontline))", function() sc():set("a", "level", "planet") end },
      { "bad argument #2 to 'set' (unknown actor field 'colour' (fields: "
        .. "attrs, capability, kind, level, mandate, name, org, profession, "
        .. "sector, tags, or 'attrs.<name>'))",
        function() sc():set("a", "colour", "red") end },
      { "bad argument #1 to 'add' (capability: must not be negative (got -1))",
        function() sc():add({ id = "n", capability = -1 }) end },
      { "bad argument #1 to 'custom' (must be a function, not string)",
        function() sc():custom("x") end },
      { "bad argument #2 to 'apply' (seed: must be an integer >= 0, not -1)",
        function() sc():apply(small(), { seed = -1 }) end },
      { "bad argument #2 to 'run' (measure: must be a function, not nil)",
        function() sc():run(small(), { runs = 2 }) end },
      { "bad argument #2 to 'run' (runs: from and to must be integers with "
        .. "1 <= from <= to)", function()
          sc():run(small(), { runs = { from = 3, to = 2 },
                              measure = function() return {} end }) end },
    }
    for _, c in ipairs(cases) do assert.are.equal(c[1], h.error_of(c[2])) end
  end)

  it("rejects what a measure returns when it is not a number", function()
    assert.are.equal("measure: 'x' is NaN, not a finite number (replicate "
      .. "1); leave a name out when it has no value", h.error_of(function()
        sc():run(small(), { runs = 2, measure = function()
          return { x = 0 / 0 } end })
      end))
    assert.are.equal("measure: 'y' is a string, not a finite number "
      .. "(replicate 1); leave a name out when it has no value",
      h.error_of(function()
        sc():run(small(), { runs = 2, measure = function()
          return { y = "1" } end })
      end))
  end)
end)

describe("scenario:run", function()
  -- a measure whose draws depend on the shocks' randomness
  local reform = diplomat.scenario("reform")
    :abolish("a", { successor = "b", informal_loss = 0.5 })
    :cut("formal", 0.5)
  local function measure(s, r)
    local m = { ties = #s:ties(), b = s:actor("b").capability,
                linked = s:tie("b", "d", "chat") ~= nil }
    if r % 3 == 0 then m.third = r end  -- a name some replicates lack
    return m
  end

  it("summarises draws: mean, sample sd and type 7 quantiles", function()
    -- draws 1..10: mean 5.5; sd = sqrt(Σ (r - 5.5)^2 / 9) = sqrt(82.5 / 9);
    -- type 7: h = 9 p + 1 -> p05 1.45, p25 3.25, p50 5.5, p75 7.75, p95 9.55
    local r = diplomat.scenario("none"):run(small(), { runs = 10, seed = 3,
      measure = function(_, i) return { r = i } end })
    local m = r.measures.r
    assert.are.same({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, m.draws)
    assert.are.equal(10, m.n)
    assert.near(5.5, m.mean, 1e-12)
    assert.near(math.sqrt(82.5 / 9), m.sd, 1e-12)
    assert.near(1.45, m.quantiles.p05, 1e-12)
    assert.near(3.25, m.quantiles.p25, 1e-12)
    assert.near(5.5, m.quantiles.p50, 1e-12)
    assert.near(7.75, m.quantiles.p75, 1e-12)
    assert.near(9.55, m.quantiles.p95, 1e-12)
    assert.are.equal(1, m.min)
    assert.are.equal(10, m.max)
    assert.are.equal(10, r.runs)
    assert.are.equal(3, r.seed)
    assert.is_true(r.complete)
    assert.is_nil(m.replicates)
  end)

  it("computes quantiles as R's quantile(type = 7)", function()
    -- R: quantile(c(1, 2, 3, 4, 10), c(.05, .25, .5, .75, .95))
    --    gives 1.2 2.0 3.0 4.0 8.8
    local q = require("diplomat.scenario").quantile
    local x = { 1, 2, 3, 4, 10 }
    local want = { [0.05] = 1.2, [0.25] = 2, [0.5] = 3, [0.75] = 4,
                   [0.95] = 8.8 }
    for p, v in pairs(want) do assert.near(v, q(x, p), 1e-12) end
    assert.are.equal(7, q({ 7 }, 0.95))
  end)

  it("counts true as 1 and tracks names some replicates lack", function()
    local r = reform:run(small(), { runs = 9, seed = 1, measure = measure })
    local third = r.measures.third
    assert.are.same({ 3, 6, 9 }, third.draws)
    assert.are.same({ 3, 6, 9 }, third.replicates)
    assert.are.equal(3, third.n)
    for _, v in ipairs(r.measures.linked.draws) do
      assert.is_true(v == 0 or v == 1)
    end
  end)

  it("gives the same result for the same seed", function()
    local a = reform:run(small(), { runs = 40, seed = 11, measure = measure })
    local b = reform:run(small(), { runs = 40, seed = 11, measure = measure })
    assert.are.same(a, b)
    local c = reform:run(small(), { runs = 40, seed = 12, measure = measure })
    assert.are_not.same(a.measures.ties.draws, c.measures.ties.draws)
  end)

  it("applies replicate r as apply with seed and replicate r", function()
    local r = reform:run(small(), { runs = 6, seed = 9, measure = measure })
    for i = 1, 6 do
      local s = reform:apply(small(), { seed = 9, replicate = i })
      assert.are.equal(#s:ties(), r.measures.ties.draws[i])
      local s2 = reform:apply(small(),
        { seed = diplomat.replicate_seed(9, i) })
      assert.are.equal(s:encode(), s2:encode())
    end
  end)

  it("gives each replicate the system apply gives, in recycled memory",
    function()
      -- run closes each replicate and makes the next one's clone in its
      -- memory; a custom shock adds 0 to 3 actors (with tags, attributes
      -- and a tie), so replicates are made where larger and smaller ones
      -- were.  apply makes each afresh.
      local grow = diplomat.scenario("grow"):custom(function(s, rand)
        for k = 1, rand(0, 3) do
          s:add_actor{ id = "new" .. k, name = "New " .. k,
                       tags = { "t" .. k }, attrs = { n = k } }
          s:add_tie{ from = "a", to = "new" .. k, layer = "chat" }
        end
      end):abolish("a", { successor = "b", informal_loss = 0.5 })
      local seen, handles, sizes = {}, {}, {}
      grow:run(small(), { runs = 12, seed = 4, measure = function(s, r)
        assert.is_true((s:check()))
        seen[r], handles[r], sizes[#s] = s:encode(), s, true
        return { n = #s }
      end })
      local distinct = 0
      for _ in pairs(sizes) do distinct = distinct + 1 end
      assert.is_true(distinct >= 3, "replicates of several sizes")
      for r = 1, 12 do
        assert.are.equal(
          grow:apply(small(), { seed = 4, replicate = r }):encode(), seen[r])
        local ok, err = pcall(handles[r].actors, handles[r])
        assert.is_false(ok)
        assert.matches("the system is closed", err)
      end
    end)

  it("merges shards, in any order, into exactly the single run", function()
    local whole = reform:run(small(),
      { runs = 20, seed = 5, measure = measure })
    local s1 = reform:run(small(), { runs = { from = 1, to = 7 }, seed = 5,
                                     measure = measure })
    local s2 = reform:run(small(), { runs = { from = 8, to = 8 }, seed = 5,
                                     measure = measure })
    local s3 = reform:run(small(), { runs = { from = 9, to = 20 }, seed = 5,
                                     measure = measure })
    assert.are.equal(7, s1.runs)
    assert.are.same(whole, diplomat.merge_results{ s3, s1, s2 })
    assert.are.equal(getmetatable(whole),
      getmetatable(diplomat.merge_results{ s1, s2, s3 }))
  end)

  it("saves shards to files that load back into the same merge", function()
    local whole = reform:run(small(),
      { runs = 12, seed = 8, measure = measure })
    local paths, shards = {}, {}
    for k = 0, 2 do
      local r = reform:run(small(), { runs = { from = 4 * k + 1,
        to = 4 * k + 4 }, seed = 8, measure = measure })
      paths[k + 1] = os.tmpname()
      assert.is_true(r:save(paths[k + 1]))
      shards[k + 1] = assert(diplomat.load_result(paths[k + 1]))
      assert.are.same(r, shards[k + 1])
    end
    assert.are.same(whole, diplomat.merge_results(shards))
    for _, p in ipairs(paths) do os.remove(p) end
    local nil_, msg = diplomat.load_result("spec/scenario_spec.lua")
    assert.is_nil(nil_)
    assert.truthy(msg)
  end)

  it("refuses shards that do not make one run", function()
    local function shard(from, to, seed)
      return reform:run(small(), { runs = { from = from, to = to },
        seed = seed or 5, measure = measure })
    end
    assert.are.equal("bad argument #1 to 'merge_results' (replicates 4..5 "
      .. "are missing)", h.error_of(diplomat.merge_results,
        { shard(1, 3), shard(6, 8) }))
    assert.are.equal("bad argument #1 to 'merge_results' (shards overlap: "
      .. "replicates 1..3 and 3..4)", h.error_of(diplomat.merge_results,
        { shard(1, 3), shard(3, 4) }))
    assert.are.equal("bad argument #1 to 'merge_results' (results[2]: from "
      .. "scenario 'reform' with seed 6, not 'reform' with seed 5)",
      h.error_of(diplomat.merge_results, { shard(1, 3), shard(4, 5, 6) }))
  end)

  it("stops when progress returns false, marking it incomplete", function()
    local calls = {}
    local r = reform:run(small(), { runs = 10, seed = 1, measure = measure,
      progress = function(done, total, i)
        calls[#calls + 1] = { done, total, i }
        return done < 3
      end })
    assert.are.same({ { 1, 10, 1 }, { 2, 10, 2 }, { 3, 10, 3 } }, calls)
    assert.is_false(r.complete)
    assert.are.equal(3, r.runs)
    assert.are.equal(3, r.to)
    assert.are.equal("bad argument #1 to 'merge_results' (results[1]: "
      .. "replicates 1..3 were stopped early (incomplete))",
      h.error_of(diplomat.merge_results, { r }))
  end)

  it("never changes the base", function()
    local base = small()
    local before = base:encode()
    reform:run(base, { runs = 5, measure = measure })
    assert.are.equal(before, base:encode())
  end)
end)

describe("result:compare", function()
  it("gives mean and quantile deltas and P(B > A)", function()
    -- A draws 1, 2, 3; B draws 2, 3, 4.  Over the 9 pairs, count b > a
    -- and half of b = a: b = 2: 1 + 0.5; b = 3: 2 + 0.5; b = 4: 3; in all
    -- 7 / 9.  Means 2 and 3, medians 2 and 3.
    local sc = diplomat.scenario("none")
    local a = sc:run(small(), { runs = 3, measure = function(_, r)
      return { v = r, only_a = 1 } end })
    local b = sc:run(small(), { runs = 3, measure = function(_, r)
      return { v = r + 1, only_b = 1 } end })
    local d = a:compare(b)
    assert.near(1, d.measures.v.delta, 1e-12)
    assert.near(7 / 9, d.measures.v.p_higher, 1e-12)
    assert.near(1, d.measures.v.quantiles.p50, 1e-12)
    assert.are.same({ "only_a" }, d.only_a)
    assert.are.same({ "only_b" }, d.only_b)
    assert.are.same(d, diplomat.compare(a, b))
  end)
end)

describe("diplomat.compare", function()
  -- x (org X) - y (org Y) - z (org Z) in one undirected layer: y brokers
  -- x -> y -> z and z -> y -> x, two liaison roles
  local function chain()
    local s = diplomat.new()
    s:add_layer{ id = "l" }
    s:add_actor{ id = "x", org = "X", capability = 1 }
    s:add_actor{ id = "y", org = "Y", capability = 2 }
    s:add_actor{ id = "z", org = "Z", capability = 3 }
    s:add_tie{ from = "x", to = "y", layer = "l" }
    s:add_tie{ from = "y", to = "z", layer = "l" }
    return s
  end

  it("finds brokers lost and actors cut off", function()
    local base = chain()
    local after = diplomat.scenario("s"):remove("y"):apply(base)
    local d = diplomat.compare(base, after)
    assert.are.same({ { id = "y", a = 2, b = 0, removed = true } },
      d.brokers_lost)
    assert.are.same({ "y" }, d.removed)
    assert.are.same({}, d.added)
    -- x and z shared a component with each other (and y) before
    assert.are.same({
      { id = "x", lost = 1, reach_a = 2, reach_b = 0, isolated = true },
      { id = "z", lost = 1, reach_a = 2, reach_b = 0, isolated = true },
    }, d.disconnected)
    assert.are.same({ a = 2, b = 0, delta = -2 }, d.actors.x.reach)
    assert.are.same({ a = 1, b = 2, delta = 1 }, d.system.components)
    assert.are.same({ a = 2, b = 0, delta = -2 }, d.system.ties)
    -- the broker stays but brokers nothing once z is gone
    d = diplomat.compare(base, diplomat.scenario("s"):remove("z"):apply(base))
    assert.are.same({ { id = "y", a = 2, b = 0, removed = false } },
      d.brokers_lost)
  end)

  it("counts who lost contact in the small system", function()
    -- without a successor a goes with its ties: p is cut off from b, c
    -- and d (lost 3); b, c and d each lose p (lost 1)
    local base = small()
    local d = diplomat.compare(base, diplomat.scenario("s"):abolish("a")
      :apply(base))
    local lost = {}
    for _, e in ipairs(d.disconnected) do lost[e.id] = e.lost end
    assert.are.same({ b = 1, c = 1, d = 1, p = 3 }, lost)
    assert.are.equal("p", d.disconnected[1].id)
    assert.is_true(d.disconnected[1].isolated)
  end)

  it("reports soft power changes with winners and losers", function()
    local base = small()
    local after = diplomat.scenario("s"):abolish("a", { successor = "b" })
      :apply(base)
    local d = diplomat.compare(base, after, { top = 2 })
    local sa, sb = base:soft_power(), after:soft_power()
    for id, e in pairs(d.actors) do
      assert.are.equal(sa[id].score, e.soft_power.a)
      assert.are.equal(sb[id].score, e.soft_power.b)
    end
    assert.is_true(#d.winners <= 2 and #d.losers <= 2)
    for i, w in ipairs(d.winners) do
      assert.is_true(w.delta > 0)
      if i > 1 then assert.is_true(w.delta <= d.winners[i - 1].delta) end
    end
    for _, w in ipairs(d.losers) do assert.is_true(w.delta < 0) end
  end)

  it("finds coalitions that no longer win", function()
    -- capabilities a 4, b 2, c 1, d 3, p 1: total 11.  {a, b} has 6/11 >=
    -- 0.5 and wins; {a, c} 5/11 does not.  Without b (total 9): {a, b}
    -- keeps 4/9 and loses; {a, c} has 5/9 and now wins.
    local base = small()
    local d = diplomat.compare(base, diplomat.scenario("s"):remove("b")
      :apply(base), { coalitions = { { "a", "b" }, { members = { "a", "c" } } },
      measures = {} })
    local ab, ac = d.coalitions[1], d.coalitions[2]
    assert.near(6 / 11, ab.a, 1e-12)
    assert.near(4 / 9, ab.b, 1e-12)
    assert.is_true(ab.wins_a)
    assert.is_false(ab.wins_b)
    assert.are.same({ "b" }, ab.missing)
    assert.near(5 / 9, ac.b, 1e-12)
    assert.are.same({ ab }, d.no_longer_win)
    assert.are.same({ ac }, d.now_win)
    assert.is_nil(d.winners) -- soft power was not asked for
  end)

  it("counts a coalition as winning by sys:power's rule", function()
    -- capabilities a 4, b 2, c 1, d 3, p 1: total 11.  {a, p} holds
    -- 5/11 < half; {a, b} 6/11 > half.  share = 6/11 exactly: {a, b} holds
    -- exactly that share, which is not *more than* it, so it loses; an
    -- absolute quota of 6 is *at least* 6, so it wins; share = 1 needs
    -- all 11.
    local base = small()
    local function wins(opts)
      opts.coalitions = { { "a", "b" } }
      opts.measures = {}
      return diplomat.compare(base, base:clone(), opts).coalitions[1].wins_a
    end
    assert.is_true(wins{})
    assert.is_false(wins{ share = 6 / 11 })
    assert.is_true(wins{ quota = 6 })
    assert.is_false(wins{ quota = 7 })
    assert.is_false(wins{ share = 1 })
    assert.has_error(function() wins{ share = 0.5, quota = 6 } end)
    assert.has_error(function() wins{ share = 0 } end)
    assert.has_error(function() wins{ quota = -1 } end)
  end)

  it("lists forecasts that moved", function()
    -- compromise on x: (4·0.5·20 + 2·1·80 + 3·0.25·60) / (2 + 2 + 0.75)
    -- = 245 / 4.75; a at 50 instead: 305 / 4.75.  y does not move.
    local base = small()
    if not base.forecast then return end
    local d = diplomat.compare(base, diplomat.scenario("s"):shift("x", "a", 30)
      :apply(base), { measures = { "forecasts" } })
    assert.near(245 / 4.75, d.forecasts.x.a, 1e-12)
    assert.near(305 / 4.75, d.forecasts.x.b, 1e-12)
    assert.are.equal(1, #d.moved)
    assert.are.equal("x", d.moved[1].issue)
    assert.near(60 / 4.75, d.moved[1].delta, 1e-12)
    assert.are.equal(0, d.forecasts.y.delta)
  end)

  it("adds custom measures per actor or for the system", function()
    local base = small()
    local d = diplomat.compare(base, diplomat.scenario("s"):remove("p")
      :apply(base), { measures = {
        n = function(s) return #s end,
        cap = function(s)
          local out = {}
          for _, a in ipairs(s:actors()) do out[a.id] = a.capability end
          return out
        end } })
    assert.are.same({ a = 5, b = 4, delta = -1 }, d.system.n)
    assert.are.same({ a = 4, b = 4, delta = 0 }, d.actors.a.cap)
  end)

  it("compares empty and one-actor systems", function()
    local empty = diplomat.new()
    local d = diplomat.compare(empty, empty)
    assert.are.same({}, d.actors)
    assert.are.same({ a = 0, b = 0, delta = 0 }, d.system.actors)
    local one = diplomat.new()
    one:add_actor{ id = "a" }
    d = diplomat.compare(empty, one)
    assert.are.same({ "a" }, d.added)
    assert.are.same({ a = 0, b = 1, delta = 1 }, d.system.components)
  end)

  it("rejects unknown options and measures", function()
    assert.are.equal("bad argument #3 to 'compare' (unknown option 'topp' "
      .. "(options: by, coalitions, forecast, measures, quota, share, tolerance, "
      .. "top))", h.error_of(diplomat.compare, small(), small(),
      { topp = 1 }))
    assert.are.equal("bad argument #3 to 'compare' (measures: unknown "
      .. "measure 'power' (measures: soft_power, brokerage, reach, "
      .. "coalitions, forecasts, system, or name = function(sys)))",
      h.error_of(diplomat.compare, small(), small(),
      { measures = { "power" } }))
  end)
end)

describe("the README's Scenarios section", function()
  it("has a first example that runs on the Northvale map", function()
    local f = assert(io.open("README.md", "rb"))
    local text = f:read("a")
    f:close()
    local code = text:match("\n## Scenarios\n+```lua\n(.-)\n```")
    assert.truthy(code, "no Lua example found")
    local sys = assert(diplomat.load("examples/data/northvale.json"))
    local before = sys:encode()
    local env = setmetatable({ diplomat = diplomat, sys = sys },
                             { __index = _G })
    -- the example ends in expressions shown with their values: make them
    -- statements
    code = code:gsub("\nr%.measures%.dhsc[^\n]*\n[^\n]*\n", "\n")
               :gsub("\ndiplomat%.compare%(sys, after%)",
                     "\nlocal d = diplomat.compare(sys, after)")
    code = code:gsub("runs = 1000", "runs = 50") -- the same code, quicker
    local r, after = assert(load(code .. "\nreturn r, after", "README", "t",
                                 env))()
    assert.are.equal(50, r.measures.dhsc.n)
    assert.is_nil(after:actor("nhs_exec"))
    assert.are.equal(before, sys:encode())
  end)
end)

describe("examples/reorganisation.lua", function()
  it("runs the Northvale reforms", function()
    local p = assert(io.popen("lua5.4 examples/reorganisation.lua 4 2>&1"))
    local out = p:read("a")
    local ok = p:close()
    assert.is_true(ok, out)
    for _, s in ipairs{ "abolition of the national body: 4 replicates",
                        "ICB merger: 4 replicates",
                        "devolution to the combined authority: 4 replicates",
                        "all three together: 4 replicates",
                        "Informal dependence", "Brokers lost:" } do
      assert.truthy(out:find(s, 1, true), s .. " missing from:\n" .. out)
    end
  end)
end)
