-- xoshiro256** seeded by splitmix64, with ziggurat normals: the
-- generator of csrc/rng.c written in pure Lua (5.4 integers are 64-bit
-- and wrap around, >> is a logical shift), so the references draw the
-- same numbers as diplomat.
local M = {}

local function splitmix64(state)
  state = state + 0x9e3779b97f4a7c15
  local z = state
  z = (z ~ (z >> 30)) * 0xbf58476d1ce4e5b9
  z = (z ~ (z >> 27)) * 0x94d049bb133111eb
  return z ~ (z >> 31), state
end
M.splitmix64 = splitmix64

local function rotl(x, k) return (x << k) | (x >> (64 - k)) end

--- A generator seeded with seed: an object with next(), uniform(),
-- normal().
function M.new(seed)
  local s0, s1, s2, s3
  local st = seed
  s0, st = splitmix64(st)
  s1, st = splitmix64(st)
  s2, st = splitmix64(st)
  s3 = splitmix64(st)
  local g = {}
  function g.next()
    local result = rotl(s1 * 5, 7) * 9
    local t = s1 << 17
    s2 = s2 ~ s0
    s3 = s3 ~ s1
    s1 = s1 ~ s2
    s0 = s0 ~ s3
    s2 = s2 ~ t
    s3 = rotl(s3, 45)
    return result
  end
  function g.uniform() return (g.next() >> 11) * 0x1.0p-53 end
  -- the ziggurat's 256 layers (as csrc/rng.h describes them)
  local sqrt, log, exp = math.sqrt, math.log, math.exp
  local R, V = 3.654152885361009, 0.004928673233974655
  local function f(x) return exp(-0.5 * x * x) end
  local X, Y = { [0] = V / f(R), R }, { [0] = 0.0 }
  for i = 1, 254 do X[i + 1] = sqrt(-2.0 * log(V / X[i] + f(X[i]))) end
  X[256] = 0.0
  for i = 1, 255 do Y[i] = f(X[i]) end
  Y[256] = 1.0
  local next, uniform = g.next, g.uniform
  function g.normal()
    while true do
      local w = next()
      local i = w & 255
      local x = (w >> 11) * 0x1.0p-53 * X[i]
      if x < X[i + 1] then return (w >> 8) & 1 == 1 and -x or x end
      if i == 0 then
        local a, b
        repeat
          a = -log(1.0 - uniform()) / R
          b = -log(1.0 - uniform())
        until b + b >= a * a
        return (w >> 8) & 1 == 1 and -(R + a) or R + a
      end
      if Y[i] + uniform() * (Y[i + 1] - Y[i]) < f(x) then
        return (w >> 8) & 1 == 1 and -x or x
      end
    end
  end
  return g
end

return M
