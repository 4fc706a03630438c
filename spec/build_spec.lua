-- The two builds (Makefile and rockspec) must build the same module.
local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

describe("the rockspec", function()
  local rockspec = read("rockspec/diplomat-scm-1.rockspec")

  it("lists every C source file the Makefile builds", function()
    local p = assert(io.popen("ls csrc/*.c"))
    local n = 0
    for file in p:lines() do
      n = n + 1
      assert.truthy(rockspec:find('"' .. file .. '"', 1, true),
        file .. " is missing from the rockspec")
    end
    p:close()
    assert.is_true(n >= 8)
  end)

  it("lists every Lua module under lua/diplomat", function()
    local p = assert(io.popen("find lua/diplomat -name '*.lua' | sort"))
    for file in p:lines() do
      local name = file:match("^lua/(.-)%.lua$"):gsub("/init$", "")
      local mod = name:gsub("/", ".")
      assert.truthy(rockspec:find('["' .. mod .. '"] = "' .. file .. '"', 1, true),
        mod .. " is missing from the rockspec")
    end
    p:close()
  end)
end)

describe("the module", function()
  it("exports only luaopen_diplomat_core", function()
    local p = assert(io.popen("nm -D --defined-only "
      .. assert(package.searchpath("diplomat.core", package.cpath))))
    local exported = {}
    for line in p:lines() do
      local kind, name = line:match("^%x+ (%u) (%S+)$")
      if kind == "T" or kind == "D" or kind == "B" then
        exported[#exported + 1] = name
      end
    end
    p:close()
    assert.are.same({ "luaopen_diplomat_core" }, exported)
  end)

  it("reports the version the README and rockspec promise", function()
    assert.are.equal("0.1.0", require("diplomat").version)
  end)
end)
