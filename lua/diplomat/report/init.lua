--- Reports for boards and research teams: HTML, Markdown and JSON.
--
-- One set of content (`diplomat.report.data`) rendered three ways:
-- `html` gives one self-contained page (inline CSS and SVG, no scripts,
-- no fonts or anything else fetched from the network), `markdown` the
-- same tables as text, `json` the same numbers for other tools.  The
-- README section "Reports" lists every section and option.
--
-- @module diplomat.report
-- @usage
-- local diplomat = require "diplomat"
-- local sys = assert(diplomat.load("examples/data/northvale.json"))
-- local page = diplomat.report.html(sys, { colour_by = "sector" })
-- assert(diplomat.report.save(sys, "northvale-report.html"))

local data = require "diplomat.report.data"

local error, ipairs, pairs, pcall, type, tostring = error, ipairs, pairs,
  pcall, type, tostring
local getmetatable, setmetatable = getmetatable, setmetatable
local concat, sort = table.concat, table.sort
local write_file = require("diplomat.core")._write_file

local M = {}

--- Every section, in the order a report shows them.
M.SECTIONS = { "summary", "network", "soft_power", "brokers", "power",
               "positions", "power_interest", "coalitions", "scenarios",
               "notes" }

local KNOWN = {}
for _, s in ipairs(M.SECTIONS) do KNOWN[s] = true end

local OPTIONS = {
  title = true, subtitle = true, date = true, sections = true,
  issues = true, colour_by = true, color_by = true, size_by = true,
  layout = true, seed = true, layers = true, broker_by = true, top = true,
  models = true, power = true, grid = true, coalitions = true,
  scenarios = true, comparisons = true, bins = true,
}
-- save takes one more: whether it may replace an existing file
local SAVE_OPTIONS = { overwrite = true }
for k in pairs(OPTIONS) do SAVE_OPTIONS[k] = true end

local FIELDS = { org = true, sector = true, profession = true, level = true,
                 mandate = true, kind = true }

local QUANTILES = { "p05", "p25", "p50", "p75", "p95" }

-- {====== Checking options ======

-- Option errors travel as a marked table up to the public function,
-- which raises them as its own bad-argument error (see `checked`).
local BAD = {}

local function bad(msg)
  error(setmetatable({ msg = msg }, BAD), 0)
end

local function isfinite(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end

local function sorted_names(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = tostring(k) end
  sort(out)
  return concat(out, ", ")
end

local function check_string(key, v)
  if v ~= nil and type(v) ~= "string" then
    bad(("%s: must be a string, not %s"):format(key, type(v)))
  end
end

local function check_list(key, v)
  if type(v) ~= "table" then
    bad(("%s: must be a list, not %s"):format(key, type(v)))
  end
  for k in pairs(v) do
    if type(k) ~= "number" or k % 1 ~= 0 or k < 1 or k > #v then
      bad(("%s: must be a list (keys 1..n)"):format(key))
    end
  end
end

-- A grouping field: an actor field or "attrs.<name>".
local function check_field(key, v)
  if type(v) ~= "string" then
    bad(("%s: must be a string, not %s"):format(key, type(v)))
  end
  if not FIELDS[v] and not v:match("^attrs%..+$") then
    bad(("%s: unknown field '%s' (fields: kind, level, mandate, org, "
      .. "profession, sector, or 'attrs.<name>')"):format(key, v))
  end
end

local function check_integer(key, v, lo, hi)
  if math.type(v) ~= "integer" or v < lo or (hi and v > hi) then
    bad(("%s: must be an integer %s"):format(key,
      hi and ("in %d..%d"):format(lo, hi) or (">= %d"):format(lo)))
  end
end

local function check_coalitions(sys, list)
  check_list("coalitions", list)
  local out = {}
  for i, c in ipairs(list) do
    local where = ("coalitions[%d]"):format(i)
    if type(c) ~= "table" then
      bad(("%s: must be a table, not %s"):format(where, type(c)))
    end
    local members = c.members or c
    local entry = { members = {}, values = {} }
    if c.members ~= nil then
      check_string(where .. ".name", c.name)
      entry.name = c.name
      for k, v in pairs(c) do
        local tv = type(v)
        if k ~= "members" and k ~= "name" and type(k) == "string"
            and (tv == "string" or tv == "boolean" or isfinite(v)) then
          entry.values[k] = v
        end
      end
    end
    check_list(where .. ".members", members)
    for k, id in ipairs(members) do
      if type(id) ~= "string" or not sys:actor(id) then
        bad(("%s.members[%d]: unknown actor '%s'"):format(where, k,
          tostring(id)))
      end
      entry.members[k] = id
    end
    out[i] = entry
  end
  return out
end

local function check_measure(where, m)
  if type(m) ~= "table" then
    bad(("%s: must be a table, not %s"):format(where, type(m)))
  end
  if not isfinite(m.mean) then
    bad(where .. ".mean: must be a finite number")
  end
  if m.sd ~= nil and not isfinite(m.sd) then
    bad(where .. ".sd: must be a finite number")
  end
  if m.quantiles ~= nil then
    if type(m.quantiles) ~= "table" then
      bad(where .. ".quantiles: must be a table")
    end
    for _, q in ipairs(QUANTILES) do
      if not isfinite(m.quantiles[q]) then
        bad(("%s.quantiles.%s: must be a finite number"):format(where, q))
      end
    end
  end
  if m.draws ~= nil then
    check_list(where .. ".draws", m.draws)
    for k, x in ipairs(m.draws) do
      if not isfinite(x) then
        bad(("%s.draws[%d]: must be a finite number"):format(where, k))
      end
    end
  end
end

local function check_scenarios(list)
  if type(list) == "table" and list.measures ~= nil then list = { list } end
  check_list("scenarios", list)
  local out = {}
  for i, s in ipairs(list) do
    local where = ("scenarios[%d]"):format(i)
    if type(s) ~= "table" or type(s.measures) ~= "table" then
      bad(where .. ": must be a result with a table of measures")
    end
    local name = s.name or s.scenario or s.label
    check_string(where .. ".name", name)
    local measures = {}
    for m, v in pairs(s.measures) do
      if type(m) ~= "string" then
        bad(where .. ".measures: names must be strings")
      end
      check_measure(("%s.measures.%s"):format(where, m), v)
      measures[m] = v
    end
    out[i] = { name = name or ("Scenario %d"):format(i), measures = measures }
  end
  return out
end

-- Comparisons as `result:compare(other)` returns them, bare or as
-- `{ name = ..., comparison = ... }`.
local function check_comparisons(list)
  if type(list) == "table" and list.measures ~= nil then list = { list } end
  check_list("comparisons", list)
  local out = {}
  for i, c in ipairs(list) do
    local where = ("comparisons[%d]"):format(i)
    local name
    if type(c) == "table" and c.comparison ~= nil then
      name, c = c.name, c.comparison
      check_string(where .. ".name", name)
    end
    if type(c) ~= "table" or type(c.measures) ~= "table" then
      bad(where .. ": must be a comparison with a table of measures")
    end
    local measures = {}
    for m, v in pairs(c.measures) do
      local w = ("%s.measures.%s"):format(where, tostring(m))
      if type(m) ~= "string" or type(v) ~= "table" then
        bad(w .. ": must be a table under a string name")
      end
      for _, k in ipairs{ "a", "b", "delta" } do
        if not isfinite(v[k]) then
          bad(("%s.%s: must be a finite number"):format(w, k))
        end
      end
      if v.p_higher ~= nil and not isfinite(v.p_higher) then
        bad(w .. ".p_higher: must be a finite number")
      end
      if v.quantiles ~= nil then
        if type(v.quantiles) ~= "table" then
          bad(w .. ".quantiles: must be a table")
        end
        for _, q in ipairs(QUANTILES) do
          if not isfinite(v.quantiles[q]) then
            bad(("%s.quantiles.%s: must be a finite number"):format(w, q))
          end
        end
      end
      measures[m] = v
    end
    out[i] = { name = name or ("Comparison %d"):format(i),
               measures = measures }
  end
  return out
end

-- The checked options, defaults filled in; `allowed` the option names
-- (default OPTIONS).
local function check(sys, opts, allowed)
  allowed = allowed or OPTIONS
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then
    bad("options must be a table, not " .. type(opts))
  end
  for k in pairs(opts) do
    if not allowed[k] then
      bad(("unknown option '%s' (options: %s)"):format(tostring(k),
        sorted_names(allowed)))
    end
  end
  if opts.overwrite ~= nil and type(opts.overwrite) ~= "boolean" then
    bad("overwrite: must be true or false")
  end
  local o = { version = require("diplomat.core").version }
  for _, k in ipairs{ "title", "subtitle", "date" } do
    check_string(k, opts[k])
    o[k] = opts[k]
  end
  if opts.colour_by ~= nil and opts.color_by ~= nil then
    bad("give colour_by or color_by, not both")
  end
  o.colour_by = opts.colour_by or opts.color_by or "sector"
  check_field(opts.color_by and "color_by" or "colour_by", o.colour_by)
  o.broker_by = opts.broker_by or "org"
  check_field("broker_by", o.broker_by)
  o.size_by = opts.size_by or "soft_power"
  if o.size_by ~= "soft_power" and o.size_by ~= "capability" then
    bad(("size_by: must be \"soft_power\" or \"capability\", not %s")
      :format(tostring(o.size_by)))
  end
  o.layout = opts.layout or "fr"
  if o.layout ~= "fr" and o.layout ~= "kk" then
    bad(("layout: must be \"fr\" or \"kk\", not %s")
      :format(tostring(o.layout)))
  end
  o.seed = opts.seed or 1
  check_integer("seed", o.seed, 0)
  o.top = opts.top or 10
  check_integer("top", o.top, 1)
  o.bins = opts.bins or 20
  check_integer("bins", o.bins, 1, 200)
  local layers = {}
  for _, l in ipairs(sys:layers()) do layers[l.id] = true end
  if opts.layers ~= nil then
    check_list("layers", opts.layers)
    if #opts.layers == 0 then bad("layers: the list is empty") end
    for _, id in ipairs(opts.layers) do
      if not layers[id] then
        bad(("layers: unknown layer '%s'"):format(tostring(id)))
      end
    end
    o.layers = opts.layers
  end
  -- issues: one id, or a list; default all
  local issues = opts.issues
  if type(issues) == "string" then issues = { issues } end
  if issues == nil then
    issues = {}
    for i, is in ipairs(sys:issues()) do issues[i] = is.id end
  end
  check_list("issues", issues)
  for _, id in ipairs(issues) do
    if type(id) ~= "string" or not sys:issue(id) then
      bad(("issues: unknown issue '%s'"):format(tostring(id)))
    end
  end
  o.issues = issues
  o.models = opts.models or data.MODELS
  check_list("models", o.models)
  for _, m in ipairs(o.models) do
    if not data.MODEL_NAMES[m] then
      bad(("models: unknown model '%s' (models: compromise, median, "
        .. "nash, eu)"):format(tostring(m)))
    end
  end
  if opts.power ~= nil and type(opts.power) ~= "table" then
    bad("power: must be a table of sys:power options")
  end
  o.power = opts.power or {}
  o.grid = opts.grid or {}
  if type(o.grid) ~= "table" then bad("grid: must be a table") end
  for k, v in pairs(o.grid) do
    if k ~= "power" and k ~= "interest" then
      bad(("grid: unknown field '%s' (fields: interest, power)")
        :format(tostring(k)))
    end
    if not isfinite(v) or v < 0 then
      bad(("grid.%s: must be a finite number >= 0"):format(k))
    end
  end
  if opts.coalitions ~= nil then
    o.coalitions = check_coalitions(sys, opts.coalitions)
  end
  if opts.scenarios ~= nil then
    o.scenarios = check_scenarios(opts.scenarios)
  end
  if opts.comparisons ~= nil then
    o.comparisons = check_comparisons(opts.comparisons)
  end
  -- sections: in report order; coalitions and scenarios need their data
  local want = {}
  if opts.sections ~= nil then
    check_list("sections", opts.sections)
    for _, s in ipairs(opts.sections) do
      if not KNOWN[s] then
        bad(("sections: unknown section '%s' (sections: %s)")
          :format(tostring(s), concat(M.SECTIONS, ", ")))
      end
      want[s] = true
    end
    if want.coalitions and not o.coalitions then
      bad("sections: 'coalitions' needs the coalitions option")
    end
    if want.scenarios and not (o.scenarios or o.comparisons) then
      bad("sections: 'scenarios' needs the scenarios or comparisons "
        .. "option")
    end
  else
    for _, s in ipairs(M.SECTIONS) do want[s] = true end
    want.coalitions = o.coalitions ~= nil
    want.scenarios = o.scenarios ~= nil or o.comparisons ~= nil
  end
  o.sections = {}
  for _, s in ipairs(M.SECTIONS) do
    if want[s] then o.sections[#o.sections + 1] = s end
  end
  return o
end

-- The checked options for public function fname, whose options are
-- argument argn (named in `allowed`, default OPTIONS); errors are raised
-- as that function's.
local function checked(fname, argn, sys, opts, allowed)
  if type(sys) ~= "userdata" or not sys.actor_ids then
    error(("bad argument #1 to '%s' (a diplomat.System expected)")
      :format(fname), 3)
  end
  local ok, o = pcall(check, sys, opts, allowed)
  if ok then return o end
  if getmetatable(o) == BAD then
    error(("bad argument #%d to '%s' (%s)"):format(argn, fname, o.msg), 3)
  end
  error(o, 0)
end

-- }======

--- The report's content as a plain table (what `json` encodes).
-- @tparam System sys
-- @tparam[opt] table opts as for `html`
-- @treturn table
-- @raise on unknown options, ids or wrong types
function M.data(sys, opts)
  return data.build(sys, checked("data", 2, sys, opts))
end

-- Renders the content d in a format.
local RENDER = {
  html = function(d) return require("diplomat.report.html").render(d) end,
  markdown = function(d)
    return require("diplomat.report.markdown").render(d)
  end,
  json = function(d) return require("diplomat.report.json").render(d) end,
}

--- The report as one self-contained HTML page.
-- @tparam System sys
-- @tparam[opt] table opts `{ title, subtitle, date, sections, issues,
--   colour_by = "sector", size_by = "soft_power", layout = "fr", seed = 1,
--   layers, broker_by = "org", top = 10, models, power = {}, grid = {
--   power, interest }, coalitions, scenarios, comparisons, bins = 20 }`
--   (README, "Reports")
-- @treturn string
-- @raise on unknown options, ids or wrong types
-- @usage local page = diplomat.report.html(sys, { issues = "pooled_budgets" })
function M.html(sys, opts)
  return RENDER.html(data.build(sys, checked("html", 2, sys, opts)))
end

--- The report as Markdown (GitHub tables): the same content as `html`,
-- the pictures given as tables.
-- @tparam System sys
-- @tparam[opt] table opts as for `html`
-- @treturn string
-- @raise as `html`
function M.markdown(sys, opts)
  return RENDER.markdown(data.build(sys, checked("markdown", 2, sys, opts)))
end

--- The report's content as JSON text (keys sorted, indented).
-- @tparam System sys
-- @tparam[opt] table opts as for `html`
-- @treturn string
-- @raise as `html`
function M.json(sys, opts)
  return RENDER.json(data.build(sys, checked("json", 2, sys, opts)))
end

local FORMATS = { html = "html", htm = "html", md = "markdown",
                  markdown = "markdown", json = "json" }

--- Writes a report to `path`, in the format its extension names (.html,
-- .md, .json). The write is safe: a new temporary file in the same
-- folder, synced to disc and renamed over the target, so `path` is
-- always the old file or the new one, whole; on failure it is left as it
-- was and no temporary file remains. An existing file keeps its mode.
-- With `overwrite = false` an existing file is never replaced, even one
-- that appears while the report is written.
-- @tparam System sys
-- @tparam string path
-- @tparam[opt] table opts as for `html`, and `overwrite` (default true)
-- @treturn true|nil
-- @treturn string when nil: `path: cannot write: reason`, or `path
--   exists (pass overwrite = true to replace it)`
-- @treturn string `"exists"` in that last case
-- @raise on an unknown extension or bad options
-- @usage assert(diplomat.report.save(sys, "report.md", { overwrite = false }))
function M.save(sys, path, opts)
  if type(path) ~= "string" then
    error("bad argument #2 to 'save' (path must be a string)", 2)
  end
  local ext = path:match("%.([%w]+)$")
  local fmt = ext and FORMATS[ext:lower()]
  if not fmt then
    error(("bad argument #2 to 'save' (unknown report format '%s': use "
      .. ".html, .md or .json)"):format(ext or path), 2)
  end
  local body = RENDER[fmt](data.build(sys, checked("save", 3, sys, opts,
    SAVE_OPTIONS)))
  return write_file(path, body,
    { overwrite = not (opts and opts.overwrite == false) })
end

return M
