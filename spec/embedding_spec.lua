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
