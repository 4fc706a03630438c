-- Several lua_States in one process: a C host (spec/hosts/states.c, built
-- by the Makefile as build/states) interleaves work on the default map in
-- four states; any global state in the module would show as a wrong
-- answer there.

describe("diplomat embedded in a C host", function()
  it("works in several lua_States side by side", function()
    local f = assert(io.popen("build/states examples/data/northvale.json 2>&1"))
    local out = f:read("a")
    local ok, how, code = f:close()
    assert.are.equal("ok 4 states\n", out)
    assert.is_true(ok, ("host exited with %s %s"):format(how, code))
  end)

  it("reports a Lua error in one state without aborting the host", function()
    local f = assert(io.popen("build/states /nonexistent.json 2>&1"))
    local out = f:read("a")
    local ok, _, code = f:close()
    assert.is_nil(ok)
    assert.are.equal(1, code)
    assert.matches("state 1: .*/nonexistent.json: cannot open", out)
  end)
end)

-- Several lua_States on several threads at once (spec/hosts/threads.c,
-- built by the Makefile as build/threads and build/threads-static; make
-- tsan runs the same host under ThreadSanitizer).  Each thread loads the
-- map and runs network measures, layout, forecasts and a scenario
-- (spec/hosts/threads.lua); the host compares every thread's answer with
-- a single-threaded run.  Without the module's igraph lock this host
-- gives wrong answers or crashes (igraph is not thread-safe); if a dead
-- coroutine kept the lock, it would hang (hence the timeout).
describe("diplomat on several threads", function()
  local function host(cmd)
    local f = assert(io.popen(cmd .. " 2>&1"))
    local out = f:read("a")
    local ok, how, code = f:close()
    return out, ok, how, code
  end

  it("gives every thread the single-threaded answers", function()
    local out, ok, how, code =
      host("timeout 300 build/threads examples/data/northvale.json 6 3")
    assert.are.equal("ok 6 threads x 3 rounds\n", out)
    assert.is_true(ok, ("host exited with %s %s"):format(how, code))
  end)

  it("works linked statically into the host, opened with luaL_requiref",
     function()
    -- LUA_CPATH names no directory: diplomat.core can only come from the
    -- host's own luaopen_diplomat_core
    local out, ok, how, code = host("LUA_CPATH=/nonexistent/?.so timeout 300 "
      .. "build/threads-static examples/data/northvale.json 4 2")
    assert.are.equal("ok 4 threads x 2 rounds\n", out)
    assert.is_true(ok, ("host exited with %s %s"):format(how, code))
  end)

  it("reports a Lua error in a thread without aborting the host", function()
    local out, ok, _, code = host("build/threads /nonexistent.json 2 1")
    assert.is_nil(ok)
    assert.are.equal(1, code)
    assert.matches("single%-threaded run: .*/nonexistent.json: cannot open",
                   out)
  end)
end)
