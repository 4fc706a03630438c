-- Northvale: the embedded default system map, summarised.
--
-- A fictional integrated care system in the middle of reform: a national
-- NHS body being abolished, two integrated care boards merging, a new
-- combined authority with an elected mayor.  Run with `make demo`, or:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/northvale.lua [map.json]

local diplomat = require "diplomat"

-- the default map sits beside this script
local here = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local path = arg and arg[1] or (here .. "/data/northvale.json")

local sys, err = diplomat.load(path)
if not sys then
  io.stderr:write(err, "\n")
  os.exit(1)
end

print(diplomat.summary.text(sys, { pairs = 3 }))
