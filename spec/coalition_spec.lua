-- sys:minimal_winning and sys:coalitions, checked against published
-- games worked by hand, Axelrod's intervals on a line, and a brute-force
-- enumeration (below) of every subset of random systems of up to 16
-- actors, written from the definitions alone.
local diplomat = require "diplomat"
local h = require "spec.helpers"

-- {====== The reference: every subset, from the definitions ======

-- A system with actors { id, weight [, x, salience] } (capability =
-- weight; a position on issue "i" (0..100) when x is given) and ties
-- { a, b, layer }.  Layers: "formal" (directed), "chat" (informal,
-- undirected), "self" (undirected, self-ties allowed).
local function system(actors, ties)
  local sys = diplomat.new{ name = "coalitions" }
  sys:add_layer{ id = "formal", directed = true }
  sys:add_layer{ id = "chat", informal = true }
  sys:add_layer{ id = "self", self_ties = true }
  sys:add_issue{ id = "i", min = 0, max = 100 }
  for _, a in ipairs(actors) do
    sys:add_actor{ id = a[1], capability = a[2], sector = a.sector }
    if a[3] then sys:set_position(a[1], "i", a[3], a[4] or 1) end
  end
  for _, t in ipairs(ties or {}) do
    sys:add_tie{ from = t[1], to = t[2], layer = t[3] or "chat" }
  end
  return sys
end

local function set(list)
  local s = {}
  for _, v in ipairs(list or {}) do s[v] = true end
  return s
end

--[[
Every minimal coalition of sys under the conditions o, ranked:
  o.weight   { [id] = w } (default: capability); o.quota (wins with
             weight >= quota) or o.share (wins with more than share *
             total; use binary fractions so that share * total is exact)
  o.layers   nil (no network), true (every layer) or a list of layer ids:
             members must be connected through those ties, either way
  o.issue, o.d   members hold positions on the issue, spanning <= d
  o.require, o.exclude   lists of ids
  o.cost     { [id] = cost | false }: searching (actors absent or false
             cannot join); ranks by (cost, size, -weight, members)
  o.order    "size" | "weight" | "range" (enumeration)
A coalition is minimal when it meets every condition but the required
members and no proper subset of it does (checked over all subsets, not
by removing one member at a time).
]]
local function reference(sys, o)
  local actors = sys:actors()
  local n = #actors
  local idx, w, ok, x = {}, {}, {}, {}
  local total = 0
  local pos = o.issue and sys:positions(o.issue) or {}
  local out = set(o.exclude)
  for i, a in ipairs(actors) do
    idx[a.id] = i - 1
    w[i - 1] = o.weight and (o.weight[a.id] or 0) or a.capability
    total = total + w[i - 1]
    x[i - 1] = pos[a.id] and pos[a.id].position
    ok[i - 1] = not out[a.id] and not (o.issue and not pos[a.id])
      and not (o.cost and not o.cost[a.id])
  end
  local function wins(weight)
    if o.quota then return weight >= o.quota end
    return weight > (o.share or 0.5) * total
  end
  local adj = {}
  for i = 0, n - 1 do adj[i] = 0 end
  if o.layers then
    local sel = type(o.layers) == "table" and set(o.layers) or nil
    for _, t in ipairs(sys:ties()) do
      if not sel or sel[t.layer] then
        local a, b = idx[t.from], idx[t.to]
        if a ~= b then
          adj[a] = adj[a] | (1 << b)
          adj[b] = adj[b] | (1 << a)
        end
      end
    end
  end
  local function connected(S)
    if S == 0 then return true end
    local seen = S & -S
    local frontier = seen
    while frontier ~= 0 do
      local nx = 0
      for i = 0, n - 1 do
        if frontier & (1 << i) ~= 0 then nx = nx | adj[i] end
      end
      nx = nx & S & ~seen
      seen, frontier = seen | nx, nx
    end
    return seen == S
  end
  local notok = 0
  for i = 0, n - 1 do
    if not ok[i] then notok = notok | (1 << i) end
  end
  local F, D = {}, { [0] = false }
  local N = (1 << n) - 1
  for S = 1, N do
    local f = false
    if S & notok == 0 then
      local weight, lo, hi = 0, math.huge, -math.huge
      for i = 0, n - 1 do
        if S & (1 << i) ~= 0 then
          weight = weight + w[i]
          if o.issue then lo, hi = math.min(lo, x[i]), math.max(hi, x[i]) end
        end
      end
      f = wins(weight) and (not o.d or hi - lo <= o.d)
        and (not o.layers or connected(S))
    end
    F[S] = f
    local d = f
    if not d then
      for i = 0, n - 1 do
        if S & (1 << i) ~= 0 and D[S & ~(1 << i)] then d = true break end
      end
    end
    D[S] = d
  end
  local need = 0
  for _, id in ipairs(o.require or {}) do need = need | (1 << idx[id]) end
  local list = {}
  for S = 1, N do
    local minimal = F[S] and S & need == need
    for i = 0, n - 1 do
      if minimal and S & (1 << i) ~= 0 and D[S & ~(1 << i)] then
        minimal = false
      end
    end
    if minimal then
      local c = { members = {}, idx = {}, pivotal = {}, brokers = {},
                  weight = 0, cost = 0, size = 0 }
      local lo, hi = math.huge, -math.huge
      for i = 0, n - 1 do
        if S & (1 << i) ~= 0 then
          local id = actors[i + 1].id
          c.members[#c.members + 1] = id
          c.idx[#c.idx + 1] = i
          c.weight = c.weight + w[i]
          c.size = c.size + 1
          if o.cost then c.cost = c.cost + o.cost[id] end
          if o.issue then lo, hi = math.min(lo, x[i]), math.max(hi, x[i]) end
        end
      end
      c.range = o.issue and hi - lo or nil
      for k, i in ipairs(c.idx) do
        if not wins(c.weight - w[i]) then
          c.pivotal[#c.pivotal + 1] = c.members[k]
        end
        if o.layers and not connected(S & ~(1 << i)) then
          c.brokers[#c.brokers + 1] = c.members[k]
        end
      end
      list[#list + 1] = c
    end
  end
  local function lex(a, b)
    for k = 1, math.min(#a.idx, #b.idx) do
      if a.idx[k] ~= b.idx[k] then return a.idx[k] < b.idx[k] end
    end
    return #a.idx < #b.idx
  end
  local keys = {
    cost = { { "cost", 1 }, { "size", 1 }, { "weight", -1 } },
    size = { { "size", 1 }, { "weight", 1 } },
    weight = { { "weight", 1 }, { "size", 1 } },
    range = { { "range", 1 }, { "size", 1 }, { "weight", 1 } },
  }
  local by = keys[o.cost and "cost" or o.order or "size"]
  table.sort(list, function(a, b)
    for _, k in ipairs(by) do
      local f, s = k[1], k[2]
      if a[f] ~= b[f] then return (a[f] < b[f]) == (s > 0) end
    end
    return lex(a, b)
  end)
  return list, total
end

-- The options of a call for the reference conditions o.
local function options(o, extra)
  local t = {}
  for k, v in pairs(extra or {}) do t[k] = v end
  t.weight, t.quota, t.share = o.weight, o.quota, o.share
  if o.layers == true then
    t.connected = true
  elseif o.layers then
    t.connected = { layers = o.layers }
  end
  t.require, t.exclude = o.require, o.exclude
  if not o.cost then t.issue, t.max_distance = o.issue, o.d end
  return t
end

-- Asserts that the coalitions got match the first `limit` expected.
local function same(expected, got, limit, what)
  local want = math.min(#expected, limit)
  assert.are.equal(want, #got, what .. ": number of coalitions")
  for k = 1, want do
    local e, g = expected[k], got[k]
    local where = ("%s: coalition %d"):format(what, k)
    assert.are.same(e.members, g.members, where)
    assert.are.equal(e.weight, g.weight, where .. " weight")
    assert.are.equal(e.size, g.size, where .. " size")
    assert.are.equal(e.range, g.range, where .. " range")
    if e.cost and g.cost then
      assert.are.equal(e.cost, g.cost, where .. " cost")
    end
    assert.are.same(e.pivotal, g.pivotal, where .. " pivotal")
    assert.are.same(e.brokers, g.brokers, where .. " brokers")
  end
end

-- A random system of n actors: integer weights 0..9 (some 0), most with
-- a position (integer 0..100) and a salience in tenths, ties in all
-- three layers with probability p, a few self-ties.
local function random_system(n, p)
  local actors, ties = {}, {}
  for k = 1, n do
    local a = { "a" .. k, math.random(0, 9) }
    if math.random() < 0.15 then a[2] = 0 end
    if math.random() < 0.85 then
      a[3], a[4] = math.random(0, 100), math.random(0, 10) / 10
    end
    a.sector = math.random() < 0.5 and "health" or "care"
    actors[k] = a
  end
  for i = 1, n do
    for j = 1, n do
      if i ~= j and math.random() < p / 2 then
        ties[#ties + 1] = { "a" .. i, "a" .. j, "formal" }
      end
      if i < j and math.random() < p / 2 then
        ties[#ties + 1] = { "a" .. i, "a" .. j, "chat" }
      end
    end
    if math.random() < 0.1 then
      ties[#ties + 1] = { "a" .. i, "a" .. i, "self" }
    end
  end
  return system(actors, ties), actors
end

local function pick(list, k)
  local out, seen = {}, {}
  for _ = 1, k do
    local v = list[math.random(#list)]
    if not seen[v] then seen[v] = true out[#out + 1] = v end
  end
  return out
end

-- }======

describe("System:minimal_winning", function()
  local function ids(r)
    local out = {}
    for k, c in ipairs(r.coalitions) do
      out[k] = table.concat(c.members, " ")
    end
    return out
  end

  describe("on published games", function()
    it("finds {A,B} and {A,C} in [51; 50, 49, 1]", function()
      -- q = 51: A+B = 99 and A+C = 51 win and lose without either
      -- member; B+C = 50 loses.  By size then weight: A C (51) first.
      local sys = system{ { "A", 50 }, { "B", 49 }, { "C", 1 } }
      local r = sys:minimal_winning{ quota = 51 }
      assert.are.same({ "A C", "A B" }, ids(r))
      assert.are.same({ "A", "C" }, r.coalitions[1].pivotal)
      assert.are.equal(51, r.coalitions[1].weight)
      assert.are.equal(2, r.stats.found)
      assert.is_true(r.stats.complete)
      assert.are.equal(51, r.quota)
      assert.are.equal(100, r.total)
    end)

    it("finds {A,B}, {A,C}, {B,C,D} in [6; 4, 3, 2, 1]", function()
      -- A+B = 7, A+C = 6, B+C+D = 6 win, each member critical; A+D = 5
      -- and B+C = 5 lose; A+C+D = 7 and A+B+x hold a non-critical member.
      local sys = system{ { "A", 4 }, { "B", 3 }, { "C", 2 }, { "D", 1 } }
      local r = sys:minimal_winning{ quota = 6 }
      assert.are.same({ "A C", "A B", "B C D" }, ids(r))
      r = sys:minimal_winning{ quota = 6, order = "weight" }
      assert.are.same({ "A C", "B C D", "A B" }, ids(r))
    end)

    it("leaves Luxembourg out of the EEC Council of 1958", function()
      -- [12; 4, 4, 4, 2, 2, 1]: F+G+I = 12, and two of the three large
      -- with B and N = 12; no winning coalition needs L (weight 1), so
      -- L is a dummy (the classic example).
      local sys = system{ { "F", 4 }, { "G", 4 }, { "I", 4 }, { "B", 2 },
                          { "N", 2 }, { "L", 1 } }
      local r = sys:minimal_winning{ quota = 12 }
      assert.are.same({ "F G I", "F G B N", "F I B N", "G I B N" }, ids(r))
      r = sys:minimal_winning{ quota = 12, require = { "L" } }
      assert.are.same({}, r.coalitions)
      assert.is_true(r.stats.complete)
    end)

    it("counts 210 in the UN Security Council [39; 7 x 5, 1 x 10]", function()
      -- all five permanent members and 4 of the 10 others: C(10, 4)
      local actors = {}
      for k = 1, 5 do actors[#actors + 1] = { "P" .. k, 7 } end
      for k = 1, 10 do actors[#actors + 1] = { "E" .. k, 1 } end
      local sys = system(actors)
      local r = sys:minimal_winning{ quota = 39, limit = 1000 }
      assert.are.equal(210, #r.coalitions)
      assert.are.equal(210, r.stats.found)
      for _, c in ipairs(r.coalitions) do
        assert.are.equal(9, c.size)
        assert.are.equal(39, c.weight)
      end
      -- the default limit keeps 100, still counting all
      r = sys:minimal_winning{ quota = 39 }
      assert.are.equal(100, #r.coalitions)
      assert.are.equal(210, r.stats.found)
    end)
  end)

  describe("with a network", function()
    it("keeps a zero-weight bridge between two halves", function()
      -- path a - b - c, weights 3, 0, 3, quota 5: {a, c} wins but is not
      -- connected; {a, b, c} is, and drops to 3 without a or c and falls
      -- apart without b.  So b is its broker, a and c its pivots.
      local sys = system({ { "a", 3 }, { "b", 0 }, { "c", 3 } },
                         { { "a", "b" }, { "b", "c" } })
      local r = sys:minimal_winning{ quota = 5 }
      assert.are.same({ "a c" }, ids(r))
      r = sys:minimal_winning{ quota = 5, connected = true }
      assert.are.same({ "a b c" }, ids(r))
      assert.are.same({ "a", "c" }, r.coalitions[1].pivotal)
      assert.are.same({ "b" }, r.coalitions[1].brokers)
    end)

    it("reads directed ties both ways and ignores self-ties", function()
      local sys = system({ { "a", 3 }, { "b", 3 } },
                         { { "a", "b", "formal" }, { "a", "a", "self" } })
      local r = sys:minimal_winning{ quota = 5, connected = true }
      assert.are.same({ "a b" }, ids(r))
      r = sys:minimal_winning{ quota = 5, connected = { layers = { "self" } } }
      assert.are.same({}, r.coalitions)
      r = sys:minimal_winning{ quota = 5, connected = { informal = false,
                                                        combine = "max" } }
      assert.are.same({ "a b" }, ids(r))
    end)

    it("counts ties only as connections: isolates, parallel ties, weights",
       function()
      -- a and b tied in two layers (one very weakly), c isolated; quota 4
      -- of weights 2, 2, 5: c alone (isolated but winning), a + b
      local sys = system({ { "a", 2 }, { "b", 2 }, { "c", 5 } },
                         { { "a", "b", "chat" }, { "b", "a", "formal" } })
      sys:set_tie("a", "b", "chat", 0.001)
      local r = sys:minimal_winning{ quota = 4, connected = true }
      assert.are.same({ "c", "a b" }, ids(r))
      r = sys:minimal_winning{ quota = 4, connected = { layers = { "formal" },
                                                        combine = "count" } }
      assert.are.same({ "c", "a b" }, ids(r))
      -- quota 6: a + b + c wins but c is tied to no one
      r = sys:minimal_winning{ quota = 6, connected = true }
      assert.are.same({}, r.coalitions)
      assert.are.same({ "a c", "b c" }, ids(sys:minimal_winning{ quota = 6 }))
    end)

    it("gives Axelrod's minimal connected winning intervals on a line",
       function()
      -- Parties left to right, each tied to its neighbours.  Axelrod
      -- (1970): an interval i..j wins and loses when either end leaves.
      -- Seats 10, 25, 5, 20, 30, 10, quota 51 (of 100): by hand,
      --   1..4 = 60 (without 1: 50, without 4: 40) yes
      --   2..4 = 50 no;  2..5 = 80 (without 2: 55) no
      --   3..5 = 55 (without 3: 50, without 5: 25) yes
      --   4..6 = 60 (without 4: 40, without 6: 50) yes
      --   3..6 = 65 (without 3: 60) no;  2..5 no (above)
      -- so 1..4, 3..5, 4..6; the unconnected minimal winning coalition
      -- {2, 4, 6}... is not among them.
      local seats = { 10, 25, 5, 20, 30, 10 }
      local actors, ties = {}, {}
      for k, s in ipairs(seats) do
        actors[k] = { "p" .. k, s }
        if k > 1 then ties[#ties + 1] = { "p" .. (k - 1), "p" .. k } end
      end
      local sys = system(actors, ties)
      local r = sys:minimal_winning{ quota = 51, connected = true,
                                     order = "weight" }
      -- by weight (55, 60, 60), then size: 4..6 before 1..4
      assert.are.same({ "p3 p4 p5", "p4 p5 p6", "p1 p2 p3 p4" }, ids(r))
      -- p3 (5 seats) is no pivot of 1..4 but holds it together
      assert.are.same({ "p2", "p3" }, r.coalitions[3].brokers)
      assert.are.same({ "p1", "p2", "p4" }, r.coalitions[3].pivotal)
    end)

    it("matches the interval rule on random lines", function()
      math.randomseed(7)
      for _ = 1, 40 do
        local n = math.random(1, 12)
        local actors, ties, w, total = {}, {}, {}, 0
        for k = 1, n do
          w[k] = math.random(0, 20)
          total = total + w[k]
          actors[k] = { "p" .. k, w[k] }
          if k > 1 then ties[#ties + 1] = { "p" .. (k - 1), "p" .. k } end
        end
        local q = math.random(1, math.max(1, total))
        local want = {}
        for i = 1, n do
          local sum = 0
          for j = i, n do
            sum = sum + w[j]
            if sum >= q and sum - w[i] < q and (i == j or sum - w[j] < q) then
              local m = {}
              for k = i, j do m[#m + 1] = "p" .. k end
              want[table.concat(m, " ")] = true
            end
          end
        end
        local sys = system(actors, ties)
        local r = sys:minimal_winning{ quota = q, connected = true,
                                       limit = 1000 }
        local got = {}
        for _, s in ipairs(ids(r)) do got[s] = true end
        assert.are.same(want, got)
      end
    end)
  end)

  describe("against brute force", function()
    it("agrees on random systems of up to 16 actors", function()
      math.randomseed(20261126)
      local cases = 0
      for trial = 1, 160 do
        local n = trial <= 150 and math.random(1, 11) or math.random(12, 16)
        local sys, actors = random_system(n, math.random() * 0.5)
        local ids_ = {}
        for k = 1, n do ids_[k] = "a" .. k end
        local o = {}
        if math.random() < 0.5 then
          o.share = ({ 0.5, 0.25, 0.75, 0.375 })[math.random(4)]
        else
          local total = 0
          for _, a in ipairs(actors) do total = total + a[2] end
          o.quota = math.random(1, total + 1)
        end
        local r = math.random()
        if r < 0.3 then
          o.layers = true
        elseif r < 0.5 then
          o.layers = { "chat" }
        end
        if math.random() < 0.4 then
          o.issue = "i"
          if math.random() < 0.7 then o.d = math.random(0, 100) end
        end
        if math.random() < 0.2 then o.require = pick(ids_, 2) end
        if math.random() < 0.2 then
          o.exclude = {}
          for _, id in ipairs(pick(ids_, 2)) do
            if not set(o.require)[id] then o.exclude[#o.exclude + 1] = id end
          end
        end
        if math.random() < 0.2 then
          o.weight = {}
          for k = 1, n do o.weight["a" .. k] = math.random(0, 5) end
        end
        o.order = ({ "size", "weight", "range" })[math.random(o.issue and 3
                                                              or 2)]
        local want = reference(sys, o)
        local limit = math.random(1, 40)
        local got = sys:minimal_winning(options(o, { order = o.order,
                                                     limit = limit }))
        local what = ("trial %d (n = %d)"):format(trial, n)
        same(want, got.coalitions, limit, what)
        assert.are.equal(#want, got.stats.found, what .. ": found")
        assert.is_true(got.stats.complete, what)
        -- streamed, every one comes once
        local seen = 0
        local all = {}
        for _, c in ipairs(want) do all[table.concat(c.members, " ")] = true end
        sys:minimal_winning(options(o, { each = function(c)
          local key = table.concat(c.members, " ")
          assert.is_true(all[key], what .. ": streamed " .. key)
          all[key] = nil
          seen = seen + 1
        end }))
        assert.are.equal(#want, seen, what .. ": streamed")
        cases = cases + #want
      end
      assert.is_true(cases > 500, "too few coalitions to compare: " .. cases)
    end)
  end)

  describe("bounds its work", function()
    it("stops at max_nodes and says the result is incomplete", function()
      local actors = {}
      for k = 1, 24 do actors[k] = { "a" .. k, 1 } end
      local sys = system(actors)
      local r = sys:minimal_winning{ max_nodes = 1000 }
      assert.is_false(r.stats.complete)
      assert.is_true(r.stats.nodes <= 1000)
      assert.is_true(#r.coalitions > 0)
      for _, c in ipairs(r.coalitions) do assert.are.equal(13, c.size) end
    end)

    it("stops streaming when each returns false", function()
      local actors = {}
      for k = 1, 10 do actors[k] = { "a" .. k, 1 } end
      local sys = system(actors)
      local count = 0
      local r = sys:minimal_winning{ each = function()
        count = count + 1
        return count < 3
      end }
      assert.are.equal(3, count)
      assert.is_true(r.stats.stopped)
      assert.is_false(r.stats.complete)
      assert.are.same({}, r.coalitions)
    end)

    it("passes on an error raised by each, after cleaning up", function()
      local sys = system{ { "a", 1 }, { "b", 1 }, { "c", 1 } }
      assert.are.equal("boom", h.error_of(sys.minimal_winning, sys,
        { each = function() error("boom", 0) end }))
      local t = {}
      local ok, err = pcall(sys.minimal_winning, sys,
        { each = function() error(t) end })
      assert.is_false(ok)
      assert.are.equal(t, err)
    end)

    it("lets each change or close the system", function()
      local sys = system({ { "a", 3 }, { "b", 0 }, { "c", 3 } },
                         { { "a", "b" }, { "b", "c" } })
      local got = {}
      sys:minimal_winning{ quota = 5, connected = true, each = function(c)
        sys:remove_actor("b")
        got[#got + 1] = table.concat(c.members, " ")
      end }
      assert.are.same({ "a b c" }, got)
      local other = system{ { "a", 1 }, { "b", 1 } }
      other:minimal_winning{ quota = 1, each = function(c)
        other:close()
        got[#got + 1] = c.members[1]
      end }
      assert.are.same({ "a b c", "a", "b" }, got)
    end)
  end)

  describe("on the edge cases", function()
    it("finds nothing in an empty system", function()
      local r = diplomat.new{}:minimal_winning()
      assert.are.same({}, r.coalitions)
      assert.are.equal(0, r.total)
      assert.is_true(r.stats.complete)
    end)

    it("makes a lone actor with weight a coalition of one", function()
      local r = system{ { "a", 2 } }:minimal_winning()
      assert.are.same({ "a" }, ids(r))
      r = system{ { "a", 0 } }:minimal_winning()
      assert.are.same({}, r.coalitions)
    end)

    it("finds nothing when the quota is above the total", function()
      local sys = system{ { "a", 2 }, { "b", 3 } }
      local r = sys:minimal_winning{ quota = 6 }
      assert.are.same({}, r.coalitions)
      assert.are.equal(6, r.quota)
    end)

    it("reads share as more than that share of the total", function()
      -- total 4: share 0.5 needs more than 2, i.e. 3; share 1 needs all
      local sys = system{ { "a", 2 }, { "b", 1 }, { "c", 1 } }
      assert.are.same({ "a b", "a c" }, ids(sys:minimal_winning()))
      assert.are.equal(3, sys:minimal_winning().quota)
      assert.are.same({ "a b c" }, ids(sys:minimal_winning{ share = 1 }))
      -- share 0: any positive weight; by size, then weight
      assert.are.same({ "b", "c", "a" },
                      ids(sys:minimal_winning{ share = 0 }))
    end)

    it("reads weight, quota and share exactly as sys:power does", function()
      -- sys:power's info gives its quota and total in units of its
      -- resolution; both methods must play the same game
      math.randomseed(5)
      for trial = 1, 60 do
        local sys = diplomat.new{}
        local n = math.random(1, 8)
        for k = 1, n do
          local w = ({ math.random(0, 9), math.random(0, 99) / 10,
                       math.random() * 5 })[math.random(3)]
          sys:add_actor{ id = "a" .. k, capability = w,
                         attrs = { seats = math.random(0, 20) } }
        end
        local o = {}
        local r = math.random(4)
        if r == 1 then
          o.share = ({ 0.3, 0.5, 2 / 3, 0.1, 1, 0 })[math.random(6)]
        elseif r == 2 then
          o.quota = math.random(1, 40) / 4
        end
        if math.random() < 0.3 then o.weight = "attrs.seats" end
        if math.random() < 0.2 then o.resolution = 0.5 end
        local p = { method = "montecarlo", samples = 1 }
        for k, v in pairs(o) do p[k] = v end
        local _, info = sys:power(p)
        local mw = sys:minimal_winning(o)
        local what = ("trial %d"):format(trial)
        assert.are.equal(info.resolution, mw.resolution, what)
        assert.are.equal(info.quota * info.resolution, mw.quota, what)
        assert.are.equal(info.total * info.resolution, mw.total, what)
      end
    end)

    it("wins with more than a decimal share, as written", function()
      -- 0.3 of 10 is 3 (though the double 0.3 is a little less): 4 wins
      local actors = {}
      for k = 1, 10 do actors[k] = { "a" .. k, 1 } end
      local r = system(actors):minimal_winning{ share = 0.3, limit = 1 }
      assert.are.equal(4, r.quota)
      assert.are.equal(4, r.coalitions[1].size)
    end)

    it("weighs by an attribute or a table, in units", function()
      local sys = system{ { "a", 1 }, { "b", 1 }, { "c", 1 } }
      sys:set("a", "attrs.seats", 0.5)
      sys:set("b", "attrs.seats", 0.25)
      local r = sys:minimal_winning{ weight = "attrs.seats", quota = 0.6 }
      assert.are.same({ "a b" }, ids(r))
      assert.are.equal(0.75, r.coalitions[1].weight)
      assert.are.equal(0.01, r.resolution)
      r = sys:minimal_winning{ weight = { c = 5, a = 1 }, quota = 1 }
      assert.are.same({ "a", "c" }, ids(r))
    end)

    it("bounds the policy range and needs positions", function()
      local sys = system{ { "a", 1, 10 }, { "b", 1, 30 }, { "c", 1, 60 },
                          { "d", 1 } }
      -- quota 2: pairs of positioned actors; d has no position
      local r = sys:minimal_winning{ quota = 2, issue = "i",
                                     max_distance = 30, order = "range" }
      assert.are.same({ "a b", "b c" }, ids(r))
      assert.are.equal(20, r.coalitions[1].range)
      r = sys:minimal_winning{ quota = 2, issue = "i", max_distance = 0 }
      assert.are.same({}, r.coalitions)
    end)
  end)

  describe("rejects bad options", function()
    local sys = system({ { "a", 1, 10 }, { "b", 2 } }, { { "a", "b" } })
    local function err(o)
      return h.error_of(function() return sys:minimal_winning(o) end)
    end
    local function bad(msg)
      return "bad argument #1 to 'minimal_winning' (" .. msg .. ")"
    end
    it("with the message naming the problem", function()
      assert.are.equal(bad("unknown option 'quorum'"), err{ quorum = 1 })
      assert.are.equal(bad("give quota or share, not both"),
                       err{ quota = 1, share = 0.5 })
      assert.are.equal(bad("quota: must be positive, not 0"), err{ quota = 0 })
      assert.are.equal(bad("share: must be between 0 and 1, not 2"),
                       err{ share = 2 })
      assert.are.equal(bad("quota: must be a number, not string"),
                       err{ quota = "1" })
      assert.are.equal(bad("share: must be a finite number, not NaN"),
                       err{ share = 0 / 0 })
      assert.are.equal(bad("weight: unknown actor 'zz'"),
                       err{ weight = { zz = 1 } })
      assert.are.equal(bad("weight: actor 'a' has weight -1 (weights must "
        .. "be finite and >= 0)"), err{ weight = { a = -1 } })
      assert.are.equal(bad("weight: no actor has attrs.seats"),
                       err{ weight = "attrs.seats" })
      assert.are.equal(bad("weight: unknown weight 'votes' (use "
        .. "\"capability\", \"attrs.<name>\" or a table { [actor id] = "
        .. "weight })"), err{ weight = "votes" })
      assert.are.equal(bad("resolution: must be positive, not -1"),
                       err{ resolution = -1 })
      assert.are.equal(bad("issue: unknown issue 'zz'"), err{ issue = "zz" })
      assert.are.equal(bad("issue: must be an issue id, not number"),
                       err{ issue = 1 })
      assert.are.equal(bad("max_distance: needs an issue (whose positions "
        .. "it bounds)"), err{ max_distance = 1 })
      assert.are.equal(bad("max_distance: must be >= 0, not -1"),
                       err{ issue = "i", max_distance = -1 })
      assert.are.equal(bad("order: must be \"size\", \"weight\" or "
        .. "\"range\", not 'cost'"), err{ order = "cost" })
      assert.are.equal(bad("order: must be \"size\", \"weight\" or "
        .. "\"range\", not number"), err{ order = 1 })
      assert.are.equal(bad("order: \"range\" needs an issue"),
                       err{ order = "range" })
      assert.are.equal(bad("limit: must be between 1 and 1000000, not 0"),
                       err{ limit = 0 })
      assert.are.equal(bad("limit: must be an integer, not 1.5"),
                       err{ limit = 1.5 })
      assert.are.equal(bad("max_nodes: must be between 1 and "
        .. "9007199254740992, not 0"), err{ max_nodes = 0 })
      assert.are.equal(bad("time_budget: must be positive (seconds), not 0"),
                       err{ time_budget = 0 })
      assert.are.equal(bad("require: unknown actor 'zz'"),
                       err{ require = { "zz" } })
      assert.are.equal(bad("require: must be an array of actor ids, not "
        .. "string"), err{ require = "a" })
      assert.are.equal(bad("require: must be an array of actor ids (item 1 "
        .. "is number)"), err{ require = { 1 } })
      assert.are.equal(bad("exclude: 'a' is listed twice"),
                       err{ exclude = { "a", "a" } })
      assert.are.equal(bad("exclude: 'a' is also required"),
                       err{ require = { "a" }, exclude = { "a" } })
      assert.are.equal(bad("require: 'b' has no position on 'i'"),
                       err{ issue = "i", require = { "b" } })
      assert.are.equal(bad("connected: must be true or a table { layers = "
        .. "..., informal = ..., combine = ... }, not string"),
                       err{ connected = "chat" })
      assert.are.equal(bad("connected: unknown option 'mode' (use layers, "
        .. "informal, combine)"), err{ connected = { mode = "all" } })
      assert.are.equal(bad("layers: unknown layer 'zz'"),
                       err{ connected = { layers = { "zz" } } })
      assert.are.equal(bad("each: must be a function, not table"),
                       err{ each = {} })
      assert.are.equal(bad("limit: not with each (each is given every "
        .. "coalition)"), err{ each = print, limit = 3 })
      assert.are.equal(bad("order: not with each (coalitions come in the "
        .. "order found)"), err{ each = print, order = "size" })
      assert.are.equal("bad argument #1 to 'minimal_winning' (table "
        .. "expected, got number)", err(5))
      assert.are.equal(bad("option names must be strings"), err{ 5 })
      assert.are.equal(bad("limit: must be an integer, not string"),
                       err{ limit = "3" })
      -- the game, read as sys:power reads it
      assert.are.equal(bad("weight: keys must be actor ids"),
                       err{ weight = { 2 } })
      assert.are.equal(bad("weight.a: must be a number, not string"),
                       err{ weight = { a = "2" } })
      assert.are.equal(bad("weight: must be \"capability\", \"attrs.<name>\" "
        .. "or a table { [actor id] = weight }, not number"), err{ weight = 5 })
      local t = system{ { "a", 1 }, { "b", 2 } }
      t:set("a", "attrs.seats", "five")
      assert.are.equal(bad("weight: actor 'a' has a string attrs.seats, not a "
        .. "number"), h.error_of(function()
          return t:minimal_winning{ weight = "attrs.seats" } end))
      -- 1 / 1e-18 in doubles
      assert.are.equal(bad("weight: actor 'a' weighs 9.999999999999999e+17 "
        .. "units of 1e-18; the largest weight is 2^53 units (give a "
        .. "coarser resolution)"), err{ resolution = 1e-18 })
      assert.are.equal(bad("weight: the total weight is 9007199254740994 "
        .. "units of 1; the most is 2^53 units (give a coarser resolution)"),
        err{ weight = { a = 2 ^ 52, b = 2 ^ 52 + 2 } })
    end)

    it("takes at most 10,000 actors", function()
      local big = diplomat.new{}
      for k = 1, 10001 do big:add_actor{ id = "a" .. k } end
      assert.are.equal("bad argument #1 to 'minimal_winning' (the coalition "
        .. "searches take at most 10000 actors (this system has 10001))",
        h.error_of(function() return big:minimal_winning() end))
    end)
  end)
end)

describe("System:coalitions", function()
  local function ids(r)
    local out = {}
    for k, c in ipairs(r.coalitions) do
      out[k] = table.concat(c.members, " ")
    end
    return out
  end

  -- The hand-worked case: proposal at 50, tolerance 10, quota 6 of 10.
  --   actor  weight  x   s    cost = s * max(0, |x - 50| - 10)
  --   a      4       55  1    0              (within tolerance)
  --   b      3       20  0.5  0.5 * 20 = 10
  --   c      2       70  1    1 * 10 = 10
  --   d      1       90  0.8  0.8 * 30 = 24
  --   e      3       -   -    no position: cannot join
  -- Minimal winning among a..d (quota 6): a+b (7), a+c (6), a+c+... no;
  -- b+c+d (6), a+d+...: a+d = 5 loses, a+c+d = 7 holds d non-critical
  -- (6 without d).  Costs: a+b 10, a+c 10, b+c+d 44.  a+b and a+c tie on
  -- cost and size; a+b weighs more, so it ranks first.
  local function hand()
    return system{ { "a", 4, 55, 1 }, { "b", 3, 20, 0.5 },
                   { "c", 2, 70, 1 }, { "d", 1, 90, 0.8 }, { "e", 3 } }
  end

  it("ranks the coalitions of a hand-worked case", function()
    local sys = hand()
    local r = sys:coalitions{ issue = "i", target = 50, tolerance = 10,
                              quota = 6 }
    assert.are.same({ "a b", "a c", "b c d" }, ids(r))
    assert.are.same({ 10, 10, 44 }, { r.coalitions[1].cost,
      r.coalitions[2].cost, r.coalitions[3].cost })
    assert.are.same({ 7, 6, 6 }, { r.coalitions[1].weight,
      r.coalitions[2].weight, r.coalitions[3].weight })
    assert.are.same({ a = 0, b = 10, c = 10, d = 24 }, r.costs)
    assert.is_true(r.stats.exact)
    assert.are.equal(10, r.stats.lower_bound)
    assert.are.equal(0, r.stats.gap)
    assert.are.same({ "a b" }, ids(sys:coalitions{ issue = "i", target = 50,
      tolerance = 10, quota = 6, top = 1 }))
  end)

  it("asks the cost function once per actor that can join", function()
    local sys = hand()
    local asked = {}
    local r = sys:coalitions{ issue = "i", target = 50, tolerance = 10,
      quota = 6, cost = function(a, default)
        asked[#asked + 1] = a.id
        assert.are.equal(math.abs(a.position - 50), a.distance)
        if a.id == "a" then return false end       -- a will not join
        if a.id == "b" then return default / 2 end -- 5
        if a.id == "d" then return math.huge end   -- nor will d
      end }
    assert.are.same({ "a", "b", "c", "d" }, asked)
    -- without a and d the total open is b + c = 5 < 6: nothing
    assert.are.same({}, r.coalitions)
    assert.are.same({ b = 5, c = 10 }, r.costs)
    assert.is_true(r.stats.exact)
  end)

  it("keeps coalitions connected and names their brokers", function()
    -- a - x - b: x (weight 0, at the target) bridges a and b
    local sys = system({ { "a", 3, 40, 1 }, { "x", 0, 50, 1 },
                         { "b", 3, 60, 1 }, { "c", 2, 90, 1 } },
                       { { "a", "x" }, { "x", "b" }, { "b", "c" } })
    local r = sys:coalitions{ issue = "i", target = 50, quota = 5 }
    -- unconnected: a+b (cost 10 + 10 = 20), a+c (10 + 40), b+c (10 + 40)
    assert.are.same({ "a b", "a c", "b c" }, ids(r))
    r = sys:coalitions{ issue = "i", target = 50, quota = 5,
                        connected = true }
    -- connected: a-x-b (20, x free), b-c (50)
    assert.are.same({ "a x b", "b c" }, ids(r))
    assert.are.same({ "x" }, r.coalitions[1].brokers)
    assert.are.same({ "a", "b" }, r.coalitions[1].pivotal)
    assert.are.same({}, r.coalitions[2].brokers)
  end)

  it("agrees with brute force on random systems of up to 16 actors",
     function()
    math.randomseed(11262026)
    for trial = 1, 240 do
      local n = trial <= 225 and math.random(1, 11) or math.random(12, 16)
      local sys, actors = random_system(n, math.random() * 0.5)
      local o = {}
      if math.random() < 0.5 then
        o.share = ({ 0.5, 0.25, 0.75 })[math.random(3)]
      else
        local total = 0
        for _, a in ipairs(actors) do total = total + a[2] end
        o.quota = math.random(1, total + 1)
      end
      local r = math.random()
      if r < 0.4 then
        o.layers = true
      elseif r < 0.55 then
        o.layers = { "chat", "self" }
      end
      local target = math.random(0, 100)
      -- tolerance 100 makes every cost 0: ranked by size, then weight
      local tol = ({ 0, 0, math.random(0, 30), 100 })[math.random(4)]
      -- the cost rule, applied independently by the reference: the
      -- default, or a function that doubles care's costs and bars the
      -- heaviest, or one giving small whole costs (many exact ties)
      local custom = ({ false, false, "sector", "whole" })[math.random(4)]
      o.cost = {}
      for _, a in ipairs(actors) do
        if a[3] then
          local c = a[4] * math.max(0, math.abs(a[3] - target) - tol)
          if custom == "sector" and a.sector == "care" then c = 2 * c + 1 end
          if custom == "sector" and a[2] >= 8 then c = false end
          if custom == "whole" then c = (a[2] + a[3]) % 3 end
          o.cost[a[1]] = c
        end
      end
      local ids_ = {}
      for k = 1, n do ids_[k] = "a" .. k end
      if math.random() < 0.15 then
        o.require = {}
        for _, id in ipairs(pick(ids_, 1)) do
          if o.cost[id] then o.require[1] = id end
        end
      end
      if math.random() < 0.15 then o.exclude = pick(ids_, 1) end
      if o.require and o.exclude and o.require[1] == o.exclude[1] then
        o.exclude = nil
      end
      if math.random() < 0.2 then -- equal weights: ties down to members
        o.weight = {}
        for k = 1, n do o.weight["a" .. k] = 1 end
      end
      local top = math.random(1, 8)
      local opts = options(o, { issue = "i", target = target,
                                tolerance = tol, top = top })
      if custom == "sector" then
        opts.cost = function(a, default)
          if a.capability >= 8 then return false end
          if a.sector == "care" then return 2 * default + 1 end
        end
      elseif custom == "whole" then
        opts.cost = function(a)
          return (a.capability + a.position) % 3
        end
      end
      local want = reference(sys, o)
      local got = sys:coalitions(opts)
      local what = ("trial %d (n = %d)"):format(trial, n)
      same(want, got.coalitions, top, what)
      assert.is_true(got.stats.exact, what)
      if want[1] then
        assert.are.equal(want[1].cost, got.stats.lower_bound, what)
        assert.are.equal(0, got.stats.gap, what)
      end
      -- a budget too small: still valid coalitions, and a lower bound
      -- that the true optimum respects
      local cut = sys:coalitions(options(o, { issue = "i", target = target,
        tolerance = tol, top = top, max_nodes = 3, cost = opts.cost }))
      if not cut.stats.exact and want[1] then
        local valid = {}
        for _, c in ipairs(want) do valid[table.concat(c.members, " ")] = c end
        for _, c in ipairs(cut.coalitions) do
          assert.truthy(valid[table.concat(c.members, " ")], what)
        end
        assert.is_true(cut.stats.lower_bound <= want[1].cost + 1e-9, what)
        if cut.coalitions[1] then
          assert.is_true(cut.coalitions[1].cost >= want[1].cost, what)
          assert.are.equal(cut.coalitions[1].cost - cut.stats.lower_bound,
                           cut.stats.gap, what)
        end
      end
    end
  end)

  it("breaks full ties (cost, size, weight) by the members' order",
     function()
    -- everyone within tolerance (cost 0) and of equal weight: only the
    -- members' order tells coalitions of one size apart
    math.randomseed(99)
    for trial = 1, 30 do
      local n = math.random(4, 12)
      local sys = random_system(n, 0.3 + 0.4 * math.random())
      local o = { weight = {}, quota = math.random(1, n), cost = {},
                  layers = trial % 3 ~= 0 or nil }
      for _, a in ipairs(sys:actors()) do
        o.weight[a.id] = 1
        if sys:position(a.id, "i") then o.cost[a.id] = 0 end
      end
      local want = reference(sys, o)
      local got = sys:coalitions(options(o, { issue = "i", target = 50,
                                              tolerance = 100, top = 5 }))
      same(want, got.coalitions, 5, ("trial %d"):format(trial))
      assert.is_true(got.stats.exact)
    end
  end)

  it("reports a heuristic answer with a lower bound past its budget",
     function()
    math.randomseed(3)
    local actors, ties = {}, {}
    for k = 1, 40 do
      actors[k] = { "a" .. k, math.random(1, 9), math.random(0, 100),
                    math.random(1, 10) / 10 }
      if k > 1 then
        ties[#ties + 1] = { "a" .. math.random(k - 1), "a" .. k }
      end
    end
    local sys = system(actors, ties)
    local r = sys:coalitions{ issue = "i", target = 50, connected = true,
                              max_nodes = 200 }
    assert.is_false(r.stats.exact)
    assert.is_true(#r.coalitions > 0)
    assert.is_true(r.stats.lower_bound <= r.coalitions[1].cost)
    assert.is_true(r.stats.gap >= 0)
    assert.is_true(r.stats.nodes <= 200)
  end)

  it("stops at its time budget", function()
    -- 30 actors of equal weight, all within tolerance: C(30, 16) coalitions
    -- tie on cost, size and weight, more than the budget can rank
    local actors = {}
    for k = 1, 30 do actors[k] = { "a" .. k, 1, 50 } end
    local sys = system(actors)
    local r = sys:coalitions{ issue = "i", target = 50, tolerance = 100,
                              max_nodes = 1e12, time_budget = 0.05 }
    assert.is_false(r.stats.exact)
    assert.is_true(r.stats.seconds < 2)
    assert.are.equal(5, #r.coalitions)
    assert.are.equal(0, r.stats.lower_bound)
    assert.are.equal(0, r.stats.gap)
  end)

  describe("on the edge cases", function()
    it("finds nothing in an empty system", function()
      local sys = diplomat.new{}
      sys:add_issue{ id = "i" }
      local r = sys:coalitions{ issue = "i", target = 50 }
      assert.are.same({}, r.coalitions)
      assert.is_true(r.stats.exact)
      assert.is_nil(r.stats.lower_bound)
    end)

    it("lets one actor carry it alone", function()
      local r = system{ { "a", 1, 80, 0.5 } }:coalitions{ issue = "i",
                                                          target = 50 }
      assert.are.same({ "a" }, ids(r))
      assert.are.equal(15, r.coalitions[1].cost) -- 0.5 * 30
    end)

    it("leaves out actors without a position", function()
      local r = system{ { "a", 1 }, { "b", 1, 50 } }:coalitions{
        issue = "i", target = 50 }
      -- total 2, more than half needs 2: b alone cannot
      assert.are.same({}, r.coalitions)
      assert.are.same({ b = 0 }, r.costs)
    end)
  end)

  describe("rejects bad options", function()
    local sys = hand()
    local function err(o)
      return h.error_of(function() return sys:coalitions(o) end)
    end
    local function bad(msg)
      return "bad argument #1 to 'coalitions' (" .. msg .. ")"
    end
    it("with the message naming the problem", function()
      assert.are.equal(bad("issue: missing (the issue the proposal is on)"),
                       err{ target = 50 })
      assert.are.equal(bad("target: missing (the position of the proposal)"),
                       err{ issue = "i" })
      assert.are.equal(bad("target: must be on the issue's scale 0..100, "
        .. "not 150"), err{ issue = "i", target = 150 })
      assert.are.equal(bad("target: must be a number, not string"),
                       err{ issue = "i", target = "50" })
      assert.are.equal(bad("tolerance: must be >= 0, not -1"),
                       err{ issue = "i", target = 50, tolerance = -1 })
      assert.are.equal(bad("top: must be between 1 and 1000, not 0"),
                       err{ issue = "i", target = 50, top = 0 })
      assert.are.equal(bad("cost: must be a function, not number"),
                       err{ issue = "i", target = 50, cost = 1 })
      assert.are.equal(bad("unknown option 'max_distance'"),
                       err{ issue = "i", target = 50, max_distance = 5 })
      assert.are.equal(bad("cost: returned -1 for actor 'a' (a cost must be "
        .. "a number >= 0, nil for the default, or false when it cannot "
        .. "join)"), err{ issue = "i", target = 50,
                          cost = function() return -1 end })
      assert.are.equal(bad("cost: returned string for actor 'a' (a cost "
        .. "must be a number >= 0, nil for the default, or false when it "
        .. "cannot join)"), err{ issue = "i", target = 50,
                                 cost = function() return "1" end })
      assert.are.equal(bad("cost: returned NaN for actor 'a' (a cost must "
        .. "be a number >= 0, nil for the default, or false when it cannot "
        .. "join)"), err{ issue = "i", target = 50,
                          cost = function() return 0 / 0 end })
      assert.are.equal(bad("cost: the function changed the system"),
        err{ issue = "i", target = 50, cost = function()
          sys:set("a", "capability", 4)
        end })
      assert.are.equal("boom", err{ issue = "i", target = 50,
        cost = function() error("boom", 0) end })
      assert.are.equal(bad("require: 'e' has no position on 'i'"),
                       err{ issue = "i", target = 50, require = { "e" } })
      assert.are.equal(bad("time_budget: must be a finite number, not inf"),
                       err{ issue = "i", target = 50, time_budget = 1 / 0 })
    end)
  end)
end)
