-- The embedded default map, examples/data/northvale.json, against its
-- brief: a fictional integrated care system with formal and informal
-- channels, actors from every sector down to the frontline, and enough
-- issues to negotiate over; and examples/northvale.lua runs on it.

local diplomat = require "diplomat"
local h = require "spec.helpers"
local shell_quote = h.shell_quote

local ROOT = debug.getinfo(1, "S").source:match("^@(.-)spec/[^/]*$") or ""
local PATH = ROOT .. "examples/data/northvale.json"

local function nonempty(s)
  return type(s) == "string" and s:find("%S") ~= nil
end

describe("the Northvale map", function()
  local sys
  setup(function()
    local err
    sys, err = diplomat.load(PATH)
    assert(sys, err)
  end)

  it("loads without problems", function()
    local s, err = diplomat.load(PATH)
    assert.is_nil(err)
    assert.are.equal("userdata", type(s))
  end)

  it("passes the system's own invariant check", function()
    local ok, err = sys:check()
    assert.is_true(ok, err)
  end)

  it("has between 40 and 60 actors", function()
    assert.is_true(#sys >= 40 and #sys <= 60, "actors: " .. #sys)
  end)

  it("has the six layers, three of them informal", function()
    local want = {
      formal = false, funding = false, board = false,
      whatsapp = true, private_meeting = true, frontline = true,
    }
    local got = {}
    for _, l in ipairs(sys:layers()) do got[l.id] = l.informal end
    assert.are.same(want, got)
  end)

  it("has ties in every layer", function()
    local count = {}
    for _, t in ipairs(sys:ties()) do
      count[t.layer] = (count[t.layer] or 0) + 1
    end
    for _, l in ipairs(sys:layers()) do
      assert.is_true((count[l.id] or 0) > 0, "no ties in " .. l.id)
    end
  end)

  it("has at least five issues, each with positions", function()
    local issues = sys:issues()
    assert.is_true(#issues >= 5, "issues: " .. #issues)
    local positions = sys:positions()
    for _, is in ipairs(issues) do
      assert.truthy(next(positions[is.id]), "no positions on " .. is.id)
    end
  end)

  it("has actors of every sector the brief names", function()
    local sectors = {}
    for _, a in ipairs(sys:actors()) do
      if a.sector then sectors[a.sector] = true end
    end
    for _, want in ipairs({ "health", "local_government", "voluntary",
                            "central_government", "political" }) do
      assert.is_true(sectors[want] == true, "no actor of sector " .. want)
    end
  end)

  it("has frontline staff as persons", function()
    local frontline = sys:actors{ level = "frontline", kind = "person" }
    assert.is_true(#frontline >= 2, "frontline persons: " .. #frontline)
  end)

  it("gives every actor a note", function()
    for _, a in ipairs(sys:actors()) do
      assert.is_true(nonempty(a.attrs.note), "no note on actor " .. a.id)
    end
  end)

  it("gives every position a note", function()
    local n = 0
    for issue, byactor in pairs(sys:positions()) do
      for actor, p in pairs(byactor) do
        n = n + 1
        assert.is_true(nonempty(p.attrs.note),
                       ("no note on %s's position on %s"):format(actor,
                                                                 issue))
      end
    end
    assert.are.equal(sys:info().positions, n)
  end)

  it("says in its description that it is fictional", function()
    local description = sys:info().description
    assert.is_true(nonempty(description))
    assert.truthy(description:lower():find("fictional", 1, true))
  end)

  it("runs examples/northvale.lua, which prints every issue", function()
    -- the same module paths this spec runs with (the Makefile's)
    local cmd = ("cd %s && LUA_PATH=%s LUA_CPATH=%s lua5.4 "
      .. "examples/northvale.lua 2>&1"):format(
      shell_quote(ROOT ~= "" and ROOT or "."),
      shell_quote(os.getenv("LUA_PATH") or ""),
      shell_quote(os.getenv("LUA_CPATH") or ""))
    local f = assert(io.popen(cmd))
    local out = f:read("a")
    local ok, how, code = f:close()
    assert.is_true(ok, ("exited with %s %s:\n%s"):format(how, code, out))
    assert.are.equal(sys:info().name, out:match("^[^\n]*"))
    for _, is in ipairs(sys:issues()) do
      assert.truthy(out:find("\n* " .. is.name .. " (" .. is.id .. ")\n",
                             1, true), "issue missing: " .. is.name)
    end
  end)
end)
