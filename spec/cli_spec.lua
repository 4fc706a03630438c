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

-- {====== report, convert, run; maps as CSV folders ======

local diplomat = require "diplomat"
local h = require "spec.helpers"
local shell_quote, new_tmpdir, remove_tree, read_file, write_file =
  h.shell_quote, h.new_tmpdir, h.remove_tree, h.read_file, h.write_file

local function encoding_of(path)
  return assert(diplomat.load_map(path)):encode()
end

describe("diplomat convert", function()
  local dir
  before_each(function() dir = new_tmpdir() end)
  after_each(function() remove_tree(dir) end)

  it("turns JSON into a CSV folder and back (exit 0)", function()
    local code, out, err = run("convert", MAP, dir .. "/csv")
    assert.are.equal(0, code, err)
    assert.are.equal("", out)
    assert.are.equal("diplomat: reading " .. MAP .. "\n"
      .. "diplomat: writing " .. dir .. "/csv as a folder of CSV files\n"
      .. "diplomat: wrote " .. dir .. "/csv: " .. tostring(diplomat.load(MAP))
      .. "\n", err)
    code, out, err = run("convert", "--quiet", dir .. "/csv", dir
      .. "/back.json")
    assert.are.equal(0, code, err)
    assert.are.equal("", err)
    assert.are.equal(encoding_of(MAP), encoding_of(dir .. "/back.json"))
  end)

  it("writes GraphML, GEXF and DOT by the output's ending", function()
    for ext, start in pairs{ graphml = "<%?xml", gexf = "<%?xml",
                             dot = "digraph", gv = "digraph" } do
      local path = dir .. "/n." .. ext
      local code, _, err = run("convert", "--quiet", MAP, path)
      assert.are.equal(0, code, err)
      assert.matches("^" .. start, read_file(path))
    end
    assert.matches("<gexf ", read_file(dir .. "/n.gexf"), 1, true)
    -- GraphML reads back as a map
    local code = run("check", dir .. "/n.graphml")
    assert.are.equal(0, code)
  end)

  it("keeps the ties of --layers", function()
    local code, _, err = run("convert", "--quiet", "--layers",
      "whatsapp,frontline", MAP, dir .. "/i.dot")
    assert.are.equal(0, code, err)
    local text = read_file(dir .. "/i.dot")
    local sys = diplomat.load(MAP)
    local _, n = text:gsub(" %-%- ", "")
    assert.are.equal(#sys:ties{ layer = { "whatsapp", "frontline" } }, n)
    assert.matches("^graph ", text) -- both layers are undirected
  end)

  it("never overwrites an output without --force (exit 2)", function()
    write_file(dir .. "/out.json", "precious")
    local code, out, err = run("convert", MAP, dir .. "/out.json")
    assert.are.equal(2, code)
    assert.are.equal("", out)
    assert.are.equal("diplomat convert: " .. dir .. "/out.json exists (use "
      .. "--force to overwrite)\n", err)
    assert.are.equal("precious", read_file(dir .. "/out.json"))
    code = run("convert", "--force", "--quiet", MAP, dir .. "/out.json")
    assert.are.equal(0, code)
    assert.are.equal(encoding_of(MAP), encoding_of(dir .. "/out.json"))
    -- a CSV folder is in the way when it holds a map file
    assert.are.equal(0, (run("convert", "--quiet", MAP, dir .. "/csv")))
    code, _, err = run("convert", MAP, dir .. "/csv")
    assert.are.equal(2, code)
    assert.are.equal("diplomat convert: " .. dir .. "/csv already holds "
      .. "system.csv (use --force to overwrite)\n", err)
    assert.are.equal(0, (run("convert", "--force", "--quiet",
      MAP, dir .. "/csv")))
  end)

  it("reports a map with problems and a file it cannot write (exit 1)",
     function()
    local code, _, err = run("convert", "--quiet", "/nonexistent.json",
                             dir .. "/x.json")
    assert.are.equal(1, code)
    assert.are.equal("/nonexistent.json: cannot open: No such file or "
      .. "directory\n", err)
    code, _, err = run("convert", "--quiet", MAP, dir .. "/no/x.gexf")
    assert.are.equal(1, code)
    assert.are.equal(dir .. "/no/x.gexf: cannot write: No such file or "
      .. "directory\n", err)
  end)

  it("treats bad arguments as usage errors (exit 2)", function()
    local code, _, err = run("convert", MAP)
    assert.are.equal(2, code)
    assert.matches("expected 2 argument(s), got 1", err, 1, true)
    code, _, err = run("convert", "--layers", "formal", MAP, dir .. "/x.json")
    assert.are.equal(2, code)
    assert.are.equal("diplomat convert: --layers is for GraphML, GEXF and "
      .. "DOT; diplomat/1 JSON holds the whole map\n", err)
    code, _, err = run("convert", "--quiet", "--layers", "nope", MAP,
                       dir .. "/x.dot")
    assert.are.equal(2, code)
    assert.are.equal("diplomat convert: layers: unknown layer 'nope'\n", err)
    code, out = run("convert", "--help")
    assert.are.equal(0, code)
    assert.matches("^usage: diplomat convert IN OUT", out)
  end)
end)

describe("diplomat report", function()
  local dir
  before_each(function() dir = new_tmpdir() end)
  after_each(function() remove_tree(dir) end)

  it("writes the report named by -o (exit 0)", function()
    local code, out, err = run("report", MAP, "-o", dir .. "/r.html")
    assert.are.equal(0, code, err)
    assert.are.equal("", out)
    assert.are.equal("diplomat: reading " .. MAP .. "\ndiplomat: writing "
      .. "the report to " .. dir .. "/r.html\ndiplomat: wrote " .. dir
      .. "/r.html\n", err)
    -- the same page the library gives for these options
    local sys = diplomat.load(MAP)
    assert.are.equal(diplomat.report.html(sys, {}),
                     read_file(dir .. "/r.html"))
  end)

  it("passes --issue, --colour-by and --title to the report", function()
    local code, _, err = run("report", "--quiet", MAP, "-o", dir .. "/r.md",
      "--issue", "board_merger", "--issue", "pooled_budgets",
      "--colour-by", "level", "--title", "For the board")
    assert.are.equal(0, code, err)
    local sys = diplomat.load(MAP)
    assert.are.equal(diplomat.report.markdown(sys, {
      issues = { "board_merger", "pooled_budgets" }, colour_by = "level",
      title = "For the board" }), read_file(dir .. "/r.md"))
  end)

  it("treats bad options as usage errors (exit 2)", function()
    local code, _, err = run("report", MAP)
    assert.are.equal(2, code)
    assert.matches("^diplomat report: give the output file with %-o FILE",
                   err)
    code, _, err = run("report", MAP, "-o", dir .. "/r.pdf")
    assert.are.equal(2, code)
    assert.are.equal("diplomat report: cannot tell the report format from '"
      .. dir .. "/r.pdf' (use .html, .md or .json)\n", err)
    code, _, err = run("report", "--quiet", MAP, "-o", dir .. "/r.md",
                       "--issue", "nope")
    assert.are.equal(2, code)
    assert.are.equal("diplomat report: issues: unknown issue 'nope'\n", err)
    assert.is_nil(io.open(dir .. "/r.md"))
    code, out = run("report", "--help")
    assert.are.equal(0, code)
    assert.matches("^usage: diplomat report MAP %-o FILE", out)
  end)

  it("never overwrites a report without --force (exit 2)", function()
    write_file(dir .. "/r.html", "precious")
    local code, _, err = run("report", MAP, "-o", dir .. "/r.html")
    assert.are.equal(2, code)
    assert.are.equal("diplomat report: " .. dir .. "/r.html exists (use "
      .. "--force to overwrite)\n", err)
    assert.are.equal("precious", read_file(dir .. "/r.html"))
    code = run("report", "--quiet", "--force", MAP, "-o", dir .. "/r.html")
    assert.are.equal(0, code)
    assert.matches("^<!DOCTYPE html>", read_file(dir .. "/r.html"))
  end)

  it("says so when reports are not available (exit 1)", function()
    local loaded = package.loaded["diplomat.report"]
    package.loaded["diplomat.report"] = nil
    package.preload["diplomat.report"] = function() error("not built") end
    local ok, code, _, err = pcall(run, "report", MAP, "-o", dir .. "/r.html")
    package.preload["diplomat.report"] = nil
    package.loaded["diplomat.report"] = loaded
    assert(ok, code)
    assert.are.equal(1, code)
    assert.are.equal("diplomat report: reports are not available in this "
      .. "build\n", err)
  end)
end)

describe("diplomat run", function()
  local dir
  before_each(function() dir = new_tmpdir() end)
  after_each(function() remove_tree(dir) end)

  it("runs a script with diplomat loaded and its arguments", function()
    write_file(dir .. "/s.lua", [[
      local sys = assert(diplomat.load(arg[1]))
      print(#sys, select("#", ...), arg[0]:match("[^/]*$"), arg[2], ...)
      answer = 42 -- a global of the script, not of the runner
    ]])
    local code, out, err = run("run", dir .. "/s.lua", MAP, "--flag")
    assert.are.equal(0, code, err)
    assert.are.equal("51\t2\ts.lua\t--flag\t" .. MAP .. "\t--flag\n", out)
    assert.are.equal("", err)
    assert.is_nil(rawget(_G, "answer"))
  end)

  it("exits with the integer the script returns", function()
    write_file(dir .. "/s.lua", "return tonumber(arg[1])")
    assert.are.equal(3, (run("run", dir .. "/s.lua", "3")))
    assert.are.equal(0, (run("run", dir .. "/s.lua")))
    assert.are.equal(0, (run("run", dir .. "/s.lua", "300")))
    local ok, how, code = os.execute("lua5.4 bin/diplomat run "
      .. shell_quote(dir .. "/s.lua") .. " 7")
    assert.is_nil(ok)
    assert.are.equal("exit", how)
    assert.are.equal(7, code)
  end)

  it("reports an error in the script with its traceback (exit 1)",
     function()
    write_file(dir .. "/e.lua", "local function f() error('boom') end\nf()\n")
    local code, out, err = run("run", dir .. "/e.lua")
    assert.are.equal(1, code)
    assert.are.equal("", out)
    assert.matches("^diplomat run: " .. dir:gsub("%p", "%%%0")
      .. "/e.lua:1: boom\nstack traceback:\n", err)
    assert.is_nil(err:find("cli.lua", 1, true)) -- the runner's frames cut
    code, _, err = run("run", dir .. "/missing.lua")
    assert.are.equal(1, code)
    assert.are.equal("diplomat run: cannot open " .. dir .. "/missing.lua\n",
                     err:gsub(": No such file or directory", ""))
  end)

  it("treats a missing script or an option before it as a usage error",
     function()
    local code, _, err = run("run")
    assert.are.equal(2, code)
    assert.matches("^diplomat run: give the script to run", err)
    code, _, err = run("run", "--frob", "s.lua")
    assert.are.equal(2, code)
    assert.matches("^diplomat run: unknown option '%-%-frob'", err)
    local out
    code, out = run("run", "--help")
    assert.are.equal(0, code)
    assert.matches("^usage: diplomat run SCRIPT.lua", out)
  end)
end)

describe("diplomat check and summary on other kinds of map", function()
  local dir
  before_each(function() dir = new_tmpdir() end)
  after_each(function() remove_tree(dir) end)

  it("read a folder of CSV files", function()
    assert(diplomat.load(MAP):export(dir .. "/csv", { format = "csv" }))
    local code, out = run("check", dir .. "/csv")
    assert.are.equal(0, code)
    assert.matches("csv: ok, diplomat.System 'Northvale", out)
    code, out = run("summary", dir .. "/csv")
    assert.are.equal(0, code)
    assert.matches("^Northvale integrated care system\n", out)
  end)

  it("list the problems of a CSV folder by file, line and column (exit 1)",
     function()
    os.execute("mkdir " .. shell_quote(dir .. "/m"))
    write_file(dir .. "/m/actors.csv", "id,capability\na,-1\nb,x\n")
    local code, out, err = run("check", dir .. "/m")
    assert.are.equal(1, code)
    assert.are.equal("", out)
    assert.matches(dir .. "/m: 2 problems in the system map:\n", err, 1, true)
    assert.matches(dir .. "/m/actors.csv:2:3: capability: ", err, 1, true)
    assert.matches(dir .. "/m/actors.csv:3:3: capability: must be a number "
      .. "(like 12 or 0.5), not 'x'", err, 1, true)
  end)
end)

-- }======
