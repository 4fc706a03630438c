-- Reference: the compromise forecast under perturbed inputs, in pure Lua
-- (diplomat: csrc/perturb.c, csrc/bargain.c).  Each run draws, actor by
-- actor, a position then a salience with Gaussian noise (clamped to the
-- scale and to [0, 1]), computes O = sum c s x / sum c s, and the runs'
-- outcomes are summarised (mean, sample sd, quantiles of type 7).
local rng = require "ref.rng"

local M = {}

local function quantile(v, p)
  local h = (#v - 1) * p
  local lo = math.floor(h)
  if lo >= #v - 1 then return v[#v] end
  return v[lo + 1] + (h - lo) * (v[lo + 2] - v[lo + 1])
end

--- x, s, c: arrays; lo, hi: the scale; p: { runs, position, salience,
-- seed }.  Returns { mean, sd, p05, p50, p95 }.
function M.run(x, s, c, lo, hi, p)
  local g = rng.new(p.seed)
  local n, out = #x, {}
  for _ = 1, p.runs do
    local num, den = 0, 0
    for i = 1, n do
      local xi, si = x[i], s[i]
      if p.position > 0 then
        xi = x[i] + p.position * g.normal()
        xi = xi < lo and lo or (xi > hi and hi or xi)
      end
      if p.salience > 0 then
        si = s[i] + p.salience * g.normal()
        si = si < 0 and 0 or (si > 1 and 1 or si)
      end
      local w = c[i] * si
      num, den = num + w * xi, den + w
    end
    if den > 0 then out[#out + 1] = num / den end
  end
  table.sort(out)
  local sum, ss = 0, 0
  for _, v in ipairs(out) do sum = sum + v end
  local mean = sum / #out
  for _, v in ipairs(out) do ss = ss + (v - mean) ^ 2 end
  return { mean, math.sqrt(ss / (#out - 1)), quantile(out, 0.05),
           quantile(out, 0.5), quantile(out, 0.95) }
end

return M
