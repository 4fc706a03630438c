--- diplomat: system diplomacy for complex public services.
--
-- Map a plural system of actors (organisations, people, groups), the ties
-- between them in named layers (formal and informal channels), the issues
-- they disagree on and where each actor stands, then analyse it.
--
-- The model and every computation live in C (`diplomat.core`); this file
-- adds the conveniences analysts use from Lua: filters, `set`, summaries.
--
-- @module diplomat
-- @usage
-- local diplomat = require "diplomat"
-- local sys = diplomat.new{ name = "Example" }
-- sys:add_layer{ id = "formal", directed = true }
-- sys:add_actor{ id = "icb", kind = "organisation", sector = "health" }
-- sys:add_actor{ id = "council", sector = "local_government" }
-- sys:add_tie{ from = "icb", to = "council", layer = "formal", weight = 2 }
-- print(sys, #sys)  --> diplomat.System 'Example' (2 actors, ...)  2

local core = require "diplomat.core"

local error, ipairs, pairs, pcall, type = error, ipairs, pairs, pcall, type
local tostring, select = tostring, select
local concat, sort = table.concat, table.sort

local M = {}

--- The version of the module, e.g. "0.1.0".
M.version = core.version

--- The methods table of every System (add methods here to extend it).
M.System = core.System
local System = core.System

--- Creates an empty system.
-- @function new
-- @tparam[opt] table info `{ name = string, description = string, attrs = table }`
-- @treturn System
-- @raise on unknown fields or wrong types
-- @usage local sys = diplomat.new{ name = "Northvale" }
M.new = core.new

--- Loads a system map from a diplomat/1 JSON file.
-- Only a regular file is read (not a device, pipe or folder), of at most
-- `max_bytes` bytes: 4 GiB unless given.
-- @function load
-- @tparam string path
-- @tparam[opt] table opts `{ max_bytes = n }`
-- @treturn System|nil the system, or nil when the file cannot be read,
--   parsed or validated
-- @treturn string when nil: every problem, each with its JSON path
-- @usage local sys = assert(diplomat.load("examples/data/northvale.json"))
M.load = core.load

--- Decodes a system map from a diplomat/1 JSON string.
-- @function decode
-- @tparam string json
-- @treturn System|nil
-- @treturn string when nil: the problems found
-- @usage local sys = assert(diplomat.decode(other:encode()))
M.decode = core.decode

--- Generates a synthetic system map for scale tests: organisations in
-- sectors, people in a line-management tree inside them, dense formal
-- ties within organisations, board ties between them, sparse
-- degree-heterogeneous informal ties across boundaries, and issues with
-- positions clustered by sector. The same seed gives the same system.
-- See the README, "Synthetic systems", for the model and defaults.
-- @function generate
-- @tparam[opt] table opts `{ actors = 1000, orgs = actors / 40, sectors = 6,
--   degree = 20, informal = 0.3, issues = 5, coverage = 1, cohesion = 0.6,
--   exponent = 2.5, span = 6, seed = 1 }`
-- @treturn System
-- @treturn table `{ formal, informal, target_formal, target_informal }`:
--   ties made and asked for
-- @raise on unknown options and values out of range
-- @usage local sys = diplomat.generate{ actors = 10000, seed = 7 }
M.generate = core.generate

-- Re-raises an error from a core call as an error of the Lua wrapper
-- `fname`, pointing at argument `argn` of the caller.
local function reraise(err, fname, argn)
  local reason = type(err) == "string"
    and err:match("^bad argument #%d+ to '[^']*' %((.*)%)$")
  if reason then
    error(("bad argument #%d to '%s' (%s)"):format(argn, fname, reason), 3)
  end
  error(err, 3)
end

local function argerror(argn, fname, msg)
  error(("bad argument #%d to '%s' (%s)"):format(argn, fname, msg), 3)
end

-- An id for an error message: control characters (and zero bytes) shown
-- as \xHH, as the C core shows them, so the message stays one line.
local function printable(id)
  return (tostring(id):gsub("%c", function(c)
    return ("\\x%02x"):format(c:byte())
  end))
end

-- {====== Filters ======

local ACTOR_FIELDS = {
  id = true, name = true, kind = true, org = true, sector = true,
  profession = true, level = true, mandate = true, capability = true,
}

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = tostring(k) end
  sort(keys)
  return concat(keys, ", ")
end

-- A criterion matches a value when equal to it, or, given as an array,
-- when any element is equal to it.
local function matches(criterion, value)
  if type(criterion) == "table" then
    for _, c in ipairs(criterion) do
      if c == value then return true end
    end
    return false
  end
  return criterion == value
end

local function has_tag(tags, criterion)
  for _, t in ipairs(tags) do
    if matches(criterion, t) then return true end
  end
  return false
end

local c_actors = System.actors

--- The actors, in the order they were added, optionally filtered.
-- Each filter field matches an actor field exactly; a list matches any
-- of its values. `tag` matches actors carrying the tag; `attrs` is a table
-- of free attributes that must all match.
-- @tparam[opt] table filter e.g. `{ sector = "health", level = {"place", "system"} }`
-- @treturn {table,...} actor tables (id, name, kind, ..., tags, attrs)
-- @raise on unknown filter fields
-- @usage for _, a in ipairs(sys:actors{ kind = "person", tag = "frontline" }) do print(a.name) end
function System:actors(filter)
  local all = c_actors(self)
  if filter == nil then return all end
  if type(filter) ~= "table" then
    argerror(1, "actors", "filter must be a table, not " .. type(filter))
  end
  for k, v in pairs(filter) do
    if not (ACTOR_FIELDS[k] or k == "tag" or k == "attrs") then
      argerror(1, "actors", ("unknown filter field '%s' (fields: %s, tag, attrs)")
        :format(tostring(k), sorted_keys(ACTOR_FIELDS)))
    end
    if k == "attrs" and type(v) ~= "table" then
      argerror(1, "actors", "attrs filter must be a table of attribute values")
    end
  end
  local out = {}
  for _, a in ipairs(all) do
    local ok = true
    for k, v in pairs(filter) do
      if k == "tag" then
        ok = has_tag(a.tags, v)
      elseif k == "attrs" then
        for ak, av in pairs(v) do
          if not matches(av, a.attrs[ak]) then ok = false break end
        end
      else
        ok = matches(v, a[k])
      end
      if not ok then break end
    end
    if ok then out[#out + 1] = a end
  end
  return out
end

local c_ties = System.ties
local TIE_FILTERS = {
  layer = true, actor = true, from = true, to = true, informal = true,
  directed = true,
}

--- The ties, in the order they were added, optionally filtered.
-- `layer`, `from`, `to` match ids (a list matches any); `actor` matches
-- either end; `informal` and `directed` select by the layer's flags.
-- Unknown actor or layer ids in a filter are errors (a typo would
-- otherwise silently select nothing).
-- @tparam[opt] table filter e.g. `{ layer = "whatsapp", actor = "mayor" }`
-- @treturn {table,...} ties `{ from, to, layer, weight, attrs }`
-- @usage local informal = sys:ties{ informal = true }
function System:ties(filter)
  local all = c_ties(self)
  if filter == nil then return all end
  if type(filter) ~= "table" then
    argerror(1, "ties", "filter must be a table, not " .. type(filter))
  end
  local layers = {}
  for _, l in ipairs(self:layers()) do layers[l.id] = l end
  for k, v in pairs(filter) do
    if not TIE_FILTERS[k] then
      argerror(1, "ties", ("unknown filter field '%s' (fields: %s)")
        :format(tostring(k), sorted_keys(TIE_FILTERS)))
    end
    local values = type(v) == "table" and v or { v }
    for _, id in ipairs(values) do
      local is_id = k == "layer" or k == "actor" or k == "from" or k == "to"
      if is_id and type(id) ~= "string" then
        -- a number would never equal a string id: refuse it rather than
        -- select nothing
        argerror(1, "ties", ("%s: ids are strings, not %s"):format(k, type(id)))
      elseif k == "layer" and not layers[id] then
        argerror(1, "ties", ("unknown layer '%s'"):format(printable(id)))
      elseif is_id and k ~= "layer"
          and (id:find("\0", 1, true) or not self:actor(id)) then
        argerror(1, "ties", ("unknown actor '%s'"):format(printable(id)))
      elseif (k == "informal" or k == "directed") and type(id) ~= "boolean" then
        argerror(1, "ties", ("%s: must be true or false, not %s")
          :format(k, type(id)))
      end
    end
  end
  local out = {}
  for _, t in ipairs(all) do
    local l = layers[t.layer]
    local ok = (filter.layer == nil or matches(filter.layer, t.layer))
      and (filter.from == nil or matches(filter.from, t.from))
      and (filter.to == nil or matches(filter.to, t.to))
      and (filter.actor == nil or matches(filter.actor, t.from)
           or matches(filter.actor, t.to))
      and (filter.informal == nil or filter.informal == l.informal)
      and (filter.directed == nil or filter.directed == l.directed)
    if ok then out[#out + 1] = t end
  end
  return out
end

-- }======

-- {====== Changing one field ======

local c_replace = System.replace_actor

--- Sets one field of an actor, checked like `add_actor`.
-- `field` is an actor field (`name`, `kind`, `org`, `sector`,
-- `profession`, `level`, `mandate`, `capability`, `tags`, `attrs`) or
-- `"attrs.<name>"` for one free attribute. `nil` clears an optional
-- field (`name` then shows the id, `kind` becomes "organisation").
-- The id cannot change. On error the actor is unchanged.
-- @tparam string id the actor
-- @tparam string field
-- @param value the new value
-- @raise on unknown actors or fields, and on values `add_actor` would reject
-- @usage sys:set("mayor", "capability", 8)
-- sys:set("mayor", "attrs.note", "elected 2024")
function System:set(id, field, value)
  if type(id) ~= "string" then
    argerror(1, "set", "actor id must be a string, not " .. type(id))
  end
  if type(field) ~= "string" then
    argerror(2, "set", "field must be a string, not " .. type(field))
  end
  if id:find("\0", 1, true) then
    argerror(1, "set", "id contains a zero byte")
  end
  local a = self:actor(id)
  if not a then
    argerror(1, "set", ("unknown actor '%s'"):format(printable(id)))
  end
  local attr = field:match("^attrs%.(.+)$")
  if field == "id" then
    argerror(2, "set", "an actor's id cannot change")
  elseif attr then
    a.attrs[attr] = value
  elseif ACTOR_FIELDS[field] or field == "tags" or field == "attrs" then
    a[field] = value
  else
    argerror(2, "set", ("unknown actor field '%s' (fields: %s, tags, attrs, "
      .. "or 'attrs.<name>' for a free attribute)")
      :format(field, sorted_keys(ACTOR_FIELDS)))
  end
  if a.capability == nil then a.capability = 1 end
  local ok, err = pcall(c_replace, self, id, a)
  if not ok then reraise(err, "set", 3) end
end

-- }======

M.summary = require "diplomat.summary"

--- Soft power of every actor: a documented composite (see
-- `diplomat.softpower`) of PageRank, cross-boundary brokerage, informal
-- standing and capability, with every component returned.
-- @function System:soft_power
-- @tparam[opt] table opts `{ weights = {...}, by = "org", damping = 0.85 }`
-- @usage local sp = sys:soft_power()
System.soft_power = require("diplomat.softpower").soft_power

-- {====== Scenarios ======

local scenario = require "diplomat.scenario"

--- A new scenario: a chainable list of shocks (abolish, merge, split,
-- devolve, add, remove, cut, rewire, shift, set, custom) to apply to a
-- copy of a system, once (`apply`) or many times (`run`). See
-- `diplomat.scenario` and the README, "Scenarios".
-- @function scenario
-- @tparam[opt] string name
-- @usage local s = diplomat.scenario("merger"):merge({ "a", "b" }, { id = "ab" })
M.scenario = scenario.scenario

--- Combines shards of a run into exactly the result of one run.
-- @function merge_results
-- @usage local all = diplomat.merge_results{ r1, r2 }
M.merge_results = scenario.merge_results

--- Reads a scenario result written by `result:save` (shards run
-- elsewhere), or returns nil and a message.
-- @function load_result
-- @usage local r = assert(diplomat.load_result("shard-03.lua"))
M.load_result = scenario.load_result

--- The seed replicate r of a run seeded with seed is applied with.
-- @function replicate_seed
M.replicate_seed = scenario.replicate_seed

--- What changed between two systems (or two scenario results): see
-- `diplomat.compare` and the README, "Scenarios".
-- @function compare
-- @usage local d = diplomat.compare(sys, s:apply(sys))
M.compare = require("diplomat.compare").compare

-- }======

--- Reports for boards and research teams: `diplomat.report.html(sys,
-- opts)`, `.markdown`, `.json`, `.data` and `.save(sys, path, opts)`
-- (see `diplomat.report` and the README section "Reports").
M.report = require "diplomat.report"

-- {====== Interchange ======

local interchange = require "diplomat.interchange"

--- A system map from CSV files (a folder, or a table of paths): see
-- `diplomat.interchange.from_csv` and the README, "Interchange".
-- @function from_csv
M.from_csv = interchange.from_csv

--- A system from a GraphML file: see `diplomat.interchange.from_graphml`.
-- @function from_graphml
M.from_graphml = interchange.from_graphml

--- A map of any kind: JSON, a folder of CSV files, or GraphML.
-- @function load_map
-- @usage local sys = assert(diplomat.load_map("fieldwork/"))
M.load_map = interchange.load_map

-- }======

return M
