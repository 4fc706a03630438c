-- The igraph error bridge (csrc/errors.c): igraph's default handler calls
-- abort(); the module's handler must turn failures into Lua errors.
local core = require "diplomat.core"

describe("igraph error bridge", function()
  it("turns an igraph failure into a Lua error instead of aborting", function()
    -- _igraph_selftest asks igraph for a graph with -1 vertices, which
    -- igraph rejects with IGRAPH_EINVAL
    local ok, err = pcall(core._igraph_selftest)
    assert.is_false(ok)
    assert.matches("diplomat: igraph failed: .*negative.*%(Invalid value%)", err)
  end)

  it("reports each failure's own reason, not a stale one", function()
    for _ = 1, 3 do
      local ok, err = pcall(core._igraph_selftest)
      assert.is_false(ok)
      assert.matches("^diplomat: igraph failed: Number of vertices", err)
    end
  end)
end)
