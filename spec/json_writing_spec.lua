-- Writing diplomat/1 item by item (csrc/jsonwrite.c): System:encode and
-- System:save print each item with cJSON and free it at once, framing
-- the items by hand in cJSON's layout.  The references:
--   * core._encode_tree, the writer it replaced (one cJSON tree of the
--     whole system printed by cJSON_Print / cJSON_PrintUnformatted),
--     which must give the same bytes for every system, pretty or compact;
--   * documents written out below by hand in cJSON 1.7's layout (an
--     object's members one a line, indented one tab per level, "key":
--     then a tab then the value; an array on one line, ", " between
--     items; compact: no white space at all);
--   * load / decode, which must give back the same system.

local diplomat = require "diplomat"
local core = require "diplomat.core"
local h = require "spec.helpers"

local fmt = string.format

-- the repository root, so the spec runs from any folder
local ROOT = debug.getinfo(1, "S").source:match("^@(.-)spec/[^/]*$") or ""
local NORTHVALE = ROOT .. "examples/data/northvale.json"

-- Asserts a and b are the same bytes; on failure shows where they part.
local function same_bytes(expected, actual, what)
  if expected == actual then return end
  local i = 1
  while expected:byte(i) == actual:byte(i) do i = i + 1 end
  error(fmt("%s: %d vs %d bytes, first difference at byte %d:\n"
    .. "expected %q\nactual   %q", what or "text", #expected, #actual, i,
    expected:sub(math.max(1, i - 40), i + 40),
    actual:sub(math.max(1, i - 40), i + 40)), 2)
end

-- Both writers, pretty and compact, give the same bytes.
local function same_as_tree(sys)
  same_bytes(core._encode_tree(sys), sys:encode(), "pretty")
  same_bytes(core._encode_tree(sys, { pretty = false }),
             sys:encode{ pretty = false }, "compact")
end

-- Everything a system holds, as plain tables (compared with are.same).
local function snapshot(sys)
  return { info = sys:info(), layers = sys:layers(), actors = sys:actors(),
           ties = sys:ties(), issues = sys:issues(),
           positions = sys:positions() }
end

-- {====== Varied systems ======

-- Knuth's MMIX linear congruential generator: the same systems on every
-- run, math.random left alone.
local function generator(seed)
  local state = seed
  local g = {}
  local function next53()
    state = state * 6364136223846793005 + 1442695040888963407
    return state >> 11
  end
  function g.int(n) return next53() % n + 1 end
  function g.float() return next53() / 2.0 ^ 53 end
  function g.pick(list) return list[g.int(#list)] end
  return g
end

-- Text cJSON must escape (quotes, backslash, control characters, line
-- and tab), UTF-8 of every length, and text that looks like the frame.
local STRINGS = {
  "plain", 'say "yes"', "back\\slash", "two\nlines", "tab\there",
  "cr\rlf", "control \1 \8 \12 \31 and \127", "caf\u{e9} na\u{ef}ve",
  "\u{2013} \u{20AC} \u{4E2D}\u{6587}", "emoji \u{1F91D}", "\u{FEFF}bom",
  "\u{2028} line separator", " ", "\n}", "\t\"x\":\t[", "}, {",
  "],\n\t\"actors\":\t[", "/ slash",
}
-- ids hold no control characters (the model refuses them)
local IDS = { 'say "yes"', "back\\slash", "caf\u{e9}", "emoji \u{1F91D}",
              "}, {", "\"]}", "\u{2028}", "a b" }
-- Numbers: 0.1 + 0.2 needs 17 digits, 1/3 16; -0.0 prints as -0;
-- 1e-300 and 5e300 need exponents; 2^60 + 2^8 is an integral float above
-- 2^53.  Attributes never get -0.0: it loads back as the integer 0 (an
-- integral attribute number is an integer, and integers have no -0).
local FLOATS = { 0.1 + 0.2, 1 / 3, 1e-300, 5e300, -5e300, 0.1,
                 2.0 ^ 60 + 2.0 ^ 8, 123.456, -1e-7, 2.5 }
local INTEGERS = { 0, 1, -1, 1 << 53, -(1 << 53), 2147483647, 2147483648,
                   -2147483649 }

local function attr_value(g)
  local k = g.int(4)
  if k == 1 then return g.int(8) == 1 and "" or g.pick(STRINGS) end
  if k == 2 then return g.pick(INTEGERS) end
  if k == 3 then return g.pick(FLOATS) end
  return g.int(2) == 1
end

local function attrs(g, max)
  local t = {}
  for _ = 1, g.int(max + 1) - 1 do
    t[g.pick({ "note", "caf\u{e9}", 'q"uote', "multi\nline", "b\\s",
               "n" .. g.int(20) })] = attr_value(g)
  end
  return t
end

-- A system of n actors with every field kind, some fields absent.
local function varied(seed, n)
  local g = generator(seed)
  local sys = diplomat.new{
    name = g.pick(STRINGS) .. seed,
    description = g.int(2) == 1 and g.pick(STRINGS) or nil,
    attrs = g.int(2) == 1 and attrs(g, 4) or nil,
  }
  sys:add_layer{ id = "formal", directed = true, attrs = attrs(g, 2) }
  sys:add_layer{ id = "board", name = g.pick(STRINGS),
                 description = g.pick(STRINGS) }
  sys:add_layer{ id = "chat \u{1F4AC}", informal = true }
  sys:add_layer{ id = "self", directed = true, self_ties = true }
  local ids = {}
  for i = 1, n do
    ids[i] = g.int(3) == 1 and (g.pick(IDS) .. "#" .. i) or ("a" .. i)
    local tags
    if g.int(3) == 1 then
      tags = {}
      for k = 1, g.int(3) do tags[k] = g.pick(STRINGS) .. k end
    end
    sys:add_actor{
      id = ids[i],
      name = g.int(2) == 1 and g.pick(STRINGS) or nil,
      kind = g.int(2) == 1 and g.pick({ "organisation", "person" }) or nil,
      org = g.int(3) == 1 and "org \u{e9}" or nil,
      sector = g.int(2) == 1 and g.pick({ "health", "x\ny" }) or nil,
      profession = g.int(3) == 1 and "nurse" or nil,
      level = g.int(2) == 1 and "place" or nil,
      mandate = g.int(2) == 1 and "elected" or nil,
      capability = g.pick({ 0, -0.0, 1, 2.5, 1 / 3, 0.1 + 0.2, 5e300,
                            1e-300, 2.0 ^ 60 + 2.0 ^ 8 }),
      tags = tags,
      attrs = g.int(2) == 1 and attrs(g, 4) or nil,
    }
  end
  local layers = { "formal", "board", "chat \u{1F4AC}", "self" }
  local seen = {}
  for _ = 1, 3 * n do
    local l, i, j = g.pick(layers), g.int(n), g.int(n)
    if l == "self" and g.int(3) == 1 then j = i end
    local key = l .. ":" .. math.min(i, j) .. ":" .. math.max(i, j)
    if (i ~= j or l == "self") and not seen[key] then
      seen[key] = true
      sys:add_tie{ from = ids[i], to = ids[j], layer = l,
                   weight = g.pick({ 1, 0.5, 1 / 3, 0.1 + 0.2, 1e-300 }),
                   attrs = g.int(4) == 1 and attrs(g, 2) or nil }
    end
  end
  sys:add_issue{ id = "budget", min_label = g.pick(STRINGS),
                 max_label = "all \u{20AC}", attrs = attrs(g, 2) }
  sys:add_issue{ id = "signed", name = g.pick(STRINGS), min = -1, max = 1,
                 status_quo = -1 / 3, description = g.pick(STRINGS) }
  sys:add_issue{ id = "tiny", min = 0, max = 1e-300, status_quo = 0 }
  for i = 1, n do
    if g.int(2) == 1 then
      sys:set_position(ids[i], "budget", g.float() * 100, g.float())
    end
    if g.int(2) == 1 then
      sys:set_position(ids[i], "signed", g.pick({ -1, -0.0, 1 / 3, 1 }),
                       g.pick({ 0, 1, 0.5 }),
                       g.int(2) == 1 and attrs(g, 2) or nil)
    end
    if g.int(4) == 1 then sys:set_position(ids[i], "tiny", 1e-300, 1) end
  end
  return sys
end

-- }======

-- The small map written out by hand below.  Actor b takes the defaults
-- the README gives: name = its id, kind "organisation", capability 1;
-- issue i the scale 0..100, the position salience 1.
local function small()
  local sys = diplomat.new{ name = "N" }
  sys:add_layer{ id = "f", name = "F", directed = true }
  sys:add_actor{ id = "a", name = "A", kind = "person", capability = 2.5,
                 tags = { "x", "y" }, attrs = { note = 'q"\n' } }
  sys:add_actor{ id = "b" }
  sys:add_tie{ from = "a", to = "b", layer = "f", weight = 0.5 }
  sys:add_issue{ id = "i", name = "I" }
  sys:set_position("a", "i", 40, 1)
  return sys
end

local SMALL_PRETTY = table.concat({
  '{',
  '\t"format":\t"diplomat/1",',
  '\t"name":\t"N",',
  '\t"layers":\t[{',
  '\t\t\t"id":\t"f",',
  '\t\t\t"name":\t"F",',
  '\t\t\t"directed":\ttrue,',
  '\t\t\t"informal":\tfalse',
  '\t\t}],',
  '\t"actors":\t[{',
  '\t\t\t"id":\t"a",',
  '\t\t\t"name":\t"A",',
  '\t\t\t"kind":\t"person",',
  '\t\t\t"capability":\t2.5,',
  '\t\t\t"tags":\t["x", "y"],',
  '\t\t\t"attrs":\t{',
  '\t\t\t\t"note":\t"q\\"\\n"',
  '\t\t\t}',
  '\t\t}, {',
  '\t\t\t"id":\t"b",',
  '\t\t\t"name":\t"b",',
  '\t\t\t"kind":\t"organisation",',
  '\t\t\t"capability":\t1',
  '\t\t}],',
  '\t"issues":\t[{',
  '\t\t\t"id":\t"i",',
  '\t\t\t"name":\t"I",',
  '\t\t\t"min":\t0,',
  '\t\t\t"max":\t100',
  '\t\t}],',
  '\t"ties":\t[{',
  '\t\t\t"from":\t"a",',
  '\t\t\t"to":\t"b",',
  '\t\t\t"layer":\t"f",',
  '\t\t\t"weight":\t0.5',
  '\t\t}],',
  '\t"positions":\t[{',
  '\t\t\t"actor":\t"a",',
  '\t\t\t"issue":\t"i",',
  '\t\t\t"position":\t40,',
  '\t\t\t"salience":\t1',
  '\t\t}]',
  '}',
}, "\n")

local SMALL_COMPACT = '{"format":"diplomat/1","name":"N",'
  .. '"layers":[{"id":"f","name":"F","directed":true,"informal":false}],'
  .. '"actors":[{"id":"a","name":"A","kind":"person","capability":2.5,'
  .. '"tags":["x","y"],"attrs":{"note":"q\\"\\n"}},'
  .. '{"id":"b","name":"b","kind":"organisation","capability":1}],'
  .. '"issues":[{"id":"i","name":"I","min":0,"max":100}],'
  .. '"ties":[{"from":"a","to":"b","layer":"f","weight":0.5}],'
  .. '"positions":[{"actor":"a","issue":"i","position":40,"salience":1}]}'

describe("writing a map item by item", function()
  describe("gives cJSON's layout, written out by hand", function()
    it("for an empty system", function()
      local sys = diplomat.new{}
      same_bytes('{\n\t"format":\t"diplomat/1",\n\t"layers":\t[],\n'
        .. '\t"actors":\t[],\n\t"issues":\t[],\n\t"ties":\t[],\n'
        .. '\t"positions":\t[]\n}', sys:encode())
      same_bytes('{"format":"diplomat/1","layers":[],"actors":[],'
        .. '"issues":[],"ties":[],"positions":[]}',
        sys:encode{ pretty = false })
    end)

    it("for a small map with nested tags and attributes", function()
      local sys = small()
      same_bytes(SMALL_PRETTY, sys:encode(), "pretty")
      same_bytes(SMALL_COMPACT, sys:encode{ pretty = false }, "compact")
    end)

    it("for the map's own name, description and attributes", function()
      local sys = diplomat.new{ name = "n", description = "d\t",
                                attrs = { b = true, a = 1 } }
      same_bytes('{\n\t"format":\t"diplomat/1",\n\t"name":\t"n",\n'
        .. '\t"description":\t"d\\t",\n\t"attrs":\t{\n\t\t"a":\t1,\n'
        .. '\t\t"b":\ttrue\n\t},\n\t"layers":\t[],\n\t"actors":\t[],\n'
        .. '\t"issues":\t[],\n\t"ties":\t[],\n\t"positions":\t[]\n}',
        sys:encode())
    end)
  end)

  it("writes numbers with the fewest of 15, 16, 17 digits that read back",
     function()
    -- the printf rules: %.15g writes an exponent from 10^15 on; whole
    -- numbers below that are their digits; 2^53 = 9007199254740992 needs
    -- 16 digits (%.15g rounds to 9.00719925474099e+15); 123456789012345.5
    -- needs 16; 2^52 - 0.5 = 4503599627370495.5 needs 17 (%.16g rounds
    -- it to ...496); 0.1 + 0.2 needs 17; -0 keeps its sign
    -- { capability x, its text, the text of position -x }
    local cases = {
      { 0.0, "0", "-0" }, { -0.0, "-0", "0" }, { 7, "7", "-7" },
      { 2147483648, "2147483648", "-2147483648" },
      { 999999999999999, "999999999999999", "-999999999999999" },
      { 1e15, "1e+15", "-1e+15" },
      { 2.0 ^ 53, "9007199254740992", "-9007199254740992" },
      { 123456789012345.5, "123456789012345.5", "-123456789012345.5" },
      { 2.0 ^ 52 - 0.5, "4503599627370495.5", "-4503599627370495.5" },
      { 0.1 + 0.2, "0.30000000000000004", "-0.30000000000000004" },
      { 1e-300, "1e-300", "-1e-300" }, { 5e300, "5e+300", "-5e+300" },
      { 2.5, "2.5", "-2.5" },
    }
    local sys = diplomat.new{}
    sys:add_issue{ id = "wide", min = -1e301, max = 1e301 }
    for k, c in ipairs(cases) do
      sys:add_actor{ id = "a" .. k, capability = c[1] }
      sys:set_position("a" .. k, "wide", -c[1], 1)
    end
    local text = sys:encode{ pretty = false }
    for k, c in ipairs(cases) do
      local neg = c[3]
      assert.truthy(text:find(('{"id":"a%d","name":"a%d","kind":'
        .. '"organisation","capability":%s}'):format(k, k, c[2]), 1, true),
        c[2])
      assert.truthy(text:find(('{"actor":"a%d","issue":"wide","position":'
        .. '%s,"salience":1}'):format(k, neg), 1, true), neg)
    end
  end)

  describe("gives the same bytes as one cJSON tree of the system", function()
    it("for an empty system, with and without a name", function()
      same_as_tree(diplomat.new{})
      same_as_tree(diplomat.new{ name = "only a name" })
      same_as_tree(diplomat.new{ name = "\n}", description = "}, {",
                                 attrs = { ["\n}"] = "\t\"x\":\t[" } })
    end)

    it("for one actor, alone and with a layer", function()
      local sys = diplomat.new{ name = "one" }
      sys:add_actor{ id = "solo" }
      same_as_tree(sys)
      sys:add_layer{ id = "l" }
      same_as_tree(sys)
    end)

    it("for the small map and the default map", function()
      same_as_tree(small())
      local sys = assert(diplomat.load(NORTHVALE))
      same_as_tree(sys)
      sys:close()
    end)

    it("for every field kind, escapes, unicode and hard numbers",
       function()
      for seed = 1, 12 do
        local sys = varied(seed, 5 * seed)
        same_as_tree(sys)
        sys:close()
      end
    end)

    it("after removals reorder what the system holds", function()
      local sys = varied(99, 60)
      local actors = sys:actors()
      for k = 1, #actors, 3 do sys:remove_actor(actors[k].id) end
      same_as_tree(sys)
    end)

    it("for items larger than the scratch buffer", function()
      -- an item's text goes to a 64 KiB scratch buffer, or when larger
      -- is printed by cJSON_Print; the text starts at 64 KiB and grows:
      -- a 300 KB attribute and a 100,000-character tag take both ways
      local sys = diplomat.new{ name = "big" }
      local long = ("\u{e9}\"\n"):rep(100000)
      sys:add_actor{ id = "a", tags = { ("t"):rep(100000) },
                     attrs = { long = long } }
      sys:add_actor{ id = "b", attrs = { long = long .. "x" } }
      same_as_tree(sys)
      local text = sys:encode()
      assert.is_true(#text > 600000)
    end)

    it("for a map larger than the first text buffer", function()
      local sys = varied(7, 2000)
      same_as_tree(sys)
      assert.is_true(#sys:encode{ pretty = false } > 4 * 65536)
      sys:close()
    end)
  end)

  describe("round trips", function()
    it("decode gives back the same system, pretty and compact", function()
      for seed = 1, 6 do
        local sys = varied(seed, 40)
        for _, pretty in ipairs({ true, false }) do
          local text = sys:encode{ pretty = pretty }
          local back = assert(diplomat.decode(text))
          assert.are.same(snapshot(sys), snapshot(back))
          same_bytes(text, back:encode{ pretty = pretty })
          back:close()
        end
        sys:close()
      end
    end)

    it("save writes encode's text and a line break; load reads it back",
       function()
      local dir = h.new_tmpdir()
      local ok, err = pcall(function()
        local sys = varied(5, 300)
        for _, pretty in ipairs({ true, false }) do
          local path = dir .. "/map.json"
          assert.is_true(sys:save(path, { pretty = pretty }))
          same_bytes(sys:encode{ pretty = pretty } .. "\n",
                     h.read_file(path))
          local back = assert(diplomat.load(path))
          assert.are.same(snapshot(sys), snapshot(back))
          back:close()
        end
        sys:close()
      end)
      h.remove_tree(dir)
      assert(ok, err)
    end)
  end)

  it("keeps the tree writer's option checks", function()
    local sys = diplomat.new{}
    assert.has_error(function() core._encode_tree(sys, { bad = 1 }) end)
    assert.has_error(function() core._encode_tree({}) end)
  end)
end)
