-- The command-line runner (bin/diplomat, logic in lua/diplomat/cli.lua).
local cli = require "diplomat.cli"

-- A stand-in for io.stdout / io.stderr that keeps what is written.
local function sink()
  local s = { text = "" }
  function s:write(...)
    for _, v in ipairs{ ... } do self.text = self.text .. tostring(v) end
    return self
  end
  return s
end

local function run(...)
  local out, err = sink(), sink()
  local code = cli.main({ ... }, out, err)
  return code, out.text, err.text
end

local MAP = "examples/data/northvale.json"

local function tmpfile(content)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

describe("diplomat check", function()
  it("accepts the default map and describes it (exit 0)", function()
    local code, out, err = run("check", MAP)
    assert.are.equal(0, code)
    assert.matches("northvale.json: ok, diplomat.System 'Northvale", out)
    assert.are.equal("", err)
  end)

  it("lists every problem of a broken map (exit 1)", function()
    local path = tmpfile([[{"format": "diplomat/1",
      "actors": [{"id": "a"}, {"id": "a"}],
      "ties": [{"from": "a", "to": "b", "layer": "x"}]}]])
    local code, out, err = run("check", path)
    os.remove(path)
    assert.are.equal(1, code)
    assert.are.equal("", out)
    assert.matches("3 problems in the system map", err, 1, true)
    assert.matches("$.actors[1].id: duplicate actor id 'a'", err, 1, true)
    assert.matches("$.ties[0].to: unknown actor 'b'", err, 1, true)
    assert.matches("$.ties[0].layer: unknown layer 'x'", err, 1, true)
  end)

  it("reports a missing file (exit 1)", function()
    local code, _, err = run("check", "/nonexistent/map.json")
    assert.are.equal(1, code)
    assert.matches("/nonexistent/map.json: cannot open", err, 1, true)
  end)

  it("needs exactly one map (exit 2)", function()
    local code, _, err = run("check")
    assert.are.equal(2, code)
    assert.matches("expected 1 argument(s), got 0", err, 1, true)
    code = run("check", MAP, MAP)
    assert.are.equal(2, code)
  end)
end)

describe("diplomat summary", function()
  it("prints the summary of the map", function()
    local code, out = run("summary", MAP)
    assert.are.equal(0, code)
    assert.matches("^Northvale integrated care system\n", out)
    assert.matches("Channels (ties by layer)", out, 1, true)
    assert.matches("most opposed:", out, 1, true)
  end)

  it("takes --pairs N", function()
    local _, out = run("summary", "--pairs", "1", MAP)
    local _, n = out:gsub("most opposed:", "")
    -- one pair per issue, and the map has issues with positions on each
    local sys = require("diplomat").load(MAP)
    assert.are.equal(#sys:issues(), n)
  end)

  it("rejects a bad --pairs value and unknown options (exit 2)", function()
    assert.are.equal(2, (run("summary", "--pairs", "x", MAP)))
    assert.are.equal(2, (run("summary", "--pairs", "-1", MAP)))
    assert.are.equal(2, (run("summary", "--pairs")))
    local code, _, err = run("summary", "--frob", MAP)
    assert.are.equal(2, code)
    assert.matches("unknown option '--frob'", err, 1, true)
  end)
end)

describe("the diplomat command", function()
  it("shows help and the version (exit 0)", function()
    local code, out = run("--help")
    assert.are.equal(0, code)
    assert.matches("usage: diplomat <command>", out, 1, true)
    code, out = run("check", "--help")
    assert.are.equal(0, code)
    assert.matches("usage: diplomat check MAP", out, 1, true)
    code, out = run("--version")
    assert.are.equal(0, code)
    assert.are.equal("diplomat 0.1.0\n", out)
  end)

  it("treats an unknown or missing command as a usage error (exit 2)", function()
    local code, _, err = run("frobnicate")
    assert.are.equal(2, code)
    assert.matches("unknown command 'frobnicate'", err, 1, true)
    assert.are.equal(2, (run()))
  end)

  it("exits with the command's status as a real process", function()
    local cmd = "lua5.4 bin/diplomat check /nonexistent.json 2>/dev/null"
    local ok, how, code = os.execute(cmd)
    assert.is_nil(ok)
    assert.are.equal("exit", how)
    assert.are.equal(1, code)
    ok, how, code = os.execute("lua5.4 bin/diplomat check " .. MAP .. " >/dev/null")
    assert.is_true(ok)
    assert.are.equal(0, code)
  end)
end)
