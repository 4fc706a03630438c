--- Scenarios: reforms as shocks to a system map, run many times.
--
-- A scenario is a list of shocks (abolish a body, merge boards, devolve
-- capability, lose informal ties at random, ...) built with chained calls.
-- `apply` gives a changed copy of a system (the base is never touched);
-- `run` applies the scenario `runs` times, each replicate with its own
-- seed derived from the run's seed, measures every copy with a Lua
-- function and summarises the distribution of each number it returns.
-- The shocks are applied in C (`csrc/scenario.c`); measures are Lua.
-- What each shock does is documented on its method and in the README
-- ("Scenarios").
--
-- @module diplomat.scenario
-- @usage
-- local diplomat = require "diplomat"
-- local sys = assert(diplomat.load("examples/data/northvale.json"))
-- local reform = diplomat.scenario("abolition")
--   :abolish("nhs_exec", { successor = "dhsc", informal_loss = 0.3 })
-- local r = reform:run(sys, { runs = 100, seed = 1, measure = function(s)
--   return { informal = s:channels().informal_share }
-- end })
-- print(r.measures.informal.mean, r.measures.informal.quantiles.p95)

local core = require "diplomat.core"

local error, ipairs, pairs, pcall, select = error, ipairs, pairs, pcall, select
local io, loadfile = io, loadfile
local setmetatable, getmetatable, tostring, type = setmetatable, getmetatable,
  tostring, type
local mtype, floor, sqrt, huge = math.type, math.floor, math.sqrt, math.huge
local concat, sort = table.concat, table.sort

local M = {}

local Scenario = {}
Scenario.__index = Scenario

local Result = {}
Result.__index = Result

-- {====== Checking arguments ======

local function argerror(fname, argn, msg)
  error(("bad argument #%d to '%s' (%s)"):format(argn, fname, msg), 3)
end

-- Raises (as argerror does) from a helper called by a public function.
local function argerror2(fname, argn, msg)
  error(("bad argument #%d to '%s' (%s)"):format(argn, fname, msg), 4)
end

local function isid(v)
  return type(v) == "string" and v ~= "" and not v:find("%z")
end

-- What is wrong with v as an id, for messages.
local function notid(v)
  if type(v) ~= "string" then return type(v) end
  return v == "" and "an empty string" or "a string with a zero byte"
end

local function checkid(fname, argn, v, what)
  if not isid(v) then
    argerror2(fname, argn, ("%s: must be an id (a non-empty string), not %s")
      :format(what, notid(v)))
  end
  return v
end

-- An options table (or nil) with only the allowed keys.
local function checkopts(fname, argn, opts, allowed)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    argerror2(fname, argn, "options must be a table, not " .. type(opts))
  end
  for k in pairs(opts) do
    if type(k) ~= "string" or not allowed[k] then
      local names = {}
      for a in pairs(allowed) do names[#names + 1] = a end
      sort(names)
      argerror2(fname, argn, ("unknown option '%s' (options: %s)")
        :format(tostring(k), concat(names, ", ")))
    end
  end
  return opts
end

local function isfinite(x)
  return type(x) == "number" and x == x and x ~= huge and x ~= -huge
end

-- A number in [0, 1] (or the default when nil).
local function checkshare(fname, argn, v, key, default)
  if v == nil then return default end
  if not isfinite(v) or v < 0 or v > 1 then
    argerror2(fname, argn, ("%s: must be a number from 0 to 1, not %s")
      :format(key, tostring(v)))
  end
  return v
end

-- An array of ids (non-empty unless allow_empty), no id twice.
local function checkids(fname, argn, v, key, allow_empty)
  if type(v) ~= "table" then
    argerror2(fname, argn, ("%s: must be an array of ids, not %s")
      :format(key, type(v)))
  end
  local seen, out = {}, {}
  for k in pairs(v) do
    if mtype(k) ~= "integer" or k < 1 or k > #v then
      argerror2(fname, argn, ("%s: must be an array of ids"):format(key))
    end
  end
  for i, id in ipairs(v) do
    if not isid(id) then
      argerror2(fname, argn, ("%s[%d]: must be an id (a non-empty string), "
        .. "not %s"):format(key, i, notid(id)))
    end
    if seen[id] then
      argerror2(fname, argn, ("%s: '%s' is listed twice"):format(key, id))
    end
    seen[id] = true
    out[i] = id
  end
  if #out == 0 and not allow_empty then
    argerror2(fname, argn, ("%s: must not be empty"):format(key))
  end
  return out
end

local JOINS = { sum = true, max = true, keep = true }

local function checkjoin(fname, argn, v)
  if v == nil then return "sum" end
  if not JOINS[v] then
    argerror2(fname, argn, ("combine: must be 'sum', 'max' or 'keep', not %s")
      :format(type(v) == "string" and "'" .. v .. "'" or type(v)))
  end
  return v
end

-- A layer id or an array of them, as an array.
local function layerlist(v)
  if type(v) == "string" then return { v } end
  return v
end

-- Re-raises a core error `err` of a template call as argument argn of fname.
local function reraise(fname, argn, err)
  local reason = type(err) == "string"
    and err:match("^bad argument #%d+ to '[^']*' %((.*)%)$")
  argerror2(fname, argn, reason or tostring(err))
end

-- }======

-- {====== Building ======

--- A new, empty scenario.
-- @tparam[opt="scenario"] string name shown in messages and results
-- @treturn Scenario
-- @usage local s = diplomat.scenario("board merger")
function M.scenario(name)
  if name == nil then name = "scenario" end
  if type(name) ~= "string" then
    argerror("scenario", 1, "name must be a string, not " .. type(name))
  end
  return setmetatable({ name = name, _shocks = {} }, Scenario)
end

local function push(self, shock)
  local list = self._shocks
  list[#list + 1] = shock
  self._compiled = nil
  return self
end

local function checkself(self, fname)
  if getmetatable(self) ~= Scenario then
    error(("bad argument #0 to '%s' (a scenario expected: call it as "
      .. "scenario:%s(...))"):format(fname, fname), 3)
  end
end

--- Abolishes an actor.
-- Without a successor the actor is removed with its ties and positions.
-- With one: ties in formal layers pass to the successor when their layer
-- is in `transfer` (default: every formal layer) and are lost otherwise;
-- each informal tie is lost with probability `informal_loss` (one uniform
-- per informal tie, in map order), otherwise it passes. A passing tie
-- takes the successor in place of the abolished actor; if the successor
-- already has a tie with that actor in that layer, the weights combine by
-- `combine` ("sum", "max", or "keep" the tie already there); a tie that
-- would join the successor to itself is dropped unless the layer allows
-- self-ties. The successor gains `capability` (share, default 1) of the
-- abolished actor's capability; actors whose `org` is the abolished actor
-- move to the successor; the abolished actor's positions go.
-- @tparam string id
-- @tparam[opt] table opts `{ successor, transfer = { layers }, informal_loss
--   = 0, capability = 1, combine = "sum" }`
-- @treturn Scenario self
-- @raise on bad options (unknown ids are found when applied)
-- @usage s:abolish("nhs_exec", { successor = "dhsc", informal_loss = 0.3 })
function Scenario:abolish(id, opts)
  checkself(self, "abolish")
  checkid("abolish", 1, id, "actor")
  opts = checkopts("abolish", 2, opts, { successor = true, transfer = true,
    informal_loss = true, capability = true, combine = true })
  local shock = { kind = "abolish", actors = { id } }
  if opts.successor == nil then
    for _, k in ipairs{ "transfer", "informal_loss", "capability",
                        "combine" } do
      if opts[k] ~= nil then
        argerror("abolish", 2, k .. ": needs a successor")
      end
    end
    return push(self, shock)
  end
  shock.successor = checkid("abolish", 2, opts.successor, "successor")
  if shock.successor == id then
    argerror("abolish", 2, ("successor: '%s' cannot succeed itself")
      :format(id))
  end
  if opts.transfer == nil then
    shock.all_formal = true
  else
    shock.layers = checkids("abolish", 2, opts.transfer, "transfer", true)
  end
  shock.loss = checkshare("abolish", 2, opts.informal_loss, "informal_loss", 0)
  shock.share = checkshare("abolish", 2, opts.capability, "capability", 1)
  shock.join = checkjoin("abolish", 2, opts.combine)
  return push(self, shock)
end

--- Merges several actors into one.
-- The result is `opts.id`: one of the merged actors (it continues, with
-- its fields) or a new id (a new actor with the first listed actor's
-- fields, named `opts.name` or its id). Default: the first listed actor.
-- Capability is summed. Every tie of a merged actor passes to the result
-- (combining as in `abolish`; ties between merged actors are dropped
-- unless the layer allows self-ties), except that each informal tie with
-- an end at a merged actor is lost with probability `informal_loss` (one
-- uniform per such tie, in map order). Positions: `"weighted"` (default)
-- gives, on each issue any merged actor holds a position on,
-- x = Σ c s x / Σ c s and salience Σ c s / Σ c over the holders
-- (capability c, salience s, position x; plain means when the weights are
-- 0); `"successor:<id>"` keeps exactly that merged actor's positions.
-- Actors whose `org` was a merged actor now belong to the result.
-- @tparam {string,...} ids at least two actors
-- @tparam[opt] table opts `{ id, name, informal_loss = 0, position =
--   "weighted", combine = "sum" }`
-- @treturn Scenario self
-- @usage s:merge({ "icb_north", "icb_south" }, { id = "icb_nvs",
--   name = "Northvale and Southmoor ICB", informal_loss = 0.2 })
function Scenario:merge(ids, opts)
  checkself(self, "merge")
  ids = checkids("merge", 1, ids, "actors")
  if #ids < 2 then argerror("merge", 1, "actors: give at least two") end
  opts = checkopts("merge", 2, opts, { id = true, name = true,
    informal_loss = true, position = true, combine = true })
  local shock = { kind = "merge", actors = ids }
  shock.successor = opts.id == nil and ids[1]
    or checkid("merge", 2, opts.id, "id")
  if opts.name ~= nil and type(opts.name) ~= "string" then
    argerror("merge", 2, "name: must be a string, not " .. type(opts.name))
  end
  shock.name = opts.name
  shock.loss = checkshare("merge", 2, opts.informal_loss, "informal_loss", 0)
  shock.join = checkjoin("merge", 2, opts.combine)
  local pos = opts.position
  if pos ~= nil and pos ~= "weighted" then
    local keep = type(pos) == "string" and pos:match("^successor:(.+)$")
    if not keep then
      argerror("merge", 2, ("position: must be 'weighted' or "
        .. "'successor:<id>', not %s"):format(type(pos) == "string"
        and "'" .. pos .. "'" or type(pos)))
    end
    local found = false
    for _, a in ipairs(ids) do found = found or a == keep end
    if not found then
      argerror("merge", 2, ("position: '%s' is not one of the merged actors")
        :format(keep))
    end
    shock.keep = keep
  end
  return push(self, shock)
end

--- Splits an actor into parts.
-- `into` lists the parts: ids (equal shares) or tables `{ id, name, share
-- }` (shares ≥ 0 summing to 1). A part may keep the original id (it
-- continues); the others are new actors with the original's fields,
-- named `name` or their id. Each part gets its share of the capability
-- and a copy of the original's positions. Ties: `ties = "random"`
-- (default) sends each tie of the original, in map order, to one part
-- drawn by share (one uniform per tie); `"copy"` gives every part a copy
-- of every tie. The original's id, if no part keeps it, goes; `org`
-- fields naming it are left as they are.
-- @tparam string id
-- @tparam table opts `{ into = { ... }, ties = "random" }`
-- @treturn Scenario self
-- @usage s:split("city_council", { into = {
--   { id = "city_council", share = 0.7 },
--   { id = "city_housing_co", share = 0.3 } } })
function Scenario:split(id, opts)
  checkself(self, "split")
  checkid("split", 1, id, "actor")
  opts = checkopts("split", 2, opts, { into = true, ties = true })
  local into = opts.into
  if type(into) ~= "table" or #into == 0 then
    argerror("split", 2, "into: must be a non-empty array of parts")
  end
  local parts, seen, given, total = {}, {}, 0, 0
  for i, p in ipairs(into) do
    local part
    if type(p) == "string" then
      part = { id = p }
    elseif type(p) == "table" then
      for k in pairs(p) do
        if k ~= "id" and k ~= "name" and k ~= "share" then
          argerror("split", 2, ("into[%d]: unknown field '%s' (fields: id, "
            .. "name, share)"):format(i, tostring(k)))
        end
      end
      part = { id = p.id, name = p.name, share = p.share }
    else
      argerror("split", 2, ("into[%d]: must be an id or a table, not %s")
        :format(i, type(p)))
    end
    if not isid(part.id) then
      argerror("split", 2, ("into[%d].id: must be an id (a non-empty "
        .. "string)"):format(i))
    end
    if seen[part.id] then
      argerror("split", 2, ("into: '%s' is listed twice"):format(part.id))
    end
    seen[part.id] = true
    if part.name ~= nil and type(part.name) ~= "string" then
      argerror("split", 2, ("into[%d].name: must be a string"):format(i))
    end
    if part.share ~= nil then
      if not isfinite(part.share) or part.share < 0 then
        argerror("split", 2, ("into[%d].share: must be a number >= 0, not %s")
          :format(i, tostring(part.share)))
      end
      given, total = given + 1, total + part.share
    end
    parts[i] = part
  end
  if given > 0 and given < #parts then
    argerror("split", 2, "into: give a share for every part or for none")
  end
  if given == 0 then
    for _, p in ipairs(parts) do p.share = 1 / #parts end
  elseif math.abs(total - 1) > 1e-9 then
    argerror("split", 2, ("into: shares must sum to 1, not %s")
      :format(tostring(total)))
  end
  local ties = opts.ties
  if ties ~= nil and ties ~= "random" and ties ~= "copy" then
    argerror("split", 2, ("ties: must be 'random' or 'copy', not %s")
      :format(type(ties) == "string" and "'" .. ties .. "'" or type(ties)))
  end
  return push(self, { kind = "split", actors = { id }, parts = parts,
                      copy_ties = ties == "copy" })
end

--- Devolves capability and issues from one actor to another.
-- `to` gains `capability` (share, default 0) of `from`'s capability and
-- `from` loses it. On each listed issue on which `from` holds a position,
-- `from`'s position goes (it no longer takes part in deciding it) and
-- `to` keeps its own position with salience raised to `from`'s if that is
-- higher, or, holding none, takes `from`'s position and salience.
-- @tparam string from
-- @tparam string to
-- @tparam table opts `{ capability = share, issues = { ids } }` (at least one)
-- @treturn Scenario self
-- @usage s:devolve("dhsc", "combined_authority", { capability = 0.2 })
function Scenario:devolve(from, to, opts)
  checkself(self, "devolve")
  checkid("devolve", 1, from, "from")
  checkid("devolve", 2, to, "to")
  if from == to then
    argerror("devolve", 2, ("to: '%s' cannot devolve to itself"):format(from))
  end
  opts = checkopts("devolve", 3, opts, { capability = true, issues = true })
  if opts.capability == nil and opts.issues == nil then
    argerror("devolve", 3, "give capability, issues or both")
  end
  return push(self, { kind = "devolve", actors = { from, to },
    share = checkshare("devolve", 3, opts.capability, "capability", 0),
    issues = opts.issues and checkids("devolve", 3, opts.issues, "issues")
      or {} })
end

--- Adds an actor, with ties and positions.
-- @tparam table actor as for `sys:add_actor`
-- @tparam[opt] {table,...} ties `{ from, to, layer, weight = 1 }`; a missing
--   `from` or `to` is the new actor
-- @tparam[opt] table positions `{ [issue] = position }` or `{ [issue] = {
--   position = x, salience = s } }` (salience default 1)
-- @treturn Scenario self
-- @usage s:add({ id = "nhs_place_team", sector = "health" },
--   { { to = "dhsc", layer = "formal" } }, { pooled_budgets = 40 })
function Scenario:add(actor, ties, positions)
  checkself(self, "add")
  if type(actor) ~= "table" then
    argerror("add", 1, "actor: must be a table, not " .. type(actor))
  end
  local tmpl = core.new()
  local ok, err = pcall(tmpl.add_actor, tmpl, actor)
  if not ok then reraise("add", 1, err) end
  local shock = { kind = "add", template = tmpl, ties = {}, positions = {} }
  if ties ~= nil and type(ties) ~= "table" then
    argerror("add", 2, "ties: must be an array of tables, not " .. type(ties))
  end
  for i, t in ipairs(ties or {}) do
    if type(t) ~= "table" then
      argerror("add", 2, ("ties[%d]: must be a table"):format(i))
    end
    for k in pairs(t) do
      if k ~= "from" and k ~= "to" and k ~= "layer" and k ~= "weight" then
        argerror("add", 2, ("ties[%d]: unknown field '%s' (fields: from, to, "
          .. "layer, weight)"):format(i, tostring(k)))
      end
    end
    for _, k in ipairs{ "from", "to" } do
      if t[k] ~= nil and not isid(t[k]) then
        argerror("add", 2, ("ties[%d].%s: must be an id"):format(i, k))
      end
    end
    if not isid(t.layer) then
      argerror("add", 2, ("ties[%d].layer: must be a layer id"):format(i))
    end
    if t.weight ~= nil and (not isfinite(t.weight) or t.weight <= 0) then
      argerror("add", 2, ("ties[%d].weight: must be a number > 0, not %s")
        :format(i, tostring(t.weight)))
    end
    shock.ties[i] = { from = t.from, to = t.to, layer = t.layer,
                      weight = t.weight or 1 }
  end
  if positions ~= nil and type(positions) ~= "table" then
    argerror("add", 3, "positions: must be a table, not " .. type(positions))
  end
  local issues = {}
  for issue in pairs(positions or {}) do
    if not isid(issue) then
      argerror("add", 3, "positions: keys must be issue ids")
    end
    issues[#issues + 1] = issue
  end
  sort(issues)
  for _, issue in ipairs(issues) do
    local p = positions[issue]
    local x, s = p, 1
    if type(p) == "table" then x, s = p.position, p.salience or 1 end
    if not isfinite(x) then
      argerror("add", 3, ("positions.%s: position must be a number")
        :format(issue))
    end
    if not isfinite(s) or s < 0 or s > 1 then
      argerror("add", 3, ("positions.%s: salience must be from 0 to 1")
        :format(issue))
    end
    shock.positions[#shock.positions + 1] = { issue = issue, position = x,
                                              salience = s }
  end
  return push(self, shock)
end

--- Removes an actor with its ties and positions.
-- @tparam string id
-- @treturn Scenario self
function Scenario:remove(id)
  checkself(self, "remove")
  checkid("remove", 1, id, "actor")
  return push(self, { kind = "remove", actors = { id } })
end

-- The share of ties a cut or a rewiring draws: a number from 0 to 1.
local function checkfraction(method, fraction)
  if fraction == nil or not isfinite(fraction) or fraction < 0
      or fraction > 1 then
    argerror(method, 2, "fraction: must be a number from 0 to 1, not "
      .. tostring(fraction))
  end
end

--- Cuts ties at random: of the ties in the layers (pooled, in map order),
-- r = round(fraction × count) (halves up) chosen uniformly without
-- replacement (a partial Fisher–Yates shuffle) are lost.
-- @tparam string|{string,...} layer
-- @tparam number fraction in [0, 1]
-- @treturn Scenario self
-- @usage s:cut("whatsapp", 0.2)
function Scenario:cut(layer, fraction)
  checkself(self, "cut")
  local layers = checkids("cut", 1, layerlist(layer), "layer")
  checkfraction("cut", fraction)
  return push(self, { kind = "cut", layers = layers, fraction = fraction })
end

--- Rewires ties at random: r ties are chosen as in `cut`; each, in the
-- order drawn, keeps its `from` end, weight and attributes and gets a new
-- `to` end drawn uniformly among the actors (in map order) that are not
-- its `from` end and have no tie with it in that layer (from it, in a
-- directed layer); a tie with no such actor stays.
-- @tparam string|{string,...} layer
-- @tparam number fraction in [0, 1]
-- @treturn Scenario self
function Scenario:rewire(layer, fraction)
  checkself(self, "rewire")
  local layers = checkids("rewire", 1, layerlist(layer), "layer")
  checkfraction("rewire", fraction)
  return push(self, { kind = "rewire", layers = layers, fraction = fraction })
end

--- Shifts an actor's position on an issue by delta, clamped to the
-- issue's scale (the actor must hold a position on it).
-- @tparam string issue
-- @tparam string actor
-- @tparam number delta
-- @treturn Scenario self
function Scenario:shift(issue, actor, delta)
  checkself(self, "shift")
  checkid("shift", 1, issue, "issue")
  checkid("shift", 2, actor, "actor")
  if not isfinite(delta) then
    argerror("shift", 3, "delta: must be a finite number, not "
      .. tostring(delta))
  end
  return push(self, { kind = "shift", issues = { issue }, actors = { actor },
                      delta = delta })
end

local SET_FIELDS = {
  name = true, kind = true, org = true, sector = true, profession = true,
  level = true, mandate = true, capability = true, tags = true, attrs = true,
}

--- Sets one field of an actor, as `sys:set` does: an actor field
-- (`name`, `kind`, `org`, `sector`, `profession`, `level`, `mandate`,
-- `capability`, `tags`, `attrs`) or `"attrs.<name>"`; nil clears an
-- optional field (capability then becomes 1). The value is checked when
-- the shock is built.
-- @tparam string actor
-- @tparam string field
-- @param value
-- @treturn Scenario self
-- @usage s:set("mayor", "capability", 8)
function Scenario:set(actor, field, value)
  checkself(self, "set")
  checkid("set", 1, actor, "actor")
  if type(field) ~= "string" then
    argerror("set", 2, "field must be a string, not " .. type(field))
  end
  local attr = field:match("^attrs%.(.+)$")
  local spec = { id = actor }
  if attr then
    spec.attrs = { [attr] = value }
  elseif SET_FIELDS[field] then
    spec[field] = value
  else
    argerror("set", 2, ("unknown actor field '%s' (fields: attrs, capability, "
      .. "kind, level, mandate, name, org, profession, sector, tags, or "
      .. "'attrs.<name>')"):format(field))
  end
  local tmpl = core.new()
  local ok, err = pcall(tmpl.add_actor, tmpl, spec)
  if not ok then reraise("set", 3, err) end
  return push(self, { kind = "set", actors = { actor }, template = tmpl,
    field = attr and "attr" or field, attr = attr, clear = value == nil })
end

--- Runs a Lua function on the changed system at this point of the list:
-- `fn(sys, rand)`, where `rand` draws from the replicate's own generator
-- like `math.random` (`rand()` in [0, 1), `rand(m)` in 1..m, `rand(m, n)`),
-- so custom randomness is reproducible too.
-- @tparam function fn
-- @treturn Scenario self
-- @usage s:custom(function(sys, rand)
--   sys:set("mayor", "capability", 5 + rand())
-- end)
function Scenario:custom(fn)
  checkself(self, "custom")
  if type(fn) ~= "function" then
    argerror("custom", 1, "must be a function, not " .. type(fn))
  end
  return push(self, { kind = "custom", fn = fn })
end

--- Appends the shocks of other scenarios (in order) to this one.
-- @tparam Scenario ... other scenarios
-- @treturn Scenario self
-- @usage local all = diplomat.scenario("all"):include(abolition, merger)
function Scenario:include(...)
  checkself(self, "include")
  local add = {}
  for i = 1, select("#", ...) do
    local other = select(i, ...)
    if getmetatable(other) ~= Scenario then
      argerror("include", i, "a scenario expected, got " .. type(other))
    end
    for _, shock in ipairs(other._shocks) do add[#add + 1] = shock end
  end
  for _, shock in ipairs(add) do push(self, shock) end -- self may be listed
  return self
end

--- The kinds of the shocks, in order (e.g. `{ "abolish", "merge" }`).
-- @treturn {string,...}
function Scenario:kinds()
  checkself(self, "kinds")
  local out = {}
  for i, s in ipairs(self._shocks) do out[i] = s.kind end
  return out
end

function Scenario.__len(self) return #self._shocks end

function Scenario.__tostring(self)
  return ("diplomat.scenario '%s' (%s)"):format(self.name,
    #self._shocks == 0 and "no shocks" or concat(self:kinds(), ", "))
end

local function compiled(self)
  if not self._compiled then
    self._compiled = core.scenario_compile(self.name, self._shocks)
  end
  return self._compiled
end

-- }======

-- {====== Applying ======

local function checkseed(fname, argn, v)
  if v == nil then return 1 end
  local i = mtype(v) == "float" and math.tointeger(v) or v
  if mtype(i) ~= "integer" or i < 0 then
    argerror2(fname, argn, "seed: must be an integer >= 0, not "
      .. tostring(v))
  end
  return i
end

local function checksystem(fname, sys)
  if type(sys) ~= "userdata" then
    argerror2(fname, 1, "a System expected, got " .. type(sys))
  end
end

--- Applies the scenario to a copy of a system.
-- Every shock is applied in order to a clone; the base is never touched.
-- Random choices draw from xoshiro256** seeded with `seed`, or, given
-- `replicate = r`, with `diplomat.replicate_seed(seed, r)`, the seed
-- replicate r of `run` uses (so any replicate can be looked at again).
-- @tparam System sys
-- @tparam[opt] table opts `{ seed = 1, replicate = r }`
-- @treturn System the changed copy
-- @raise when the system does not fit a shock (unknown ids, a missing
--   position): the message names the shock
-- @usage local after = s:apply(sys, { seed = 7 })
function Scenario:apply(sys, opts)
  checkself(self, "apply")
  checksystem("apply", sys)
  opts = checkopts("apply", 2, opts, { seed = true, replicate = true })
  local seed = checkseed("apply", 2, opts.seed)
  local r = opts.replicate
  if r ~= nil and (mtype(r) ~= "integer" or r < 1) then
    argerror("apply", 2, "replicate: must be an integer >= 1, not "
      .. tostring(r))
  end
  local ok, res = pcall(compiled(self).apply, compiled(self), sys, seed, r)
  if not ok then error(res, 2) end
  return res
end

-- }======

-- {====== Summaries ======

-- Quantile without checks (the summaries call it on their own draws).
local function quantile(x, p)
  local n = #x
  local h = (n - 1) * p + 1
  local lo = floor(h)
  if lo >= n then return x[n] end
  return x[lo] + (h - lo) * (x[lo + 1] - x[lo])
end

--- The p-quantile of the sorted array x (n ≥ 1): Hyndman and Fan's
-- type 7, R's default: h = (n − 1) p + 1, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1]
-- − x[⌊h⌋]).
-- @tparam {number,...} x sorted ascending
-- @tparam number p in [0, 1]
-- @treturn number
-- @raise unless x is a non-empty array of numbers and p is in [0, 1]
function M.quantile(x, p)
  if type(x) ~= "table" then
    argerror("quantile", 1, "x: must be a sorted array of numbers, not "
      .. type(x))
  end
  if #x == 0 then argerror("quantile", 1, "x: the array is empty") end
  for i = 1, #x do
    if type(x[i]) ~= "number" then
      argerror("quantile", 1, ("x[%d]: must be a number, not %s")
        :format(i, type(x[i])))
    end
  end
  if type(p) ~= "number" or not (p >= 0 and p <= 1) then
    argerror("quantile", 2, "p: must be a number in [0, 1], not "
      .. tostring(p))
  end
  return quantile(x, p)
end

local QUANTILES = { p05 = 0.05, p25 = 0.25, p50 = 0.5, p75 = 0.75,
                    p95 = 0.95 }

-- Summary of the values v (in replicate order) drawn in replicates reps.
local function summarise(v, reps, runs)
  local n, sum = #v, 0
  for i = 1, n do sum = sum + v[i] end
  local mean = sum / n
  local ss = 0
  for i = 1, n do ss = ss + (v[i] - mean) ^ 2 end
  local sorted = {}
  for i = 1, n do sorted[i] = v[i] end
  sort(sorted)
  local q = {}
  for k, p in pairs(QUANTILES) do q[k] = quantile(sorted, p) end
  local m = { n = n, mean = mean, sd = n > 1 and sqrt(ss / (n - 1)) or 0,
              min = sorted[1], max = sorted[n], quantiles = q, draws = v }
  if n < runs then m.replicates = reps end
  return m
end

-- The result of replicates from..to, from the values collected per name.
-- A run stopped early is also marked `incomplete = true`, with the
-- reason in `stopped` ("progress" or "time_budget") when known.
local function newresult(name, seed, from, to, complete, acc, stopped)
  local runs = to - from + 1
  local measures = {}
  for k, a in pairs(acc) do measures[k] = summarise(a.v, a.r, runs) end
  return setmetatable({ scenario = name, seed = seed, from = from, to = to,
    runs = runs, complete = complete, incomplete = not complete or nil,
    stopped = stopped, measures = measures }, Result)
end

-- Adds the values a measure function returned for replicate r.
local function collect(acc, values, r)
  if type(values) ~= "table" then
    error(("measure: must return a table of numbers, not %s (replicate %d)")
      :format(type(values), r), 0)
  end
  for k, x in pairs(values) do
    if type(k) ~= "string" then
      error(("measure: names must be strings, not %s (replicate %d)")
        :format(type(k), r), 0)
    end
    if type(x) == "boolean" then
      x = x and 1 or 0
    elseif not isfinite(x) then
      error(("measure: '%s' is %s, not a finite number (replicate %d); "
        .. "leave a name out when it has no value"):format(k,
        x ~= x and "NaN" or type(x) == "number" and tostring(x)
        or "a " .. type(x), r), 0)
    end
    local a = acc[k]
    if not a then
      a = { v = {}, r = {} }
      acc[k] = a
    end
    a.v[#a.v + 1] = x
    a.r[#a.r + 1] = r
  end
end

-- }======

-- {====== Running ======

--- Applies the scenario many times and summarises what a measure gives.
-- Replicate r (from 1) is `apply(sys, { seed = seed, replicate = r })`:
-- its seed depends on (seed, r) only, so results do not depend on the
-- order replicates run in, and shards (`runs = { from = a, to = b }`) run
-- anywhere combine with `diplomat.merge_results` into exactly the result
-- of one run. `measure(sys, r)` returns `{ name = number | boolean, ... }`
-- (true/false count as 1/0, so a mean is a probability); a name may be
-- left out of some replicates. The system it gets is closed when it
-- returns (keep numbers, not the system). `progress(done, total, r)` is
-- called after each replicate; returning false stops the run (the result
-- is then marked `complete = false`, `incomplete = true`, `stopped =
-- "progress"`). `time_budget` (seconds) stops the run once a replicate
-- ends past it (`stopped = "time_budget"`); at least one replicate runs.
-- @tparam System sys
-- @tparam table opts `{ runs = 1000 | { from, to }, seed = 1, measure = fn,
--   progress = fn, time_budget = seconds }`
-- @treturn Result `{ scenario, seed, runs, from, to, complete, measures =
--   { [name] = { n, mean, sd, min, max, quantiles = { p05, p25, p50, p75,
--   p95 }, draws, replicates } } }`
-- @usage local r = s:run(sys, { runs = 1000, seed = 1, measure = function(x)
--   return { ties = #x:ties() } end })
function Scenario:run(sys, opts)
  checkself(self, "run")
  checksystem("run", sys)
  if type(opts) ~= "table" then
    argerror("run", 2, "options must be a table with measure, not "
      .. type(opts))
  end
  checkopts("run", 2, opts, { runs = true, seed = true, measure = true,
                              progress = true, time_budget = true })
  local seed = checkseed("run", 2, opts.seed)
  local from, to
  local runs = opts.runs == nil and 1000 or opts.runs
  if type(runs) == "table" then
    for k in pairs(runs) do
      if k ~= "from" and k ~= "to" then
        argerror("run", 2, ("runs: unknown field '%s' (fields: from, to)")
          :format(tostring(k)))
      end
    end
    from, to = runs.from, runs.to
    if mtype(from) ~= "integer" or mtype(to) ~= "integer" or from < 1
        or to < from then
      argerror("run", 2, "runs: from and to must be integers with "
        .. "1 <= from <= to")
    end
  elseif mtype(runs) == "integer" and runs >= 1 then
    from, to = 1, runs
  else
    argerror("run", 2, "runs: must be an integer >= 1 or { from, to }, not "
      .. tostring(runs))
  end
  local measure, progress = opts.measure, opts.progress
  if type(measure) ~= "function" then
    argerror("run", 2, "measure: must be a function, not " .. type(measure))
  end
  if progress ~= nil and type(progress) ~= "function" then
    argerror("run", 2, "progress: must be a function, not " .. type(progress))
  end
  local budget, deadline = opts.time_budget, nil
  if budget ~= nil then
    if type(budget) ~= "number" or not (budget > 0) or budget == huge then
      argerror("run", 2, "time_budget: must be a positive finite number of "
        .. "seconds, not " .. tostring(budget))
    end
    deadline = core.clock() + budget
  end
  local c = compiled(self)
  local apply = c.apply
  local acc, last, total, stopped = {}, from - 1, to - from + 1, nil
  for r = from, to do
    local ok, s = pcall(apply, c, sys, seed, r)
    if not ok then error(s, 2) end
    local ok2, values = pcall(measure, s, r)
    c:recycle(s) -- closed; its memory serves the next replicate's clone
    if not ok2 then error(values, 0) end
    local ok3, err = pcall(collect, acc, values, r)
    if not ok3 then error(err, 2) end
    last = r
    if progress and progress(r - from + 1, total, r) == false then
      stopped = r < to and "progress" or nil
      break
    end
    if deadline and r < to and core.clock() >= deadline then
      stopped = "time_budget"
      break
    end
  end
  return newresult(self.name, seed, from, last, last == to, acc, stopped)
end

--- Combines shards of one run into the result of a single run over all
-- their replicates: exactly equal to it (the same draws in the same
-- order, so the same means, deviations and quantiles to the last bit).
-- Shards must come from the same scenario and seed, be complete, and
-- together cover one range of replicates without gaps or overlaps (in
-- any order).
-- @tparam {Result,...} results
-- @treturn Result
-- @raise on mismatched, incomplete, overlapping or missing shards
-- @usage local all = diplomat.merge_results{ shard1, shard2, shard3 }
function M.merge_results(results)
  if type(results) ~= "table" or #results == 0 then
    argerror("merge_results", 1, "give a non-empty array of results")
  end
  local list = {}
  for i, r in ipairs(results) do
    if type(r) ~= "table" or type(r.measures) ~= "table"
        or mtype(r.from) ~= "integer" or mtype(r.to) ~= "integer" then
      argerror("merge_results", 1, ("results[%d]: not a scenario result")
        :format(i))
    end
    if not r.complete then
      argerror("merge_results", 1, ("results[%d]: replicates %d..%d were "
        .. "stopped early (incomplete)"):format(i, r.from, r.to))
    end
    if r.seed ~= results[1].seed or r.scenario ~= results[1].scenario then
      argerror("merge_results", 1, ("results[%d]: from scenario '%s' with "
        .. "seed %s, not '%s' with seed %s"):format(i, tostring(r.scenario),
        tostring(r.seed), tostring(results[1].scenario),
        tostring(results[1].seed)))
    end
    list[i] = r
  end
  sort(list, function(a, b) return a.from < b.from end)
  for i = 2, #list do
    local a, b = list[i - 1], list[i]
    if b.from <= a.to then
      argerror("merge_results", 1, ("shards overlap: replicates %d..%d and "
        .. "%d..%d"):format(a.from, a.to, b.from, b.to))
    elseif b.from > a.to + 1 then
      argerror("merge_results", 1, ("replicates %d..%d are missing")
        :format(a.to + 1, b.from - 1))
    end
  end
  local acc = {}
  for _, r in ipairs(list) do
    for k, m in pairs(r.measures) do
      local a = acc[k]
      if not a then
        a = { v = {}, r = {} }
        acc[k] = a
      end
      for i, x in ipairs(m.draws) do
        a.v[#a.v + 1] = x
        a.r[#a.r + 1] = m.replicates and m.replicates[i] or r.from + i - 1
      end
    end
  end
  return newresult(list[1].scenario, list[1].seed, list[1].from,
                   list[#list].to, true, acc)
end

-- {====== Saving results ======

-- A number written so that it reads back exactly and keeps its subtype:
-- integers as integers, floats with 17 significant digits and a point.
local function numeral(x)
  if mtype(x) == "integer" then return ("%d"):format(x) end
  local s = ("%.17g"):format(x)
  if not s:find("[%.eEn]") then s = s .. ".0" end
  return s
end

local function numbers(list)
  local out = {}
  for i, x in ipairs(list) do out[i] = numeral(x) end
  return "{ " .. concat(out, ", ") .. " }"
end

--- Writes the result to a file, for merging shards run elsewhere: a Lua
-- chunk (format "diplomat-result/1") holding the run's identity and every
-- draw, written so that `diplomat.load_result` reads back exactly the same
-- result. The write is safe, as `System:save`: a synced temporary file
-- renamed over the target, which is otherwise left as it was; with
-- `overwrite = false` an existing file is never replaced.
-- @tparam string path
-- @tparam[opt] table opts `{ overwrite = true }`
-- @treturn true|nil
-- @treturn string when nil: `path: cannot write: reason`, or `path
--   exists (pass overwrite = true to replace it)`
-- @treturn string `"exists"` in that last case
-- @usage assert(r:save("shard-03.lua", { overwrite = false }))
function Result:save(path, opts)
  if type(path) ~= "string" then
    argerror("save", 1, "path must be a string, not " .. type(path))
  end
  opts = checkopts("save", 2, opts, { overwrite = true })
  if opts.overwrite ~= nil and type(opts.overwrite) ~= "boolean" then
    argerror("save", 2, "overwrite: must be true or false")
  end
  local names = {}
  for k in pairs(self.measures) do names[#names + 1] = k end
  sort(names)
  local lines = {
    "-- diplomat scenario result: read it with diplomat.load_result",
    "return {",
    '  format = "diplomat-result/1",',
    ("  scenario = %q,"):format(self.scenario),
    ("  seed = %d, from = %d, to = %d, complete = %s,"):format(self.seed,
      self.from, self.to, tostring(self.complete)),
    "  measures = {",
  }
  for _, k in ipairs(names) do
    local m = self.measures[k]
    lines[#lines + 1] = ("    [%q] = { draws = %s%s },"):format(k,
      numbers(m.draws), m.replicates
        and ", replicates = " .. numbers(m.replicates) or "")
  end
  lines[#lines + 1] = "  },"
  lines[#lines + 1] = "}"
  lines[#lines + 1] = ""
  return core._write_file(path, concat(lines, "\n"),
    { overwrite = opts.overwrite ~= false })
end

-- The names a result file may hold outside its strings.
local RESULT_WORDS = { ["return"] = true, ["true"] = true, ["false"] = true,
  format = true, scenario = true, seed = true, from = true, to = true,
  complete = true, measures = true, draws = true, replicates = true }

-- Whether text reads like a file written by result:save: outside its
-- strings and comments nothing but those names, numbers, braces,
-- brackets, "=", "," and signs.  No calls, loops, functions or
-- concatenation, so running it is a table constructor's work, linear in
-- its length (a file that loops, or doubles a string forty times, would
-- otherwise hang or fill the memory of whoever merges the shards).
local function result_text(text)
  local code, i, n = {}, 1, #text
  while i <= n do
    local q = text:find('["\'\\]', i) or n + 1
    code[#code + 1] = text:sub(i, q - 1)
    if q > n then break end
    local c = text:sub(q, q)
    if c == "\\" then return false end -- a backslash outside a string
    local j = q + 1 -- the closing quote, skipping escapes
    while true do
      local k = text:find("[\\" .. c .. "\n]", j)
      if not k or text:sub(k, k) == "\n" then return false end
      if text:sub(k, k) == "\\" then
        j = k + 2
      else
        i = k + 1
        break
      end
    end
    code[#code + 1] = " 0 "
  end
  local rest = concat(code):gsub("%-%-[^\n]*", " ")
  if rest:find("[^%s%w_%.%+%-{}%[%]=,]") or rest:find("..", 1, true)
      or rest:find("%[%[") then
    return false
  end
  for w in rest:gmatch("%f[%w_][%a_][%w_]*") do
    if not RESULT_WORDS[w] then return false end
  end
  return true
end

--- Reads a result written by `result:save`. The file must read as such
-- a file (a table constructor of names, numbers and strings: no calls,
-- loops or expressions); it is then run in an empty environment (text
-- only) and checked.
-- The file is read as `diplomat.load` reads a map: a regular file of at
-- most `max_bytes` bytes (4 GiB unless given).
-- @tparam string path
-- @tparam[opt] table opts `{ max_bytes = n }`
-- @treturn Result|nil
-- @treturn string when nil: the message
-- @usage local r = assert(diplomat.load_result("shard-03.lua"))
function M.load_result(path, opts)
  if type(path) ~= "string" then
    argerror("load_result", 1, "path must be a string, not " .. type(path))
  end
  if opts ~= nil then
    if type(opts) ~= "table" then
      argerror("load_result", 2, "table expected, got " .. type(opts))
    end
    for k, v in pairs(opts) do
      if k ~= "max_bytes" then
        argerror("load_result", 2, "unknown field '" .. tostring(k) .. "'")
      end
      if type(v) ~= "number" or not math.tointeger(v) or v < 1 then
        argerror("load_result", 2,
          "max_bytes: must be a positive whole number of bytes")
      end
    end
  end
  local text, ferr = core._read_file(path, opts)
  if not text then return nil, ferr end
  if not result_text(text) then
    return nil, path .. ": not a scenario result (it holds code, not just "
      .. "the table result:save writes)"
  end
  local chunk, err = load(text, "@" .. path, "t", {})
  if not chunk then return nil, err end
  local ok, t = pcall(chunk)
  if not ok then return nil, path .. ": " .. tostring(t) end
  local function bad(why)
    return nil, path .. ": not a scenario result (" .. why .. ")"
  end
  if type(t) ~= "table" or t.format ~= "diplomat-result/1" then
    return bad("no format diplomat-result/1")
  end
  if type(t.scenario) ~= "string" or mtype(t.seed) ~= "integer"
      or mtype(t.from) ~= "integer" or mtype(t.to) ~= "integer"
      or t.to < t.from or type(t.complete) ~= "boolean"
      or type(t.measures) ~= "table" then
    return bad("scenario, seed, from, to, complete or measures missing")
  end
  local acc, runs = {}, t.to - t.from + 1
  for k, m in pairs(t.measures) do
    if type(k) ~= "string" or type(m) ~= "table"
        or type(m.draws) ~= "table" or #m.draws == 0 or #m.draws > runs then
      return bad("measure " .. tostring(k))
    end
    local reps = m.replicates
    if reps == nil then
      if #m.draws ~= runs then return bad("measure " .. k .. ": draws") end
      reps = {}
      for i = 1, runs do reps[i] = t.from + i - 1 end
    elseif type(reps) ~= "table" or #reps ~= #m.draws then
      return bad("measure " .. k .. ": replicates")
    end
    for i, x in ipairs(m.draws) do
      if not isfinite(x) or mtype(reps[i]) ~= "integer"
          or reps[i] < t.from or reps[i] > t.to then
        return bad("measure " .. k .. ": draw " .. i)
      end
    end
    acc[k] = { v = m.draws, r = reps }
  end
  return newresult(t.scenario, t.seed, t.from, t.to, t.complete, acc)
end

-- }======

--- The seed replicate r of a run seeded with `seed` is applied with:
-- s = splitmix64(splitmix64(seed) XOR r) >> 11, where splitmix64(x) is
-- the first output of the splitmix64 generator started from state x
-- (Steele, Lea & Flood 2014), so s lies in [0, 2^53).
-- @function replicate_seed
-- @tparam integer seed ≥ 0
-- @tparam integer r ≥ 1
-- @treturn integer
M.replicate_seed = core.replicate_seed

-- }======

-- {====== Comparing results ======

-- P(B > A) + P(B = A) / 2 over all pairs of draws (a from A, b from B):
-- the common-language effect size (McGraw & Wong 1992), 0.5 when the
-- distributions are the same. Sorted merge, O(n log n).
local function p_higher(a, b)
  local x, y = {}, {}
  for i, v in ipairs(a) do x[i] = v end
  for i, v in ipairs(b) do y[i] = v end
  sort(x)
  sort(y)
  local below, equal, i = 0, 0, 1
  local total = 0
  for _, v in ipairs(y) do
    while i <= #x and x[i] < v do i = i + 1 end
    below = i - 1
    local j = i
    while j <= #x and x[j] == v do j = j + 1 end
    equal = j - i
    total = total + below + equal / 2
  end
  return total / (#x * #y)
end

--- Compares this result (before, A) with another (after, B), measure by
-- measure.
-- @tparam Result other
-- @treturn table `{ measures = { [name] = { a, b, delta, sd_a, sd_b,
--   quantiles = { p05 = delta, ... }, p_higher } }, only_a = { names },
--   only_b = { names } }`: a and b are the means, delta = b − a, the
--   quantile deltas likewise, p_higher = P(B > A) + P(B = A) / 2 over all
--   pairs of draws (0.5: no difference)
-- @usage local d = merged:compare(alone)
-- print(d.measures.informal.delta)
function Result:compare(other)
  if getmetatable(other) ~= Result then
    argerror("compare", 1, "a scenario result expected, got " .. type(other))
  end
  local out = { measures = {}, only_a = {}, only_b = {} }
  for k, a in pairs(self.measures) do
    local b = other.measures[k]
    if b then
      local q = {}
      for name in pairs(QUANTILES) do
        q[name] = b.quantiles[name] - a.quantiles[name]
      end
      out.measures[k] = { a = a.mean, b = b.mean, delta = b.mean - a.mean,
        sd_a = a.sd, sd_b = b.sd, quantiles = q,
        p_higher = p_higher(a.draws, b.draws) }
    else
      out.only_a[#out.only_a + 1] = k
    end
  end
  for k in pairs(other.measures) do
    if not self.measures[k] then out.only_b[#out.only_b + 1] = k end
  end
  sort(out.only_a)
  sort(out.only_b)
  return out
end

M.Result = Result
M.Scenario = Scenario

-- }======

return M
