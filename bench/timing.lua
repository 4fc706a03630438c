-- Timing for the Lua benchmark drivers (bench/*.lua): one warm-up call,
-- then timed repetitions, and the one-line report bench/run.lua reads:
--   BENCH first=<s> wall=<s,...> cpu=<s,...> rss_kb=<peak> base_kb=<rss>
--         load=<s> [key=value ...]
-- wall: CLOCK_MONOTONIC; cpu: the process's CPU time (all threads; the
-- runs set OMP_NUM_THREADS=1); rss_kb: the peak resident set size of the
-- process; base_kb: the resident set size when the data were loaded,
-- before the first timed call.
local clock = require "benchclock"

local M = {}

local base_kb, load_s, started = 0, 0, clock.now()

--- Marks the end of loading: records the time since the driver started
-- and the resident set size now.
function M.loaded()
  load_s = clock.now() - started
  base_kb = clock.rss()
end

--- Calls f once (timed as `first`), then reps times; returns the last
-- result, the first call's wall time and arrays of wall and CPU times
-- per call.  Calls faster than 20 ms are timed in batches of k calls
-- (k chosen from the first call so that a batch takes about 50 ms), and
-- each repetition reports a batch's time divided by k: the clock's
-- resolution and the cost of reading it then do not count.
function M.run(f, reps)
  local t = clock.now()
  local result = f()
  local first = clock.now() - t
  local k = first < 0.02 and math.max(1, math.ceil(0.05 / math.max(first,
    1e-6))) or 1
  local wall, cpu = {}, {}
  for r = 1, reps do
    result = nil
    collectgarbage()
    local w, c = clock.now(), clock.cpu()
    for _ = 1, k do result = f() end
    cpu[r] = (clock.cpu() - c) / k
    wall[r] = (clock.now() - w) / k
  end
  M.batch = k
  return result, first, wall, cpu
end

local function list(t)
  local out = {}
  for i, x in ipairs(t) do out[i] = ("%.6f"):format(x) end
  return table.concat(out, ",")
end

--- Prints the BENCH line; extra: { key = value } appended as key=value.
function M.report(first, wall, cpu, extra)
  local line = ("BENCH first=%.6f wall=%s cpu=%s rss_kb=%d base_kb=%d "
    .. "load=%.6f"):format(first, list(wall), list(cpu), clock.maxrss(),
    base_kb, load_s)
  extra = extra or {}
  if (M.batch or 1) > 1 then extra.batch = M.batch end
  local keys = {}
  for k in pairs(extra) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    line = line .. (" %s=%s"):format(k, tostring(extra[k]))
  end
  print(line)
end

return M
