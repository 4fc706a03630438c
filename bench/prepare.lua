-- Generates the benchmark systems and exports what the peers read.
--
--   lua5.4 bench/prepare.lua DIR N [N ...]
--
-- For each size N: DIR/sysN.json, the map diplomat.generate{ actors = N,
-- seed = 1 } makes (saved by sys:save, pretty-printed as by default);
-- DIR/sysN.arcs, the view diplomat's network measures use by default
-- (every layer; directed, because the formal layer is: a tie of an
-- undirected layer becomes two arcs; ties between one pair combined by
-- summing their weights); DIR/sysN.edges, the same ties with direction
-- ignored (the view communities use: one edge per pair, weights summed).
-- Edge files: a header line "n m directed", then "u v w" per edge with
-- actors numbered from 0 in the order of sys:actor_ids(), edges sorted
-- by (u, v) as diplomat's views are.  Files that exist are kept.
local diplomat = require "diplomat"

local dir = assert(arg[1], "usage: prepare.lua DIR N [N ...]")

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- Writes the combined edges of `sums` ({ [u * n + v] = weight }).
local function write_edges(path, n, sums, directed)
  local keys = {}
  for k in pairs(sums) do keys[#keys + 1] = k end
  table.sort(keys)
  local f = assert(io.open(path, "wb"))
  f:write(("%d %d %d\n"):format(n, #keys, directed and 1 or 0))
  local buf, fmt = {}, "%d %d %.17g"
  for i, k in ipairs(keys) do
    buf[#buf + 1] = fmt:format(k // n, k % n, sums[k])
    if #buf == 4096 or i == #keys then
      f:write(table.concat(buf, "\n"), "\n")
      buf = {}
    end
  end
  f:close()
end

for i = 2, #arg do
  local n = assert(math.tointeger(tonumber(arg[i])), "sizes are integers")
  local json = ("%s/sys%d.json"):format(dir, n)
  if not (exists(json) and exists(json:gsub("json$", "arcs"))
          and exists(json:gsub("json$", "edges"))) then
    local t = os.clock()
    local sys = diplomat.generate{ actors = n, seed = 1 }
    assert(sys:check())
    assert(sys:save(json))
    local index = {}
    for k, id in ipairs(sys:actor_ids()) do index[id] = k - 1 end
    local directed = {}
    for _, l in ipairs(sys:layers()) do directed[l.id] = l.directed end
    local arcs, edges = {}, {}
    for _, t in ipairs(sys:ties()) do
      local u, v, w = index[t.from], index[t.to], t.weight
      local k = u * n + v
      arcs[k] = (arcs[k] or 0) + w
      if not directed[t.layer] and u ~= v then
        k = v * n + u
        arcs[k] = (arcs[k] or 0) + w
      end
      if u > v then u, v = v, u end
      k = u * n + v
      edges[k] = (edges[k] or 0) + w
    end
    write_edges(json:gsub("json$", "arcs"), n, arcs, true)
    write_edges(json:gsub("json$", "edges"), n, edges, false)
    io.write(("prepared %s (%d actors, %d ties) in %.1f s\n")
      :format(json, #sys, #sys:ties(), os.clock() - t))
  end
end
