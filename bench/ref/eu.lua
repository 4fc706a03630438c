-- Reference: the Expected Utility model (Bueno de Mesquita; Scholz,
-- Calbert & Smith 2011) summed straight from its equations, in pure Lua,
-- with diplomat's default options (probability "bdm", risk "others",
-- compromise "least_move", q = t = 1).  diplomat's csrc/eu_model.c gets
-- the probabilities from prefix sums, O(m n + n^2) a round; here every
-- probability is a sum over the voters, O(n^3) a round: the direct
-- implementation a modeller would write.
local M = {}

local abs = math.abs

-- The c s weighted median: the first position, in ascending order, at
-- which the cumulative weight reaches half the total (less 1e-12 of it).
local function median(x, w, n)
  local order, total = {}, 0
  for i = 1, n do
    order[i] = i
    if w[i] > 0 then total = total + w[i] end
  end
  table.sort(order, function(a, b)
    if x[a] ~= x[b] then return x[a] < x[b] end
    return a < b
  end)
  local half, cum = 0.5 * total - 1e-12 * total, 0
  for _, i in ipairs(order) do
    if w[i] > 0 then
      cum = cum + w[i]
      if cum >= half then return x[i] end
    end
  end
  return x[order[n]]
end

-- P[i][j]: the chance that i's position beats j's, votes with exponents r.
local function probabilities(n, x, w, r, inv)
  local P = {}
  for i = 1, n do P[i] = {} end
  for i = 1, n do
    for j = i + 1, n do
      local a, b = 0, 0
      if x[i] ~= x[j] then
        for k = 1, n do
          local rk = r[k]
          local v = w[k] * ((abs(x[k] - x[j]) * inv) ^ rk
                            - (abs(x[k] - x[i]) * inv) ^ rk)
          if v > 0 then a = a + v elseif v < 0 then b = b - v end
        end
      end
      local den = a + b
      if den > 0 then P[i][j], P[j][i] = a / den, b / den
      else P[i][j], P[j][i] = 0.5, 0.5 end
    end
  end
  return P
end

-- Gains over the status quo for evaluator exponent r at distance d:
-- U_s - U_sq and U_f - U_sq, with U = 2 - 4 (...)^r.
local function gains(d, r)
  local K = 4 * 0.5 ^ r
  local gs = d < 1 and K * (1 - (1 - d) ^ r) or K
  return gs, K * (1 - (1 + d) ^ r)
end

-- EU of a challenge (q = 1): s_def (P g_s + (1 - P) g_f) + (1 - s_def) g_s.
local function eu(P, sdef, gs, gf)
  return sdef * (P * gs + (1 - P) * gf) + (1 - sdef) * gs
end

-- Offer types, best first.
local CONFLICT, COMPROMISE, CAPITULATION = 1, 2, 3

local function round(n, x, s, w, inv)
  local mu = median(x, w, n)
  local e, r = {}, {}
  for i = 1, n do e[i], r[i] = abs(x[i] - mu) * inv, 1 end
  -- dangers with every r = 1, then the risk exponents
  local P = probabilities(n, x, w, r, inv)
  local D, maxD, minD = {}, -math.huge, math.huge
  for i = 1, n do
    local Di = 0
    for j = 1, n do
      if j ~= i then
        local d = abs(x[j] - x[i]) * inv
        Di = Di + eu(P[j][i] or 0, s[i], 2 * d, -2 * d)
      end
    end
    D[i] = Di
    if Di > maxD then maxD = Di end
    if Di < minD then minD = Di end
  end
  local spread = maxD - minD
  for i = 1, n do
    local R = 0
    if spread > 1e-12 * (abs(maxD) + abs(minD)) then
      R = (2 * D[i] - maxD - minD) / spread
    end
    r[i] = (1 - R / 3) / (1 + R / 3)
  end
  P = probabilities(n, x, w, r, inv)
  -- every actor takes its best offer
  local new = {}
  for i = 1, n do
    local btype, bpos, brank, bfrom = nil, x[i], nil, nil
    for j = 1, n do
      if x[j] ~= x[i] then
        local d = abs(x[j] - x[i]) * inv
        local gsi, gfi = gains(d, r[i])
        local gsj, gfj = gains(d, r[j])
        local eij = eu(P[i][j], s[j], gsi, gfi)
        local eji = eu(P[j][i], s[i], gsj, gfj)
        local t, pos
        if eji > eij and eij > 0 then t, pos = CONFLICT, x[j]
        elseif eji > 0 and 0 > eij and eji > abs(eij) then
          t, pos = COMPROMISE, x[i] + (x[j] - x[i]) * abs(eij / eji)
        elseif eji > 0 and 0 > eij and eji < abs(eij) then
          t, pos = CAPITULATION, x[j]
        end
        if t then
          local rk = abs(pos - x[i])
          if not btype or t < btype or (t == btype and (rk < brank
              or (rk == brank and j < bfrom))) then
            btype, bpos, brank, bfrom = t, pos, rk, j
          end
        end
      end
    end
    new[i] = bpos
  end
  return new
end

--- n actors with capability c, salience s, position x (arrays); at most
-- rounds rounds, stopping when nobody moves more than tol or positions
-- come back to an earlier round's.  Returns the final positions and the
-- outcome (their weighted median).
function M.run(n, c, s, x0, rounds, tol)
  local w, lo, hi = {}, math.huge, -math.huge
  for i = 1, n do
    w[i] = c[i] * s[i]
    if x0[i] < lo then lo = x0[i] end
    if x0[i] > hi then hi = x0[i] end
  end
  local inv = hi > lo and 1 / (hi - lo) or 0
  local hist = { [0] = x0 }
  local x = x0
  local function maxdiff(a, b)
    local m = 0
    for i = 1, n do m = math.max(m, abs(a[i] - b[i])) end
    return m
  end
  for t = 1, rounds do
    local nx = round(n, x, s, w, inv)
    hist[t] = nx
    if maxdiff(nx, x) <= tol then x = nx break end
    local cycle = false
    for p = 2, t do
      if maxdiff(nx, hist[t - p]) <= tol then cycle = true break end
    end
    x = nx
    if cycle then break end
  end
  return x, median(x, w, n)
end

return M
