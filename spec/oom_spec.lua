-- Allocation failure, swept over k: spec/hosts/oom.c (built by the
-- Makefile under ASan as build-asan/oom) makes the k-th allocation and
-- every one after it fail, first in the Lua allocator, then in malloc &
-- co. as called from the module's own C code (linked in with --wrap; for
-- encode and save cJSON's allocations too), for load, decode, clone,
-- encode (pretty and compact), save, centrality, communities, layout,
-- forecast, a scenario apply, a run of two replicates (the second cloned
-- in the first's memory) and the exports to GraphML, GEXF and DOT
-- (libxml2's allocations fail too, see oom.c), until the operation
-- succeeds.  At every k the operation must fail cleanly (a Lua error or
-- nil plus a message), the state must stay usable (after a collection
-- the same operation succeeds, sys:check() passes), and ASan/LSan must
-- see no leak and no use after free (but libxml2's own, .ci/lsan.supp).
-- The exports are swept again with the k-th allocation failing alone:
-- each must then fail cleanly or write exactly the file it writes
-- without failures.  This spec runs the coarse sweep (every k up to 64,
-- then k grows by 1/16); `make oom` runs every k.

describe("diplomat when memory runs out", function()
  local out, ok, how, code

  setup(function()
    local f = assert(io.popen("ASAN_OPTIONS=detect_leaks=1 "
      .. "LSAN_OPTIONS=suppressions=\"$PWD/.ci/lsan.supp\":"
      .. "print_suppressions=0 "
      .. "build-asan/oom examples/data/northvale.json 0 2>&1"))
    out = f:read("a")
    ok, how, code = f:close()
  end)

  it("fails cleanly at every allocation swept and then recovers", function()
    assert.is_true(ok, ("host exited with %s %s:\n%s"):format(how, code, out))
    assert.matches("\nok\n$", out)
    assert.is_nil(out:find("Sanitizer", 1, true), out)
  end)

  it("sweeps every operation with both allocators failing", function()
    for _, op in ipairs({ "load", "decode", "clone", "encode", "compact",
                          "save", "centrality", "communities", "layout",
                          "forecast", "apply", "run", "graphml", "gexf",
                          "dot" }) do
      for _, which in ipairs({ "lua", "c" }) do
        assert.matches("\n?" .. op .. "/" .. which .. ": succeeds from k = %d+",
                       out)
      end
    end
    for _, op in ipairs({ "graphml", "gexf", "dot" }) do
      assert.matches("\n" .. op .. "/c%-once: %d+ allocations, %d+ failed "
                     .. "alone", out)
    end
  end)

  it("fails libxml2's allocations in the exports (xmlMemSetup in force)",
     function()
    -- writing Northvale's GraphML makes 8,727 allocations, nearly all of
    -- them libxml2's; without xmlMemSetup the host counts 14 (our own:
    -- the text buffer, scratch texts and key lists)
    local made = tonumber(out:match(
      "graphml/c: succeeds from k = %d+ %((%d+) "))
    assert.is_true(made > 2000, tostring(made))
  end)

  it("really fails the module's own mallocs (the --wrap is in force)",
     function()
    -- loading Northvale makes well over a thousand C allocations; with
    -- the wrap missing the count would be 0
    local made = tonumber(out:match("load/c: succeeds from k = %d+ %((%d+) "))
    assert.is_true(made > 1000, tostring(made))
    made = tonumber(out:match("apply/c: succeeds from k = %d+ %((%d+) "))
    assert.is_true(made > 1000, tostring(made))
  end)
end)
