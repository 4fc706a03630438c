-- Inputs kept from fuzzing the loaders (fuzz/, fuzz/RESULTS.md): every
-- file under spec/fixtures/fuzz/ goes through diplomat.decode, which must
-- return either a system that passes sys:check() and survives encode ->
-- decode -> encode byte for byte, or nil and a message; never raise,
-- crash or leak (make asan runs this spec too).
--
-- The expected messages are spelled out from the loader's documented
-- rules (README "Reliability", csrc/json.c "Strict JSON"): cJSON, which
-- parses the text, accepts more than JSON allows, and where that would
-- change data silently the loader refuses the text.

local diplomat = require "diplomat"

local ROOT = debug.getinfo(1, "S").source:match("^@(.-)spec/[^/]*$") or ""
local DIR = ROOT .. "spec/fixtures/fuzz/"

local function read(name)
  local f = assert(io.open(DIR .. name, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- Every input kept, with what the loader must say: a message (the whole
-- of it) or true for "accepted".  Crashing inputs found by the fuzzer
-- are added here with the date and the fix (fuzz/RESULTS.md).
local CASES = {
  -- a raw tab inside a string: JSON requires \t
  ["raw_tab_in_string.json"] = "not valid JSON: control character 0x09 "
    .. "in a string at line 2, column 14 (write it as an escape such as "
    .. "\\n or \\u0009)",
  -- cJSON ends a string at \u0000: "A\u0000B" would load as "A"
  ["u0000_in_name.json"] = "\\u0000 (a zero character) in a string at "
    .. "line 1, column 59: diplomat cannot store it",
  -- two attribute names that cJSON would both cut to "a"
  ["u0000_in_attr_names.json"] = "2 problems in the system map:\n"
    .. "\\u0000 (a zero character) in a string at line 1, column 38: "
    .. "diplomat cannot store it\n"
    .. "\\u0000 (a zero character) in a string at line 1, column 53: "
    .. "diplomat cannot store it",
  -- cJSON skips every byte up to 0x20 as white space; JSON allows four
  ["zero_byte_between_tokens.json"] = "not valid JSON: control character "
    .. "0x00 outside a string at line 1, column 2 (the text looks like "
    .. "UTF-16: save the file as UTF-8)",
  ["form_feed_between_tokens.json"] = "not valid JSON: control character "
    .. "0x0c outside a string at line 1, column 25",
  -- strtod reads 0123 as 123: the code would lose its zero
  ["leading_zero.json"] = "not valid JSON: malformed number 0123 at line "
    .. "1, column 48 (JSON numbers have no leading zeros: write a code "
    .. "such as 007 as a string)",
  ["loose_numbers.json"] = "3 problems in the system map:\n"
    .. "not valid JSON: malformed number 1. at line 1, column 41\n"
    .. "not valid JSON: malformed number -.5 at line 1, column 50\n"
    .. "not valid JSON: malformed number 2.e3 at line 1, column 60",
  -- 2^53 + 1 has no double: it would load as 2^53
  ["beyond_2_53.json"] = "integer 9007199254740993 at line 1, column 44 "
    .. "is too large to store exactly (a double holds every integer up to "
    .. "2^53 = 9007199254740992; write it as a string)",
  -- 2^53 and 10^16 are doubles exactly: accepted
  ["exact_large_integers.json"] = true,
  -- 1e-400 is below the smallest double and would read as 0
  ["underflow.json"] = "number 1e-400 at line 1, column 63 is too small "
    .. "to store (it would read as 0)",
  -- cJSON stops at 1000 levels: the map and its attrs are two, so the
  -- 999th '[' fails; the first '[' is at column 41, that one at 1039
  ["too_deep.json"] = "not valid JSON: nested more than 1000 levels deep "
    .. "at line 1, column 1039",
  -- the same map saved as UTF-16 (little-endian), without and with a BOM
  -- (cJSON reads the little-endian text to its "}", taking each zero byte
  -- for white space, and stops at the zero byte after it: the 90th byte)
  ["utf16le.json"] = "not valid JSON: unexpected text after the end at "
    .. "line 1, column 90 (the text looks like UTF-16: save the file as "
    .. "UTF-8)",
  ["utf16le_bom.json"] = "not valid JSON: syntax error at line 1, column 1 "
    .. "(the text looks like UTF-16: save the file as UTF-8)",
  -- cJSON reads \u with a digit that is not hexadecimal as \u0000 and
  -- cuts the string: "ab\u12G4cd" would load as "ab"
  ["bad_u_escape.json"] = "not valid JSON: \\u without four hexadecimal "
    .. "digits in a string at line 1, column 37",
  -- found by fuzz/json.c on 2026-11-26: "\ud83\" followed by a raw 0x02
  -- was accepted (the scan took the second backslash as escaping the
  -- 0x02, cJSON took "\ud83\" as one escape, decoded as \u0000)
  ["crash_2026-11-26_u_escape_control.json"] = "2 problems in the system "
    .. "map:\nnot valid JSON: \\u without four hexadecimal digits in a "
    .. "string at line 1, column 199\nnot valid JSON: control character "
    .. "0x02 in a string at line 1, column 205 (write it as an escape such "
    .. "as \\n or \\u0002)",
  -- bytes that are not UTF-8 are kept as they are (save writes them back)
  ["invalid_utf8_kept.json"] = true,
}

-- GraphML inputs, read through diplomat.from_graphml (below)
local GRAPHML = {
  ["graphml_whitespace_in_names.graphml"] = true,
  ["graphml_ampersand_in_names.graphml"] = true,
}

describe("inputs kept from fuzzing the loader", function()
  local names = {}
  for name in pairs(CASES) do names[#names + 1] = name end
  table.sort(names)

  for _, name in ipairs(names) do
    local expected = CASES[name]
    it(name .. (expected == true and " loads" or " is refused with a "
       .. "message saying where"), function()
      local text = read(name)
      local ok, sys, err = pcall(diplomat.decode, text)
      assert(ok, "decode raised: " .. tostring(sys))
      if expected == true then
        assert(sys, err)
        assert.is_true(sys:check())
        local once = sys:encode()
        assert.are.equal(once, assert(diplomat.decode(once)):encode())
      else
        assert.is_nil(sys)
        assert.are.equal(expected, err)
      end
    end)
  end

  it("keeps large exact integers: 2^53 as an integer, 10^16 as a float",
     function()
    local sys = assert(diplomat.decode(read("exact_large_integers.json")))
    local a = sys:info().attrs
    assert.are.equal("integer", math.type(a.ok))
    assert.are.equal(9007199254740992, a.ok)
    assert.are.equal("float", math.type(a.ten16))
    assert.are.equal(1e16, a.ten16)
  end)

  it("keeps bytes that are not UTF-8 as they are", function()
    local sys = assert(diplomat.decode(read("invalid_utf8_kept.json")))
    assert.are.equal("\xa3 budget \xff", sys:info().name)
  end)

  it("still accepts escapes of control characters, and the same text "
     .. "across lines", function()
    local sys = assert(diplomat.decode('{"format": "diplomat/1",\r\n'
      .. '\t"name": "a\\tb\\u0001c\\n"}'))
    assert.are.equal("a\tb\1c\n", sys:info().name)
    -- a backslash before u0000 is an escaped backslash, not \u0000
    sys = assert(diplomat.decode('{"format": "diplomat/1", '
      .. '"name": "C:\\\\u0000"}'))
    assert.are.equal("C:\\u0000", sys:info().name)
  end)

  it("lists every file under spec/fixtures/fuzz/", function()
    -- keeps this list and the folder in step: a kept input not listed
    -- here would not be checked
    local p = io.popen('ls "' .. DIR .. '"')
    for name in p:lines() do
      assert(CASES[name] ~= nil or GRAPHML[name] ~= nil,
             name .. " is not listed in CASES or GRAPHML")
    end
    p:close()
  end)
end)

describe("inputs kept from fuzzing GraphML import", function()
  local WS = DIR .. "graphml_whitespace_in_names.graphml"

  it("graphml_whitespace_in_names.graphml loads with its tab and carriage "
     .. "return (written &#9; and &#13;)", function()
    local sys = assert(diplomat.from_graphml(WS))
    assert.is_true(sys:check())
    assert.are.same({ ["note\t2"] = "x", comment = "line one\rline two" },
                    sys:actor("a").attrs)
  end)

  -- Found by fuzz/graphml.c on 2026-11-26 (fuzz/RESULTS.md): igraph's
  -- GraphML writer left tab, line feed and carriage return unescaped,
  -- and XML reads them back as a space (in an attribute value, such as a
  -- key's attr.name) or a line feed (a CR in text).  The export now
  -- writes GraphML itself, through libxml2's xmlTextWriter, which writes
  -- them as character references in attribute values and CR as &#13;
  -- in text (csrc/graphml.c, csrc/xmlwrite.c).
  it("graphml_whitespace_in_names.graphml survives export to GraphML "
     .. "and import", function()
    local sys = assert(diplomat.from_graphml(WS))
    local path = os.tmpname()
    assert(sys:export(path, { format = "graphml" }))
    local back, err = diplomat.from_graphml(path)
    os.remove(path)
    assert(back, err)
    assert.are.same(sys:actor("a").attrs, back:actor("a").attrs)
  end)

  -- Found by fuzz/graphml.c on 2026-11-26: igraph's GraphML reader
  -- (libxml2's SAX2 without entity substitution) hands over an "&amp;"
  -- in an XML attribute as "&#38;", so a node id="A&amp;E" becomes the
  -- actor "A&#38;E" and a key attr.name="R&amp;D budget" the attribute
  -- "R&#38;D budget" (text between tags is read right: "A&E <4h>").
  -- The import turns each "&#38;" of a node id or attribute name back
  -- into "&" (csrc/graphml.c, unamp; libxml2 hands over every "&" of
  -- such a value that way, so this gives back the text exactly).
  it("graphml_ampersand_in_names.graphml reads '&amp;' in node ids "
     .. "and attribute names as '&'", function()
    local sys = assert(diplomat.from_graphml(DIR
      .. "graphml_ampersand_in_names.graphml"))
    local ae = sys:actor("A&E")
    assert(ae, "no actor 'A&E'")
    assert.are.same({ ["R&D budget"] = 5, comment = "A&E <4h>" }, ae.attrs)
    assert.are.equal("A&E", sys:ties()[1].to)
  end)

  -- Found by fuzz/graphml.c on 2026-11-26: igraph 0.10.2 writes GraphML
  -- numbers with 15 significant digits, so 0.1 + 0.2 came back as 0.3
  -- and 2^53 as 9007199254740990.  The export now writes the shortest
  -- text that reads back exactly (csrc/graphml.c).
  it("numbers that need 16 or 17 digits survive export to GraphML "
     .. "and import", function()
    local sys = diplomat.new{}
    sys:add_layer{ id = "f", directed = true }
    sys:add_actor{ id = "a", capability = 0.1 + 0.2 }
    sys:add_actor{ id = "b", attrs = { code = 1 << 53 } }
    sys:add_tie{ from = "a", to = "b", layer = "f", weight = 1 / 3 }
    local path = os.tmpname()
    assert(sys:export(path, { format = "graphml" }))
    local back, err = diplomat.from_graphml(path)
    os.remove(path)
    assert(back, err)
    assert.are.equal(0.1 + 0.2, back:actor("a").capability)
    assert.are.equal(1 << 53, back:actor("b").attrs.code)
    assert.are.equal(1 / 3, back:ties()[1].weight)
  end)

  -- The same fixes, everywhere at once: markup characters, white space
  -- and "&#38;" itself in actor ids, layer ids, attribute names, names
  -- and values; the map read back must encode exactly as the original
  -- but for what GraphML does not carry (README, "GraphML, GEXF and
  -- DOT": layer names, issues and positions are not in this map).
  it("text with markup, tabs and line breaks in ids, names and values "
     .. "survives export to GraphML and import", function()
    -- ids hold no control characters (the model refuses them)
    local id = "A&E <\"x\"> &#38; 'z'"
    local odd = "A&E <\"x\"> \t&#38;\r\n'z'"
    local sys = diplomat.new{ name = "Board\r\n" .. odd,
                              description = "d\tq", attrs = { [odd] = odd } }
    sys:add_layer{ id = "re&fer<ral>", directed = true }
    sys:add_layer{ id = "chat", directed = false, informal = true }
    sys:add_actor{ id = id, name = "Name " .. odd, org = "o\ro",
                   capability = 2.5, tags = { "t&1", "t<2>" },
                   attrs = { [odd] = "v" .. odd, ["n\n"] = 0.1 + 0.2 } }
    sys:add_actor{ id = "b", attrs = { [odd] = "w" } }
    sys:add_tie{ from = id, to = "b", layer = "re&fer<ral>", weight = 0.7,
                 attrs = { ["k&#38;"] = true } }
    sys:add_tie{ from = "b", to = id, layer = "chat",
                 attrs = { ["k&#38;"] = false } }
    local path = os.tmpname()
    assert(sys:export(path, { format = "graphml" }))
    local back, err = diplomat.from_graphml(path)
    os.remove(path)
    assert(back, err)
    assert.are.same(sys:info(), back:info())
    assert.are.same(sys:actors(), back:actors())
    assert.are.same(sys:ties(), back:ties())
  end)
end)
