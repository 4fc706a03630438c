--- A small strict JSON decoder (RFC 8259) for the specs, written apart
-- from the module so that what `diplomat.core.json_encode` and the JSON
-- report write is read back by independent code.  Not a spec itself.
--
--   local decode = require "spec.json_decode"
--   local v = decode('{"a": [1, 2.5, null]}')
--   --> { a = { 1, 2.5, decode.null, n = 3 } }
--
-- Objects become tables, arrays sequences (`n` gives their length, so
-- nulls inside keep their place), `null` the sentinel `decode.null`.
-- Integers without a fraction or exponent become Lua integers.  Any
-- deviation from the grammar raises an error naming the byte offset.

local M = {}
M.null = setmetatable({}, { __tostring = function() return "null" end })

local ESCAPES = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b",
                  f = "\f", n = "\n", r = "\r", t = "\t" }

local function decode(s)
  local pos = 1
  local function fail(msg)
    error(("json: %s at byte %d"):format(msg, pos), 0)
  end
  local function ws()
    pos = s:find("[^ \t\r\n]", pos) or #s + 1
  end
  local value
  local function str()
    pos = pos + 1 -- the opening quote
    local out = {}
    while true do
      local c = s:sub(pos, pos)
      if c == "" then fail("unterminated string") end
      if c == '"' then pos = pos + 1 break end
      if c:byte() < 0x20 then fail("control character in a string") end
      if c == "\\" then
        local e = s:sub(pos + 1, pos + 1)
        if ESCAPES[e] then
          out[#out + 1] = ESCAPES[e]
          pos = pos + 2
        elseif e == "u" then
          local hex = s:match("^%x%x%x%x", pos + 2)
          if not hex then fail("bad \\u escape") end
          local cp = tonumber(hex, 16)
          pos = pos + 6
          if cp >= 0xD800 and cp <= 0xDBFF then
            local lo = s:match("^\\u(%x%x%x%x)", pos)
            lo = lo and tonumber(lo, 16)
            if not lo or lo < 0xDC00 or lo > 0xDFFF then
              fail("lone surrogate")
            end
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
            pos = pos + 6
          elseif cp >= 0xDC00 and cp <= 0xDFFF then
            fail("lone surrogate")
          end
          out[#out + 1] = utf8.char(cp)
        else
          fail("bad escape")
        end
      else
        local j = s:find('["\\%c]', pos) or #s + 1
        out[#out + 1] = s:sub(pos, j - 1)
        pos = j
      end
    end
    local r = table.concat(out)
    if not utf8.len(r) then fail("invalid UTF-8") end
    return r
  end
  local function number()
    local start = pos
    if s:sub(pos, pos) == "-" then pos = pos + 1 end
    if s:sub(pos, pos) == "0" then
      pos = pos + 1
    elseif s:find("^[1-9]", pos) then
      pos = s:find("%D", pos) or #s + 1
    else
      fail("bad number")
    end
    local integer = true
    if s:sub(pos, pos) == "." then
      if not s:find("^%d", pos + 1) then fail("bad number") end
      pos = s:find("%D", pos + 1) or #s + 1
      integer = false
    end
    if s:find("^[eE]", pos) then
      local e = s:match("^[eE][-+]?%d+", pos)
      if not e then fail("bad number") end
      pos = pos + #e
      integer = false
    end
    local lexeme = s:sub(start, pos - 1)
    if integer then return math.tointeger(lexeme) or tonumber(lexeme) end
    return tonumber(lexeme)
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local t = {}
      ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1 return t end
      while true do
        ws()
        if s:sub(pos, pos) ~= '"' then fail("expected a key") end
        local k = str()
        if t[k] ~= nil then fail("duplicate key '" .. k .. "'") end
        ws()
        if s:sub(pos, pos) ~= ":" then fail("expected ':'") end
        pos = pos + 1
        t[k] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return t end
        if d ~= "," then fail("expected ',' or '}'") end
      end
    elseif c == "[" then
      pos = pos + 1
      local t = { n = 0 }
      ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1 return t end
      while true do
        t.n = t.n + 1
        t[t.n] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return t end
        if d ~= "," then fail("expected ',' or ']'") end
      end
    elseif c == '"' then
      return str()
    elseif s:find("^true", pos) then
      pos = pos + 4
      return true
    elseif s:find("^false", pos) then
      pos = pos + 5
      return false
    elseif s:find("^null", pos) then
      pos = pos + 4
      return M.null
    elseif c:match("[-%d]") then
      return number()
    end
    fail("unexpected character")
  end
  local v = value()
  ws()
  if pos <= #s then fail("trailing characters") end
  return v
end

return setmetatable(M, { __call = function(_, s) return decode(s) end })
