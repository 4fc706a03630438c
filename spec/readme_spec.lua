-- The README's examples must work as written.
local diplomat = require "diplomat"

local function readme()
  local f = assert(io.open("README.md", "rb"))
  local s = f:read("a")
  f:close()
  return s
end

describe("the README", function()
  local text = readme()

  it("has a Lua example that runs", function()
    local code = text:match("## Using it from Lua\n+```lua\n(.-)\n```")
    assert.truthy(code, "no Lua example found")
    local path = os.tmpname()
    code = code:gsub('"riverside%.json"', ("%q"):format(path))
    local printed = {}
    local env = setmetatable({ print = function(...)
      local t = table.pack(...)
      for i = 1, t.n do t[i] = tostring(t[i]) end
      printed[#printed + 1] = table.concat(t, "\t")
    end }, { __index = _G })
    assert(load(code, "README", "t", env))()
    os.remove(path)
    -- the comments in the example promise these lines
    assert.matches("^diplomat.System 'Riverside place partnership' %(3 actors",
      printed[1])
    assert.are.equal("3", printed[2])
    assert.are.equal("icb\tRiverside ICB", printed[3])
    assert.are.equal("80.0", printed[#printed])
  end)

  it("has a file-format example that loads", function()
    local json = text:match("## The file format: diplomat/1.-```json\n(.-)\n```")
    assert.truthy(json, "no JSON example found")
    local sys, err = diplomat.decode(json)
    assert.is_nil(err)
    assert.are.equal(2, #sys)
    assert.are.equal(1, #sys:ties())
    assert.are.equal("wants pooling only for discharge",
      sys:position("icb", "pooling").attrs.note)
  end)
end)
