--- A readable summary of a system map: who is in it, which channels tie
-- them, and where they disagree.
--
-- Every number is a plain count, share or the formula given beside it.
--
-- @module diplomat.summary
-- @usage
-- local diplomat = require "diplomat"
-- local sys = assert(diplomat.load("examples/data/northvale.json"))
-- print(diplomat.summary.text(sys))

local ipairs, pairs, type, error = ipairs, pairs, type, error
local abs, sqrt, min, huge = math.abs, math.sqrt, math.min, math.huge
local tostring = tostring
local concat, sort = table.concat, table.sort
local format, rep = string.format, string.rep

local M = {}

local LEVELS = { "national", "regional", "system", "place", "neighbourhood",
                 "frontline" }

-- Counts actors by a field; actors without it count under "(none)".
-- Returns { {value, count}, ... }, largest first, then by name; or in the
-- given order when `order` is a list of values.
local function count_by(actors, field, order)
  local counts = {}
  for _, a in ipairs(actors) do
    local v = a[field] or "(none)"
    counts[v] = (counts[v] or 0) + 1
  end
  local out = {}
  if order then
    for _, v in ipairs(order) do
      if counts[v] then out[#out + 1] = { value = v, count = counts[v] } end
      counts[v] = nil
    end
  end
  local rest = {}
  for v, c in pairs(counts) do rest[#rest + 1] = { value = v, count = c } end
  sort(rest, function(x, y)
    if x.count ~= y.count then return x.count > y.count end
    return x.value < y.value
  end)
  for _, r in ipairs(rest) do out[#out + 1] = r end
  return out
end

local function oppbad(argn, msg)
  error(("bad argument #%d to 'opposition' (%s)"):format(argn, msg), 4)
end

-- Field key of argument argn (a table) of opposition: a finite number.
local function field(argn, t, name, key)
  if type(t) ~= "table" then
    oppbad(argn, ("%s: must be a table, not %s"):format(name, type(t)))
  end
  local v = t[key]
  if type(v) ~= "number" or v ~= v or v == huge or v == -huge then
    oppbad(argn, ("%s.%s: must be a finite number, not %s")
      :format(name, key, tostring(v)))
  end
  return v
end

--- How opposed two actors are on an issue: the distance between their
-- positions as a share of the issue's scale, times the smaller of their
-- saliences (both must care for a disagreement to bite):
-- `opposition = |x_a - x_b| / (max - min) * min(s_a, s_b)`, in [0, 1].
-- @tparam table issue with `min`, `max`
-- @tparam table pa position table `{ position, salience }` of actor a
-- @tparam table pb the same for actor b
-- @treturn number
-- @raise when an argument is not such a table of numbers
function M.opposition(issue, pa, pb)
  local lo, hi = field(1, issue, "issue", "min"),
    field(1, issue, "issue", "max")
  if not (hi > lo) then oppbad(1, "issue: max must be above min") end
  return abs(field(2, pa, "pa", "position") - field(3, pb, "pb", "position"))
    / (hi - lo) * min(field(2, pa, "pa", "salience"),
                      field(3, pb, "pb", "salience"))
end

--- Describes a system as a table of counts and spreads.
-- @tparam System sys
-- @tparam[opt] table opts `{ pairs = 3 }`: how many most-opposed pairs
--   to list per issue
-- @treturn table `{ name, counts, by_sector, by_level, by_kind, layers,
--   informal_share, issues }`; see the README for every field
-- @usage local d = diplomat.summary.describe(sys)
-- print(d.informal_share.ties)
function M.describe(sys, opts)
  opts = opts or {}
  if type(opts) ~= "table" then
    error("bad argument #2 to 'describe' (options must be a table)", 2)
  end
  for k in pairs(opts) do
    if k ~= "pairs" then
      error(("bad argument #2 to 'describe' (unknown option '%s')")
        :format(tostring(k)), 2)
    end
  end
  local npairs = opts.pairs or 3
  if type(npairs) ~= "number" or npairs < 0 or npairs % 1 ~= 0 then
    error("bad argument #2 to 'describe' (pairs must be a whole number >= 0)", 2)
  end
  if type(sys) ~= "userdata" then
    error(("bad argument #1 to 'describe' (a System expected, got %s)")
      :format(type(sys)), 2)
  end
  local info = sys:info()
  local actors = sys:actors()
  local d = {
    name = info.name,
    counts = { actors = info.actors, layers = info.layers, ties = info.ties,
               issues = info.issues, positions = info.positions },
    by_sector = count_by(actors, "sector"),
    by_level = count_by(actors, "level", LEVELS),
    by_kind = count_by(actors, "kind", { "organisation", "person", "group" }),
  }
  -- ties by layer; informal share = ties (or weight) in informal layers
  -- over all ties (or all weight)
  local layers, byid = {}, {}
  for _, l in ipairs(sys:layers()) do
    local row = { id = l.id, name = l.name, informal = l.informal,
                  directed = l.directed, ties = 0, weight = 0 }
    layers[#layers + 1] = row
    byid[l.id] = row
  end
  local n, w, ni, wi = 0, 0, 0, 0
  for _, t in ipairs(sys:ties()) do
    local row = byid[t.layer]
    row.ties = row.ties + 1
    row.weight = row.weight + t.weight
    n, w = n + 1, w + t.weight
    if row.informal then ni, wi = ni + 1, wi + t.weight end
  end
  d.layers = layers
  d.informal_share = { ties = n > 0 and ni / n or 0,
                       weight = w > 0 and wi / w or 0 }
  -- issues: spread of positions and the most opposed pairs
  local order = {}
  for i, id in ipairs(sys:actor_ids()) do order[id] = i end
  d.issues = {}
  for _, issue in ipairs(sys:issues()) do
    local pos = sys:positions(issue.id)
    local ids = {}
    for id in pairs(pos) do ids[#ids + 1] = id end
    sort(ids, function(a, b) return order[a] < order[b] end)
    local row = { id = issue.id, name = issue.name, min = issue.min,
                  max = issue.max, status_quo = issue.status_quo,
                  min_label = issue.min_label, max_label = issue.max_label,
                  count = #ids, opposed = {} }
    if #ids > 0 then
      local sum, lo, hi = 0, math.huge, -math.huge
      for _, id in ipairs(ids) do
        local x = pos[id].position
        sum = sum + x
        if x < lo then lo = x end
        if x > hi then hi = x end
      end
      local mean = sum / #ids
      local ss = 0
      for _, id in ipairs(ids) do ss = ss + (pos[id].position - mean) ^ 2 end
      -- population standard deviation (divide by n): these are all the
      -- actors on the map, not a sample
      row.lowest, row.highest, row.mean = lo, hi, mean
      row.sd = sqrt(ss / #ids)
      local cands = {}
      for i = 1, #ids do
        for j = i + 1, #ids do
          local o = M.opposition(issue, pos[ids[i]], pos[ids[j]])
          if o > 0 then
            cands[#cands + 1] = { a = ids[i], b = ids[j], opposition = o,
                                  distance = abs(pos[ids[i]].position
                                                 - pos[ids[j]].position) }
          end
        end
      end
      -- largest first; equal scores keep the map's actor order
      sort(cands, function(x, y)
        if x.opposition ~= y.opposition then return x.opposition > y.opposition end
        if x.a ~= y.a then return order[x.a] < order[y.a] end
        return order[x.b] < order[y.b]
      end)
      for k = 1, min(npairs, #cands) do row.opposed[k] = cands[k] end
    end
    d.issues[#d.issues + 1] = row
  end
  return d
end

local function pct(x) return format("%.0f%%", 100 * x) end

local function num(x)
  if x == nil then return "-" end
  if x == math.floor(x) and abs(x) < 1e15 then return format("%d", x) end
  return format("%.1f", x)
end

--- The summary as plain text for a terminal or a log.
-- @tparam System sys
-- @tparam[opt] table opts as for `describe`
-- @treturn string
function M.text(sys, opts)
  local d = M.describe(sys, opts)
  local names = {}
  for _, a in ipairs(sys:actors()) do names[a.id] = a.name end
  local out = {}
  local function say(...) out[#out + 1] = format(...) end
  local title = d.name or "System map"
  say("%s", title)
  say("%s", rep("=", #title))
  say("%d actors, %d layers, %d ties, %d issues, %d positions",
      d.counts.actors, d.counts.layers, d.counts.ties, d.counts.issues,
      d.counts.positions)
  say("")
  local function list(header, rows)
    local parts = {}
    for _, r in ipairs(rows) do parts[#parts + 1] = format("%s %d", r.value, r.count) end
    say("%-10s %s", header, concat(parts, ", "))
  end
  say("Actors")
  list("by sector", d.by_sector)
  list("by level", d.by_level)
  list("by kind", d.by_kind)
  say("")
  say("Channels (ties by layer)")
  for _, l in ipairs(d.layers) do
    say("  %-18s %4d ties  weight %7s  %s%s", l.id, l.ties, num(l.weight),
        l.informal and "informal" or "formal", l.directed and ", directed" or "")
  end
  say("  informal share: %s of ties, %s of tie weight",
      pct(d.informal_share.ties), pct(d.informal_share.weight))
  say("")
  say("Issues")
  for _, is in ipairs(d.issues) do
    say("* %s (%s)", is.name or is.id, is.id)
    if is.min_label or is.max_label then
      say("    scale %s = %s ... %s = %s", num(is.min), is.min_label or "",
          num(is.max), is.max_label or "")
    end
    if is.count == 0 then
      say("    no positions")
    else
      say("    %d positions, from %s to %s, mean %s, sd %s; status quo %s",
          is.count, num(is.lowest), num(is.highest), num(is.mean),
          num(is.sd), num(is.status_quo))
      for _, p in ipairs(is.opposed) do
        say("    most opposed: %s vs %s (%s apart, opposition %.2f)",
            names[p.a] or p.a, names[p.b] or p.b, num(p.distance),
            p.opposition)
      end
    end
  end
  return concat(out, "\n")
end

return M
