-- diplomat/1 files, diplomat from Lua: one operation, one process.
--
--   lua5.4 bench/json_diplomat.lua OP MAP.json REPS TMPDIR
--
-- OP: load    diplomat.load(path): read, parse, validate, build
--     decode  diplomat.decode(text), the text already in memory
--     encode  sys:encode() (pretty-printed, as save writes)
--     compact sys:encode{ pretty = false }
--     save    sys:save(TMPDIR/out.json): encode, write, fsync, rename
-- Prints the BENCH line of bench/timing.lua.
local diplomat = require "diplomat"
local timing = require "timing"

local op, path, reps, tmp = arg[1], arg[2], tonumber(arg[3]), arg[4]

local f = assert(io.open(path, "rb"))
local text = f:read("a")
f:close()
local sys
if op ~= "load" and op ~= "decode" then
  sys = assert(diplomat.decode(text))
  text = nil
end
collectgarbage()
timing.loaded()

local calls = {
  load = function() return assert(diplomat.load(path)) end,
  decode = function() return assert(diplomat.decode(text)) end,
  encode = function() return sys:encode() end,
  compact = function() return sys:encode{ pretty = false } end,
  save = function() return assert(sys:save(tmp .. "/out.json")) end,
}
local call = assert(calls[op], "unknown operation " .. tostring(op))
local result, first, wall, cpu = timing.run(call, reps)
local extra = {}
if type(result) == "string" then extra.bytes = #result end
timing.report(first, wall, cpu, extra)
