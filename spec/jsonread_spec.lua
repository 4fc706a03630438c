-- The fast map reader (csrc/jsonread.c) against the full one (json.c,
-- through cJSON): diplomat.decode tries the fast one first.  On every
-- text the fast reader accepts, both must build the same system; every
-- other text must reach the full reader, whose answers (systems and
-- messages) the other specs check.  core._json_fast and core._json_full
-- run one reader each.
local diplomat = require "diplomat"
local core = require "diplomat.core"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- Both readers on text: the fast result (or nil) and the full one.
local function both(text)
  local fast = core._json_fast(text)
  local full, err = core._json_full(text)
  return fast, full, err
end

-- The fast reader takes text and builds what the full reader builds.
local function fast_and_same(text, label)
  local fast, full, err = both(text)
  assert(full, (label or "") .. ": the full reader refused: " .. tostring(err))
  assert(fast, (label or "") .. ": the fast reader gave up")
  assert.are.equal(full:encode(), fast:encode())
  assert.are.equal(full:encode{ pretty = false }, fast:encode{ pretty = false })
  assert.are.equal(full:encode(), diplomat.decode(text):encode())
end

-- The fast reader gives up; decode answers as the full reader does.
local function left_to_full(text, label)
  local fast, full, err = both(text)
  assert(fast == nil, (label or "") .. ": the fast reader took it")
  local sys, msg = diplomat.decode(text)
  if full then
    assert.are.equal(full:encode(), sys:encode())
  else
    assert.is_nil(sys)
    assert.truthy(msg:find(err, 1, true), msg)
  end
end

-- A small system using every field, flag and kind of value.
local function everything()
  local sys = diplomat.new{ name = "Every field", description = "line\nnext",
    attrs = { n = 3, x = 0.25, ok = true, s = "quote \" back \\ slash /" } }
  sys:add_layer{ id = "formal", name = "Formal", description = "tab\there",
                 directed = true, attrs = { rank = 1 } }
  sys:add_layer{ id = "chat", informal = true, self_ties = true }
  sys:add_actor{ id = "a", name = "Ærøskøbing council ✓",
    kind = "organisation",
    org = "a", sector = "local_government", profession = "policy",
    level = "place", mandate = "elected", capability = 2.5,
    tags = { "lead", "t\x01" == nil and "" or "second" },
    attrs = { big = 9007199254740992, neg = -7, tiny = 1e-300, f = false,
              note = "\b\f\r" } }
  sys:add_actor{ id = "b", kind = "person", org = "a", capability = 0 }
  sys:add_actor{ id = "c", kind = "group" }
  sys:add_tie{ from = "a", to = "b", layer = "formal", weight = 0.1,
               attrs = { since = 2019 } }
  sys:add_tie{ from = "b", to = "b", layer = "chat", weight = 3 }
  sys:add_tie{ from = "c", to = "a", layer = "chat" }
  sys:add_issue{ id = "i", name = "Pooling", min = -5, max = 5,
                 status_quo = -0.5, min_label = "none", max_label = "all",
                 attrs = { w = 1 } }
  sys:add_issue{ id = "j", min = 0, max = 1e6 }
  sys:set_position("a", "i", -5, 0)
  sys:set_position("b", "i", 4.75, 1, { note = "agreed" })
  sys:set_position("c", "j", 123456.789, 0.333)
  return sys
end

describe("the fast map reader", function()
  it("takes the maps diplomat writes and builds what the full reader builds",
    function()
      local maps = {
        northvale = read("examples/data/northvale.json"),
        generated = diplomat.generate{ actors = 1500, coverage = 0.5,
                                       seed = 4 }:encode(),
        everything = everything():encode(),
      }
      for label, text in pairs(maps) do
        fast_and_same(text, label)
        local compact = diplomat.decode(text):encode{ pretty = false }
        fast_and_same(compact, label .. " (compact)")
      end
    end)

  it("takes an empty map, missing sections and empty ones", function()
    fast_and_same('{"format":"diplomat/1"}')
    fast_and_same('{"format":"diplomat/1","name":"x","layers":[],'
      .. '"actors":[],"issues":[],"ties":[],"positions":[]}')
    fast_and_same('{"name":"late format","format":"diplomat/1",'
      .. '"actors":[{"id":"a"}]}')
  end)

  it("reads sections in any order that defines things before their use",
    function()
      local text = diplomat.decode(read("examples/data/northvale.json"))
        :encode{ pretty = false }
      -- diplomat writes issues before ties; Northvale's file has them the
      -- other way round, which the first spec covers
      fast_and_same(text)
      -- ties before their actors: the fast reader cannot resolve them
      local actors = text:match('("actors":%b[])')
      local ties = text:match('("ties":%b[])')
      local swapped = text:gsub('"actors":%b[]', "ACTORS", 1)
        :gsub('"ties":%b[]', function() return actors end, 1)
        :gsub("ACTORS", function() return ties end, 1)
      left_to_full(swapped, "ties before actors")
    end)

  it("reads white space, escapes and numbers in every form JSON allows",
    function()
      fast_and_same('{\r\n\t"format" : "diplomat/1" ,\r\n "actors" : [ {'
        .. ' "id" : "a\\"b\\\\c\\/d" , "name" : "\\b\\f\\n\\r\\t" ,'
        .. ' "capability" : 1e2 },'
        .. '{"id":"b","capability":100.0},{"id":"c","capability":1.50},'
        .. '{"id":"d","capability":0.1E1},{"id":"e","capability":-0},'
        .. '{"id":"f","capability":2.5e-3},{"id":"g","capability":0},'
        .. '{"id":"h","capability":12345678901234567890e-10},'
        .. '{"id":"i","capability":1e22},{"id":"j","capability":1e23},'
        .. '{"id":"k","capability":4.9e-324},'
        .. '{"id":"l","attrs":{"x":-9007199254740992,"y":1234567890123456,'
        .. '"z":0.1000000000000000055511151231257827}}] }  \n')
    end)

  it("leaves other text to the full reader, which names the problem",
    function()
      local ok = '{"format":"diplomat/1","actors":[{"id":"a"}]}'
      local cases = {
        ["\\u escape"] = '{"format":"diplomat\\u002f1","actors":[{"id":"a"}]}',
        ["byte order mark"] = "\xef\xbb\xbf" .. ok,
        ["header after a section"] = '{"actors":[{"id":"a"}],'
          .. '"format":"diplomat/1"}',
        ["section twice"] = '{"format":"diplomat/1","actors":[],"actors":[]}',
        ["key twice"] = '{"format":"diplomat/1","actors":[{"id":"a",'
          .. '"id":"b"}]}',
        ["unknown field"] = '{"format":"diplomat/1","actors":[{"id":"a",'
          .. '"x":1}]}',
        ["wrong type"] = '{"format":"diplomat/1","actors":[{"id":1}]}',
        ["null"] = '{"format":"diplomat/1","name":null}',
        ["no format"] = '{"actors":[{"id":"a"}]}',
        ["other format"] = '{"format":"diplomat/2"}',
        ["trailing text"] = ok .. " x",
        ["trailing comma"] = '{"format":"diplomat/1","actors":[{"id":"a"},]}',
        ["control character"] = '{"format":"diplomat/1","name":"a\tb"}',
        ["leading zero"] = '{"format":"diplomat/1","actors":[{"id":"a",'
          .. '"capability":01}]}',
        ["inexact integer"] = '{"format":"diplomat/1","actors":[{"id":"a",'
          .. '"attrs":{"n":9007199254740993}}]}',
        ["underflow"] = '{"format":"diplomat/1","actors":[{"id":"a",'
          .. '"capability":1e-400}]}',
        ["overflow"] = '{"format":"diplomat/1","actors":[{"id":"a",'
          .. '"capability":1e400}]}',
        ["not an object"] = "[]",
        ["empty"] = "",
        ["unknown actor"] = '{"format":"diplomat/1","layers":[{"id":"l"}],'
          .. '"actors":[{"id":"a"}],'
          .. '"ties":[{"from":"a","to":"b","layer":"l"}]}',
        ["second position"] = '{"format":"diplomat/1","actors":[{"id":"a"}],'
          .. '"issues":[{"id":"i"}],"positions":[{"actor":"a","issue":"i",'
          .. '"position":1},{"actor":"a","issue":"i","position":2}]}',
        ["off the scale"] = '{"format":"diplomat/1","actors":[{"id":"a"}],'
          .. '"issues":[{"id":"i"}],"positions":[{"actor":"a","issue":"i",'
          .. '"position":101}]}',
        ["missing position"] = '{"format":"diplomat/1","actors":[{"id":"a"}],'
          .. '"issues":[{"id":"i"}],"positions":[{"actor":"a","issue":"i"}]}',
        ["duplicate actor"] = '{"format":"diplomat/1","actors":[{"id":"a"},'
          .. '{"id":"a"}]}',
      }
      for label, text in pairs(cases) do left_to_full(text, label) end
    end)

  it("agrees with the full reader on many random maps", function()
    -- systems with random fields, attrs, tags and numbers, written
    -- pretty and compact; each must take the fast path and agree
    math.randomseed(8)
    local chars = { "a", "b", "é", "\"", "\\", "/", "\n", "\t", " ", "1" }
    local function word()
      local t = {}
      for k = 1, math.random(1, 6) do t[k] = chars[math.random(#chars)] end
      return table.concat(t)
    end
    local function value()
      local r = math.random(5)
      if r == 1 then return word() end
      if r == 2 then return math.random() < 0.5 end
      if r == 3 then return math.random(-1000000, 1000000) end
      if r == 4 then
        return (math.random() - 0.5) * 10 ^ math.random(-30, 30)
      end
      return math.random(0, 100) / 8
    end
    for round = 1, 60 do
      local sys = diplomat.new{ name = "r" .. round }
      local layers = { "l1", "l2" }
      sys:add_layer{ id = "l1", directed = true }
      sys:add_layer{ id = "l2", informal = true }
      local n = math.random(1, 12)
      for k = 1, n do
        local attrs = {}
        for _ = 1, math.random(0, 3) do
          attrs["k" .. math.random(9)] = value()
        end
        sys:add_actor{ id = "a" .. k .. word():gsub("[%c]", ""),
          capability = math.random(0, 1000) / 7, attrs = attrs,
          tags = math.random() < 0.3 and { "t" .. k } or nil }
      end
      local ids = sys:actor_ids()
      for _ = 1, math.random(0, 20) do
        local a, b = ids[math.random(n)], ids[math.random(n)]
        local l = layers[math.random(2)]
        if a ~= b and not sys:tie(a, b, l) then
          sys:add_tie{ from = a, to = b, layer = l,
            weight = math.random(1, 50) / 4,
            attrs = math.random() < 0.2 and { w = value() } or nil }
        end
      end
      sys:add_issue{ id = "i", min = -1, max = 1, status_quo = 0 }
      for _, id in ipairs(ids) do
        if math.random() < 0.7 then
          sys:set_position(id, "i", math.random(-100, 100) / 100,
                           math.random(0, 100) / 100)
        end
      end
      fast_and_same(sys:encode(), "round " .. round)
      fast_and_same(sys:encode{ pretty = false }, "round " .. round)
    end
  end)
end)
