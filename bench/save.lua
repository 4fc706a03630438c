-- Saving large maps: CPU time and peak memory of sys:save on generated
-- maps (not part of make test or bench/run.lua: at 10^6 actors it needs a
-- few GB and minutes).  Run from the repository root after make build
-- and make build/bench/benchclock.so:
--
--   LUA_PATH='lua/?.lua;lua/?/init.lua;bench/?.lua;;' \
--   LUA_CPATH='build/?.so;build/bench/?.so;;' \
--     lua5.4 bench/save.lua [actors ...] [--reps R] [--compact]
--
-- Default sizes 100000 and 1000000 actors, mean degree 10 (ties = 5 per
-- actor), 3 issues, seed 1: diplomat.generate's map, as bench/huge.lua.
-- Each size: R saves (default 3) to a temporary file, each timed alone
-- (CPU seconds of the process, wall seconds) with its peak resident set:
-- the kernel's high-water mark (VmHWM) is reset through
-- /proc/self/clear_refs before each save, so the peak is the save's own,
-- not generate's.  Prints one line per size: the file's bytes, the
-- median CPU and wall time, the resident set before the first save (the
-- system and what generate left) and the median peak during a save (MB;
-- a later save may reuse memory an earlier one freed).  --compact saves with { pretty = false }.
local diplomat = require "diplomat"
local clock = require "benchclock"

local sizes, reps, pretty = {}, 3, true
local i = 1
while arg[i] do
  if arg[i] == "--reps" then
    reps = assert(math.tointeger(tonumber(arg[i + 1])), "--reps N")
    i = i + 1
  elseif arg[i] == "--compact" then
    pretty = false
  else
    sizes[#sizes + 1] = assert(math.tointeger(tonumber(arg[i])), arg[i])
  end
  i = i + 1
end
if #sizes == 0 then sizes = { 100000, 1000000 } end

local function status_kb(key)
  local f = assert(io.open("/proc/self/status", "r"))
  local text = f:read("a")
  f:close()
  return tonumber(text:match(key .. ":%s*(%d+)")) or 0
end

-- resets VmHWM to the current resident set (Linux 4.0 and later)
local function reset_peak()
  local f = assert(io.open("/proc/self/clear_refs", "w"))
  f:write("5")
  f:close()
end

local function median(t)
  local s = { table.unpack(t) }
  table.sort(s)
  return s[(#s + 1) // 2]
end

print(("%-10s %12s %9s %9s %9s %9s"):format("actors", "bytes", "cpu s",
  "wall s", "base MB", "peak MB"))
for _, n in ipairs(sizes) do
  local sys = diplomat.generate{ actors = n, degree = 10, issues = 3,
                                 seed = 1 }
  local path = os.tmpname()
  local cpu, wall, peak, base = {}, {}, {}, nil
  for r = 1, reps do
    collectgarbage()
    collectgarbage()
    reset_peak()
    base = base or status_kb("VmRSS") -- the first save's: the system
    local w, c = clock.now(), clock.cpu()
    assert(sys:save(path, { pretty = pretty }))
    cpu[r] = clock.cpu() - c
    wall[r] = clock.now() - w
    peak[r] = status_kb("VmHWM")
  end
  local f = assert(io.open(path, "rb"))
  local bytes = f:seek("end")
  f:close()
  os.remove(path)
  print(("%-10d %12d %9.2f %9.2f %9d %9d"):format(n, bytes, median(cpu),
    median(wall), base // 1024, median(peak) // 1024))
  io.stdout:flush()
  sys:close()
  sys = nil
  collectgarbage()
end
