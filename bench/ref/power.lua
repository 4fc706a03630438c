-- Reference: exact Banzhaf and Shapley-Shubik indices of a weighted
-- voting game in pure Lua, by the same dynamic programme diplomat uses
-- (csrc/power.c): in probability space, every other player joining
-- independently with probability t, a player of weight w swings with
-- probability f(t) = P(others weigh q - w .. q - 1).  Players of equal
-- weight form a class; the distribution of the others' weight for a
-- member of class c is (prefix over the classes before c) * (suffix
-- over the classes after c) * (the other members of c), truncated at
-- q - 1, and the window sum comes from prefix sums of the second factor.
-- Banzhaf (normalised) uses f(1/2); Shapley-Shubik is the integral of
-- f over [0, 1] (Owen 1972), exact by Gauss-Legendre quadrature with
-- ceil(n / 2) nodes (f is a polynomial of degree n - 1).  Time O(n q)
-- per node.  No pruning of negligible nodes (diplomat drops those where
-- Hoeffding's bound puts f below 1e-30).
local M = {}

-- Adds one player of weight w joining with probability t to the
-- distribution d (entries 0..q-1, truncated), in place.
local function add(d, q, w, t)
  local u = 1 - t
  for x = q - 1, w, -1 do d[x] = d[x] * u + d[x - w] * t end
  for x = math.min(w, q) - 1, 0, -1 do d[x] = d[x] * u end
end

local function point(q)
  local d = {}
  for x = 0, q - 1 do d[x] = 0 end
  d[0] = 1
  return d
end

local function copy(d, q)
  local e = {}
  for x = 0, q - 1 do e[x] = d[x] end
  return e
end

-- f(t) for every class: classes = { {w = weight, m = count}, ... }.
local function swings(classes, q, t)
  local C = #classes
  local prefix = { [1] = point(q) }
  for c = 1, C - 1 do
    local d = copy(prefix[c], q)
    for _ = 1, classes[c].m do add(d, q, classes[c].w, t) end
    prefix[c + 1] = d
  end
  local f = {}
  local suffix = point(q)
  for c = C, 1, -1 do
    local w, m = classes[c].w, classes[c].m
    -- T = suffix * (m - 1 members of weight w); prefix sums of T
    local T = copy(suffix, q)
    for _ = 1, m - 1 do add(T, q, w, t) end
    local cum, run = {}, 0
    for x = 0, q - 1 do run = run + T[x]; cum[x] = run end
    local P, s = prefix[c], 0
    for y = 0, q - 1 do
      local py = P[y]
      if py ~= 0 then
        local hi, lo = q - 1 - y, q - w - 1 - y
        local win = cum[hi] - (lo >= 0 and cum[lo] or 0)
        s = s + py * win
      end
    end
    f[c] = s
    for _ = 1, m do add(suffix, q, w, t) end
  end
  return f
end

-- Gauss-Legendre nodes and weights on [-1, 1] (Newton's method on the
-- Legendre polynomial; Numerical Recipes' gauleg).
local function legendre(N)
  local x, w = {}, {}
  for i = 1, (N + 1) // 2 do
    local z = math.cos(math.pi * (i - 0.25) / (N + 0.5))
    local pp
    repeat
      local p1, p2 = 1, 0
      for j = 1, N do
        local p3 = p2
        p2 = p1
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j
      end
      pp = N * (z * p1 - p2) / (z * z - 1)
      local z1 = z
      z = z1 - p1 / pp
    until math.abs(z - z1) <= 1e-15
    x[i], x[N + 1 - i] = -z, z
    w[i] = 2 / ((1 - z * z) * pp * pp)
    w[N + 1 - i] = w[i]
  end
  return x, w
end

-- Classes of equal weight and each player's class.
local function classes_of(weights)
  local byw, classes, of = {}, {}, {}
  for i, w in ipairs(weights) do
    if not byw[w] then
      classes[#classes + 1] = { w = w, m = 0 }
      byw[w] = #classes
    end
    local c = byw[w]
    classes[c].m = classes[c].m + 1
    of[i] = c
  end
  return classes, of
end

--- index: "banzhaf" | "shapley"; weights: positive whole numbers; q:
-- the quota.  Returns the index of every player, in order.
function M.index(index, weights, q)
  local n = #weights
  local classes, of = classes_of(weights)
  local value = {}
  if index == "banzhaf" then
    local f = swings(classes, q, 0.5)
    local total = 0
    for i = 1, n do total = total + f[of[i]] end
    for i = 1, n do value[i] = total > 0 and f[of[i]] / total or 0 end
  else
    local N = (n + 1) // 2
    local x, w = legendre(N)
    local phi = {}
    for c = 1, #classes do phi[c] = 0 end
    for k = 1, N do
      local f = swings(classes, q, (x[k] + 1) / 2)
      for c = 1, #classes do phi[c] = phi[c] + w[k] / 2 * f[c] end
    end
    for i = 1, n do value[i] = phi[of[i]] end
  end
  return value
end

return M
