--- Moving system maps between diplomat and other tools.
--
-- A map is a diplomat/1 JSON file, a folder of CSV files (the way field
-- teams collect data in spreadsheets) or, for the network alone, a
-- GraphML file. `System:export` writes GraphML, GEXF (Gephi), DOT
-- (Graphviz) or a CSV folder; the README section "Interchange" lists
-- every column and attribute.
--
-- @module diplomat.interchange
-- @usage
-- local diplomat = require "diplomat"
-- local sys = assert(diplomat.load_map("fieldwork/"))   -- a CSV folder
-- assert(sys:export("northvale.gexf"))                  -- for Gephi
-- assert(sys:export("csv-copy", { format = "csv" }))

local core = require "diplomat.core"

local type = type

local M = {}

--- A system map from CSV files.
-- Give a folder holding `actors.csv` and any of `system.csv`,
-- `layers.csv`, `issues.csv`, `ties.csv`, `positions.csv`; or a table of
-- paths. Ties need their layers: a layers file, or a table of layers.
-- @function from_csv
-- @tparam string|table source a folder, or `{ actors = path, ties = path,
--   positions = path, issues = path, layers = path | { { id = "formal",
--   directed = true, informal = false }, ... }, system = path,
--   name = string, description = string }`
-- @tparam[opt] table opts `{ max_bytes = n }`: the largest file read
--   (4 GiB unless given), as for `diplomat.load`
-- @treturn System|nil the system, or nil when a file cannot be read or
--   its content does not make a valid map
-- @treturn string when nil: every problem, each as `file:line:column:
--   field: message`
-- @raise on misuse (wrong types, unknown keys)
-- @usage local sys = assert(diplomat.from_csv{ actors = "actors.csv",
--   ties = "ties.csv", layers = { { id = "whatsapp", informal = true } } })
M.from_csv = core.from_csv

--- A system from a GraphML file (read by igraph): nodes become actors,
-- edges ties. Node attributes named like actor fields fill them (`id`,
-- `name` or else `label`, `kind`, ..., `capability`, `tags` split on
-- `;`); edge attributes `layer`, `weight`, `directed` and `informal`
-- fill the tie and its layer; every other attribute becomes a free
-- attribute (an `attrs.` prefix is dropped).
-- @function from_graphml
-- @tparam string path
-- @tparam[opt] table opts `{ layer = "ties", informal = false,
--   max_bytes = n }`: the layer of edges that have no `layer` attribute,
--   whether it is informal, and the largest file read (4 GiB unless
--   given, as for `diplomat.load`)
-- @treturn System|nil
-- @treturn string when nil: why
-- @usage local sys = assert(diplomat.from_graphml("network.graphml",
--   { layer = "referrals" }))
M.from_graphml = core.from_graphml

--- The files of a CSV map folder, one per section.
M.CSV_FILES = { "system.csv", "layers.csv", "actors.csv", "issues.csv",
                "ties.csv", "positions.csv" }

--- What is at a path: `"file"`, `"folder"`, or nil when nothing is.
-- @tparam string path
-- @treturn string|nil
function M.path_kind(path)
  return (core._path_kind(path))
end

--- The kind of map a path holds, told by what it is: `"csv"` for a
-- folder, `"graphml"` for a name ending in .graphml, else `"json"`.
-- @tparam string path
-- @treturn string
function M.map_kind(path)
  if core._path_kind(path) == "folder" then return "csv" end
  if path:lower():match("%.graphml$") then return "graphml" end
  return "json"
end

--- Loads a map of any kind: a diplomat/1 JSON file, a folder of CSV
-- files, or a GraphML file (by its .graphml ending).
-- @tparam string path
-- @tparam[opt] table opts `{ max_bytes = n }`: the largest file read
--   (4 GiB unless given), as for `diplomat.load`
-- @treturn System|nil
-- @treturn string when nil: every problem found
-- @raise when path is not a string
-- @usage local sys = assert(diplomat.load_map(arg[1]))
function M.load_map(path, opts)
  if type(path) ~= "string" then
    error("bad argument #1 to 'load_map' (path must be a string, not "
      .. type(path) .. ")", 2)
  end
  if opts ~= nil then
    local function bad(why)
      error("bad argument #2 to 'load_map' (" .. why .. ")", 3)
    end
    if type(opts) ~= "table" then
      bad("table expected, got " .. type(opts))
    end
    for k, v in pairs(opts) do
      if k ~= "max_bytes" then bad("unknown field '" .. tostring(k) .. "'") end
      if type(v) ~= "number" or not math.tointeger(v) or v < 1 then
        bad("max_bytes: must be a positive whole number of bytes")
      end
    end
  end
  local kind = M.map_kind(path)
  if kind == "csv" then return core.from_csv(path, opts) end
  if kind == "graphml" then return core.from_graphml(path, opts) end
  return core.load(path, opts)
end

local OUTPUT = { json = "json", graphml = "graphml", gexf = "gexf",
                 dot = "dot", gv = "dot" }

--- The format a path asks to be written in, by its ending: "json",
-- "graphml", "gexf", "dot" (.dot or .gv); anything else names a folder
-- of CSV files ("csv").
-- @tparam string path
-- @treturn string
function M.output_format(path)
  local ext = path:match("%.(%w+)$")
  return ext and OUTPUT[ext:lower()] or "csv"
end

return M
