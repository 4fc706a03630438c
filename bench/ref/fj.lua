-- Reference: Friedkin-Johnsen opinion dynamics by iteration, in pure Lua
-- (diplomat: csrc/dynamics.c, method "iterate", default options).
--   x(t+1) = L W x(t) + (I - L) x(0),  L = diag(1 - salience)
-- W: row i holds the weight of each arc j -> i of the view (actors with a
-- position only), plus a self-weight equal to the mean weight of the
-- incoming arcs, normalised to sum to 1.  Stops when a step moves no one
-- more than tol x scale and the geometric tail delta q / (1 - q), q the
-- contraction rate, is within that too.
local M = {}

--- n actors; arcs: { {from, to, weight}, ... } (the combined view);
-- x0[i], sal[i]: position and salience (nil: no position).  Returns the
-- positions (nil outside the model) and the iterations.
function M.run(n, arcs, x0, sal, scale, tol, max_iterations)
  tol = (tol or 1e-9) * scale
  local floor = 1e-14 * scale
  -- W in compressed rows: count, fill, normalise
  local start, count = {}, {}
  for i = 1, n + 1 do count[i] = 0 end
  for _, a in ipairs(arcs) do
    local f, t = a[1], a[2]
    if f ~= t and x0[f] and x0[t] then count[t] = count[t] + 1 end
  end
  start[1] = 1
  for i = 1, n do start[i + 1] = start[i] + count[i] end
  local col, w, fill, diag = {}, {}, {}, {}
  for i = 1, n do fill[i], diag[i] = start[i], 0 end
  for _, a in ipairs(arcs) do
    local f, t, wt = a[1], a[2], a[3]
    if x0[f] and x0[t] then
      if f == t then diag[t] = diag[t] + wt
      else
        col[fill[t]], w[fill[t]] = f, wt
        fill[t] = fill[t] + 1
      end
    end
  end
  local lam, x, nx = {}, {}, {}
  for i = 1, n do
    if x0[i] then
      local deg, total = start[i + 1] - start[i], 0
      for k = start[i], start[i + 1] - 1 do total = total + w[k] end
      diag[i] = diag[i] + (deg > 0 and total / deg or 1.0)
      total = total + diag[i]
      if total > 0 then
        diag[i] = diag[i] / total
        for k = start[i], start[i + 1] - 1 do w[k] = w[k] / total end
      else
        diag[i] = 1.0
      end
      lam[i] = 1 - sal[i]
      x[i] = x0[i]
    end
  end
  local prev, it = 0, 0
  for step = 1, max_iterations or 10000 do
    local delta = 0
    for i = 1, n do
      local xi = x[i]
      if xi then
        local acc = diag[i] * xi
        for k = start[i], start[i + 1] - 1 do acc = acc + w[k] * x[col[k]] end
        local v = lam[i] * acc + (1 - lam[i]) * x0[i]
        nx[i] = v
        local d = math.abs(v - xi)
        if d > delta then delta = d end
      end
    end
    for i = 1, n do if x[i] then x[i] = nx[i] end end
    it = step
    if delta <= floor then break end
    if delta <= tol and prev > 0 then
      local q = delta / prev
      if q < 1 and delta * q / (1 - q) <= tol then break end
    end
    prev = delta
  end
  return x, it
end

return M
