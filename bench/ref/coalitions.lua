-- Reference: the cheapest minimal winning coalitions that can carry a
-- proposal, by branch and bound in pure Lua (diplomat: csrc/coalition.c,
-- sys:coalitions without a network).  An actor at distance d from the
-- target costs s (d - tolerance) beyond the tolerance, 0 within it; a
-- coalition wins with more than half the total weight (of every actor,
-- as sys:coalitions counts it) and is minimal when every member is
-- critical.  Include/exclude search over the players in increasing cost
-- per unit of weight; a branch stops at a winning set, and is pruned
-- when the players left cannot make up the quota or when the cost so
-- far plus the fractional covering knapsack over the players left
-- (Dantzig 1957) exceeds the k-th best cost.  Coalitions rank by cost,
-- then fewer members, then more weight, then the members' indices.
--
-- It returns what sys:coalitions returns for this call (no network, no
-- cost function, no require or exclude): the coalitions with members,
-- weight, size, cost, pivotal and brokers; costs, quota, total,
-- resolution; and of stats exact, lower_bound and gap.  Left out:
-- stats.nodes (the engine's own count of search nodes, which depends on
-- how it orders and prunes, not on the answer) and stats.seconds (a
-- clock reading).  resolution is 1: the reference takes whole weights
-- only (the benchmark's capabilities are 1..10), where diplomat would
-- find the coarsest unit that makes them whole.
local M = {}

local function before(a, b)
  if a.cost ~= b.cost then return a.cost < b.cost end
  if #a.members ~= #b.members then return #a.members < #b.members end
  if a.weight ~= b.weight then return a.weight > b.weight end
  for i = 1, #a.members do
    if a.members[i] ~= b.members[i] then return a.members[i] < b.members[i] end
  end
  return false
end

--- t: tables of bench/inputs.lua (actors with id and capability,
-- positions by actor number).  Returns { coalitions = { { members,
-- weight, size, cost, pivotal, brokers }, ... }, costs = { [id] = cost },
-- quota, total, resolution, stats = { exact, lower_bound, gap } } of the
-- top k, members as actor ids in the order the actors were added.
function M.run(t, target, tolerance, k)
  local players, costs, costof, total = {}, {}, {}, 0
  for i, a in ipairs(t.actors) do
    assert(a.capability % 1 == 0, "the reference takes whole weights")
    total = total + a.capability
    local p = t.positions[i]
    if p then
      local d = math.abs(p.position - target)
      local cost = d > tolerance and p.salience * (d - tolerance) or 0
      players[#players + 1] = { i = i, w = a.capability, c = cost }
      costs[a.id], costof[i] = cost, cost
    end
  end
  local q = total // 2 + 1
  table.sort(players, function(a, b)
    local ra, rb = a.c / a.w, b.c / b.w
    if ra ~= rb then return ra < rb end
    return a.i < b.i
  end)
  local n = #players
  local rest = {} -- weight of players j..n
  rest[n + 1] = 0
  for j = n, 1, -1 do rest[j] = rest[j + 1] + players[j].w end
  local best, chosen = {}, {}
  -- fractional knapsack: the least cost of weight `need` from j..n
  local function bound(j, need)
    local c = 0
    for m = j, n do
      if need <= 0 then break end
      local p = players[m]
      if p.w >= need then return c + p.c * need / p.w end
      c, need = c + p.c, need - p.w
    end
    return need <= 0 and c or math.huge
  end
  -- the chosen set, winning: kept if minimal and among the best k; its
  -- cost summed over the members in actor order, as diplomat sums it, so
  -- that one set always costs the same to the last bit
  local function keep(weight)
    local members, lightest = {}, math.huge
    for m, p in ipairs(chosen) do
      members[m] = p.i
      if p.w < lightest then lightest = p.w end
    end
    if weight - lightest >= q then return end -- not minimal
    table.sort(members)
    local cost = 0
    for _, i in ipairs(members) do cost = cost + costof[i] end
    local c = { cost = cost, weight = weight, members = members }
    local pos = #best + 1
    while pos > 1 and before(c, best[pos - 1]) do pos = pos - 1 end
    if pos > k then return end
    table.insert(best, pos, c)
    if #best > k then best[#best] = nil end
  end
  local function search(j, cost, weight)
    if weight >= q then keep(weight) return end
    if j > n or weight + rest[j] < q then return end
    if #best == k and cost + bound(j, q - weight) > best[k].cost then return end
    local p = players[j]
    chosen[#chosen + 1] = p
    search(j + 1, cost + p.c, weight + p.w)
    chosen[#chosen] = nil
    search(j + 1, cost, weight)
  end
  search(1, 0, 0)
  -- the result: ids for actor numbers; a member is pivotal when the
  -- coalition loses without it; brokers need a network (none here)
  local coalitions = {}
  for r, c in ipairs(best) do
    local members, pivotal = {}, {}
    for m, i in ipairs(c.members) do
      local a = t.actors[i]
      members[m] = a.id
      if c.weight - a.capability < q then pivotal[#pivotal + 1] = a.id end
    end
    coalitions[r] = { members = members, weight = c.weight,
                      size = #members, cost = c.cost, pivotal = pivotal,
                      brokers = {} }
  end
  -- the search ran to the end: the best cost is the lower bound
  local stats = { exact = true }
  if #best > 0 then stats.lower_bound, stats.gap = best[1].cost, 0 end
  return { coalitions = coalitions, costs = costs, quota = q,
           total = total, resolution = 1, stats = stats }
end

--- Counts the minimal winning coalitions of the weighted voting game
-- (weights, more than half to win): include/exclude search over the
-- players in decreasing weight, each branch stopping at its first
-- winning set (minimal: its last member is its lightest), pruned when
-- the players left cannot make up the quota (diplomat: minimal_winning
-- without a network).  Returns the count.
function M.count_minimal(weights)
  local w, total = {}, 0
  for i, x in ipairs(weights) do w[i], total = x, total + x end
  table.sort(w, function(a, b) return a > b end)
  local n, q = #w, total // 2 + 1
  local rest = { [n + 1] = 0 }
  for j = n, 1, -1 do rest[j] = rest[j + 1] + w[j] end
  local count = 0
  local function search(j, weight)
    if weight >= q then count = count + 1 return end
    if j > n or weight + rest[j] < q then return end
    search(j + 1, weight + w[j])
    search(j + 1, weight)
  end
  search(1, 0)
  return count
end

return M
