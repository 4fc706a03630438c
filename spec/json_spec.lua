-- The diplomat/1 file format: diplomat.load / decode, System:save / encode.
--
-- Every expected value here comes from the spec's own inputs: the maps are
-- built (or written out) in this file, and each expected message is
-- spelled out from the rules in ../shared/DESIGN.md ("File format").

local diplomat = require "diplomat"
local h = require "spec.helpers"
local shell_quote, run, new_tmpdir, remove_tree, read_file, write_file,
  listing =
  h.shell_quote, h.run, h.new_tmpdir, h.remove_tree, h.read_file,
  h.write_file, h.listing

local mtype = math.type
local fmt = string.format

-- the repository root, so the spec runs from any folder
local ROOT = debug.getinfo(1, "S").source:match("^@(.-)spec/[^/]*$") or ""
local NORTHVALE = ROOT .. "examples/data/northvale.json"
local FIXTURES = ROOT .. "spec/fixtures/"

-- {====== Helpers ======

-- The first difference between two values, as "path: what", or nil when
-- they are equal.  Numbers must agree in value and in math.type (an
-- integer attribute must not come back as a float).
local function difference(a, b, path)
  path = path or "$"
  if type(a) ~= type(b) then
    return fmt("%s: %s vs %s", path, type(a), type(b))
  end
  if type(a) == "number" then
    if mtype(a) ~= mtype(b) then
      return fmt("%s: %s %.17g vs %s %.17g", path, mtype(a), a, mtype(b), b)
    end
    if a ~= b then return fmt("%s: %.17g vs %.17g", path, a, b) end
    return nil
  end
  if type(a) ~= "table" then
    if a ~= b then
      return fmt("%s: %q vs %q", path, tostring(a), tostring(b))
    end
    return nil
  end
  for k, v in pairs(a) do
    local d = difference(v, b[k], path .. "." .. tostring(k))
    if d then return d end
  end
  for k in pairs(b) do
    if a[k] == nil then
      return fmt("%s.%s: missing on the left", path, tostring(k))
    end
  end
  return nil
end

local function assert_same(expected, actual)
  local d = difference(expected, actual)
  assert(d == nil, d)
end

-- Everything a system holds, as plain tables.
local function snapshot(sys)
  return {
    info = sys:info(),
    layers = sys:layers(),
    actors = sys:actors(),
    ties = sys:ties(),
    issues = sys:issues(),
    positions = sys:positions(),
  }
end

local function file_mode(path)
  return (run("stat -c %a " .. shell_quote(path)):gsub("%s+$", ""))
end

-- decode must fail with nil, message and must never raise.
local function decode_fails(text)
  local ok, sys, msg = pcall(diplomat.decode, text)
  assert(ok, "decode raised: " .. tostring(sys))
  assert(sys == nil, "decode accepted the text")
  assert(type(msg) == "string", "no message")
  return msg
end

local function load_fails(path)
  local ok, sys, msg = pcall(diplomat.load, path)
  assert(ok, "load raised: " .. tostring(sys))
  assert(sys == nil, "load accepted the file")
  assert(type(msg) == "string", "no message")
  return msg
end

-- A diplomat/1 document with the given sections (JSON text fragments).
-- Two layers (f directed, u undirected), actors a and b, issue i (0..100)
-- unless a fragment replaces them.
local function doc(t)
  t = t or {}
  local parts = { '"format": "diplomat/1"' }
  local function section(name, default)
    local v = t[name]
    if v == nil then v = default end
    if v then parts[#parts + 1] = fmt('"%s": %s', name, v) end
  end
  section("layers", '[{"id": "f", "directed": true}, {"id": "u"}]')
  section("actors", '[{"id": "a"}, {"id": "b"}]')
  section("issues", '[{"id": "i"}]')
  section("ties", false)
  section("positions", false)
  if t.extra then parts[#parts + 1] = t.extra end
  return "{" .. table.concat(parts, ", ") .. "}"
end

-- }======

-- {====== A generated map ======

-- A small linear congruential generator (Knuth's MMIX constants) so the
-- map is the same on every run and leaves math.random alone.
local function generator(seed)
  local state = seed
  local g = {}
  local function next53()
    state = state * 6364136223846793005 + 1442695040888963407
    return state >> 11 -- the top 53 bits, never negative
  end
  function g.int(n) return next53() % n + 1 end      -- 1..n
  function g.float() return next53() / 2.0 ^ 53 end  -- [0, 1)
  function g.pick(list) return list[g.int(#list)] end
  return g
end

local STRINGS = {
  'plain', 'with "double" quotes', "with 'single' quotes",
  "two\nlines", "tab\there", "back\\slash", "slash / too",
  "caf\u{e9} \u{2013} na\u{ef}ve", "emoji \u{1F91D} handshake",
  "\u{4E2D}\u{6587}", "control \1 and \31 and \127", "", " ",
  "{\"json\": [1, 2]}", "\u{FEFF}bom first",
}
local FLOATS = { 0.1, 1 / 3, 1e-300, 5e300, -2.5, 2 / 3, -1e-7, 123.456,
                 0.30000000000000004, 2.0 ^ 60 + 2.0 ^ 8, -5e300 }
local INTEGERS = { 0, 1, -1, 42, 1 << 53, -(1 << 53), (1 << 53) - 1,
                   2147483647, 2147483648, -2147483649 }

-- A random attribute value of any type.  Floats are never integral below
-- 2^53: those come back as integers (see "attribute numbers" below).
local function attr_value(g)
  local k = g.int(6)
  if k == 1 then return g.pick(STRINGS) .. g.int(1000) end
  if k == 2 then return g.pick(INTEGERS) end
  if k == 3 then return g.int(2000001) - 1000001 end
  if k == 4 then return g.pick(FLOATS) end
  if k == 5 then
    local x = (g.float() - 0.5) * 1e6
    return x == math.floor(x) and x + 0.5 or x
  end
  return g.int(2) == 1
end

local function attrs(g, max)
  local t = {}
  for _ = 1, g.int(max + 1) - 1 do
    t[g.pick({ "note", "source", "x", "weight", "since", "caf\u{e9}",
               'q"uote', "multi\nline", "n" .. g.int(50) })] = attr_value(g)
  end
  return t
end

local KINDS = { "organisation", "person", "group" }
local LEVELS = { "national", "regional", "system", "place",
                 "neighbourhood", "frontline" }
local MANDATES = { "elected", "appointed", "statutory", "none" }

-- Builds a map of n actors and m ties; returns the system and the inputs
-- it was built from.
local function generate(seed, n, m)
  local g = generator(seed)
  local sys = diplomat.new{
    name = "Generated \"map\"\nseed " .. seed,
    description = "caf\u{e9} \u{1F91D}",
    attrs = { seed = seed, big = 1 << 53, tiny = 1e-300, flag = true },
  }
  local layers = {
    { id = "formal", directed = true, attrs = attrs(g, 3) },
    { id = "funding", name = "Funding \"flows\"", directed = true },
    { id = "board", description = "co-membership\nof boards" },
    { id = "whatsapp", informal = true, attrs = attrs(g, 3) },
    { id = "self", self_ties = true, informal = true, directed = true },
  }
  for _, l in ipairs(layers) do sys:add_layer(l) end
  local actors, ids = {}, {}
  for i = 1, n do
    local id = "a" .. i
    if i % 7 == 0 then id = 'a"' .. i .. "\u{2615}" end
    if i % 11 == 0 then id = "caf\u{e9} " .. i end
    local a = {
      id = id,
      name = g.int(4) > 1 and (g.pick(STRINGS) .. " " .. i) or nil,
      kind = g.int(4) > 1 and g.pick(KINDS) or nil,
      org = g.int(2) == 1 and ("org " .. g.int(40)) or nil,
      sector = g.int(3) > 1 and g.pick({ "health", "voluntary", "x\ny" })
        or nil,
      profession = g.int(3) == 1 and "nurse \u{2695}" or nil,
      level = g.int(3) > 1 and g.pick(LEVELS) or nil,
      mandate = g.int(3) > 1 and g.pick(MANDATES) or nil,
      capability = g.pick({ 0, 1, 2.5, 1 / 3, g.float() * 10, 5e300 }),
      attrs = attrs(g, 5),
    }
    local tags = {}
    for k = 1, g.int(4) - 1 do tags[k] = "tag" .. k .. g.pick(STRINGS) end
    if #tags > 0 then a.tags = tags end
    sys:add_actor(a)
    actors[i] = a
    ids[i] = id
  end
  local seen, ties = {}, {}
  while #ties < m do
    local l = layers[g.int(#layers)]
    local i, j = g.int(n), g.int(n)
    if l.id == "self" then j = g.int(5) == 1 and i or j end
    local key
    if l.directed then key = l.id .. ":" .. i .. ">" .. j
    else key = l.id .. ":" .. math.min(i, j) .. "-" .. math.max(i, j) end
    if (i ~= j or l.self_ties) and not seen[key] then
      seen[key] = true
      local t = { from = ids[i], to = ids[j], layer = l.id,
                  weight = g.pick({ 1, 2, 0.1, 1 / 3, 1e-300, 5e300,
                                    g.float() * 5 + 1e-9 }) }
      if g.int(10) == 1 then t.attrs = attrs(g, 2) end
      sys:add_tie(t)
      ties[#ties + 1] = t
    end
  end
  local issues = {
    { id = "budget", min_label = "none", max_label = "all \u{20AC}" },
    { id = "signed", name = "Signed \"scale\"", min = -1, max = 1,
      status_quo = -1 / 3 },
    { id = "narrow", min = 0.1, max = 0.7, status_quo = 0.7 },
    { id = "wide", min = -1e6, max = 1e6, description = "wide\nscale" },
    { id = "third", min = 0, max = 1 / 3, attrs = attrs(g, 3) },
  }
  for _, is in ipairs(issues) do sys:add_issue(is) end
  local positions = 0
  for i = 1, n do
    for _, is in ipairs(issues) do
      if g.int(5) <= 3 then
        local lo, hi = is.min or 0, is.max or 100
        local x = lo + g.float() * (hi - lo)
        if x > hi then x = hi end
        local s = g.pick({ 0, 1, 0.5, g.float() })
        sys:set_position(ids[i], is.id, x, s,
                         g.int(4) == 1 and attrs(g, 2) or nil)
        positions = positions + 1
      end
    end
  end
  return sys, { actors = actors, ties = ties, positions = positions }
end

-- }======

describe("diplomat/1 JSON", function()

  describe("round trip", function()
    local function round_trip(sys)
      local text = sys:encode()
      local back = assert(diplomat.decode(text))
      assert.are.equal(text, back:encode())
      assert_same(snapshot(sys), snapshot(back))
      return back
    end

    it("is lossless for the default map (load, encode, decode, encode)",
       function()
      local sys = assert(diplomat.load(NORTHVALE))
      round_trip(sys)
    end)

    it("is lossless for a generated map of 2,000 actors and 20,000 ties",
       function()
      local sys, input = generate(20240611, 2000, 20000)
      assert.are.equal(2000, #sys)
      assert.are.equal(20000, #sys:ties())
      assert.are.equal(input.positions, sys:info().positions)
      -- the generator did produce the hard cases
      local found = {}
      for _, a in ipairs(input.actors) do
        for _, v in pairs(a.attrs) do
          if v == 1 << 53 then found.max = true end
          if v == -(1 << 53) then found.min = true end
          if v == 1e-300 then found.tiny = true end
          if v == 5e300 then found.huge = true end
          if v == 0.1 then found.tenth = true end
          if v == 1 / 3 then found.third = true end
          if v == false then found.bool = true end
          if type(v) == "string" and v:find('"', 1, true) then
            found.quote = true
          end
          if type(v) == "string" and v:find("\n", 1, true) then
            found.newline = true
          end
          if type(v) == "string" and v:find("\u{1F91D}", 1, true) then
            found.unicode = true
          end
        end
      end
      assert.are.same({ max = true, min = true, tiny = true, huge = true,
                        tenth = true, third = true, bool = true,
                        quote = true, newline = true, unicode = true },
                      found)
      local back = round_trip(sys)
      -- and against the spec's own inputs: attrs keep their types
      local actors = back:actors()
      for i, a in ipairs(input.actors) do
        assert.are.equal(a.id, actors[i].id)
        assert_same(a.attrs, actors[i].attrs)
        assert_same(a.tags or {}, actors[i].tags)
        assert.are.equal(a.name or a.id, actors[i].name)
        assert.are.equal(a.kind or "organisation", actors[i].kind)
        assert.are.equal(a.capability, actors[i].capability)
      end
      local ties = back:ties()
      for i, t in ipairs(input.ties) do
        assert.are.equal(t.from, ties[i].from)
        assert.are.equal(t.to, ties[i].to)
        assert.are.equal(t.layer, ties[i].layer)
        assert.are.equal(t.weight, ties[i].weight)
        assert_same(t.attrs or {}, ties[i].attrs)
      end
    end)

    it("keeps extreme attribute values exactly", function()
      local values = {
        int_max = 1 << 53, int_min = -(1 << 53), tenth = 0.1,
        third = 1 / 3, tiny = 1e-300, huge = 5e300, neg = -5e300,
        subnormal = 5e-324, t = true, f = false, empty = "",
        text = "\"q\" \\ \n\r\t \1 \u{e9} \u{1F600} \u{10FFFF}",
      }
      local sys = diplomat.new{ attrs = values }
      local back = assert(diplomat.decode(sys:encode()))
      assert_same(values, back:info().attrs)
    end)

    it("reads integral JSON numbers in attrs as Lua integers and all "
       .. "others as floats (so a float 3.0 comes back as the integer 3)",
       function()
      local sys = assert(diplomat.decode([[{"format": "diplomat/1",
        "attrs": {"i": 3, "f": 3.5, "w": 3.0, "e": 3e0, "neg": -7,
                  "big": 9007199254740992, "over": 1e16,
                  "small": 0.1, "z": -0}}]]))
      local a = sys:info().attrs
      assert.are.equal("integer", mtype(a.i)); assert.are.equal(3, a.i)
      assert.are.equal("float", mtype(a.f)); assert.are.equal(3.5, a.f)
      assert.are.equal("integer", mtype(a.w)); assert.are.equal(3, a.w)
      assert.are.equal("integer", mtype(a.e)); assert.are.equal(3, a.e)
      assert.are.equal("integer", mtype(a.neg)); assert.are.equal(-7, a.neg)
      assert.are.equal("integer", mtype(a.big))
      assert.are.equal(1 << 53, a.big)
      -- beyond 2^53 an integral number is not exact: it stays a float
      assert.are.equal("float", mtype(a.over)); assert.are.equal(1e16, a.over)
      assert.are.equal("float", mtype(a.small))
      assert.are.equal("integer", mtype(a.z)); assert.are.equal(0, a.z)
      -- the Lua side: a float 3.0 is written as 3 and read as an integer
      local back = assert(diplomat.decode(diplomat.new{
        attrs = { x = 3.0 } }:encode()))
      assert.are.equal("integer", mtype(back:info().attrs.x))
    end)

    it("gives numbers outside attrs back as floats", function()
      local sys = assert(diplomat.decode(doc{
        ties = '[{"from": "a", "to": "b", "layer": "f", "weight": 2}]',
        positions = '[{"actor": "a", "issue": "i", "position": 50}]' }))
      assert.are.equal("float", mtype(sys:ties()[1].weight))
      assert.are.equal("float", mtype(sys:actor("a").capability))
      assert.are.equal("float", mtype(sys:position("a", "i").position))
      assert.are.equal("float", mtype(sys:issue("i").max))
    end)

    it("fills in the documented defaults", function()
      local sys = assert(diplomat.decode(doc{
        positions = '[{"actor": "a", "issue": "i", "position": 5}]' }))
      local a = sys:actor("a")
      assert.are.equal("a", a.name)
      assert.are.equal("organisation", a.kind)
      assert.are.equal(1, a.capability)
      local is = sys:issue("i")
      assert.are.equal(0, is.min)
      assert.are.equal(100, is.max)
      assert.is_nil(is.status_quo)
      assert.are.equal(1, sys:position("a", "i").salience)
      assert.is_false(sys:layer("u").directed)
      assert.is_false(sys:layer("u").informal)
    end)

    it("accepts an empty map and a UTF-8 byte order mark", function()
      local sys = assert(diplomat.decode('{"format": "diplomat/1"}'))
      assert.are.equal(0, #sys)
      assert.truthy(diplomat.decode('\u{FEFF}{"format": "diplomat/1"}'))
    end)
  end)

  describe("output", function()
    it("is the same bytes every time for the same system", function()
      local sys = assert(diplomat.load(NORTHVALE))
      local text = sys:encode()
      assert.are.equal(text, sys:encode())
      assert.are.equal(text, sys:clone():encode())
      assert.are.equal(text, assert(diplomat.load(NORTHVALE)):encode())
    end)

    it("does not depend on the order attributes were given in", function()
      local keys = {}
      for i = 1, 40 do keys[i] = "k" .. i end
      local forward, backward = {}, {}
      for i = 1, #keys do forward[keys[i]] = i end
      for i = #keys, 1, -1 do backward[keys[i]] = i end
      local a = diplomat.new{ attrs = forward }
      local b = diplomat.new{ attrs = backward }
      for _, s in ipairs({ a, b }) do
        s:add_actor{ id = "x", attrs = s == a and forward or backward }
      end
      assert.are.equal(a:encode(), b:encode())
      -- in a file the order is explicit: two orders, one output
      local one = assert(diplomat.decode([[{"format": "diplomat/1",
        "attrs": {"b": 1, "a": "x", "c": true},
        "actors": [{"id": "p", "attrs": {"z": 1, "y": 2, "x": 3}}]}]]))
      local two = assert(diplomat.decode([[{"format": "diplomat/1",
        "attrs": {"c": true, "b": 1, "a": "x"},
        "actors": [{"attrs": {"x": 3, "z": 1, "y": 2}, "id": "p"}]}]]))
      assert.are.equal(one:encode(), two:encode())
      -- sorted by key
      assert.truthy(one:encode{ pretty = false }:find(
        '"attrs":{"a":"x","b":1,"c":true}', 1, true))
      assert.truthy(one:encode{ pretty = false }:find(
        '"attrs":{"x":3,"y":2,"z":1}', 1, true))
    end)

    it("is compact with pretty = false and decodes to the same", function()
      local sys = assert(diplomat.load(NORTHVALE))
      local pretty, compact = sys:encode(), sys:encode{ pretty = false }
      assert.are.equal(pretty, sys:encode{ pretty = true })
      assert.is_nil(compact:find("\n", 1, true))
      assert.is_nil(compact:find("\t", 1, true))
      assert.is_nil(compact:find('": ', 1, true))
      assert.truthy(#compact < #pretty)
      assert.truthy(pretty:find("\n", 1, true))
      local back = assert(diplomat.decode(compact))
      assert_same(snapshot(sys), snapshot(back))
      assert.are.equal(pretty, back:encode())
    end)

    it("writes the sections in a fixed order", function()
      local text = diplomat.new{ name = "n" }:encode{ pretty = false }
      assert.are.equal('{"format":"diplomat/1","name":"n","layers":[],'
        .. '"actors":[],"issues":[],"ties":[],"positions":[]}', text)
    end)

    it("writes numbers with the fewest digits that read back exactly",
       function()
      local sys = diplomat.new{ attrs = { a = 0.1, b = 1 / 3, c = 5e300,
                                          d = 1e-300, e = 2.5, f = 7 } }
      assert.are.equal('{"format":"diplomat/1","attrs":{"a":0.1,'
        .. '"b":0.3333333333333333,"c":5e+300,"d":1e-300,"e":2.5,"f":7},'
        .. '"layers":[],"actors":[],"issues":[],"ties":[],"positions":[]}',
        sys:encode{ pretty = false })
    end)

    it("writes '.' as the decimal point under a decimal-comma locale",
       function()
      -- needs a locale with a decimal comma: build one with localedef in
      -- a temporary folder and run a child lua5.4 with LOCPATH set
      local dir = new_tmpdir()
      finally(function() remove_tree(dir) end)
      -- (without the sanitizer runtime that `make asan` preloads: its
      -- leak check would fail localedef itself)
      local made = os.execute("env -u LD_PRELOAD localedef -i de_DE "
        .. "-f UTF-8 " .. shell_quote(dir .. "/de_DE.UTF-8")
        .. " >/dev/null 2>&1")
      if not made then
        pending("localedef or the de_DE locale source is not available")
        return
      end
      local script = dir .. "/child.lua"
      write_file(script, [[
        local diplomat = require "diplomat"
        assert(os.setlocale("de_DE.UTF-8", "numeric"), "no locale")
        assert(string.format("%.1f", 0.5) == "0,5", "not a comma locale")
        local sys = diplomat.new{ attrs = { x = 0.5 } }
        sys:add_actor{ id = "a", capability = 2.5 }
        local text = sys:encode{ pretty = false }
        local back, err = diplomat.decode(text)
        assert(back, err)
        assert(back:actor("a").capability == 2.5)
        io.write(text)
      ]])
      local out = run(fmt("cd %s && LOCPATH=%s LUA_PATH=%s LUA_CPATH=%s "
        .. "lua5.4 %s", shell_quote(ROOT ~= "" and ROOT or "."),
        shell_quote(dir), shell_quote(os.getenv("LUA_PATH") or ""),
        shell_quote(os.getenv("LUA_CPATH") or ""), shell_quote(script)))
      assert.are.equal('{"format":"diplomat/1","attrs":{"x":0.5},'
        .. '"layers":[],"actors":[{"id":"a","name":"a","kind":'
        .. '"organisation","capability":2.5}],"issues":[],"ties":[],'
        .. '"positions":[]}', out)
    end)

    it("rejects unknown options and wrong option types of encode",
       function()
      local sys = diplomat.new{}
      assert.has_error(function() sys:encode{ indent = 2 } end,
        "bad argument #1 to 'encode' (unknown field 'indent')")
      assert.has_error(function() sys:encode{ pretty = "yes" } end,
        "bad argument #1 to 'encode' (pretty: must be true or false)")
      assert.has_error(function() sys:encode(true) end,
        "bad argument #1 to 'encode' (table expected, got boolean)")
      assert.has_error(function() sys:encode{ [1] = true } end,
        "bad argument #1 to 'encode' (unexpected key of type number)")
    end)
  end)

  describe("save", function()
    local dir
    before_each(function() dir = new_tmpdir() end)
    after_each(function() remove_tree(dir) end)

    it("writes a file that load reads back as the same system", function()
      local sys = assert(diplomat.load(NORTHVALE))
      local path = dir .. "/map.json"
      assert.is_true(sys:save(path))
      assert.are.equal(sys:encode() .. "\n", read_file(path))
      local back = assert(diplomat.load(path))
      assert_same(snapshot(sys), snapshot(back))
      assert.are.same({ "map.json" }, listing(dir))
    end)

    it("refuses a path with a zero byte instead of cutting it short",
       function()
      local sys = assert(diplomat.load(NORTHVALE))
      local path = dir .. "/map.json"
      assert.has_error(function() sys:save(path .. "\0.bak") end,
        "bad argument #1 to 'save' (path contains a zero byte)")
      assert.has_error(function() diplomat.load(path .. "\0.bak") end,
        "bad argument #1 to 'load' (path contains a zero byte)")
      assert.are.same({}, listing(dir))
    end)

    it("writes compact text with pretty = false", function()
      local sys = assert(diplomat.load(NORTHVALE))
      local path = dir .. "/map.json"
      assert.is_true(sys:save(path, { pretty = false }))
      assert.are.equal(sys:encode{ pretty = false } .. "\n", read_file(path))
    end)

    it("rejects unknown options and writes nothing", function()
      local sys = diplomat.new{}
      local path = dir .. "/map.json"
      assert.has_error(function() sys:save(path, { indent = 2 }) end,
        "bad argument #2 to 'save' (unknown field 'indent')")
      assert.has_error(function() sys:save(path, { pretty = 1 }) end,
        "bad argument #2 to 'save' (pretty: must be true or false)")
      assert.has_error(function() sys:save() end,
        "bad argument #1 to 'save' (string expected, got no value)")
      assert.are.same({}, listing(dir))
    end)

    it("returns nil and a message naming the path when the folder does "
       .. "not exist, and leaves no temporary file", function()
      local path = dir .. "/missing/map.json"
      local ok, msg = diplomat.new{}:save(path)
      assert.is_nil(ok)
      assert.are.equal(path .. ": cannot write: No such file or directory",
                       msg)
      assert.are.same({}, listing(dir))
    end)

    it("removes its temporary file when the rename fails", function()
      local path = dir .. "/taken"
      assert(os.execute("mkdir " .. shell_quote(path)))
      local ok, msg = diplomat.new{}:save(path)
      assert.is_nil(ok)
      assert.are.equal(path .. ": cannot write: Is a directory", msg)
      assert.are.same({ "taken" }, listing(dir))
      assert.are.same({}, listing(path))
    end)

    it("replaces an existing file whole", function()
      local path = dir .. "/map.json"
      write_file(path, ("old content that is much longer\n"):rep(5000))
      local sys = diplomat.new{ name = "small" }
      assert.is_true(sys:save(path))
      assert.are.equal(sys:encode() .. "\n", read_file(path))
      assert.are.same({ "map.json" }, listing(dir))
    end)

    it("keeps the mode of the file it replaces", function()
      local path = dir .. "/map.json"
      -- 444 last: a read-only file can be replaced (the folder is
      -- writable) but not written to by the next round
      for _, mode in ipairs({ "640", "600", "664", "444" }) do
        write_file(path, "old")
        assert(os.execute("chmod " .. mode .. " " .. shell_quote(path)))
        assert.is_true(diplomat.new{ name = "m" .. mode }:save(path))
        assert.are.equal(mode, file_mode(path))
        assert.are.equal("m" .. mode, assert(diplomat.load(path)):info().name)
      end
    end)

    it("leaves alone a Lua string equal to its temporary file's name",
       function()
      -- short strings are interned: the save must not write the random
      -- part of the name into the string Lua already holds
      local path = dir .. "/m"
      local template = path .. ".tmpXXXXXX"
      assert.is_true(diplomat.new{}:save(path))
      assert.are.equal(".tmpXXXXXX", template:sub(-10))
      assert.are.equal(path .. ".tmpXXXXXX", template)
    end)

    it("saves many times without leaving temporary files", function()
      local path = dir .. "/map.json"
      local sys = assert(diplomat.load(NORTHVALE))
      for _ = 1, 20 do assert.is_true(sys:save(path)) end
      assert.are.same({ "map.json" }, listing(dir))
    end)
  end)

  describe("load failures", function()
    local dir
    before_each(function() dir = new_tmpdir() end)
    after_each(function() remove_tree(dir) end)

    it("returns nil and a message for a missing file", function()
      local path = dir .. "/nope.json"
      assert.are.equal(path .. ": cannot open: No such file or directory",
                       load_fails(path))
    end)

    it("returns nil and a message for a folder", function()
      assert.are.equal(dir .. ": cannot read (is it a folder?)",
                       load_fails(dir))
    end)

    it("returns nil and a message for an empty file", function()
      local path = dir .. "/empty.json"
      write_file(path, "")
      assert.are.equal(path .. ": not valid JSON: the text ends before the "
        .. "JSON is complete (line 1, column 1)", load_fails(path))
    end)

    it("prefixes a problem report with the file name", function()
      -- the fixture is described in the next test
      local path = FIXTURES .. "syntax_error.json"
      assert.are.equal(path .. ": not valid JSON: syntax error at line 7, "
        .. "column 5", load_fails(path))
    end)

    it("gives the line and column of a syntax error", function()
      -- spec/fixtures/syntax_error.json, by hand:
      --   line 6: `    {"id": "board"}`  (no comma after it)
      --   line 7: `    {"id": "chat", "informal": true}`
      -- the parser expects ',' or ']' where line 7's '{' stands, after
      -- four spaces: line 7, column 5
      local text = read_file(FIXTURES .. "syntax_error.json")
      assert.are.equal("not valid JSON: syntax error at line 7, column 5",
                       decode_fails(text))
      -- a bad literal: `  "name": nul` -> the n is column 11 of line 3
      assert.are.equal("not valid JSON: syntax error at line 3, column 11",
        decode_fails('{\n  "format": "diplomat/1",\n  "name": nul\n}'))
      -- a trailing comma: `  ]` -> the ] is column 3 of line 4
      assert.are.equal("not valid JSON: syntax error at line 4, column 3",
        decode_fails('{\n  "format": "diplomat/1",\n  "layers": [{},\n  ]\n}'))
    end)

    it("says when the text ends too early", function()
      assert.are.equal("not valid JSON: the text ends before the JSON is "
        .. "complete (line 1, column 1)", decode_fails(""))
      -- three lines, the third `  "name": "x"` has 13 characters and
      -- the object is never closed: the parser stops on the last one
      assert.are.equal("not valid JSON: the text ends before the JSON is "
        .. "complete (line 3, column 13)",
        decode_fails('{\n  "format": "diplomat/1",\n  "name": "x"'))
    end)

    it("rejects trailing garbage and says where it starts", function()
      -- `{"format": "diplomat/1"}` is 24 characters; after a space the
      -- garbage starts at column 26
      assert.are.equal("not valid JSON: unexpected text after the end at "
        .. "line 1, column 26", decode_fails('{"format": "diplomat/1"} x'))
      assert.are.equal("not valid JSON: unexpected text after the end at "
        .. "line 3, column 1", decode_fails('{"format": "diplomat/1"}\n\n{}'))
      assert.are.equal("not valid JSON: unexpected text after the end at "
        .. "line 1, column 25", decode_fails('{"format": "diplomat/1"}\0'))
    end)

    it("rejects JSON that is not an object", function()
      assert.are.equal("$: a system map must be a JSON object, not an array",
                       decode_fails("[]"))
      assert.are.equal("$: a system map must be a JSON object, not a string",
                       decode_fails('"diplomat/1"'))
      assert.are.equal("$: a system map must be a JSON object, not null",
                       decode_fails("null"))
    end)

    it("rejects a missing or wrong format", function()
      assert.are.equal('$.format: missing (expected "diplomat/1")',
                       decode_fails("{}"))
      assert.are.equal('$.format: unsupported format "diplomat/2" '
        .. '(expected "diplomat/1")', decode_fails('{"format": "diplomat/2"}'))
      assert.are.equal('$.format: unsupported format a number '
        .. '(expected "diplomat/1")', decode_fails('{"format": 1}'))
    end)

    it("rejects unknown and repeated top-level fields", function()
      assert.are.equal("$.colour: unknown field",
        decode_fails('{"format": "diplomat/1", "colour": "red"}'))
      assert.are.equal("$.name: field given twice",
        decode_fails('{"format": "diplomat/1", "name": "a", "name": "b"}'))
    end)

    it("rejects wrong types of the top-level fields", function()
      assert.are.equal("3 problems in the system map:\n"
        .. "$.name: must be a string, not a number\n"
        .. "$.description: must be a string, not an array\n"
        .. "$.attrs: must be an object, not an array",
        decode_fails('{"format": "diplomat/1", "name": 1, '
          .. '"description": [], "attrs": []}'))
      assert.are.equal("$.name: must not be empty (leave it out instead)",
        decode_fails('{"format": "diplomat/1", "name": ""}'))
    end)

    it("rejects each section when it is not an array", function()
      for _, name in ipairs({ "layers", "actors", "ties", "issues",
                              "positions" }) do
        for _, case in ipairs({ { "{}", "an object" }, { "1", "a number" },
                                { '"x"', "a string" }, { "null", "null" },
                                { "true", "a boolean" } }) do
          local text = fmt('{"format": "diplomat/1", "%s": %s}', name,
                           case[1])
          assert.are.equal(fmt("$.%s: must be an array, not %s", name,
                               case[2]), decode_fails(text))
        end
      end
    end)

    it("rejects items that are not objects", function()
      for _, name in ipairs({ "layers", "actors", "ties", "issues",
                              "positions" }) do
        local text = fmt('{"format": "diplomat/1", "%s": [1, "x", null, '
          .. '[], true]}', name)
        assert.are.equal(fmt("5 problems in the system map:\n"
          .. "$.%s[0]: must be an object, not a number\n"
          .. "$.%s[1]: must be an object, not a string\n"
          .. "$.%s[2]: must be an object, not null\n"
          .. "$.%s[3]: must be an object, not an array\n"
          .. "$.%s[4]: must be an object, not a boolean",
          name, name, name, name, name), decode_fails(text))
      end
    end)

    -- one valid item per section, as ordered { key, JSON } pairs
    local VALID = {
      layers = { { "id", '"x"' } },
      actors = { { "id", '"x"' } },
      issues = { { "id", '"x"' } },
      ties = { { "from", '"a"' }, { "to", '"b"' }, { "layer", '"f"' } },
      positions = { { "actor", '"a"' }, { "issue", '"i"' },
                    { "position", "1" } },
    }
    local DEFAULTS = {
      layers = '{"id": "f", "directed": true}, {"id": "u"}',
      actors = '{"id": "a"}, {"id": "b"}',
      issues = '{"id": "i"}',
    }
    -- A document whose section `name` holds the valid item with field
    -- `key` set to JSON `value` (replaced or added) and `raw` text
    -- appended; returns it and the item's 0-based index.
    local function with_item(name, key, value, raw)
      local parts, done = {}, false
      for _, kv in ipairs(VALID[name]) do
        if kv[1] == key then
          parts[#parts + 1] = fmt('"%s": %s', key, value)
          done = true
        else
          parts[#parts + 1] = fmt('"%s": %s', kv[1], kv[2])
        end
      end
      if key and not done then
        parts[#parts + 1] = fmt('"%s": %s', key, value)
      end
      if raw then parts[#parts + 1] = raw end
      local item = "{" .. table.concat(parts, ", ") .. "}"
      local t = {}
      if DEFAULTS[name] then
        -- after the defaults, so ties and positions stay valid
        t[name] = "[" .. DEFAULTS[name] .. ", " .. item .. "]"
        return doc(t), name == "issues" and 1 or 2
      end
      t[name] = "[" .. item .. "]"
      return doc(t), 0
    end

    it("rejects unknown fields in items", function()
      for _, name in ipairs({ "layers", "actors", "ties", "issues",
                              "positions" }) do
        local text, index = with_item(name, "colour", '"red"')
        assert.are.equal(fmt("$.%s[%d].colour: unknown field", name, index),
                         decode_fails(text))
      end
    end)

    it("rejects a field given twice in an item", function()
      local cases = {
        layers = '"directed": false', actors = '"kind": "person"',
        issues = '"min": 0', ties = '"weight": 1',
        positions = '"salience": 1',
      }
      for name, field in pairs(cases) do
        local text, index = with_item(name, nil, nil, field .. ", " .. field)
        local key = field:match('^"([^"]+)"')
        assert.are.equal(fmt("$.%s[%d].%s: field given twice", name, index,
                             key), decode_fails(text))
      end
      -- the id too, even with the same value
      assert.are.equal("$.actors[2].id: field given twice",
        decode_fails((with_item("actors", nil, nil, '"id": "x"'))))
      -- and in attrs
      assert.are.equal("$.actors[2].attrs.k: duplicate attribute",
        decode_fails((with_item("actors", "attrs", '{"k": 1, "k": 2}'))))
    end)

    it("rejects a wrong type in every field", function()
      -- field -> the JSON type it wants; each is given wrong ones
      local FIELDS = {
        layers = { id = "s", name = "s", description = "s", directed = "b",
                   informal = "b", self_ties = "b", attrs = "o" },
        actors = { id = "s", name = "s", kind = "s", org = "s",
                   sector = "s", profession = "s", level = "s",
                   mandate = "s", capability = "n", tags = "a",
                   attrs = "o" },
        issues = { id = "s", name = "s", description = "s", min = "n",
                   max = "n", status_quo = "n", min_label = "s",
                   max_label = "s", attrs = "o" },
        ties = { from = "s", to = "s", layer = "s", weight = "n",
                 attrs = "o" },
        positions = { actor = "s", issue = "s", position = "n",
                      salience = "n", attrs = "o" },
      }
      local WRONG = {
        s = { { "1", "must be a string, not a number" },
              { "true", "must be a string, not a boolean" },
              { "null", "must be a string, not null" } },
        n = { { '"1"', "must be a number, not a string" },
              { "false", "must be a number, not a boolean" },
              { "[1]", "must be a number, not an array" } },
        b = { { '"true"', "must be true or false, not a string" },
              { "1", "must be true or false, not a number" },
              { "null", "must be true or false, not null" } },
        o = { { "[]", "must be an object, not an array" },
              { '"x"', "must be an object, not a string" } },
        a = { { '"x"', "must be an array of strings, not a string" },
              { "{}", "must be an array of strings, not an object" } },
      }
      local checked = 0
      for name, fields in pairs(FIELDS) do
        for field, want in pairs(fields) do
          for _, wrong in ipairs(WRONG[want]) do
            local text, index = with_item(name, field, wrong[1])
            assert.are.equal(fmt("$.%s[%d].%s: %s", name, index, field,
                                 wrong[2]), decode_fails(text))
            checked = checked + 1
          end
        end
      end
      -- layers 6 * 3 + 2, actors 9 * 3 + 2 + 2, issues 8 * 3 + 2,
      -- ties 4 * 3 + 2, positions 4 * 3 + 2
      assert.are.equal(20 + 31 + 26 + 14 + 14, checked)
    end)

    it("rejects attribute values that are not strings, numbers or booleans",
       function()
      local text = doc{ actors = '[{"id": "a", "attrs": {"n": null, '
        .. '"l": [1], "o": {}}}]' }
      assert.are.equal("3 problems in the system map:\n"
        .. "$.actors[0].attrs.n: must be a string, number or boolean, "
        .. "not null\n"
        .. "$.actors[0].attrs.l: must be a string, number or boolean, "
        .. "not an array\n"
        .. "$.actors[0].attrs.o: must be a string, number or boolean, "
        .. "not an object", decode_fails(text))
    end)

    it("rejects tags that are not strings, empty or repeated", function()
      assert.are.equal("$.actors[0].tags: tag 2 must be a string, not a "
        .. "number", decode_fails(doc{
          actors = '[{"id": "a", "tags": ["x", 1]}]' }))
      assert.are.equal("$.actors[0].tags: tag 1 is empty", decode_fails(doc{
        actors = '[{"id": "a", "tags": [""]}]' }))
      assert.are.equal("$.actors[0].tags: duplicate tag 'x'",
        decode_fails(doc{ actors = '[{"id": "a", "tags": ["x", "y", "x"]}]' }))
    end)

    it("rejects missing, empty and unknown values", function()
      assert.are.equal("$.actors[0].id: missing (an id is required)",
        decode_fails(doc{ actors = '[{"name": "A"}]' }))
      assert.are.equal("$.layers[0].id: must not be empty",
        decode_fails(doc{ layers = '[{"id": ""}]' }))
      assert.are.equal("$.actors[0].kind: unknown kind 'robot' (expected "
        .. "one of: organisation, person, group)",
        decode_fails(doc{ actors = '[{"id": "a", "kind": "robot"}]' }))
      assert.are.equal("$.actors[0].level: unknown level 'street' (expected "
        .. "one of: national, regional, system, place, neighbourhood, "
        .. "frontline)",
        decode_fails(doc{ actors = '[{"id": "a", "level": "street"}]' }))
      assert.are.equal("$.actors[0].mandate: unknown mandate 'divine' "
        .. "(expected one of: elected, appointed, statutory, none)",
        decode_fails(doc{ actors = '[{"id": "a", "mandate": "divine"}]' }))
      assert.are.equal("$.actors[0].sector: must not be empty (leave it "
        .. "out instead)",
        decode_fails(doc{ actors = '[{"id": "a", "sector": ""}]' }))
      -- the id is shown with its control character escaped
      assert.are.equal("$.actors[0].id: id 'a\\x09b' contains a control "
        .. "character", decode_fails(doc{ actors = '[{"id": "a\\tb"}]' }))
      assert.are.equal("$.positions[0].position: missing", decode_fails(doc{
        positions = '[{"actor": "a", "issue": "i"}]' }))
    end)

    it("rejects unknown actor, layer and issue references", function()
      assert.are.equal("$.ties[0].to: unknown actor 'c'", decode_fails(doc{
        ties = '[{"from": "a", "to": "c", "layer": "f"}]' }))
      assert.are.equal("3 problems in the system map:\n"
        .. "$.ties[0].from: unknown actor 'x'\n"
        .. "$.ties[0].to: unknown actor 'y'\n"
        .. "$.ties[0].layer: unknown layer 'z'", decode_fails(doc{
          ties = '[{"from": "x", "to": "y", "layer": "z"}]' }))
      assert.are.equal("2 problems in the system map:\n"
        .. "$.positions[0].actor: unknown actor 'x'\n"
        .. "$.positions[0].issue: unknown issue 'y'", decode_fails(doc{
          positions = '[{"actor": "x", "issue": "y", "position": 1}]' }))
    end)

    it("rejects duplicate ids", function()
      assert.are.equal("$.layers[2].id: duplicate layer id 'f'",
        decode_fails(doc{ layers = '[{"id": "f"}, {"id": "u"}, {"id": "f"}]'
        }))
      assert.are.equal("$.actors[2].id: duplicate actor id 'a'",
        decode_fails(doc{ actors = '[{"id": "a"}, {"id": "b"}, {"id": "a"}]'
        }))
      assert.are.equal("$.issues[1].id: duplicate issue id 'i'",
        decode_fails(doc{ issues = '[{"id": "i"}, {"id": "i"}]' }))
    end)

    it("rejects duplicate ties, and the reversed pair when undirected",
       function()
      -- in a file, no advice about Lua calls
      local dup = "tie from '%s' to '%s' in layer '%s' already exists "
        .. "(one tie per pair and layer)"
      assert.are.equal("$.ties[1].to: " .. dup:format("a", "b", "f"),
        decode_fails(doc{ ties = '[{"from": "a", "to": "b", "layer": "f"}, '
          .. '{"from": "a", "to": "b", "layer": "f", "weight": 2}]' }))
      assert.are.equal("$.ties[1].to: " .. dup:format("b", "a", "u"),
        decode_fails(doc{ ties = '[{"from": "a", "to": "b", "layer": "u"}, '
          .. '{"from": "b", "to": "a", "layer": "u"}]' }))
      -- the reversed pair in a directed layer is another tie
      local sys = assert(diplomat.decode(doc{ ties = '[{"from": "a", '
        .. '"to": "b", "layer": "f"}, {"from": "b", "to": "a", '
        .. '"layer": "f"}, {"from": "a", "to": "b", "layer": "u"}]' }))
      assert.are.equal(3, #sys:ties())
    end)

    it("rejects self-ties unless the layer allows them", function()
      assert.are.equal("$.ties[0].to: self-tie on 'a' in layer 'u' (the "
        .. "layer does not allow self-ties: add it with self_ties = true)",
        decode_fails(doc{ ties = '[{"from": "a", "to": "a", "layer": "u"}]'
        }))
      local sys = assert(diplomat.decode(doc{
        layers = '[{"id": "loop", "self_ties": true}]',
        ties = '[{"from": "a", "to": "a", "layer": "loop"}]' }))
      assert.are.equal(1, #sys:ties())
      assert.is_true(sys:layer("loop").self_ties)
    end)

    it("rejects numbers too large for a double (1e999 reads as inf)",
       function()
      local cases = {
        { doc{ actors = '[{"id": "a", "capability": 1e999}]' },
          "$.actors[0].capability: must be finite, not inf" },
        { doc{ ties = '[{"from": "a", "to": "b", "layer": "f", '
                 .. '"weight": 1e999}]' },
          "$.ties[0].weight: must be finite, not inf" },
        { doc{ issues = '[{"id": "i", "max": 1e999}]' },
          "$.issues[0].max: must be finite, not inf" },
        { doc{ issues = '[{"id": "i", "min": -1e999}]' },
          "$.issues[0].min: must be finite, not -inf" },
        { doc{ issues = '[{"id": "i", "status_quo": 1e999}]' },
          "$.issues[0].status_quo: must be finite, not inf" },
        { doc{ positions = '[{"actor": "a", "issue": "i", '
                 .. '"position": 1e999}]' },
          "$.positions[0].position: must be finite, not inf" },
        { doc{ positions = '[{"actor": "a", "issue": "i", '
                 .. '"position": 1, "salience": -1e999}]' },
          "$.positions[0].salience: must be finite, not -inf" },
        { doc{ extra = '"attrs": {"x": 1e999}' },
          "$.attrs.x: must be finite, not inf" },
        { doc{ layers = '[{"id": "f", "attrs": {"x": -1e999}}]' },
          "$.layers[0].attrs.x: must be finite, not -inf" },
      }
      for _, c in ipairs(cases) do
        assert.are.equal(c[2], decode_fails(c[1]))
      end
    end)

    it("rejects weights that are not positive and negative capability",
       function()
      assert.are.equal("$.ties[0].weight: must be greater than 0 (got -1)",
        decode_fails(doc{ ties = '[{"from": "a", "to": "b", "layer": "f", '
          .. '"weight": -1}]' }))
      assert.are.equal("$.ties[0].weight: must be greater than 0 (got 0)",
        decode_fails(doc{ ties = '[{"from": "a", "to": "b", "layer": "f", '
          .. '"weight": 0}]' }))
      assert.are.equal("$.actors[0].capability: must not be negative "
        .. "(got -0.5)", decode_fails(doc{
          actors = '[{"id": "a", "capability": -0.5}]' }))
    end)

    it("rejects bad scales and positions off the scale", function()
      assert.are.equal("$.issues[0].max: scale maximum 5 must be above "
        .. "minimum 5", decode_fails(doc{
          issues = '[{"id": "i", "min": 5, "max": 5}]' }))
      assert.are.equal("$.issues[0].status_quo: 101 is outside the scale "
        .. "0..100", decode_fails(doc{
          issues = '[{"id": "i", "status_quo": 101}]' }))
      assert.are.equal("$.positions[0].position: 100.5 is outside issue "
        .. "'i' scale 0..100", decode_fails(doc{
          positions = '[{"actor": "a", "issue": "i", "position": 100.5}]' }))
      assert.are.equal("$.positions[0].position: -1 is outside issue "
        .. "'i' scale 0..100", decode_fails(doc{
          positions = '[{"actor": "a", "issue": "i", "position": -1}]' }))
      -- the ends of the scale are on it
      assert.truthy(diplomat.decode(doc{ positions = '[{"actor": "a", '
        .. '"issue": "i", "position": 0}, {"actor": "b", "issue": "i", '
        .. '"position": 100}]' }))
    end)

    it("rejects salience outside 0..1", function()
      assert.are.equal("$.positions[0].salience: 1.01 is outside 0..1",
        decode_fails(doc{ positions = '[{"actor": "a", "issue": "i", '
          .. '"position": 1, "salience": 1.01}]' }))
      assert.are.equal("$.positions[0].salience: -0.1 is outside 0..1",
        decode_fails(doc{ positions = '[{"actor": "a", "issue": "i", '
          .. '"position": 1, "salience": -0.1}]' }))
    end)

    it("rejects two positions for one actor and issue", function()
      assert.are.equal("$.positions[2].issue: actor 'a' already has a "
        .. "position on issue 'i'", decode_fails(doc{
          positions = '[{"actor": "a", "issue": "i", "position": 1}, '
            .. '{"actor": "b", "issue": "i", "position": 2}, '
            .. '{"actor": "a", "issue": "i", "position": 3}]' }))
    end)

    it("reports every problem at once, counted", function()
      local text = doc{
        actors = '[{"id": "a"}, {"id": "b"}, {"id": "a"}]',
        ties = '[{"from": "a", "to": "c", "layer": "f"}, '
          .. '{"from": "a", "to": "b", "layer": "f", "weight": -2}]',
        positions = '[{"actor": "b", "issue": "i", "position": 50, '
          .. '"salience": 2}]',
      }
      assert.are.equal("4 problems in the system map:\n"
        .. "$.actors[2].id: duplicate actor id 'a'\n"
        .. "$.ties[0].to: unknown actor 'c'\n"
        .. "$.ties[1].weight: must be greater than 0 (got -2)\n"
        .. "$.positions[0].salience: 2 is outside 0..1", decode_fails(text))
    end)

    -- n ties to unknown actors 'x0' .. 'x<n-1>': one problem each
    local function problems(n)
      local items, lines = {}, {}
      for k = 0, n - 1 do
        items[#items + 1] = fmt('{"from": "a", "to": "x%d", "layer": "f"}',
                                k)
        lines[#lines + 1] = fmt("$.ties[%d].to: unknown actor 'x%d'", k, k)
      end
      return doc{ ties = "[" .. table.concat(items, ", ") .. "]" }, lines
    end

    it("lists at most 20 problems and counts the rest", function()
      local text, lines = problems(30)
      local expected = "30 problems in the system map:\n"
        .. table.concat(lines, "\n", 1, 20) .. "\n... and 10 more"
      local msg = decode_fails(text)
      assert.are.equal(expected, msg)
      local count = 0
      for _ in (msg .. "\n"):gmatch("([^\n]*)\n") do count = count + 1 end
      assert.are.equal(22, count) -- the count line, 20 problems, the rest
    end)

    it("lists exactly 20 problems without a remainder line", function()
      local text, lines = problems(20)
      assert.are.equal("20 problems in the system map:\n"
        .. table.concat(lines, "\n"), decode_fails(text))
      text, lines = problems(21)
      assert.are.equal("21 problems in the system map:\n"
        .. table.concat(lines, "\n", 1, 20) .. "\n... and 1 more",
        decode_fails(text))
    end)

    it("reports many problems in a file, after its name", function()
      -- spec/fixtures/thirty_problems.json: 30 positions for actor 'a'
      -- on issues 'q0' .. 'q29', none of which exists
      local path = FIXTURES .. "thirty_problems.json"
      local lines = {}
      for k = 0, 19 do
        lines[#lines + 1] = fmt("$.positions[%d].issue: unknown issue 'q%d'",
                                k, k)
      end
      assert.are.equal(path .. ": 30 problems in the system map:\n"
        .. table.concat(lines, "\n") .. "\n... and 10 more", load_fails(path))
    end)

    it("raises only on misuse, not on bad input", function()
      assert.has_error(function() diplomat.decode() end)
      assert.has_error(function() diplomat.decode({}) end)
      assert.has_error(function() diplomat.load() end)
      -- a number is text to decode: valid JSON, but not a map
      assert.are.equal("$: a system map must be a JSON object, not a number",
                       decode_fails(42))
    end)
  end)
end)

-- Reading builds most items from one walk over their fields and adds
-- ties and positions in batches of 16 (csrc/json.c); an item that is not
-- clean (a field unknown, repeated or of the wrong type) is read by the
-- reporting path instead.  Whatever the mix, problems come in file order
-- with the right item index, and valid items of either kind load.
describe("reading maps of clean and other items", function()
  local HEAD = '{"format": "diplomat/1", "layers": [{"id": "f"}], '

  -- n actors a1..an.
  local function actors(n)
    local t = {}
    for i = 1, n do t[i] = fmt('{"id": "a%d"}', i) end
    return '"actors": [' .. table.concat(t, ", ") .. "]"
  end

  it("reports problems in file order across batches and kinds", function()
    -- 40 ties a1->a2 .. a40->a41; the 3rd names an unknown actor (a
    -- clean item, batched), the 18th has a weight that is a string (not
    -- clean), the 35th an unknown layer (clean, in the third batch)
    local ties = {}
    for i = 1, 40 do
      local from, w, layer = "a" .. i, "1", "f"
      if i == 3 then from = "zz" end
      if i == 18 then w = '"heavy"' end
      if i == 35 then layer = "g" end
      ties[i] = fmt('{"from": "%s", "to": "a%d", "layer": "%s", '
        .. '"weight": %s}', from, i + 1, layer, w)
    end
    local text = HEAD .. actors(41) .. ', "ties": ['
      .. table.concat(ties, ", ") .. "]}"
    assert.are.equal("3 problems in the system map:\n"
      .. "$.ties[2].from: unknown actor 'zz'\n"
      .. "$.ties[17].weight: must be a number, not a string\n"
      .. "$.ties[34].layer: unknown layer 'g'", decode_fails(text))
  end)

  it("finds a second position for a pair within one batch", function()
    local text = HEAD .. actors(2) .. ', "issues": [{"id": "i"}], '
      .. '"positions": [{"actor": "a1", "issue": "i", "position": 10}, '
      .. '{"actor": "a2", "issue": "i", "position": 20}, '
      .. '{"actor": "a1", "issue": "i", "position": 30}]}'
    assert.are.equal("$.positions[2].issue: actor 'a1' already has a "
      .. "position on issue 'i'", decode_fails(text))
  end)

  it("loads the same items whichever way they are read", function()
    -- actor b has 17 tags (more than the one walk keeps: the reporting
    -- path reads it); the ties and positions carry attributes, in and
    -- out of batches
    local tags = {}
    for i = 1, 17 do tags[i] = fmt('"t%02d"', i) end
    local ties, positions = {}, {}
    for i = 1, 20 do
      ties[i] = fmt('{"from": "a%d", "to": "b", "layer": "f", "weight": %d'
        .. '%s}', i, i, i % 7 == 0 and fmt(', "attrs": {"k": %d}', i) or "")
      positions[i] = fmt('{"actor": "a%d", "issue": "i", "position": %d, '
        .. '"salience": 0.5%s}', i, i, i % 5 == 0
          and ', "attrs": {"z": "late", "a": true}' or "")
    end
    local text = HEAD .. '"actors": [{"id": "b", "tags": ['
      .. table.concat(tags, ", ") .. "]}, "
      .. actors(20):gsub('^"actors": %[', "") .. ', "issues": [{"id": "i"}], '
      .. '"ties": [' .. table.concat(ties, ", ") .. '], "positions": ['
      .. table.concat(positions, ", ") .. "]}"
    local sys = assert(diplomat.decode(text))
    assert.are.equal(17, #sys:actor("b").tags)
    assert.are.equal("t17", sys:actor("b").tags[17])
    local t = sys:ties()
    assert.are.equal(20, #t)
    for i = 1, 20 do
      assert.are.equal("a" .. i, t[i].from)
      assert.are.equal(i, t[i].weight)
      assert.are.same(i % 7 == 0 and { k = i } or nil,
                      next(t[i].attrs or {}) and t[i].attrs or nil)
    end
    local p = sys:positions("i")
    for i = 1, 20 do
      local q = p["a" .. i]
      assert.are.equal(i, q.position)
      assert.are.equal(0.5, q.salience)
      if i % 5 == 0 then
        assert.are.same({ z = "late", a = true }, q.attrs)
      else
        assert.is_true(q.attrs == nil or next(q.attrs) == nil)
      end
    end
    assert.is_nil(p.b)
  end)
end)
