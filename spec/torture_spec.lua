-- API torture: random sequences of valid and invalid calls against every
-- public function of the module and every method of a System (and of
-- scenarios and their results).  After each call:
--   * the system passes sys:check() (ids unique, ties' ends exist,
--     positions on scale, indexes consistent);
--   * a call that raised raised a string naming the problem — never an
--     internal Lua error from our own code ("attempt to index a nil
--     value", ...) — and left the system exactly as it was (its encoding
--     and generation);
--   * a call that does not change systems left it as it was even when it
--     succeeded; every System it returned passes its own check.
--
-- Reproducible: the sequences come from a seeded generator.  The seed is
-- printed with any failure; rerun one with DIPLOMAT_TORTURE_SEED=<seed>,
-- or just the failing sequence with DIPLOMAT_TORTURE_SEQUENCE=<seed>
-- (DIPLOMAT_TORTURE_TRACE=1 prints each call before it is made).
-- DIPLOMAT_TORTURE=<calls> sets the number of calls (default 5,000, a
-- few seconds; run 100,000 and more by hand and under make asan).
--
-- Every function must have an argument generator below: a new method
-- without one fails the first test.  Callbacks handed to the API may
-- change or close the systems given to them (or the one analysed): the
-- calls they run in are then not expected to leave it as it was.
local diplomat = require "diplomat"
local core = require "diplomat.core"
local scenario_module = require "diplomat.scenario"

local CALLS = math.tointeger(tonumber(os.getenv("DIPLOMAT_TORTURE") or ""))
  or 5000
local SEED = math.tointeger(tonumber(os.getenv("DIPLOMAT_TORTURE_SEED")
  or "")) or 20240611
local PER_SEQUENCE = 30
local TRACE = os.getenv("DIPLOMAT_TORTURE_TRACE")

local NAN, INF = 0 / 0, math.huge
local unpack = table.unpack

-- {====== A seeded generator (xorshift64*, integers only) ======

local function generator(seed)
  local state = seed ~ 0x2545F4914F6CDD1D
  if state == 0 then state = 1 end
  local g = {}
  local function next64()
    state = state ~ (state >> 12)
    state = state ~ (state << 25)
    state = state ~ (state >> 27)
    return state * 0x2545F4914F6CDD1D
  end
  --- An integer in 1..n.
  function g.int(n) return (next64() >> 11) % n + 1 end
  --- A float in [0, 1).
  function g.float() return (next64() >> 11) * 2.0 ^ -53 end
  function g.chance(p) return g.float() < p end
  function g.pick(list) return list[g.int(#list)] end
  return g
end

-- }======

-- {====== Value pools ======

local NUMBERS = { 0, 1, -1, 0.5, 2, 3, 7, 10, 50, 100, 0.1, 1e-9, -0.5,
  1e9, 2 ^ 53, -2 ^ 53, 2 ^ 63, 1e308, -1e308, NAN, INF, -INF,
  math.maxinteger, math.mininteger, 1000000, 0.25, 99.5, -100 }
local STRINGS = { "", "x", "a\0b", ("z"):rep(300), "\1\2", "é", "1",
  "nil", "org", "sector", "attrs.note", "formal", "whatsapp", "sum",
  "leiden", "eu", "shapley", "montecarlo", "all", "out", "in", "fr",
  "capability", "power", "csv", "graphml" }

local TMP = os.tmpname()
os.remove(TMP)
assert(os.execute(("mkdir -p '%s'"):format(TMP)))

-- Callbacks handed to functions that take them (progress, measure, cost,
-- custom, each, ...).  They may misbehave on purpose; an error they raise
-- says "user error", which is the one message allowed to be about
-- something other than our API.
local function callbacks(ctx)
  return {
    function() end,
    function() return false end,
    function() return true end,
    function() error("user error: torture", 0) end,
    function() return NAN end,
    function() return { x = 1, y = true } end,
    function() return { bad = NAN } end,
    function() return "text" end,
    function(s) -- uses the system handed in, or the one analysed
      local t = type(s) == "userdata" and s or ctx.sys
      return { n = #t:actor_ids() }
    end,
    function(s)
      if type(s) == "userdata" then
        ctx.touched = true
        s:close()
      end
    end,
    function() -- changes the system under analysis behind the API's back
      ctx.touched = true
      ctx.sys:add_layer{ id = "from_callback" }
    end,
    function(s, rand)
      if type(s) == "userdata" and type(rand) == "function" then
        ctx.touched = true
        local ids = s:actor_ids()
        if #ids > 0 then s:remove_actor(ids[rand(#ids)]) end
      end
    end,
  }
end

-- Any Lua value, of any type.
local function anything(g, ctx)
  local k = g.int(14)
  if k == 1 then return nil
  elseif k == 2 then return g.chance(0.5)
  elseif k <= 5 then return g.pick(NUMBERS)
  elseif k <= 8 then return g.pick(STRINGS)
  elseif k == 9 then return {}
  elseif k == 10 then return { g.pick(NUMBERS), g.pick(STRINGS) }
  elseif k == 11 then return g.pick(callbacks(ctx))
  elseif k == 12 then return g.chance(0.5) and ctx.other or ctx.closed
  elseif k == 13 then return ctx.co
  else return { x = { y = { z = g.pick(NUMBERS) } } }
  end
end

-- An id of kind ("actor", "issue", "layer"): mostly one in the system.
local function id(g, ctx, kind)
  local r = g.float()
  local list = ctx[kind .. "s"]
  if r < 0.7 and #list > 0 then return g.pick(list) end
  if r < 0.8 then return "nobody" end
  if r < 0.85 then return "a\0b" end
  return anything(g, ctx)
end

local function ids(g, ctx, kind)
  if g.chance(0.15) then return anything(g, ctx) end
  local t = {}
  for i = 1, g.int(4) - 1 do t[i] = id(g, ctx, kind) end
  return t
end

-- { [k] = v }, or {} when k cannot be a key (nil, NaN).
local function keyed(k, v)
  if k == nil or k ~= k then return {} end
  return { [k] = v }
end

local function num(lo, hi)
  return function(g)
    if g.chance(0.75) then return lo + (hi - lo) * g.float() end
    return g.pick(NUMBERS)
  end
end

-- Counts (rounds, runs, samples, ...): in range, or out of it.  Huge
-- values a method would accept (10^9 samples) are left out on purpose:
-- they ask for hours of work, which is the caller's to bound (see the
-- time budgets), not a fault.
local BAD_COUNTS = { 0, -1, 0.5, NAN, INF, -INF, 2 ^ 63, math.mininteger,
  -2 ^ 53, "3", true }

local function int(lo, hi)
  return function(g)
    if g.chance(0.8) then return lo + g.int(hi - lo + 1) - 1 end
    return g.pick(BAD_COUNTS)
  end
end

local function oneof(list)
  return function(g, ctx)
    if g.chance(0.85) then return g.pick(list) end
    return anything(g, ctx)
  end
end

local function bool(g, ctx)
  if g.chance(0.9) then return g.chance(0.5) end
  return anything(g, ctx)
end

local function idof(kind) return function(g, ctx) return id(g, ctx, kind) end end
local function idsof(kind) return function(g, ctx) return ids(g, ctx, kind) end end
local function callback(g, ctx) return g.pick(callbacks(ctx)) end
local function any(g, ctx) return anything(g, ctx) end

-- A short time budget or a bad one.
local function budget(g)
  if g.chance(0.7) then return g.pick{ 1e-9, 0.001, 0.01, 0.5 } end
  return g.pick{ 0, -1, NAN, INF, -INF, "1", true }
end

-- The options of a layer selection.
local SELECTION = {
  { "layers", idsof("layer") }, { "informal", bool },
  { "combine", oneof{ "sum", "max", "count" } },
}

-- An options table from spec (an array of { key, generator }), usually
-- with a few of its keys, sometimes with an unknown key, sometimes not a
-- table at all.  Keys are visited in the spec's order, so the sequence
-- is reproducible.
local function options(g, ctx, spec, extra)
  local r = g.float()
  if r < 0.12 then return nil end
  if r < 0.17 then return anything(g, ctx) end
  local t = {}
  local function fill(list)
    for _, kv in ipairs(list or {}) do
      if g.chance(0.3) then t[kv[1]] = kv[2](g, ctx) end
    end
  end
  fill(spec)
  fill(extra)
  if g.chance(0.08) then t.no_such_option = 1 end
  if g.chance(0.03) then t[1] = "positional" end
  return t
end

local function opts(spec, extra)
  return function(g, ctx) return options(g, ctx, spec, extra) end
end

-- The same, with a short time budget unless one is given: the coalition
-- searches default to 10 seconds, which thousands of calls cannot afford.
local function short(spec, extra)
  return function(g, ctx)
    local t = options(g, ctx, spec, extra)
    if type(t) == "table" and t.time_budget == nil and g.chance(0.95) then
      t.time_budget = 0.05
    end
    return t
  end
end

-- }======

-- {====== Systems to torture ======

local NORTHVALE = assert(diplomat.load("examples/data/northvale.json"))

-- Two components, isolated actors, self-ties, parallel ties across
-- directed and undirected layers, issues with and without a status quo,
-- actors without positions.
local function disconnected()
  local s = diplomat.new{ name = "disconnected" }
  s:add_layer{ id = "formal", directed = true }
  s:add_layer{ id = "chat", informal = true, self_ties = true }
  s:add_layer{ id = "board" }
  for i = 1, 9 do
    s:add_actor{ id = "a" .. i, org = i <= 4 and "one" or "two",
      sector = i % 2 == 0 and "health" or "council", capability = i % 4,
      attrs = { w = i } }
  end
  for _, t in ipairs{ { 1, 2, "formal" }, { 2, 3, "formal" },
      { 1, 2, "chat" }, { 3, 1, "board" }, { 2, 2, "chat" },
      { 5, 6, "formal" }, { 6, 7, "chat" }, { 7, 5, "board" },
      { 6, 5, "formal" } } do
    s:add_tie{ from = "a" .. t[1], to = "a" .. t[2], layer = t[3],
      weight = t[1] }
  end
  s:add_issue{ id = "p", status_quo = 20 }
  s:add_issue{ id = "q", min = -1, max = 1 }
  for i = 1, 7 do
    s:set_position("a" .. i, "p", i * 12, (i % 3) / 2)
    if i % 2 == 1 then s:set_position("a" .. i, "q", (i - 4) / 4, 1) end
  end
  return s
end

local function one_actor()
  local s = diplomat.new{ name = "one" }
  s:add_layer{ id = "self", self_ties = true }
  s:add_actor{ id = "solo", capability = 2 }
  s:add_tie{ from = "solo", to = "solo", layer = "self" }
  s:add_issue{ id = "i", status_quo = 50 }
  s:set_position("solo", "i", 40, 0.5)
  return s
end

local TEMPLATES = {
  function() return diplomat.new{} end,
  one_actor,
  function() return NORTHVALE:clone() end,
  disconnected,
  function(g) return diplomat.generate{ actors = 40 + g.int(30),
    issues = 2, seed = g.int(1000) } end,
  function()
    local s = diplomat.new{ name = "no layers" }
    s:add_actor{ id = "x" }
    s:add_actor{ id = "y", capability = 0 }
    s:add_issue{ id = "i" }
    s:set_position("y", "i", 10)
    return s
  end,
}

-- Files the loaders read, made once.
local FILES = {}
do
  local small = disconnected()
  FILES.json = TMP .. "/map.json"
  assert(small:save(FILES.json))
  FILES.garbage = TMP .. "/garbage.json"
  local f = assert(io.open(FILES.garbage, "wb"))
  f:write('{"format": "diplomat/1", "actors": [1, 2')
  f:close()
  FILES.csv = TMP .. "/csv"
  assert(small:export(FILES.csv, { format = "csv" }))
  FILES.graphml = TMP .. "/map.graphml"
  assert(small:export(FILES.graphml))
  local s = diplomat.scenario("t"):cut("chat", 0.5)
  local r = s:run(small, { runs = 3, measure = function(x)
    return { ties = #x:ties() } end })
  FILES.result = TMP .. "/result.lua"
  assert(r:save(FILES.result))
  FILES.result_object = r
  FILES.badresult = TMP .. "/badresult.lua"
  f = assert(io.open(FILES.badresult, "wb"))
  f:write("return { format = 'diplomat-result/1', measures = 7 }")
  f:close()
end

local function path(g, ctx)
  local r = g.int(10)
  if r == 1 then return FILES.json
  elseif r == 2 then return FILES.garbage
  elseif r == 3 then return FILES.csv
  elseif r == 4 then return FILES.graphml
  elseif r == 5 then return TMP
  elseif r == 6 then return TMP .. "/none/deeper/x.json"
  elseif r == 7 then return TMP .. "/out" .. g.int(5) .. g.pick{ ".json",
      ".graphml", ".gexf", ".dot", ".html", ".md", "" }
  elseif r == 8 then return FILES.result
  elseif r == 9 then return FILES.badresult
  elseif g.chance(0.2) then return "/dev/zero" -- never ends: refused
  else return anything(g, ctx)
  end
end

-- A file the writers may write: always inside TMP (or not a string).
local function outpath(g, ctx)
  local r = g.int(6)
  if r <= 3 then return TMP .. "/out" .. g.int(5) .. g.pick{ ".json",
      ".graphml", ".gexf", ".dot", ".html", ".md", ".csv", "" } end
  if r == 4 then return TMP .. "/none/deeper/x.json" end
  if r == 5 then return TMP end
  local v = anything(g, ctx)
  -- a number converts to a path too: keep it inside TMP as well
  if type(v) == "string" or type(v) == "number" then
    return TMP .. "/" .. tostring(v):gsub("[/%.]", "_")
  end
  return v
end

-- }======

-- {====== Argument generators ======

local ACTOR_FIELDS = {
  { "id", function(g, ctx)
      if g.chance(0.7) then return "n" .. g.int(60) end
      return id(g, ctx, "actor") end },
  { "name", oneof{ "A name", "" } },
  { "kind", oneof{ "organisation", "person", "group", "robot" } },
  { "org", idof("actor") }, { "sector", oneof{ "health", "voluntary" } },
  { "profession", oneof{ "nursing" } },
  { "level", oneof{ "place", "frontline", "galactic" } },
  { "mandate", oneof{ "elected", "none", "divine" } },
  { "capability", num(0, 10) },
  { "tags", function(g, ctx)
      return g.chance(0.7) and { "t", g.pick{ "u", "t" } } or any(g, ctx)
    end },
  { "attrs", function(g, ctx)
      return g.chance(0.7) and { note = "x", n = g.pick(NUMBERS) }
        or any(g, ctx) end },
}

local function actor_table(g, ctx)
  if g.chance(0.05) then return anything(g, ctx) end
  local t = options(g, ctx, ACTOR_FIELDS) or {}
  if type(t) == "table" and g.chance(0.8) then
    t.id = t.id or ("n" .. g.int(60))
  end
  return t
end

local LAYER_FIELDS = {
  { "id", function(g, ctx)
      return g.chance(0.7) and "l" .. g.int(8) or id(g, ctx, "layer") end },
  { "name", oneof{ "Layer" } }, { "description", oneof{ "d" } },
  { "directed", bool }, { "informal", bool }, { "self_ties", bool },
  { "attrs", function() return { a = 1 } end },
}

local TIE_FIELDS = {
  { "from", idof("actor") }, { "to", idof("actor") },
  { "layer", idof("layer") }, { "weight", num(0, 5) },
  { "attrs", function() return { a = "b" } end }, { "replace", bool },
}

local ISSUE_FIELDS = {
  { "id", function(g, ctx)
      return g.chance(0.7) and "i" .. g.int(8) or id(g, ctx, "issue") end },
  { "name", oneof{ "Issue" } }, { "description", oneof{ "d" } },
  { "min", num(-10, 10) }, { "max", num(50, 150) },
  { "status_quo", num(0, 100) }, { "min_label", oneof{ "low" } },
  { "max_label", oneof{ "high" } }, { "attrs", function() return {} end },
}

local function fields(spec, always)
  return function(g, ctx)
    if g.chance(0.05) then return anything(g, ctx) end
    local t = options(g, ctx, spec)
    if type(t) ~= "table" then t = {} end
    for _, kv in ipairs(always) do
      if t[kv] == nil and g.chance(0.85) then
        for _, s in ipairs(spec) do
          if s[1] == kv then t[kv] = s[2](g, ctx) end
        end
      end
    end
    return t
  end
end

local GAME = {
  { "quota", num(0, 30) }, { "share", num(0, 1) },
  { "weight", function(g, ctx)
      local r = g.int(4)
      if r == 1 then return "capability" end
      if r == 2 then return "attrs.w" end
      if r == 3 then return keyed(id(g, ctx, "actor"), g.pick(NUMBERS)) end
      return anything(g, ctx)
    end },
  { "resolution", num(0, 1) },
  { "connected", function(g, ctx)
      if g.chance(0.5) then return g.chance(0.5) end
      return options(g, ctx, SELECTION)
    end },
}

local WORK = { { "progress", callback }, { "time_budget", budget } }

-- For each System method: a function returning its arguments (after the
-- system) as a list with n set, and whether it changes the system.
local S = {}
local function method(name, gens, mutates, weight)
  S[name] = { gens = gens, mutates = mutates or false, weight = weight or 3 }
end

method("actor", { idof("actor") })
method("layer", { idof("layer") })
method("issue", { idof("issue") })
method("tie", { idof("actor"), idof("actor"), idof("layer") })
method("position", { idof("actor"), idof("issue") })
method("actor_ids", {})
method("layers", {})
method("issues", {})
method("info", {})
method("check", {})
method("generation", {})
method("clone", {})
method("encode", { opts{ { "pretty", bool } } })
method("close", {}, true, 1)
method("actors", { opts({ { "sector", oneof{ "health" } },
  { "kind", oneof{ "person" } }, { "tag", oneof{ "t" } },
  { "attrs", function() return { w = 3 } end } }) })
method("ties", { opts({ { "layer", idof("layer") }, { "actor", idof("actor") },
  { "from", idof("actor") }, { "to", idof("actor") },
  { "informal", bool }, { "directed", bool } }) })
method("positions", { function(g, ctx)
  return g.chance(0.3) and nil or id(g, ctx, "issue") end })
method("add_actor", { actor_table }, true, 6)
method("add_layer", { fields(LAYER_FIELDS, { "id" }) }, true, 4)
method("add_tie", { fields(TIE_FIELDS, { "from", "to", "layer" }) }, true, 8)
method("add_issue", { fields(ISSUE_FIELDS, { "id" }) }, true, 4)
method("set_position", { idof("actor"), idof("issue"), num(-10, 110),
  num(0, 1), function(g, ctx) return g.chance(0.8) and nil
    or anything(g, ctx) end }, true, 8)
method("set", { idof("actor"), oneof{ "name", "kind", "capability",
  "attrs.note", "tags", "id", "sector", "level", "attrs", "nope" },
  any }, true, 6)
method("replace_actor", { idof("actor"), actor_table }, true, 3)
method("set_tie", { idof("actor"), idof("actor"), idof("layer"),
  num(0, 5) }, true, 4)
method("remove_actor", { idof("actor") }, true, 3)
method("remove_tie", { idof("actor"), idof("actor"), idof("layer") }, true)
method("remove_position", { idof("actor"), idof("issue") }, true)
method("save", { outpath, opts{ { "pretty", bool } } }, false, 1)
method("export", { outpath, opts({ { "format", oneof{ "graphml", "gexf",
  "dot", "csv", "xls" } }, { "bom", bool } }, SELECTION) }, false, 1)
method("centrality", { oneof{ "degree", "strength", "betweenness",
  "closeness", "harmonic", "eigenvector", "pagerank", "fame" },
  opts({ { "mode", oneof{ "out", "in", "all" } }, { "weighted", bool },
    { "normalized", bool }, { "damping", num(0, 1) } }, SELECTION) })
method("brokerage", { opts({ { "by", oneof{ "org", "sector", "attrs.w",
  "kind", "colour" } } }, SELECTION) })
method("ei_index", { opts({ { "by", oneof{ "org", "sector" } },
  { "weighted", bool }, { "mode", oneof{ "out", "in", "all" } } },
  SELECTION) })
method("spanners", { opts({ { "by", oneof{ "org", "sector" } },
  { "top", int(0, 10) }, { "mode", oneof{ "out", "all" } } }, SELECTION) })
for _, m in ipairs{ "constraint", "effective_size", "efficiency" } do
  method(m, { opts({ { "weighted", bool },
    { "mode", oneof{ "out", "in", "all" } } }, SELECTION) })
end
method("coreness", { opts({ { "mode", oneof{ "out", "in", "all" } } },
  SELECTION) })
method("communities", { opts({ { "method", oneof{ "leiden", "louvain",
  "spectral" } }, { "resolution", num(0, 3) }, { "seed", int(0, 9) },
  { "weighted", bool }, { "by", oneof{ "org", "sector" } } },
  { SELECTION[1], SELECTION[2], WORK[1], WORK[2] }) })
method("path", { idof("actor"), idof("actor"), opts(SELECTION) })
method("reach", { idof("actor"), opts({ { "steps", int(0, 4) },
  { "mode", oneof{ "out", "in", "all" } } }, SELECTION) })
method("channels", { opts({ { "mode", oneof{ "out", "in", "all" } } },
  SELECTION) })
method("soft_power", { opts{ { "weights", function(g, ctx)
  return g.chance(0.6) and { pagerank = g.pick(NUMBERS) } or any(g, ctx) end },
  { "by", oneof{ "org", "sector" } }, { "damping", num(0, 1) } } }, false, 2)
method("layout", { opts({ { "method", oneof{ "fr", "kk", "circle" } },
  { "seed", int(0, 9) }, { "weighted", bool },
  { "iterations", int(1, 50) } }, SELECTION) }, false, 2)
method("forecast", { idof("issue"), opts({ { "model", oneof{ "compromise",
  "median", "nash", "eu" } },
  { "capability", function(g, ctx)
      return keyed(id(g, ctx, "actor"), g.pick(NUMBERS)) end },
  { "perturb", function(g, ctx)
      return options(g, ctx, { { "runs", int(1, 30) },
        { "position", num(0, 10) }, { "salience", num(0, 0.3) },
        { "capability", num(0, 1) }, { "seed", int(0, 5) } }) end },
  { "weight", oneof{ "power", "capability" } },
  { "status_quo", num(0, 100) }, { "utility", oneof{ "linear",
    "quadratic" } }, { "p", num(1, 4) },
  { "probability", oneof{ "bdm", "scholz" } },
  { "risk", oneof{ "others", "own" } },
  { "compromise", oneof{ "least_move", "scholz" } },
  { "q", num(0, 1) }, { "t", num(0, 1) }, { "rounds", int(1, 12) },
  { "tol", num(0, 1) }, { "outcome", oneof{ "median", "mean" } },
  { "offers", oneof{ "best", "all" } } }, WORK) }, false, 6)
method("agendas", { opts({ { "issues", idsof("issue") },
  { "pairs", int(0, 6) }, { "clusters", function(g, ctx)
      return g.pick{ true, false, 2, 0, -1, NAN } end },
  { "threshold", num(0, 1) },
  { "tolerance", function(g, ctx)
      return g.pick{ 0.1, "w", "attrs.w", keyed(id(g, ctx, "actor"), 0.2),
        -1, NAN } end },
  { "share", num(0, 1) }, { "weight", oneof{ "power", "salience",
    "capability", "equal" } },
  { "distance", function(g, ctx)
      return g.chance(0.5) and true or ids(g, ctx, "actor") end } },
  WORK) }, false, 4)
method("exchange", { opts({ { "issues", idsof("issue") },
  { "rounds", int(1, 5) }, { "seed", int(0, 9) },
  { "max_exchanges", int(0, 50) }, { "tol", num(0, 1) } }, WORK) }, false, 4)
method("dynamics", { idof("issue"), opts({ { "weighted", bool },
  { "susceptibility", function(g, ctx)
      return g.pick{ 0.5, 1, "coupled", "capability", "attrs.w",
        keyed(id(g, ctx, "actor"), 0.3), 2, NAN } end },
  { "self_weight", function(g, ctx)
      return g.pick{ "mean", 1, "capability", keyed(id(g, ctx, "actor"), 2),
        -1 } end },
  { "missing", oneof{ "omit", "status_quo" } },
  { "method", oneof{ "iterate", "solve" } }, { "tol", num(0, 0.1) },
  { "max_iterations", int(1, 200) },
  { "influence", function(g, ctx)
      return g.chance(0.5) and true or ids(g, ctx, "actor") end } },
  { SELECTION[1], SELECTION[2], SELECTION[3], WORK[1], WORK[2] }) },
  false, 4)
method("power", { opts({ { "index", oneof{ "shapley", "banzhaf",
  "banzhaf_abs", "johnston", "deegan_packel", "holler", "coleman_prevent",
  "coleman_initiate", "gini" } },
  { "method", oneof{ "exact", "montecarlo", "auto" } },
  { "samples", int(1, 2000) }, { "seed", int(0, 9) },
  { "counts", bool } }, { GAME[1], GAME[2], GAME[3], GAME[4], GAME[5],
    WORK[1], WORK[2] }) }, false, 5)
method("minimal_winning", { short({ { "issue", idof("issue") },
  { "max_distance", num(0, 100) }, { "require", idsof("actor") },
  { "exclude", idsof("actor") }, { "limit", int(1, 20) },
  { "order", oneof{ "size", "weight", "range" } }, { "each", callback },
  { "max_nodes", int(1, 10000) }, { "time_budget", budget } }, GAME) },
  false, 4)
method("coalitions", { short({ { "issue", idof("issue") },
  { "target", num(0, 100) }, { "tolerance", num(0, 20) },
  { "require", idsof("actor") }, { "exclude", idsof("actor") },
  { "top", int(1, 6) }, { "cost", callback },
  { "max_nodes", int(1, 10000) }, { "time_budget", budget } }, GAME) },
  false, 4)

-- Module functions: arguments from scratch (ctx.sys may appear in them).
local REPORT_OPTS = opts{ { "title", oneof{ "T" } },
  { "sections", function(g, ctx)
      return g.chance(0.7) and { g.pick{ "summary", "network", "power",
        "nonsense" } } or any(g, ctx) end },
  { "issues", idsof("issue") }, { "colour_by", oneof{ "sector", "org" } },
  { "layout", oneof{ "fr", "kk", "x" } }, { "seed", int(0, 9) },
  { "top", int(0, 5) }, { "size_by", oneof{ "soft_power", "capability" } },
  { "models", function(g, ctx) return { g.pick{ "compromise", "eu" } } end },
  { "bins", int(1, 20) }, { "layers", idsof("layer") } }

local function sys_or_any(g, ctx)
  if g.chance(0.8) then return ctx.sys end
  return anything(g, ctx)
end

local M = {}
local function fn(name, f, gens, weight)
  M[name] = { f = f, gens = gens, weight = weight or 2 }
end

fn("new", diplomat.new, { opts{ { "name", oneof{ "n" } },
  { "description", oneof{ "d" } }, { "attrs", function() return { a = 1 }
  end } } })
local READ = opts{ { "max_bytes", int(1, 100000) } }
fn("load", diplomat.load, { path, READ })
fn("decode", diplomat.decode, { function(g, ctx)
  local r = g.int(5)
  if r == 1 and ctx.sys_open then return ctx.sys:encode() end
  if r == 2 then return '{"format":"diplomat/1","actors":[{"id":1}]}' end
  if r == 3 then return '{"format":"diplomat/2"}' end
  if r == 4 then return "[" end
  return anything(g, ctx)
end })
fn("generate", diplomat.generate, { opts({ { "actors", int(1, 80) },
  { "orgs", int(1, 5) }, { "sectors", int(1, 4) }, { "degree", num(0, 6) },
  { "informal", num(0, 1) }, { "issues", int(0, 3) },
  { "coverage", num(0, 1) }, { "cohesion", num(0, 1) },
  { "exponent", num(2, 4) }, { "span", int(1, 6) }, { "seed", int(0, 9) } },
  WORK) }, 1)
fn("from_csv", diplomat.from_csv, { function(g, ctx)
  if g.chance(0.6) then return FILES.csv end
  if g.chance(0.5) then return { actors = FILES.csv .. "/actors.csv" } end
  return path(g, ctx)
end, READ }, 1)
fn("from_graphml", diplomat.from_graphml, { path, opts{ { "layer",
  oneof{ "ties", "" } }, { "informal", bool },
  { "max_bytes", int(1, 100000) } } }, 1)
fn("load_map", diplomat.load_map, { path, READ }, 1)
fn("load_result", diplomat.load_result, { path, READ }, 1)
fn("merge_results", diplomat.merge_results, { function(g, ctx)
  if g.chance(0.6) then
    return { FILES.result_object, g.chance(0.5) and FILES.result_object
      or nil }
  end
  return anything(g, ctx)
end })
fn("replicate_seed", diplomat.replicate_seed, { int(-5, 5), int(-2, 9) })
fn("scenario", diplomat.scenario, { oneof{ "s", "" } })
fn("compare", diplomat.compare, { sys_or_any, function(g, ctx)
    return g.chance(0.6) and ctx.other or anything(g, ctx) end,
  opts{ { "measures", function(g, ctx)
      return g.pick{ { "soft_power" }, { "reach", "nope" },
        { custom = g.pick(callbacks(ctx)) }, 3 } end },
    { "by", oneof{ "org", "sector" } }, { "top", int(0, 5) },
    { "coalitions", function(g, ctx) return { ids(g, ctx, "actor") } end },
    { "quota", num(0, 1) }, { "forecast", function(g, ctx)
      return { model = g.pick{ "median", "eu", "x" } } end },
    { "tolerance", num(0, 1) } } }, 1)
for _, k in ipairs{ "data", "html", "markdown", "json" } do
  fn("report." .. k, diplomat.report[k], { sys_or_any, REPORT_OPTS }, 1)
end
fn("report.save", diplomat.report.save, { sys_or_any, outpath, REPORT_OPTS },
  1)
fn("summary.describe", diplomat.summary.describe, { sys_or_any,
  opts{ { "pairs", int(0, 5) } } })
fn("summary.text", diplomat.summary.text, { sys_or_any,
  opts{ { "pairs", int(0, 5) } } })
fn("summary.opposition", diplomat.summary.opposition, {
  function(g, ctx)
    return g.chance(0.7) and { min = 0, max = 100 } or anything(g, ctx) end,
  function(g, ctx)
    return g.chance(0.7) and { position = g.pick(NUMBERS), salience = 0.5 }
      or anything(g, ctx) end,
  function(g, ctx)
    return g.chance(0.7) and { position = 10, salience = g.pick(NUMBERS) }
      or anything(g, ctx) end })
fn("core.eu_utilities", core.eu_utilities, { num(0, 1), num(0, 3),
  num(0, 1) })
fn("core.json_encode", core.json_encode, { function(g, ctx)
  return g.chance(0.5) and { a = { 1, 2, g.pick(NUMBERS) }, b = "x" }
    or anything(g, ctx) end, any })
fn("core.clock", core.clock, {})
fn("core._heap", core._heap, {})
local function json_text(g, ctx)
  local r = g.int(4)
  if r == 1 and ctx.sys_open then return ctx.sys:encode() end
  if r == 2 then return '{"format":"diplomat/1","actors":[{"id":"a"},'
    .. '{"id":"a"}]}' end
  if r == 3 then return "{" end
  return anything(g, ctx)
end
fn("core.scenario_compile", core.scenario_compile, { oneof{ "s" },
  function(g, ctx)
    return g.chance(0.5) and { { kind = "cut", layers = { "chat" },
      fraction = 0.5 } } or anything(g, ctx) end })
fn("core._path_kind", core._path_kind, { path })
fn("core._write_file", core._write_file, { outpath, function(g, ctx)
  return g.chance(0.7) and "text\n" or anything(g, ctx) end })
fn("core._read_file", core._read_file, { path, READ })
fn("core._encode_tree", core._encode_tree, { sys_or_any,
  opts{ { "pretty", bool } } })
fn("core._igraph_selftest", core._igraph_selftest, {})
fn("scenario.quantile", scenario_module.quantile, { function(g, ctx)
  return g.chance(0.7) and { 1, 2, 3 } or anything(g, ctx) end, num(0, 1) })

-- Scenario builders and results: called on ctx.scenario.
local SC = {}
local function sc(name, gens, weight)
  SC[name] = { gens = gens, weight = weight or 2 }
end
sc("abolish", { idof("actor"), opts{ { "successor", idof("actor") },
  { "transfer", idsof("layer") }, { "informal_loss", num(0, 1) },
  { "capability", num(0, 1) }, { "combine", oneof{ "sum", "max", "keep" } } } })
sc("merge", { idsof("actor"), opts{ { "id", oneof{ "merged" } },
  { "name", oneof{ "M" } }, { "informal_loss", num(0, 1) },
  { "position", oneof{ "weighted", "successor:a1" } },
  { "combine", oneof{ "sum", "max", "keep" } } } })
sc("split", { idof("actor"), opts{ { "into", function(g, ctx)
    return g.chance(0.6) and { "p1", "p2" } or anything(g, ctx) end },
  { "ties", oneof{ "random", "copy" } } } })
sc("devolve", { idof("actor"), idof("actor"), opts{ { "capability",
  num(0, 1) }, { "issues", idsof("issue") } } })
sc("add", { actor_table, function(g, ctx)
    return g.chance(0.5) and { { to = id(g, ctx, "actor"),
      layer = id(g, ctx, "layer") } } or anything(g, ctx) end,
  function(g, ctx)
    return g.chance(0.5) and keyed(id(g, ctx, "issue"), 40)
      or anything(g, ctx) end })
sc("remove", { idof("actor") })
sc("cut", { idof("layer"), num(0, 1) })
sc("rewire", { idof("layer"), num(0, 1) })
sc("shift", { idof("issue"), idof("actor"), num(-20, 20) })
sc("set", { idof("actor"), oneof{ "capability", "name", "attrs.x", "id" },
  any })
sc("custom", { callback })
sc("include", { function(g, ctx)
  return g.chance(0.7) and diplomat.scenario("inner"):remove("a1")
    or anything(g, ctx) end })
sc("kinds", {})
sc("apply", { sys_or_any, opts{ { "seed", int(0, 9) },
  { "replicate", int(0, 5) } } }, 4)
sc("run", { sys_or_any, function(g, ctx)
  local t = options(g, ctx, { { "runs", function(g2, ctx2)
      if g2.chance(0.1) then return { from = g2.int(3), to = g2.int(5) } end
      return int(1, 4)(g2, ctx2) end },
    { "seed", int(0, 9) }, { "progress", callback },
    { "time_budget", budget } })
  if type(t) == "table" and g.chance(0.8) then t.measure = callback(g, ctx) end
  if type(t) == "table" and t.runs == nil and g.chance(0.95) then
    t.runs = g.int(4) -- not the default 1,000
  end
  return t
end }, 3)
sc("__len", {})
sc("__tostring", {})

local RES = {}
RES.compare = { function(g, ctx)
  return g.chance(0.7) and FILES.result_object or anything(g, ctx) end }
RES.save = { outpath }

-- }======

-- {====== Running the sequences ======

-- Lua's own internal errors: raised from our Lua code, they are bugs.
local INTERNAL = { "attempt to index", "attempt to call", "attempt to "
  .. "perform arithmetic", "attempt to compare", "attempt to concatenate",
  "attempt to get length", "stack overflow", "table index is nil",
  "table index is NaN", "invalid value %(at index", "C stack overflow",
  "string length overflow" }

-- Standard functions: a "bad argument" naming one of them was raised
-- from inside our Lua code, which passed it something it should have
-- checked first.
local STDLIB = {}
for _, lib in ipairs{ _G, string, table, math, os, io, utf8 } do
  for k, v in pairs(lib) do
    if type(v) == "function" then STDLIB[k] = true end
  end
end

local function strip(msg)
  return (msg:gsub("^[^\n]-:%d+: ", "", 1))
end

local function internal(msg, own)
  for _, p in ipairs(INTERNAL) do
    if msg:find(p) then return p end
  end
  local fname = msg:match("^bad argument #%d+ to '([^']*)'")
  if fname and STDLIB[fname] and fname ~= own then
    return "a standard function"
  end
  return nil
end

local function packn(...) return { n = select("#", ...), ... } end

-- A value shown in a message, expanding small tables.
local function show(v, depth)
  depth = depth or 0
  if type(v) == "string" then return ("%q"):format(v:sub(1, 40)) end
  if type(v) ~= "table" or depth > 2 then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for i, k in ipairs(keys) do
    if i > 12 then parts[#parts + 1] = "..." break end
    parts[#parts + 1] = ("[%s] = %s"):format(show(k, depth + 1),
      show(v[k], depth + 1))
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end

local function gen_args(g, ctx, gens, name)
  local args = { n = #gens }
  for i, gen in ipairs(gens) do args[i] = gen(g, ctx) end
  -- sometimes drop trailing arguments or add one
  if g.chance(0.1) then args.n = g.int(#gens + 1) - 1 end
  if g.chance(0.05) then args.n = args.n + 1; args[args.n] = any(g, ctx) end
  if TRACE then
    local shown = {}
    for i = 1, args.n do shown[i] = show(args[i]) end
    io.stderr:write(name, "(", table.concat(shown, ", "), ")\n")
  end
  return args
end

-- Calls fname as a method with the "self:name(...)" syntax, so that
-- messages name the method as users see it.
local callers = {}
local function method_caller(name)
  local f = callers[name]
  if not f then
    f = assert(load(("local s = ...; return s:%s(select(2, ...))")
      :format(name)))
    callers[name] = f
  end
  return f
end

local function state(sys)
  local ok, enc = pcall(sys.encode, sys)
  if not ok then return "closed" end
  return enc .. "#" .. tostring(sys:generation())
end

local function checksys(s)
  local ok, problems = s:check()
  if not ok then
    error("check failed: " .. table.concat(problems or {}, "; "), 0)
  end
end

-- Every System in the values (one level deep) passes its check.
local function check_returned(values)
  for i = 1, values.n do
    local v = values[i]
    if getmetatable(v) == getmetatable(NORTHVALE) then
      if pcall(v.generation, v) then checksys(v) end
    end
  end
end

local function refresh(ctx)
  ctx.sys_open = pcall(ctx.sys.generation, ctx.sys)
  if ctx.sys_open then
    ctx.actors = ctx.sys:actor_ids()
    ctx.issues, ctx.layers = {}, {}
    for i, x in ipairs(ctx.sys:issues()) do ctx.issues[i] = x.id end
    for i, x in ipairs(ctx.sys:layers()) do ctx.layers[i] = x.id end
  end
end

local function weighted_pick(g, list)
  local total = 0
  for _, e in ipairs(list) do total = total + e.weight end
  local r = g.float() * total
  for _, e in ipairs(list) do
    r = r - e.weight
    if r < 0 then return e end
  end
  return list[#list]
end

-- The callable entries, in a fixed order (names sorted).
local ENTRIES = {}
do
  local function add(kind, tbl)
    local names = {}
    for k in pairs(tbl) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do
      ENTRIES[#ENTRIES + 1] = { kind = kind, name = k, spec = tbl[k],
        weight = tbl[k].weight or 2 }
    end
  end
  add("method", S)
  add("function", M)
  add("scenario", SC)
  add("result", RES)
  ENTRIES[#ENTRIES + 1] = { kind = "len", name = "#sys", weight = 1 }
  ENTRIES[#ENTRIES + 1] = { kind = "tostring", name = "tostring(sys)",
    weight = 1 }
end

-- One call: returns a description (for failure messages).
local function one_call(g, ctx, log)
  if not ctx.sys_open and g.chance(0.5) then -- a closed system: a new one
    ctx.sys = TEMPLATES[g.int(#TEMPLATES)](g)
    refresh(ctx)
  end
  local e = weighted_pick(g, ENTRIES)
  local sys = ctx.sys

  local before = state(sys)
  local was_open = ctx.sys_open
  local args, ok, res, label
  if e.kind == "method" then
    args = gen_args(g, ctx, e.spec.gens, e.name)
    label = "sys:" .. e.name
    res = packn(pcall(method_caller(e.name), sys, unpack(args, 1, args.n)))
  elseif e.kind == "function" then
    args = gen_args(g, ctx, e.spec.gens, e.name)
    label = e.name
    res = packn(pcall(e.spec.f, unpack(args, 1, args.n)))
  elseif e.kind == "scenario" then
    args = gen_args(g, ctx, e.spec.gens, e.name)
    label = "scenario:" .. e.name
    local target = ctx.scenario
    if g.chance(0.03) and e.name:sub(1, 2) ~= "__" then
      target = anything(g, ctx) -- not a scenario: the methods must say so
    end
    if e.name == "__len" then
      res = packn(pcall(function() return #target end))
    elseif e.name == "__tostring" then
      res = packn(pcall(tostring, target))
    else
      local f = getmetatable(ctx.scenario)[e.name]
      res = packn(pcall(f, target, unpack(args, 1, args.n)))
      if res[1] and getmetatable(res[2]) == getmetatable(ctx.scenario) then
        ctx.scenario = res[2]
      end
    end
  elseif e.kind == "result" then
    args = gen_args(g, ctx, e.spec, e.name)
    label = "result:" .. e.name
    local r = FILES.result_object
    res = packn(pcall(r[e.name], r, unpack(args, 1, args.n)))
  elseif e.kind == "len" then
    args = { n = 0 }
    label = "#sys"
    res = packn(pcall(function() return #sys end))
  else
    args = { n = 0 }
    label = "tostring(sys)"
    res = packn(pcall(tostring, sys))
  end
  ok = res[1]
  -- a callback of ours changed ctx.sys directly (in a scenario's custom
  -- shock or measure, which may): not the API's doing
  local touched = ctx.touched
  ctx.touched = false
  local shown = {}
  for i = 1, args.n do shown[i] = show(args[i]) end
  log[#log + 1] = ("%s(%s) -> %s"):format(label, table.concat(shown, ", "),
    ok and "ok" or tostring(res[2]))
  refresh(ctx)
  if not ok then
    local err = res[2]
    assert(type(err) == "string", label .. " raised a " .. type(err))
    local msg = strip(err)
    assert(#msg > 0, label .. " raised an empty message")
    if not msg:find("user error", 1, true) then
      local bad = internal(msg, label:match("[%w_]+$"))
      assert(not bad, label .. " raised an internal error: " .. err)
    end
    if not was_open and e.kind == "method" then
      assert(msg:find("the system is closed", 1, true)
        or msg:find("bad argument", 1, true),
        label .. " on a closed system: " .. err)
    end
    assert(touched or state(sys) == before,
      label .. " failed and changed the system")
  else
    check_returned(res)
    local mutates = e.kind == "method" and e.spec.mutates
    if not mutates and not touched then
      assert(state(sys) == before, label .. " changed the system")
    end
  end
  if ctx.sys_open then checksys(sys) end
end

local function sequence(seed, calls)
  local g = generator(seed)
  local ctx = {}
  ctx.sys = TEMPLATES[g.int(#TEMPLATES)](g)
  ctx.other = TEMPLATES[g.int(#TEMPLATES)](g)
  ctx.closed = diplomat.new{ name = "closed" }
  ctx.closed:close()
  ctx.co = coroutine.create(function() end)
  ctx.scenario = diplomat.scenario("torture")
  refresh(ctx)
  local log = {}
  for _ = 1, calls do
    local ok, err = pcall(one_call, g, ctx, log)
    if not ok then
      error(("torture sequence seed %d (of DIPLOMAT_TORTURE_SEED=%d; rerun "
        .. "it alone with DIPLOMAT_TORTURE_SEQUENCE=%d) failed at call %d: "
        .. "%s\nlast calls:\n  %s"):format(seed, SEED, seed, #log,
        tostring(err),
        table.concat(log, "\n  ", math.max(1, #log - 8))), 0)
    end
  end
  if ctx.sys_open then ctx.sys:close() end
  ctx.other:close()
end

-- }======

describe("API torture", function()
  teardown(function() os.execute(("rm -rf '%s'"):format(TMP)) end)

  it("has an argument generator for every public function", function()
    local missing = {}
    for name, v in pairs(diplomat.System) do
      if type(v) == "function" and not S[name] then
        missing[#missing + 1] = "System:" .. name
      end
    end
    for name in pairs(S) do
      assert(type(diplomat.System[name]) == "function",
        "a generator for a method that does not exist: " .. name)
    end
    local mt = getmetatable(NORTHVALE)
    for name, v in pairs(mt) do
      if type(v) == "function" and not ({ __gc = 1, __close = 1,
          __len = 1, __tostring = 1 })[name] then
        missing[#missing + 1] = "metatable:" .. name
      end
    end
    local function scan(prefix, t)
      for name, v in pairs(t) do
        if type(v) == "function" and not M[prefix .. name] then
          missing[#missing + 1] = prefix .. name
        end
      end
    end
    scan("", diplomat)
    scan("report.", diplomat.report)
    scan("summary.", diplomat.summary)
    scan("core.", core)
    scan("scenario.", scenario_module)
    for name, v in pairs(getmetatable(diplomat.scenario("x"))) do
      if type(v) == "function" and not SC[name] then
        missing[#missing + 1] = "Scenario:" .. name
      end
    end
    for name, v in pairs(getmetatable(FILES.result_object).__index) do
      if type(v) == "function" and not RES[name] then
        missing[#missing + 1] = "Result:" .. name
      end
    end
    -- diplomat.X that are core.X are covered once, under their short name
    local covered = {}
    for _, m in ipairs(missing) do
      local from, short = m:match("^(%a+)%.(.+)$")
      local t = from == "core" and core or from == "scenario"
        and scenario_module
      if not (short and t and M[short] and diplomat[short] == t[short]) then
        covered[#covered + 1] = m
      end
    end
    table.sort(covered)
    assert.are.same({}, covered)
  end)

  it(("survives %d random calls (seed %d)"):format(CALLS, SEED), function()
    local only = math.tointeger(tonumber(os.getenv(
      "DIPLOMAT_TORTURE_SEQUENCE") or ""))
    if only then return sequence(only, PER_SEQUENCE) end
    local g = generator(SEED)
    local done = 0
    while done < CALLS do
      local n = math.min(PER_SEQUENCE, CALLS - done)
      sequence(g.int(2 ^ 31), n)
      done = done + n
    end
  end)
end)
