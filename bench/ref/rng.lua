-- xoshiro256** seeded by splitmix64, with Box-Muller normals: the
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
  local sqrt, log, cos, two_pi = math.sqrt, math.log, math.cos,
    6.283185307179586476925286766559
  function g.normal()
    local u1, u2 = g.uniform(), g.uniform()
    return sqrt(-2.0 * log(1.0 - u1)) * cos(two_pi * u2)
  end
  return g
end

return M
