--- Helpers shared by the specs: `local h = require "spec.helpers"`.
-- Not a spec itself (busted only runs files matching `_spec`).
local assert = require "luassert"

local M = {}

--- The message of the error that `fn(...)` raises, without the
-- "file:line: " prefix Lua adds (the same stripping luassert's
-- `has_error` does), or nil when it does not raise.
function M.error_of(fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then return nil end
  if type(err) == "string" then
    err = err:gsub("^[^\n]-:%d+: ", "", 1)
  end
  return err
end

--- Asserts that `fn` raises exactly `msg` and that `sys` is left as it
-- was: the same encoding (every field of every object) and the same
-- generation.
function M.rejects(sys, msg, fn)
  local before, gen = sys:encode(), sys:generation()
  assert.are.equal(msg, M.error_of(fn))
  assert.are.equal(before, sys:encode(), "a failed call changed the system")
  assert.are.equal(gen, sys:generation(),
    "a failed call changed the generation")
end

--- The keys of t, sorted (for comparing id sets).
function M.sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

return M
