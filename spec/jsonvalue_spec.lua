-- diplomat.core.json_encode: plain Lua values as JSON (csrc/lua_jsonvalue.c).
-- Expected texts are written out by hand from RFC 8259 and the rules in
-- the file's header; round trips are read back by spec/json_decode.lua,
-- a decoder written independently of the module.
local core = require "diplomat.core"
local decode = require "spec.json_decode"
local h = require "spec.helpers"

local encode = core.json_encode

describe("diplomat.core.json_encode", function()
  it("writes objects with keys in byte order and arrays in order", function()
    assert.are.equal('{"a":[1,2.5,"x"],"b":true}',
      encode({ b = true, a = { 1, 2.5, "x" } }))
    -- byte order: "A" (0x41) < "B" < "a" (0x61) < "é" (0xC3 0xA9)
    assert.are.equal('{"A":0,"B":1,"a":2,"é":3}',
      encode({ ["é"] = 3, a = 2, B = 1, A = 0 }))
    assert.are.equal('[[],{"k":[{}]}]', encode({ {}, { k = {
      setmetatable({}, { __jsontype = "object" }) } } }))
  end)

  it("writes an empty table as an array unless marked as an object", function()
    assert.are.equal("[]", encode({}))
    assert.are.equal("{}", encode(setmetatable({}, { __jsontype = "object" })))
    assert.are.equal("[]", encode(setmetatable({}, { __jsontype = "array" })))
  end)

  it("writes numbers with the fewest digits that read back exactly", function()
    assert.are.equal("0.1", encode(0.1))
    -- 1/3: 15 digits (0.333333333333333) do not read back; 16 do
    assert.are.equal("0.3333333333333333", encode(1 / 3))
    assert.are.equal("3.141592653589793", encode(math.pi))
    assert.are.equal("9007199254740992", encode(2 ^ 53))       -- a float
    assert.are.equal("9007199254740992", encode(9007199254740992)) -- integer
    assert.are.equal("-9007199254740992", encode(-9007199254740992))
    assert.are.equal("1e+300", encode(1e300))
    assert.are.equal("0", encode(-0.0))
    assert.are.equal("42", encode(42))
    assert.are.equal("2.5", encode(2.5))
    assert.are.equal(0.1 + 0.2, decode(encode(0.1 + 0.2)))
  end)

  it("escapes strings as JSON requires and keeps UTF-8", function()
    assert.are.equal('"\\"\\\\\\n\\t\\u0001"', encode("\"\\\n\t\1"))
    assert.are.equal('"café </script>"', encode("café </script>"))
    assert.are.equal("true", encode(true))
    assert.are.equal("false", encode(false))
  end)

  it("round-trips nested values through an independent decoder", function()
    local v = { name = "Northvale <ICS>", n = 51, share = 0.3214285714285714,
                rows = { { id = "a", x = -1.5 }, { id = "b", x = 1e-9 } },
                flags = { true, false }, empty = {} }
    local back = decode(encode(v))
    assert.are.equal(v.name, back.name)
    assert.are.equal(51, back.n)
    assert.are.equal(v.share, back.share)
    assert.are.equal(-1.5, back.rows[1].x)
    assert.are.equal(1e-9, back.rows[2].x)
    assert.are.same({ true, false, n = 2 }, back.flags)
    local pretty = encode(v, { pretty = true })
    assert.truthy(pretty:find("\n", 1, true))
    assert.are.same(back, decode(pretty))
  end)

  it("gives the same text for equal tables built in any order", function()
    local a, b = {}, {}
    for i = 1, 200 do a["k" .. i] = i end
    for i = 200, 1, -1 do b["k" .. i] = i end
    assert.are.equal(encode(a), encode(b))
  end)

  it("rejects values JSON cannot hold, naming where they sit", function()
    local cases = {
      { { a = { b = { 0 / 0 } } },
        "json_encode: $.a.b[1]: NaN and infinities have no JSON form" },
      { { x = math.huge }, "json_encode: $.x: NaN and infinities have no "
        .. "JSON form" },
      { { a = { [1] = 1, [3] = 3 } }, "json_encode: $.a: an array with a gap" },
      { { a = { 1, x = 2 } }, "json_encode: $.a: a table needs only string "
        .. "keys (an object) or only the keys 1..n (an array)" },
      { { [1.5] = 1 }, "json_encode: $: a table needs only string keys (an "
        .. "object) or only the keys 1..n (an array)" },
      { { [0] = 1 }, "json_encode: $: a table needs only string keys (an "
        .. "object) or only the keys 1..n (an array)" },
      { { s = "a\0b" }, "json_encode: $.s: a string has a zero byte" },
      { { ["a\0"] = 1 }, "json_encode: $: a key has a zero byte" },
      { { s = "\xC0\xAF" }, "json_encode: $.s: a string is not valid UTF-8" },
      { { s = "\xED\xA0\x80" }, "json_encode: $.s: a string is not valid "
        .. "UTF-8" },
      { { s = "\xE2\x82" }, "json_encode: $.s: a string is not valid UTF-8" },
      { { ["\xFF"] = 1 }, "json_encode: $: a key is not valid UTF-8" },
      { { f = print }, "json_encode: $.f: a function has no JSON form" },
      { { math.maxinteger }, "json_encode: $[1]: an integer beyond 2^53 is "
        .. "not exact in JSON" },
    }
    for _, c in ipairs(cases) do
      assert.are.equal(c[2], h.error_of(encode, c[1]))
    end
    local loop = {}
    loop.self = loop
    assert.truthy(h.error_of(encode, loop):find("nested too deeply", 1, true))
  end)

  it("checks its options", function()
    local pre = "bad argument #2 to 'diplomat.core.json_encode' ("
    assert.are.equal(pre .. "unknown field 'indent')",
      h.error_of(encode, {}, { indent = 2 }))
    assert.are.equal(pre .. "pretty: must be true or false)",
      h.error_of(encode, {}, { pretty = 1 }))
    assert.truthy(h.error_of(encode))
  end)

  it("frees everything when it raises half way", function()
    -- under ASan/LSan a leak here fails the run
    for _ = 1, 200 do
      pcall(encode, { a = { 1, 2, 3 }, b = { c = { d = 0 / 0 } } })
    end
  end)
end)
