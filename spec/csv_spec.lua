-- CSV maps: diplomat.from_csv and System:export(dir, { format = "csv" }).
--
-- Expected texts are written out by hand from the rules in the README
-- ("Interchange"): columns named as the JSON fields, attributes in
-- attrs.<name> columns, RFC 4180 quoting, CRLF line ends.  Round trips
-- compare the diplomat/1 encoding, which holds every field.

local diplomat = require "diplomat"
local h = require "spec.helpers"
local shell_quote, new_tmpdir, remove_tree, read_file, write_file =
  h.shell_quote, h.new_tmpdir, h.remove_tree, h.read_file, h.write_file

-- {====== Helpers ======

-- A folder holding the given files ({ ["actors.csv"] = text, ... }).
local function map_folder(files)
  local dir = new_tmpdir()
  for name, text in pairs(files) do write_file(dir .. "/" .. name, text) end
  return dir
end

-- s with every occurrence of plain text `what` replaced.
local function replace(s, what, with)
  local out, i = {}, 1
  while true do
    local a, b = s:find(what, i, true)
    if not a then break end
    out[#out + 1] = s:sub(i, a - 1) .. with
    i = b + 1
  end
  out[#out + 1] = s:sub(i)
  return table.concat(out)
end

-- Loads a folder of files; returns the system, or nil and the message
-- with the folder's path written as DIR.
local function load_files(files)
  local dir = map_folder(files)
  local sys, err = diplomat.from_csv(dir)
  remove_tree(dir)
  return sys, err and replace(err, dir, "DIR")
end

-- The lines of a problem list, without its first line.
local function problem_lines(err)
  local lines = {}
  for line in err:gmatch("[^\n]+") do lines[#lines + 1] = line end
  table.remove(lines, 1)
  return lines
end

-- One CSV record from its fields as written (already quoted).
local function row(...)
  return table.concat({ ... }, ",") .. "\r\n"
end

-- The message the model gives when `fn` is called through the Lua API:
-- what a CSV row with the same content must report.
local function model_reason(fn)
  local ok, err = pcall(fn)
  assert(not ok, "the call did not fail")
  return err:match("%((.*)%)$")
end

-- A system climbing the edge-case ladder: isolates, a self-tie, parallel
-- ties across directed and undirected layers, weights, issues with and
-- without a status quo, attributes of every type (one key with values
-- of two types), and text that needs quoting.
local function ladder()
  local sys = diplomat.new{ name = 'Ladder, "quoted"',
    description = "line one\nline two",
    attrs = { fictional = true, version = 2, ratio = 0.25, code = "007" } }
  sys:add_layer{ id = "formal", directed = true,
                 description = "reporting lines" }
  sys:add_layer{ id = "whatsapp", informal = true, name = "WhatsApp group" }
  sys:add_layer{ id = "self", self_ties = true }
  sys:add_actor{ id = "a", name = "Alpha, Ltd", sector = "health",
    capability = 2.5, tags = { "x", "y z" },
    attrs = { note = 'says "no"\nthen yes', n = 5, s = "5", b = true,
              f = 0.1, big = math.tointeger(2 ^ 53), empty = "",
              pad = "  padded  " } }
  sys:add_actor{ id = "b", name = "Bête noire — ünïcode",
                 attrs = { n = "five", b = "true" } }
  sys:add_actor{ id = "isolate" }
  sys:add_actor{ id = "c", kind = "person", org = "a",
                 profession = "nursing", level = "frontline",
                 mandate = "none", capability = 0 }
  sys:add_tie{ from = "a", to = "b", layer = "formal", weight = 2 }
  sys:add_tie{ from = "b", to = "a", layer = "formal" }
  sys:add_tie{ from = "a", to = "b", layer = "whatsapp", weight = 0.1 + 0.2,
               attrs = { since = 2019 } }
  sys:add_tie{ from = "c", to = "c", layer = "self" }
  sys:add_issue{ id = "i", name = "Integration", min = -1, max = 1,
                 status_quo = 0, min_label = "no", max_label = "yes" }
  sys:add_issue{ id = "j" }
  sys:set_position{ actor = "a", issue = "i", position = -0.5,
                    salience = 0.25, attrs = { note = "cautious" } }
  sys:set_position("b", "i", 1)
  sys:set_position("c", "j", 50, 0)
  return sys
end

-- }======

describe("System:export as CSV", function()
  it("writes one file per section with the documented columns", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    assert.is_true(ladder():export(dir .. "/map", { format = "csv" }))
    local e = ""
    assert.are.equal(row("name", "description", "attrs.code",
                         "attrs.fictional", "attrs.ratio", "attrs.version")
      -- 007 is not written like a JSON number: it reads back as text,
      -- so it needs no quotes
      .. row('"Ladder, ""quoted"""', '"line one\nline two"', "007",
             "true", "0.25", "2"),
      read_file(dir .. "/map/system.csv"))
    assert.are.equal(row("id", "name", "description", "directed",
                         "informal", "self_ties")
      .. row("formal", "formal", "reporting lines", "true", "false", "false")
      .. row("whatsapp", "WhatsApp group", e, "false", "true", "false")
      .. row("self", "self", e, "false", "false", "true"),
      read_file(dir .. "/map/layers.csv"))
    -- key b holds a boolean and a string, key n a number and a string:
    -- one column per type, the type in the header; a string that would
    -- read as a number or boolean, or is empty, is quoted
    assert.are.equal(row("id", "name", "kind", "org", "sector",
        "profession", "level", "mandate", "capability", "tags",
        "attrs.b:string", "attrs.b:boolean", "attrs.big", "attrs.empty",
        "attrs.f", "attrs.n:string", "attrs.n:number", "attrs.note",
        "attrs.pad", "attrs.s")
      .. row("a", '"Alpha, Ltd"', "organisation", e, "health", e, e, e,
             "2.5", "x;y z", e, "true", "9007199254740992", '""', "0.1", e,
             "5", '"says ""no""\nthen yes"', '"  padded  "', '"5"')
      .. row("b", "Bête noire — ünïcode", "organisation", e, e, e, e, e,
             "1", e, '"true"', e, e, e, e, "five", e, e, e, e)
      .. row("isolate", "isolate", "organisation", e, e, e, e, e, "1", e,
             e, e, e, e, e, e, e, e, e, e)
      .. row("c", "c", "person", "a", e, "nursing", "frontline", "none",
             "0", e, e, e, e, e, e, e, e, e, e, e),
      read_file(dir .. "/map/actors.csv"))
    assert.are.equal(row("id", "name", "description", "min", "max",
                         "status_quo", "min_label", "max_label")
      .. row("i", "Integration", e, "-1", "1", "0", "no", "yes")
      .. row("j", "j", e, "0", "100", e, e, e),
      read_file(dir .. "/map/issues.csv"))
    -- 0.1 + 0.2 is 0.30000000000000004: 17 digits read back exactly
    assert.are.equal(row("from", "to", "layer", "weight", "attrs.since")
      .. row("a", "b", "formal", "2", e)
      .. row("b", "a", "formal", "1", e)
      .. row("a", "b", "whatsapp", "0.30000000000000004", "2019")
      .. row("c", "c", "self", "1", e),
      read_file(dir .. "/map/ties.csv"))
    assert.are.equal(row("actor", "issue", "position", "salience",
                         "attrs.note")
      .. row("a", "i", "-0.5", "0.25", "cautious")
      .. row("b", "i", "1", "1", e)
      .. row("c", "j", "50", "0", e),
      read_file(dir .. "/map/positions.csv"))
  end)

  it("writes a byte order mark when asked (bom = true)", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    local sys = diplomat.new{}
    sys:add_actor{ id = "a" }
    assert.is_true(sys:export(dir, { format = "csv", bom = true }))
    assert.are.equal("\239\187\191id,name,", read_file(dir .. "/actors.csv")
      :sub(1, 11))
    assert.are.equal(sys:encode(), assert(diplomat.from_csv(dir)):encode())
  end)

  it("writes into an existing folder, replacing the map files", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    write_file(dir .. "/actors.csv", "stale\n")
    write_file(dir .. "/notes.txt", "kept\n")
    local sys = diplomat.new{}
    sys:add_actor{ id = "a" }
    assert.is_true(sys:export(dir .. "/", { format = "csv" }))
    assert.are.equal("kept\n", read_file(dir .. "/notes.txt"))
    assert.are.equal(sys:encode(), assert(diplomat.from_csv(dir)):encode())
  end)

  it("refuses tags CSV cannot hold, writing nothing", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    local sys = diplomat.new{}
    sys:add_actor{ id = "a", tags = { "x;y", " pad" } }
    local ok, err = sys:export(dir .. "/out", { format = "csv" })
    assert.is_nil(ok)
    assert.are.equal(dir .. "/out: 2 problems in the system map:\n"
      .. "actor 'a': tag 'x;y' cannot be written to CSV (tags are "
      .. "separated by ';' and trimmed of spaces)\n"
      .. "actor 'a': tag ' pad' cannot be written to CSV (tags are "
      .. "separated by ';' and trimmed of spaces)", err)
    assert.is_nil(io.open(dir .. "/out/actors.csv"))
  end)

  it("returns nil and a message when the target is a file", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    write_file(dir .. "/f", "x")
    local ok, err = diplomat.new{}:export(dir .. "/f", { format = "csv" })
    assert.is_nil(ok)
    assert.are.equal(dir .. "/f: cannot write: not a folder", err)
  end)

  it("rejects layer selections and unknown options", function()
    local sys = diplomat.new{}
    assert.has_error(function()
      sys:export("x", { format = "csv", layers = { "a" } })
    end, "bad argument #2 to 'export' (layers: a CSV map holds every layer;"
      .. " the options are format, bom and overwrite)")
    assert.has_error(function() sys:export("x", { format = "csv", frob = 1 })
    end, "bad argument #2 to 'export' (unknown option 'frob')")
    assert.has_error(function() sys:export("x", { format = "csv", bom = 1 })
    end, "bad argument #2 to 'export' (bom: must be true or false)")
  end)
end)

describe("diplomat.from_csv", function()
  describe("round trips", function()
    local function round_trip(sys)
      local dir = new_tmpdir()
      assert.is_true(sys:export(dir, { format = "csv" }))
      local back, err = diplomat.from_csv(dir)
      remove_tree(dir)
      assert(back, err)
      assert.are.equal(sys:encode(), back:encode())
      assert.is_true(back:check())
      return back
    end

    it("gives back an empty system", function()
      round_trip(diplomat.new{})
    end)

    it("gives back one actor", function()
      local sys = diplomat.new{ name = "one" }
      sys:add_actor{ id = "solo", capability = 3 }
      round_trip(sys)
    end)

    it("gives back every field of the ladder system", function()
      local back = round_trip(ladder())
      -- the two types under one key come back as they were
      assert.are.equal(true, back:actor("a").attrs.b)
      assert.are.equal("true", back:actor("b").attrs.b)
      assert.are.equal(5, back:actor("a").attrs.n)
      assert.are.equal("five", back:actor("b").attrs.n)
      assert.are.equal("5", back:actor("a").attrs.s)
      assert.are.equal("", back:actor("a").attrs.empty)
    end)

    it("gives back the Northvale map, JSON -> CSV -> JSON", function()
      round_trip(assert(diplomat.load("examples/data/northvale.json")))
    end)

    it("is read by diplomat.load_map from the folder", function()
      local dir = new_tmpdir()
      finally(function() remove_tree(dir) end)
      local sys = ladder()
      assert.is_true(sys:export(dir, { format = "csv" }))
      assert.are.equal(sys:encode(), assert(diplomat.load_map(dir)):encode())
    end)
  end)

  describe("reading CSV", function()
    it("follows RFC 4180 quoting, with a BOM and CRLF line ends", function()
      local sys = assert(load_files{
        ["actors.csv"] = "\239\187\191id,name,attrs.note\r\n"
          .. 'a,"He said ""hi""",plain\r\n'
          .. 'b,"two\r\nlines","x,y"\r\n'
          .. "c,  spaced  ,\r\n" })
      assert.are.same({ "a", "b", "c" }, sys:actor_ids())
      assert.are.equal('He said "hi"', sys:actor("a").name)
      assert.are.equal("plain", sys:actor("a").attrs.note)
      assert.are.equal("two\r\nlines", sys:actor("b").name)
      assert.are.equal("x,y", sys:actor("b").attrs.note)
      -- a bare string keeps its spaces; an empty cell is no value
      assert.are.equal("  spaced  ", sys:actor("c").name)
      assert.is_nil(sys:actor("c").attrs.note)
    end)

    it("takes LF or CR line ends, short rows, blank lines and a last "
       .. "line without an end", function()
      local sys = assert(load_files{
        ["actors.csv"] = "id,name,sector\n\na,A\n,,\n\nb,B,health",
        ["issues.csv"] = "id\rp\rq\r" })
      assert.are.same({ "a", "b" }, sys:actor_ids())
      assert.is_nil(sys:actor("a").sector)
      assert.are.equal("health", sys:actor("b").sector)
      assert.are.equal(2, #sys:issues())
    end)

    it("reads an empty cell at the end of a row as no value", function()
      local sys = assert(load_files{ ["actors.csv"] = "id,name\na,\n" })
      assert.are.equal("a", sys:actor("a").name) -- the default: the id
    end)

    it("types attribute columns by their cells", function()
      local sys = assert(load_files{ ["actors.csv"] =
        "id,attrs.n,attrs.code,attrs.flag,attrs.q,attrs.t:string,"
        .. "attrs.mixed\n"
        .. 'a,5,007,TRUE,"5",5,1\n'
        .. "b,2.5,12,false,,true,x\n" })
      local a, b = sys:actor("a").attrs, sys:actor("b").attrs
      -- numbers when every filled cell is an unquoted JSON number
      assert.are.equal(5, a.n)
      assert.are.equal("integer", math.type(a.n))
      assert.are.equal(2.5, b.n)
      -- 007 is not written as a JSON number: the column holds strings
      assert.are.equal("007", a.code)
      assert.are.equal("12", b.code)
      assert.are.equal(true, a.flag)
      assert.are.equal(false, b.flag)
      -- a quoted cell is a string; a :string column holds strings
      assert.are.equal("5", a.q)
      assert.is_nil(b.q)
      assert.are.equal("5", a.t)
      assert.are.equal("true", b.t)
      assert.are.equal("1", a.mixed)
      assert.are.equal("x", b.mixed)
    end)

    it("splits tags on ';' and trims them", function()
      local sys = assert(load_files{ ["actors.csv"] =
        "id,tags\na,nhs; board ;;lead;\n" })
      assert.are.same({ "nhs", "board", "lead" }, sys:actor("a").tags)
    end)

    it("reads layers from a table and the system row from system.csv",
       function()
      local dir = map_folder{
        ["a.csv"] = "id\nx\ny\n",
        ["t.csv"] = "from,to,layer,weight\nx,y,formal,3\ny,x,chat,1\n",
        ["s.csv"] = "name,description,attrs.year\nRiverside,test,2024\n" }
      finally(function() remove_tree(dir) end)
      local sys, err = diplomat.from_csv{
        actors = dir .. "/a.csv", ties = dir .. "/t.csv",
        system = dir .. "/s.csv",
        layers = { { id = "formal", directed = true },
                   { id = "chat", informal = true, name = "Chat" } } }
      assert(sys, err)
      assert.are.equal("Riverside", sys:info().name)
      assert.are.equal("test", sys:info().description)
      assert.are.equal(2024, sys:info().attrs.year)
      assert.are.same({ id = "formal", name = "formal", directed = true,
        informal = false, self_ties = false, attrs = {} },
        sys:layer("formal"))
      assert.is_true(sys:layer("chat").informal)
      assert.are.equal(3, sys:tie("x", "y", "formal").weight)
    end)

    it("takes name and description as keys when there is no system file",
       function()
      local dir = map_folder{ ["a.csv"] = "id\nx\n" }
      finally(function() remove_tree(dir) end)
      local sys = assert(diplomat.from_csv{ actors = dir .. "/a.csv",
        name = "Field survey", description = "spring round" })
      assert.are.equal("Field survey", sys:info().name)
      assert.are.equal("spring round", sys:info().description)
    end)

    it("reads numbers whatever the locale's decimal point", function()
      -- a child process under a decimal-comma locale (built by localedef
      -- into a temporary folder), as in spec/json_spec.lua
      local dir = new_tmpdir()
      finally(function() remove_tree(dir) end)
      local made = os.execute("env -u LD_PRELOAD localedef -i de_DE "
        .. "-f UTF-8 " .. shell_quote(dir .. "/de_DE.UTF-8")
        .. " >/dev/null 2>&1")
      if not made then
        pending("localedef or the de_DE locale source is not available")
        return
      end
      write_file(dir .. "/actors.csv", "id,capability,attrs.x\na,2.5,0.125\n")
      write_file(dir .. "/child.lua", ([[
        local diplomat = require "diplomat"
        assert(os.setlocale("de_DE.UTF-8", "numeric"), "no locale")
        assert(string.format("%%.1f", 0.5) == "0,5", "not a comma locale")
        local sys = assert(diplomat.from_csv(%q))
        assert(sys:export(%q, { format = "csv" }))
        io.write(sys:actor("a").capability, " ", sys:actor("a").attrs.x)
      ]]):format(dir, dir .. "/out"))
      local p = assert(io.popen(("LOCPATH=%s lua5.4 %s 2>&1"):format(
        shell_quote(dir), shell_quote(dir .. "/child.lua"))))
      local out = p:read("a")
      p:close()
      assert.are.equal("2,5 0,125", out) -- printed by the child's locale
      assert.are.equal("id,name,kind,org,sector,profession,level,mandate,"
        .. "capability,tags,attrs.x\r\na,a,organisation,,,,,,2.5,,0.125\r\n",
        read_file(dir .. "/out/actors.csv"))
    end)
  end)

  describe("problems", function()
    it("lists every problem with its file, line and column", function()
      local sys, err = load_files{
        ["layers.csv"] = "id,directed,informal\n"
          .. "formal,true,false\n"
          .. "whatsapp,no,true\n",
        ["actors.csv"] = "id,name,capability,secter\n"
          .. "a,Alpha,2,\n"
          .. "b,Beta,lots,\n"
          .. "a,Again,1,\n"
          .. '"c\nd",Gamma,1,\n'
          .. 'e,Ep"silon,1,\n'
          .. 'f,"Phi"x,1,\n'
          .. "g,Gee,1,,extra\n",
        ["issues.csv"] = "id,min,max\npool,0,100\n",
        ["ties.csv"] = "from,to,layer,weight\n"
          .. "a,b,formal,1\n"
          .. "a,zz,formal,0\n"
          .. "a,e,nolayer\n",
        ["positions.csv"] = "actor,issue,position,salience\n"
          .. "a,x,50,0.5\n"
          .. "a,pool,,\n"
          .. "a,pool,10\n"
          .. "a,pool,20\n"
          .. "e,pool,150\n" }
      assert.is_nil(sys)
      -- what the model says about the same values through the Lua API
      local m = diplomat.new{}
      m:add_actor{ id = "e" }
      m:add_issue{ id = "pool" }
      local out_of_scale = model_reason(function()
        m:set_position("e", "pool", 150)
      end)
      local weight_zero = model_reason(function()
        m:add_layer{ id = "l" }
        m:add_tie{ from = "e", to = "e", layer = "l", weight = 0 }
      end)
      local expected = {
        -- files in the order they are read: layers, actors, issues,
        -- ties, positions; columns count characters
        "DIR/layers.csv:3:10: directed: must be true or false, not 'no'",
        -- within a file: the text, then the header, then the rows
        "DIR/actors.csv:7:5: a quote inside a field that does not start "
          .. "with one (enclose the field in quotes and write the quote "
          .. "twice)",
        "DIR/actors.csv:8:8: text after the closing quote of a field (a "
          .. 'quote inside a field is written twice: "")',
        "DIR/actors.csv:1:20: unknown column 'secter' (columns: id, name, "
          .. "kind, org, sector, profession, level, mandate, capability, "
          .. "tags; free attributes go in columns named attrs.<name>)",
        "DIR/actors.csv:3:8: capability: must be a number (like 12 or 0.5),"
          .. " not 'lots'",
        "DIR/actors.csv:4:1: id: duplicate actor id 'a'",
        "DIR/actors.csv:5:1: id: id 'c\\x0ad' contains a control character",
        "DIR/actors.csv:9:10: a value beyond the last column (the header "
          .. "names 4 columns)",
        "DIR/ties.csv:2:3: to: unknown actor 'b'",
        "DIR/ties.csv:3:3: to: unknown actor 'zz'",
        "DIR/ties.csv:3:13: " .. weight_zero,
        "DIR/ties.csv:4:5: layer: unknown layer 'nolayer'",
        "DIR/positions.csv:2:3: issue: unknown issue 'x'",
        "DIR/positions.csv:3:8: position: missing",
        "DIR/positions.csv:5:3: issue: actor 'a' already has a position on "
          .. "issue 'pool'",
        "DIR/positions.csv:6:8: " .. out_of_scale,
      }
      assert.are.equal(("DIR: %d problems in the system map:"):format(
        #expected), err:match("^[^\n]*"))
      assert.are.same(expected, problem_lines(err))
    end)

    it("names a cell's column in characters, not bytes", function()
      local _, err = load_files{ ["actors.csv"] =
        "id,name,capability\né,Zoë,x\n" }
      assert.are.equal("DIR/actors.csv:2:7: capability: must be a number "
        .. "(like 12 or 0.5), not 'x'", err)
    end)

    it("counts lines inside quoted fields", function()
      local _, err = load_files{ ["actors.csv"] =
        'id,name\r\na,"one\r\ntwo\nthree"\r\nb,"x"y\r\n' }
      -- b , " x " y: the stray text starts in column 6 of line 5
      assert.are.equal("DIR/actors.csv:5:6: text after the closing quote "
        .. 'of a field (a quote inside a field is written twice: "")', err)
    end)

    it("reports a quoted field that is never closed, where it starts",
       function()
      local _, err = load_files{ ["actors.csv"] =
        'id,name\na,"unterminated\nb,B\n' }
      assert.are.equal("DIR/actors.csv:2:3: a quoted field is not closed "
        .. "(its closing quote is missing)", err)
    end)

    it("refuses text that is not UTF-8, and zero bytes", function()
      local _, err = load_files{ ["actors.csv"] = "id,name\na,Caf\233\n" }
      assert.are.equal("DIR/actors.csv:2:6: not valid UTF-8 (save the file "
        .. 'as "CSV UTF-8")', err)
      _, err = load_files{ ["actors.csv"] = "id\na\0b\n" }
      assert.are.equal("DIR/actors.csv:2:2: the file holds a zero byte (is "
        .. "it a spreadsheet rather than CSV?)", err)
      -- overlong forms and surrogates are not UTF-8 either
      _, err = load_files{ ["actors.csv"] = "id\n\192\129\n" }
      assert.matches("actors.csv:2:1: not valid UTF-8", err, 1, true)
      _, err = load_files{ ["actors.csv"] = "id\n\237\160\128\n" }
      assert.matches("actors.csv:2:1: not valid UTF-8", err, 1, true)
    end)

    it("checks the header: repeated, unnamed and missing columns",
       function()
      local _, err = load_files{ ["actors.csv"] = "id,name,name\na,A,B\n" }
      assert.are.equal("DIR/actors.csv:1:9: column 'name' appears twice "
        .. "(columns 2 and 3)", err)
      _, err = load_files{ ["actors.csv"] = "id,attrs.x,attrs.x\na,1,2\n" }
      assert.are.equal("DIR/actors.csv:1:12: column 'attrs.x' appears twice "
        .. "(columns 2 and 3)", err)
      _, err = load_files{ ["actors.csv"] = "id,attrs.\na,1\n" }
      assert.are.equal("DIR/actors.csv:1:4: a free attribute column needs a "
        .. "name after 'attrs.'", err)
      -- an unnamed column is fine while it is empty
      assert(load_files{ ["actors.csv"] = "id,,\na,,\n" })
      _, err = load_files{ ["actors.csv"] = "id,,name\na,x,A\nb,y,B\n" }
      assert.are.equal("DIR/actors.csv:2:3: a value in column 2, which has "
        .. "no name in the header", err)
      _, err = load_files{ ["actors.csv"] = "id\na\n", ["layers.csv"] =
        "id\nl\n", ["ties.csv"] = "from,to\na,a\n" }
      assert.are.equal("DIR/ties.csv:1:1: missing column 'layer' (ties need "
        .. "the columns from, to and layer)", err)
      _, err = load_files{ ["actors.csv"] = "name\nA\n" }
      assert.are.equal("DIR/actors.csv:1:1: missing column 'id' (actors need "
        .. "an id column)", err)
    end)

    it("checks cells of typed attribute columns", function()
      local _, err = load_files{ ["actors.csv"] =
        "id,attrs.n:number,attrs.b:boolean\na,abc,yes\n" }
      assert.are.equal("DIR: 2 problems in the system map:\n"
        .. "DIR/actors.csv:2:3: attrs.n: must be a number, not 'abc'\n"
        .. "DIR/actors.csv:2:7: attrs.b: must be true or false, not 'yes'",
        err)
    end)

    it("asks for the layers of the ties", function()
      local _, err = load_files{ ["actors.csv"] = "id\na\nb\n",
        ["ties.csv"] = "from,to,layer\na,b,formal\n" }
      assert.are.equal("DIR/ties.csv: the ties need their layers: give a "
        .. "layers file (layers.csv, a row per layer: id, directed, "
        .. "informal) or a layers table", err)
    end)

    it("wants exactly one row in the system file", function()
      local _, err = load_files{ ["actors.csv"] = "id\n",
        ["system.csv"] = "name\nOne\nTwo\n" }
      assert.are.equal("DIR/system.csv:1:1: expected one row of values "
        .. "below the header, found 2", err)
    end)

    it("reports layers given as a table by their place in it", function()
      local dir = map_folder{ ["a.csv"] = "id\nx\n" }
      finally(function() remove_tree(dir) end)
      local sys, err = diplomat.from_csv{ actors = dir .. "/a.csv",
        layers = { { id = "ok" }, { id = "ok" } } }
      assert.is_nil(sys)
      assert.are.equal("layers[2]: id: duplicate layer id 'ok'", err)
    end)

    it("returns nil and a message for files and folders it cannot read",
       function()
      local dir = new_tmpdir()
      finally(function() remove_tree(dir) end)
      local sys, err = diplomat.from_csv(dir .. "/none")
      assert.is_nil(sys)
      assert.are.equal(dir .. "/none: no such folder", err)
      sys, err = diplomat.from_csv(dir)
      assert.is_nil(sys)
      assert.are.equal(dir .. ": not a map folder: it has no actors.csv", err)
      write_file(dir .. "/f.csv", "id\n")
      sys, err = diplomat.from_csv(dir .. "/f.csv")
      assert.is_nil(sys)
      assert.are.equal(dir .. "/f.csv: not a folder (give a folder of CSV "
        .. "files, or a table of paths)", err)
      sys, err = diplomat.from_csv{ actors = dir .. "/missing.csv" }
      assert.is_nil(sys)
      assert.are.equal(dir .. "/missing.csv: cannot open: No such file or "
        .. "directory", err)
      sys, err = diplomat.from_csv{ actors = dir }
      assert.is_nil(sys)
      assert.are.equal(dir .. ": cannot read: it is a folder", err)
    end)

    it("raises on misuse", function()
      assert.has_error(function() diplomat.from_csv(5) end,
        "bad argument #1 to 'from_csv' (folder path or table expected, got "
        .. "number)")
      assert.has_error(function() diplomat.from_csv{ frob = "x" } end,
        "bad argument #1 to 'from_csv' (unknown field 'frob')")
      assert.has_error(function() diplomat.from_csv{ actors = 5 } end,
        "bad argument #1 to 'from_csv' (actors: must be a file path, not "
        .. "number)")
      assert.has_error(function() diplomat.from_csv{ actors = "" } end,
        "bad argument #1 to 'from_csv' (actors: path is empty or contains a "
        .. "zero byte)")
      assert.has_error(function() diplomat.from_csv{ layers = { 5 } } end,
        "bad argument #1 to 'from_csv' (layers[1]: must be a table such as "
        .. "{ id = \"formal\", directed = true }, not number)")
      assert.has_error(function()
        diplomat.from_csv{ layers = { { id = "x", bogus = 1 } } }
      end, "bad argument #1 to 'from_csv' (layers[1]: unknown field 'bogus')")
      assert.has_error(function()
        diplomat.from_csv{ layers = { { id = "x", directed = "yes" } } }
      end, "bad argument #1 to 'from_csv' (layers[1].directed: must be true "
        .. "or false, not string)")
      assert.has_error(function()
        diplomat.from_csv{ system = "s.csv", name = "x" }
      end, "bad argument #1 to 'from_csv' (give name and description in the "
        .. "system file or as keys, not both)")
    end)
  end)
end)
