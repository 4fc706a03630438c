-- Exports for other tools (System:export to GraphML, GEXF, DOT) and
-- GraphML import (diplomat.from_graphml).
--
-- Each export is parsed back by something other than its writer:
-- GraphML by igraph (igraph_read_graph_graphml, through from_graphml);
-- GEXF by a small XML parser in this file (and xmllint when installed);
-- DOT by a small DOT parser in this file, and by Graphviz (`dot -Tplain`)
-- when it is installed.  GraphML written by networkx 2.8.8 is stored in
-- spec/fixtures/interchange/ (spec/fixtures/make_interchange.py).

local diplomat = require "diplomat"
local h = require "spec.helpers"
local shell_quote, new_tmpdir, remove_tree, read_file, write_file =
  h.shell_quote, h.new_tmpdir, h.remove_tree, h.read_file, h.write_file

-- {====== Helpers ======

local function have(program)
  return os.execute("command -v " .. program .. " >/dev/null 2>&1") == true
end

-- Exports sys to a temporary file named `name`; returns its text.
local function exported(sys, name, opts)
  local dir = new_tmpdir()
  local path = dir .. "/" .. name
  local ok, err = sys:export(path, opts)
  local text = ok and read_file(path)
  remove_tree(dir)
  assert(ok, err)
  return text
end

-- The system a GraphML export of sys reads back as.
local function graphml_round_trip(sys, opts)
  local dir = new_tmpdir()
  local path = dir .. "/map.graphml"
  assert(sys:export(path, opts))
  local back, err = diplomat.from_graphml(path)
  remove_tree(dir)
  assert(back, err)
  return back
end

-- A small XML parser: checks well-formedness (nesting, quoting,
-- entities, unique attributes) and returns the root element as
-- { name, attrs = {...}, children = {...}, text }.  Enough for the
-- documents written here; raises on anything malformed.
local function parse_xml(s)
  local ENT = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'" }
  local function unescape(t)
    assert(not t:find("<", 1, true), "'<' in text or attribute")
    return (t:gsub("&([^;]*);?", function(e)
      if e:match("^#x%x+$") then return utf8.char(tonumber(e:sub(3), 16)) end
      if e:match("^#%d+$") then return utf8.char(tonumber(e:sub(2))) end
      return assert(ENT[e], "bad entity &" .. e .. ";")
    end))
  end
  local pos = 1
  local root, stack = nil, {}
  s = s:gsub("^<%?xml[^>]*%?>", "")
  while pos <= #s do
    local lt = s:find("<", pos, true)
    local text = s:sub(pos, (lt or #s + 1) - 1)
    if #stack > 0 then
      local top = stack[#stack]
      top.text = (top.text or "") .. unescape(text)
    else
      assert(text:match("^%s*$"), "text outside the root element")
    end
    if not lt then break end
    if s:sub(lt, lt + 3) == "<!--" then
      pos = assert(s:find("-->", lt, true), "unclosed comment") + 3
    elseif s:sub(lt + 1, lt + 1) == "/" then
      local name, e = s:match("^</([%w_:.-]+)%s*>()", lt)
      assert(name, "bad end tag")
      local top = table.remove(stack)
      assert(top and top.name == name, "mismatched </" .. name .. ">")
      pos = e
    else
      local name, p = s:match("^<([%w_:.-]+)()", lt)
      assert(name, "bad start tag at " .. lt)
      local el = { name = name, attrs = {}, children = {} }
      while true do
        local sp, k, q, p2 = s:match("^(%s*)([%w_:.-]+)=([\"'])()", p)
        if not k then break end
        assert(#sp > 0, "attributes must be separated by space")
        local close = assert(s:find(q, p2, true), "unclosed attribute")
        assert(el.attrs[k] == nil, "attribute " .. k .. " given twice")
        el.attrs[k] = unescape(s:sub(p2, close - 1))
        p = close + 1
      end
      local ending, e = s:match("^%s*(/?)>()", p)
      assert(ending, "bad tag <" .. name)
      if #stack > 0 then
        table.insert(stack[#stack].children, el)
      else
        assert(root == nil, "two root elements")
        root = el
      end
      if ending == "" then stack[#stack + 1] = el end
      pos = e
    end
  end
  assert(#stack == 0, "unclosed element")
  return assert(root, "no root element")
end

local function child(el, name)
  for _, c in ipairs(el.children) do
    if c.name == name then return c end
  end
end

local function children(el, name)
  local out = {}
  for _, c in ipairs(el.children) do
    if c.name == name then out[#out + 1] = c end
  end
  return out
end

-- A small parser for the DOT diplomat writes: statements `"id" [a="b",
-- ...];` and `"a" -> "b" [...];` inside `digraph "name" { ... }`.
-- Quoted strings undo \" and \\ (and keep \n as written).
local function parse_dot(s)
  local toks, i = {}, 1
  while i <= #s do
    local c = s:sub(i, i)
    if c:match("%s") then
      i = i + 1
    elseif c == '"' then
      local buf, j = {}, i + 1
      while true do
        local d = s:sub(j, j)
        assert(d ~= "", "unclosed string")
        if d == "\\" and (s:sub(j + 1, j + 1) == '"'
                          or s:sub(j + 1, j + 1) == "\\") then
          buf[#buf + 1] = s:sub(j + 1, j + 1)
          j = j + 2
        elseif d == '"' then
          break
        else
          buf[#buf + 1] = d
          j = j + 1
        end
      end
      toks[#toks + 1] = { str = table.concat(buf) }
      i = j + 1
    elseif s:sub(i, i + 1) == "->" or s:sub(i, i + 1) == "--" then
      toks[#toks + 1] = { op = s:sub(i, i + 1) }
      i = i + 2
    elseif c:match("[%[%]{}=,;]") then
      toks[#toks + 1] = { op = c }
      i = i + 1
    else
      local w = assert(s:match("^[%w_]+", i), "bad character " .. c)
      toks[#toks + 1] = { word = w }
      i = i + #w
    end
  end
  local g = { nodes = {}, order = {}, edges = {} }
  local k = 1
  g.kind = assert(toks[k].word)
  k = k + 1
  if toks[k].str then
    g.name = toks[k].str
    k = k + 1
  end
  assert(toks[k].op == "{")
  k = k + 1
  local function attrs()
    local a = {}
    if toks[k].op ~= "[" then return a end
    k = k + 1
    while toks[k].op ~= "]" do
      local key = assert(toks[k].str or toks[k].word)
      assert(toks[k + 1].op == "=")
      a[key] = assert(toks[k + 2].str)
      k = k + 3
      if toks[k].op == "," then k = k + 1 end
    end
    k = k + 1
    return a
  end
  while toks[k].op ~= "}" do
    local a = assert(toks[k].str)
    k = k + 1
    if toks[k].op == "->" or toks[k].op == "--" then
      local op, b = toks[k].op, assert(toks[k + 1].str)
      k = k + 2
      g.edges[#g.edges + 1] = { from = a, to = b, op = op, attrs = attrs() }
    else
      g.nodes[a] = attrs()
      g.order[#g.order + 1] = a
    end
    assert(toks[k].op == ";", "missing ;")
    k = k + 1
  end
  assert(k == #toks, "text after the graph")
  return g
end

-- Edge-case ladder for the network formats: isolates, a self-tie,
-- parallel ties across a directed and an undirected layer, weights, and
-- attributes that collide with field names.
local function ladder()
  local sys = diplomat.new{ name = "Ladder & <co>", description = "test",
                            attrs = { year = 2024 } }
  sys:add_layer{ id = "formal", directed = true }
  sys:add_layer{ id = "whatsapp", informal = true }
  sys:add_layer{ id = "self", self_ties = true }
  sys:add_actor{ id = "a", name = 'Alpha "A" & co', sector = "health",
    capability = 2.5, tags = { "x", "y" },
    attrs = { note = "line\nbreak", n = 5, ok = true, name = "shadow",
              label = "L" } }
  sys:add_actor{ id = "b", kind = "person", org = "a", level = "frontline",
                 mandate = "none", profession = "nursing",
                 attrs = { n = 7, ok = false } }
  sys:add_actor{ id = "isolate", attrs = { ok = false } }
  sys:add_tie{ from = "a", to = "b", layer = "formal", weight = 2 }
  sys:add_tie{ from = "b", to = "a", layer = "formal", weight = 0.5 }
  sys:add_tie{ from = "a", to = "b", layer = "whatsapp",
               attrs = { since = 2019, via = "group chat" } }
  sys:add_tie{ from = "b", to = "b", layer = "self", weight = 3 }
  return sys
end

-- }======

describe("System:export to GraphML", function()
  it("is read back by igraph with every actor, tie and layer", function()
    local sys = ladder()
    local back = graphml_round_trip(sys)
    assert.are.same(sys:actors(), back:actors())
    assert.are.same(sys:ties(), back:ties())
    -- layers come back from the ties' attributes: flags, not names
    for _, l in ipairs(sys:layers()) do
      local b = back:layer(l.id)
      assert.are.equal(l.directed, b.directed)
      assert.are.equal(l.informal, b.informal)
      assert.are.equal(l.self_ties, b.self_ties)
    end
    local info = back:info()
    assert.are.equal("Ladder & <co>", info.name)
    assert.are.equal("test", info.description)
    assert.are.same({ year = 2024 }, info.attrs)
    -- issues and positions are not part of GraphML
    assert.are.equal(0, #back:issues())
  end)

  it("gives back the Northvale network", function()
    local sys = assert(diplomat.load("examples/data/northvale.json"))
    local back = graphml_round_trip(sys)
    assert.are.same(sys:actors(), back:actors())
    assert.are.same(sys:ties(), back:ties())
    assert.are.equal(#sys:layers(), #back:layers())
  end)

  it("writes only the selected layers, and every actor", function()
    local back = graphml_round_trip(ladder(), { layers = { "whatsapp" } })
    assert.are.equal(3, #back)
    assert.are.equal(1, #back:ties())
    -- an undirected graph: igraph may give the ends in either order
    local t = back:ties()[1]
    assert.are.same({ "a", "b" }, { math.min(t.from, t.to) == t.from
      and t.from or t.to, math.min(t.from, t.to) == t.from and t.to
      or t.from })
    assert.is_true(back:layer("whatsapp").informal)
    assert.is_false(back:layer("whatsapp").directed)
    assert.are.same({ since = 2019, via = "group chat" }, t.attrs)
  end)

  it("round trips the empty system and a lone actor", function()
    local empty = graphml_round_trip(diplomat.new{})
    assert.are.equal(0, #empty)
    local one = diplomat.new{}
    one:add_actor{ id = "solo", capability = 0 }
    assert.are.same(one:actors(), graphml_round_trip(one):actors())
  end)

  it("writes an attribute whose values differ in type as text", function()
    -- GraphML gives an attribute one type: 5 and "five" become "5" and
    -- "five"; a boolean some actors lack becomes "true" / absent
    local sys = diplomat.new{}
    sys:add_actor{ id = "a", attrs = { n = 5, flag = true, e = "" } }
    sys:add_actor{ id = "b", attrs = { n = "five" } }
    local back = graphml_round_trip(sys)
    assert.are.same({ n = "5", flag = "true" }, back:actor("a").attrs)
    assert.are.same({ n = "five" }, back:actor("b").attrs)
  end)

  it("keeps long attribute names whole, even those written with a prefix",
     function()
    -- A name that is reserved or itself begins with "attrs." is written
    -- as "attrs.<name>" and read back without the prefix; such names
    -- were once cut at about 290 bytes (a fixed buffer).
    local long = "attrs." .. string.rep("k", 400)
    local sys = diplomat.new{}
    sys:add_actor{ id = "a", attrs = { [long] = 1, label = "x" } }
    sys:add_actor{ id = "b" }
    sys:add_layer{ id = "formal" }
    sys:add_tie{ from = "a", to = "b", layer = "formal",
                 attrs = { [long] = 2 } }
    local back = graphml_round_trip(sys)
    assert.are.same({ [long] = 1, label = "x" }, back:actor("a").attrs)
    assert.are.same({ [long] = 2 }, back:ties()[1].attrs)
    assert.is_truthy(exported(sys, "m.gexf"):find('title="attrs.' .. long
                                                  .. '"', 1, true))
    assert.is_truthy(exported(sys, "m.dot"):find('"attrs.' .. long .. '"=',
                                                 1, true))
  end)

  -- XML 1.0 §3.3.3: a reader turns a literal tab, line feed or carriage
  -- return in an attribute value into a space, but keeps one written as
  -- a character reference; §2.11: a literal carriage return in text
  -- reads as a line feed.  So these must be written as references
  -- (libxml2's writer does it), and networkx 2.8.8 must read them back.
  it("keeps tab and line breaks in names and values, for other readers too",
     function()
    local sys = diplomat.new{}
    sys:add_actor{ id = "a", attrs = { ["t\tn\nr\r"] = "x\ty\nz\rw" } }
    local text = exported(sys, "w.graphml")
    assert.matches('attr.name="t&#9;n&#10;r&#13;"', text, 1, true)
    assert.matches('<data key="v_t&#9;n&#10;r&#13;">x\ty\nz&#13;w</data>',
                   text, 1, true)
    assert.matches('<attvalue for="attrs.t&#9;n&#10;r&#13;" '
                   .. 'value="x&#9;y&#10;z&#13;w"/>',
                   exported(sys, "w.gexf"), 1, true)
    local py = "env -u LD_PRELOAD /usr/bin/python3" -- not under ASan
    if not os.execute(py .. " -c 'import networkx' >/dev/null 2>&1") then
      pending("networkx is not installed (Debian: python3-networkx)")
      return
    end
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    assert(sys:export(dir .. "/w.graphml"))
    local p = assert(io.popen(py .. " -c 'import sys, networkx as nx; "
      .. "g = nx.read_graphml(sys.argv[1]); "
      .. "print(repr(sorted(g.nodes[\"a\"].items())))' "
      .. shell_quote(dir .. "/w.graphml") .. " 2>&1"))
    local out = p:read("a")
    p:close()
    assert.are.equal("[('capability', 1.0), ('kind', 'organisation'), "
      .. "('name', 'a'), ('t\\tn\\nr\\r', 'x\\ty\\nz\\rw')]\n", out)
  end)

  it("names its keys for Gephi and other tools", function()
    local text = exported(ladder(), "x.graphml")
    assert(parse_xml(text))
    assert.matches('<key id="v_name" for="node" attr.name="name" '
      .. 'attr.type="string"/>', text, 1, true)
    assert.matches('<key id="e_weight" for="edge" attr.name="weight" '
      .. 'attr.type="double"/>', text, 1, true)
    -- a free attribute named like a field keeps an attrs. prefix
    assert.matches('attr.name="attrs.name"', text, 1, true)
    assert.matches('attr.name="attrs.label"', text, 1, true)
    assert.matches('attr.name="note"', text, 1, true)
  end)
end)

describe("diplomat.from_graphml", function()
  local FIX = "spec/fixtures/interchange/"

  it("reads networkx's Florentine families, with networkx's numbers",
     function()
    local graphs = require "spec.fixtures.graphs"
    local sys = assert(diplomat.from_graphml(FIX
      .. "florentine_networkx.graphml", { layer = "marriage",
                                          informal = true }))
    assert.are.equal(15, #sys)
    assert.are.equal(20, #sys:ties())
    for _, t in ipairs(graphs.florentine.ties) do
      assert.truthy(sys:tie(t[1], t[2], "marriage"), t[1] .. "-" .. t[2])
    end
    local l = sys:layer("marriage")
    assert.is_false(l.directed)
    assert.is_true(l.informal)
    -- degree and normalised betweenness as networkx 2.8.8 computed them
    local degree = sys:centrality("degree")
    local between = sys:centrality("betweenness", { normalized = true })
    for _, a in ipairs(sys:actors()) do
      assert.are.equal(a.attrs.degree, degree[a.id])
      assert.near(a.attrs.betweenness, between[a.id], 1e-12)
    end
  end)

  it("maps networkx's typed attributes to fields, layers and attributes",
     function()
    local sys = assert(diplomat.from_graphml(FIX .. "typed_networkx.graphml"))
    assert.are.equal("Typed test", sys:info().name)
    assert.are.same({ id = "a", name = "Alpha trust", kind = "organisation",
      capability = 2.5, tags = {}, attrs = { active = true, count = 3 } },
      sys:actor("a"))
    assert.are.same({ "a", "b", "c", "d" }, sys:actor_ids())
    assert.are.equal("integer", math.type(sys:actor("c").attrs.count))
    assert.is_false(sys:actor("d").attrs.active)
    assert.are.same({ "funding", "referral", "chat" }, (function()
      local ids = {}
      for i, l in ipairs(sys:layers()) do ids[i] = l.id end
      return ids
    end)())
    assert.is_true(sys:layer("funding").directed)
    assert.is_false(sys:layer("chat").directed)
    assert.is_true(sys:layer("chat").informal)
    assert.are.equal(2.5, sys:tie("a", "b", "funding").weight)
    assert.are.equal(1, sys:tie("b", "a", "funding").weight)
    assert.are.same({ since = 2019 }, sys:tie("b", "c", "referral").attrs)
    assert.are.equal(0.5, sys:tie("d", "c", "chat").weight)
  end)

  it("reads and writes numbers whatever the locale's decimal point",
     function()
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
    write_file(dir .. "/child.lua", ([[
      local diplomat = require "diplomat"
      assert(os.setlocale("de_DE.UTF-8", "numeric"), "no locale")
      assert(string.format("%%.1f", 0.5) == "0,5", "not a comma locale")
      local sys = assert(diplomat.from_graphml(%q))
      assert(sys:export(%q))
      local back = assert(diplomat.from_graphml(%q))
      io.write(string.format("%%.17g %%.17g", back:actor("a").capability,
        back:tie("c", "d", "chat").weight))
    ]]):format(FIX .. "typed_networkx.graphml", dir .. "/out.graphml",
               dir .. "/out.graphml"))
    local p = assert(io.popen(("LOCPATH=%s lua5.4 %s 2>&1"):format(
      shell_quote(dir), shell_quote(dir .. "/child.lua"))))
    local out = p:read("a")
    p:close()
    assert.are.equal("2,5 0,5", out) -- printed in the child's locale
    assert.matches('<data key="v_capability">2.5</data>',
                   read_file(dir .. "/out.graphml"), 1, true)
  end)

  it("reports problems with the content, each named", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    write_file(dir .. "/m.graphml", [[
<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="l" for="edge" attr.name="layer" attr.type="string"/>
<key id="i" for="edge" attr.name="informal" attr.type="boolean"/>
<key id="w" for="edge" attr.name="weight" attr.type="double"/>
<key id="c" for="node" attr.name="capability" attr.type="string"/>
<graph edgedefault="directed">
<node id="a"><data key="c">lots</data></node>
<node id="b"/>
<node id="c"/>
<edge source="b" target="c"><data key="l">x</data>
  <data key="i">true</data></edge>
<edge source="c" target="b"><data key="l">x</data>
  <data key="i">false</data></edge>
<edge source="b" target="c"><data key="l">y</data>
  <data key="w">-1</data></edge>
</graph>
</graphml>]])
    local sys, err = diplomat.from_graphml(dir .. "/m.graphml")
    assert.is_nil(sys)
    local m = diplomat.new{}
    m:add_layer{ id = "y", directed = true }
    m:add_actor{ id = "b" }
    m:add_actor{ id = "c" }
    local ok, weight = pcall(m.add_tie, m, { from = "b", to = "c",
                                             layer = "y", weight = -1 })
    assert.is_false(ok)
    assert.are.equal(dir .. "/m.graphml: 3 problems in the system map:\n"
      .. "layer 'x': its edges disagree on whether it is informal\n"
      .. "node 'a': capability: must be a number, not 'lots'\n"
      .. "edge 3 (b -> c): " .. weight:match("%((.*)%)$"), err)
  end)

  it("returns nil and igraph's reason for a file that is not GraphML",
     function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    write_file(dir .. "/bad.graphml", '<graphml><graph><node id="a"></graph>')
    local sys, err = diplomat.from_graphml(dir .. "/bad.graphml")
    assert.is_nil(sys)
    assert.are.equal(dir .. "/bad.graphml: not valid GraphML: Line 1: "
      .. "Opening and ending tag mismatch: node line 1 and graph", err)
    write_file(dir .. "/none.graphml", '<?xml version="1.0"?>\n<x/>')
    sys, err = diplomat.from_graphml(dir .. "/none.graphml")
    assert.is_nil(sys)
    assert.are.equal(dir .. "/none.graphml: not valid GraphML: the file "
      .. "holds no graph", err)
    sys, err = diplomat.from_graphml(dir .. "/missing.graphml")
    assert.is_nil(sys)
    assert.are.equal(dir .. "/missing.graphml: cannot open: No such file "
      .. "or directory", err)
    sys, err = diplomat.from_graphml(dir)
    assert.is_nil(sys)
    assert.are.equal(dir .. ": cannot read: it is a folder", err)
  end)

  it("raises on bad options", function()
    local f = FIX .. "typed_networkx.graphml"
    assert.has_error(function() diplomat.from_graphml(f, { layer = 5 }) end,
      "bad argument #2 to 'from_graphml' (layer: must be a layer id (a "
      .. "string))")
    assert.has_error(function() diplomat.from_graphml(f, { layer = "" }) end,
      "bad argument #2 to 'from_graphml' (layer: must be a non-empty id)")
    assert.has_error(function()
      diplomat.from_graphml(f, { informal = "yes" })
    end, "bad argument #2 to 'from_graphml' (informal: must be true or "
      .. "false)")
    assert.has_error(function() diplomat.from_graphml(f, { frob = 1 }) end,
      "bad argument #2 to 'from_graphml' (unknown field 'frob')")
  end)
end)

describe("System:export to GEXF", function()
  it("writes well-formed GEXF 1.3 with the actors, ties and attributes",
     function()
    local text = exported(ladder(), "x.gexf")
    local gexf = parse_xml(text)
    assert.are.equal("gexf", gexf.name)
    assert.are.equal("http://gexf.net/1.3", gexf.attrs.xmlns)
    assert.are.equal("1.3", gexf.attrs.version)
    local graph = child(gexf, "graph")
    -- a directed layer and an undirected one: directed by default, the
    -- undirected ties marked so
    assert.are.equal("directed", graph.attrs.defaultedgetype)
    local decl = {}
    for _, a in ipairs(children(graph, "attributes")) do
      for _, d in ipairs(children(a, "attribute")) do
        decl[a.attrs.class .. ":" .. d.attrs.id] = d.attrs.title .. "/"
          .. d.attrs.type
      end
    end
    assert.are.same({
      ["node:kind"] = "kind/string", ["node:org"] = "org/string",
      ["node:sector"] = "sector/string",
      ["node:profession"] = "profession/string",
      ["node:level"] = "level/string", ["node:mandate"] = "mandate/string",
      ["node:capability"] = "capability/double",
      ["node:tags"] = "tags/string",
      ["node:attrs.label"] = "attrs.label/string",
      ["node:attrs.n"] = "n/long", ["node:attrs.name"] = "attrs.name/string",
      ["node:attrs.note"] = "note/string",
      ["node:attrs.ok"] = "ok/boolean",
      ["edge:layer"] = "layer/string", ["edge:informal"] = "informal/boolean",
      ["edge:attrs.since"] = "since/long", ["edge:attrs.via"] = "via/string",
    }, decl)
    local nodes = children(child(graph, "nodes"), "node")
    assert.are.equal(3, #nodes)
    assert.are.equal("a", nodes[1].attrs.id)
    assert.are.equal('Alpha "A" & co', nodes[1].attrs.label)
    local values = {}
    for _, v in ipairs(children(child(nodes[1], "attvalues"), "attvalue")) do
      values[v.attrs["for"]] = v.attrs.value
    end
    assert.are.same({ kind = "organisation", sector = "health",
      capability = "2.5", tags = "x;y", ["attrs.note"] = "line\nbreak",
      ["attrs.n"] = "5", ["attrs.ok"] = "true", ["attrs.name"] = "shadow",
      ["attrs.label"] = "L" }, values)
    local edges = children(child(graph, "edges"), "edge")
    assert.are.equal("4", child(graph, "edges").attrs.count)
    local got = {}
    for _, e in ipairs(edges) do
      local layer
      for _, v in ipairs(children(child(e, "attvalues"), "attvalue")) do
        if v.attrs["for"] == "layer" then layer = v.attrs.value end
      end
      assert.are.equal(e.attrs.kind, layer)
      got[#got + 1] = table.concat({ e.attrs.source, e.attrs.target,
        e.attrs.weight, e.attrs.kind, e.attrs.type or "-" }, " ")
    end
    assert.are.same({ "a b 2 formal -", "b a 0.5 formal -",
                      "a b 1 whatsapp undirected", "b b 3 self undirected" },
                    got)
  end)

  it("is valid XML for xmllint too", function()
    if not have("xmllint") then
      pending("xmllint is not installed (Debian: libxml2-utils)")
      return
    end
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    local sys = assert(diplomat.load("examples/data/northvale.json"))
    assert(sys:export(dir .. "/n.gexf"))
    assert(ladder():export(dir .. "/l.gexf"))
    assert.is_true(os.execute("xmllint --noout " .. shell_quote(dir
      .. "/n.gexf") .. " " .. shell_quote(dir .. "/l.gexf")))
  end)

  it("writes one edge per tie of the selected layers", function()
    local sys = assert(diplomat.load("examples/data/northvale.json"))
    local gexf = parse_xml(exported(sys, "n.gexf", { informal = true }))
    local graph = child(gexf, "graph")
    -- the informal layers are all undirected
    assert.are.equal("undirected", graph.attrs.defaultedgetype)
    assert.are.equal(#sys:actors(), #children(child(graph, "nodes"), "node"))
    local edges = children(child(graph, "edges"), "edge")
    assert.are.equal(#sys:ties{ informal = true }, #edges)
    for i, t in ipairs(sys:ties{ informal = true }) do
      assert.are.equal(t.from, edges[i].attrs.source)
      assert.are.equal(t.to, edges[i].attrs.target)
      assert.are.equal(t.layer, edges[i].attrs.kind)
    end
  end)

  it("writes an empty system", function()
    local gexf = parse_xml(exported(diplomat.new{}, "e.gexf"))
    local graph = child(gexf, "graph")
    assert.are.equal("0", child(graph, "nodes").attrs.count)
    assert.are.equal("0", child(graph, "edges").attrs.count)
  end)
end)

describe("System:export to DOT", function()
  it("writes a digraph with undirected ties as dir=none, informal dashed",
     function()
    local g = parse_dot(exported(ladder(), "x.dot"))
    assert.are.equal("digraph", g.kind)
    assert.are.equal("Ladder & <co>", g.name)
    assert.are.same({ "a", "b", "isolate" }, g.order)
    assert.are.same({ label = 'Alpha "A" & co', kind = "organisation",
      sector = "health", capability = "2.5", tags = "x;y",
      ["attrs.note"] = "line\\nbreak", ["attrs.n"] = "5",
      ["attrs.ok"] = "true", ["attrs.name"] = "shadow",
      ["attrs.label"] = "L" }, g.nodes.a)
    assert.are.same({
      { from = "a", to = "b", op = "->",
        attrs = { layer = "formal", weight = "2" } },
      { from = "b", to = "a", op = "->",
        attrs = { layer = "formal", weight = "0.5" } },
      { from = "a", to = "b", op = "->",
        attrs = { layer = "whatsapp", weight = "1", style = "dashed",
                  dir = "none", ["attrs.since"] = "2019",
                  ["attrs.via"] = "group chat" } },
      { from = "b", to = "b", op = "->",
        attrs = { layer = "self", weight = "3", dir = "none" } },
    }, g.edges)
  end)

  it("writes a graph when every selected layer is undirected", function()
    local g = parse_dot(exported(ladder(), "x.dot",
                                 { layers = { "whatsapp" } }))
    assert.are.equal("graph", g.kind)
    assert.are.equal(1, #g.edges)
    assert.are.equal("--", g.edges[1].op)
    assert.is_nil(g.edges[1].attrs.dir)
  end)

  it("escapes quotes, backslashes and line breaks in ids", function()
    local sys = diplomat.new{}
    sys:add_layer{ id = "l" }
    sys:add_actor{ id = 'say "hi"', name = "two\nlines" }
    sys:add_actor{ id = "back\\slash" }
    sys:add_tie{ from = 'say "hi"', to = "back\\slash", layer = "l" }
    local text = exported(sys, "x.dot")
    assert.matches('"say \\"hi\\"" [label="two\\nlines"', text, 1, true)
    local g = parse_dot(text)
    assert.are.same({ 'say "hi"', "back\\slash" }, g.order)
    assert.are.equal('say "hi"', g.edges[1].from)
    assert.are.equal("back\\slash", g.edges[1].to)
  end)

  it("is laid out by Graphviz with every actor and tie", function()
    if not have("dot") then
      pending("Graphviz is not installed (Debian: graphviz): DOT checked "
        .. "by the parser in this spec only")
      return
    end
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    local sys = assert(diplomat.load("examples/data/northvale.json"))
    assert(sys:export(dir .. "/n.dot"))
    local p = assert(io.popen("dot -Tplain " .. shell_quote(dir .. "/n.dot")
      .. " 2>&1"))
    local plain = p:read("a")
    p:close()
    local nodes, edges = {}, {}
    for line in plain:gmatch("[^\n]+") do
      local n = line:match("^node (%S+) ")
      if n then nodes[#nodes + 1] = n end
      local a, b = line:match("^edge (%S+) (%S+) ")
      if a then edges[#edges + 1] = a .. ">" .. b end
    end
    local want_nodes, want_edges = sys:actor_ids(), {}
    for _, t in ipairs(sys:ties()) do
      want_edges[#want_edges + 1] = t.from .. ">" .. t.to
    end
    table.sort(nodes)
    table.sort(want_nodes)
    table.sort(edges)
    table.sort(want_edges)
    assert.are.same(want_nodes, nodes)
    assert.are.same(want_edges, edges)
    assert.is_nil(plain:find("Warning", 1, true), plain)
  end)
end)

describe("System:export", function()
  it("tells the format from the path, or takes it from format", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    local sys = ladder()
    assert(sys:export(dir .. "/a.GraphML"))
    assert(sys:export(dir .. "/a.gv"))
    assert(sys:export(dir .. "/a.txt", { format = "gexf" }))
    assert.matches("^<%?xml", read_file(dir .. "/a.GraphML"))
    assert.matches("^digraph", read_file(dir .. "/a.gv"))
    assert.matches("<gexf ", read_file(dir .. "/a.txt"))
  end)

  it("replaces an existing file and leaves no temporary file", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    write_file(dir .. "/x.dot", "old")
    assert.is_true(ladder():export(dir .. "/x.dot"))
    assert.matches("^digraph", read_file(dir .. "/x.dot"))
    local p = assert(io.popen("ls -A " .. shell_quote(dir)))
    assert.are.equal("x.dot\n", p:read("a"))
    p:close()
  end)

  it("returns nil and a message when it cannot write", function()
    local dir = new_tmpdir()
    finally(function() remove_tree(dir) end)
    for _, name in ipairs{ "x.dot", "x.gexf", "x.graphml" } do
      local ok, err = ladder():export(dir .. "/no/" .. name)
      assert.is_nil(ok)
      assert.are.equal(dir .. "/no/" .. name .. ": cannot write: No such "
        .. "file or directory", err)
    end
  end)

  it("refuses control characters XML and DOT cannot hold", function()
    local sys = diplomat.new{}
    sys:add_actor{ id = "a", name = "bell\7", attrs = { k = "x\27y" } }
    for format, name in pairs{ gexf = "GEXF", graphml = "GraphML",
                               dot = "DOT" } do
      local ok, err = sys:export("/nonexistent/x", { format = format })
      assert.is_nil(ok)
      assert.are.equal("/nonexistent/x: cannot write: 2 problems in the "
        .. "system map:\n"
        .. "actor 'a': name holds a control character (U+0007), which "
        .. name .. " cannot hold\n"
        .. "actor 'a': attribute 'k' holds a control character (U+001B), "
        .. "which " .. name .. " cannot hold", err)
    end
  end)

  it("rejects bad options", function()
    local sys = ladder()
    assert.has_error(function() sys:export("x") end,
      "bad argument #2 to 'export' (format: give the format (graphml, gexf,"
      .. " dot or csv); it cannot be told from 'x')")
    assert.has_error(function() sys:export("x", { format = "pdf" }) end,
      "bad argument #2 to 'export' (format: unknown format 'pdf' (expected "
      .. "graphml, gexf, dot or csv))")
    assert.has_error(function() sys:export("x.dot", { layers = { "no" } })
    end, "bad argument #2 to 'export' (layers: unknown layer 'no')")
    assert.has_error(function() sys:export("x.dot", { combine = "max" }) end,
      "bad argument #2 to 'export' (combine: an export writes one edge per "
      .. "tie, there is nothing to combine)")
    assert.has_error(function() sys:export("x.dot", { bom = true }) end,
      "bad argument #2 to 'export' (bom: only CSV files take a byte order "
      .. "mark)")
    assert.has_error(function() sys:export("x.dot", { frob = 1 }) end,
      "bad argument #2 to 'export' (unknown option 'frob')")
    assert.has_error(function() sys:export("x.dot", 5) end,
      "bad argument #2 to 'export' (table expected, got number)")
    assert.has_error(function() sys:export(true) end,
      "bad argument #1 to 'export' (string expected, got boolean)")
  end)
end)
