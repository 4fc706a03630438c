-- Timing of sys:export to GraphML, GEXF and DOT on a generated system
-- (default 100,000 actors, 1,000,000 ties): CPU seconds of each export,
-- median of REPS (default 3), and the size of the file written.  The
-- file goes to a temporary folder (written safely: temporary file,
-- fsync, rename; the wait for the disk is not CPU time).  Run from the
-- repository root:
--
--   make build
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 bench/export.lua [ACTORS [REPS]]
local diplomat = require "diplomat"

local ACTORS = tonumber(arg[1]) or 100000
local REPS = tonumber(arg[2]) or 3

local sys = diplomat.generate{ actors = ACTORS }
local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir " .. dir))

print(("%d actors, %d ties; CPU seconds, median of %d"):format(#sys,
  #sys:ties(), REPS))
for _, format in ipairs{ "graphml", "gexf", "dot" } do
  local path = dir .. "/map." .. format
  local times = {}
  for r = 1, REPS do
    collectgarbage()
    local t = os.clock()
    assert(sys:export(path))
    times[r] = os.clock() - t
  end
  table.sort(times)
  local f = assert(io.open(path, "rb"))
  local size = f:seek("end")
  f:close()
  os.remove(path)
  print(("%-8s %7.3f s   (runs %s)   %6.1f MB"):format(format,
    times[(REPS + 1) // 2], table.concat((function()
      local t = {}
      for i, x in ipairs(times) do t[i] = ("%.3f"):format(x) end
      return t
    end)(), " "), size / 1e6))
end
os.remove(dir)
