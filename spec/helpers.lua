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

--- s quoted for a POSIX shell.
function M.shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

--- Runs a shell command; returns what it printed (stdout and stderr).
function M.run(cmd)
  local f = assert(io.popen(cmd .. " 2>&1"))
  local out = f:read("a")
  f:close()
  return out
end

--- A new empty folder (mktemp -d); remove it with `remove_tree`.
function M.new_tmpdir()
  local f = assert(io.popen("mktemp -d"))
  local dir = f:read("l")
  f:close()
  assert(dir and dir:match("^/.*/tmp%.%w+$"), "mktemp -d failed")
  return dir
end

--- Removes a folder made by `new_tmpdir`, and refuses any other path.
function M.remove_tree(dir)
  assert(dir:match("^/.*/tmp%.%w+$"), "not a mktemp folder: " .. dir)
  os.execute("rm -rf " .. M.shell_quote(dir))
end

--- The bytes of a file.
function M.read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

--- Writes text to a file, replacing it.
function M.write_file(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

--- The names in a folder, sorted (without . and ..).
function M.listing(dir)
  local names = {}
  for name in M.run("ls -A " .. M.shell_quote(dir)):gmatch("[^\n]+") do
    names[#names + 1] = name
  end
  table.sort(names)
  return names
end

return M
