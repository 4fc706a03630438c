--- The logic of the `diplomat` command-line runner.
--
-- Exit codes: 0 ok, 1 analysis or data error (e.g. a map with problems,
-- a file that cannot be read or written), 2 usage error (unknown command
-- or option, missing argument, an output that exists without --force).
-- A MAP is a diplomat/1 JSON file, a folder of CSV files, or GraphML.
--
-- @module diplomat.cli
-- @usage
-- -- bin/diplomat does exactly this:
-- os.exit(require("diplomat.cli").main(arg, io.stdout, io.stderr))

local diplomat = require "diplomat"

local M = {}

local USAGE = [[
usage: diplomat <command> [options] [arguments]

Analyse a system map: a diplomat/1 JSON file, a folder of CSV files
(actors.csv, ties.csv, ...), or a GraphML file.

commands:
  check MAP      validate the map and list every problem found
  summary MAP    print actors by sector and level, channels, and issues
                 with the spread of positions and the most opposed pairs
  report MAP -o FILE
                 write a report (.html, .md or .json) for a board or a
                 research team
  convert IN OUT convert a map: JSON, a CSV folder, GraphML, GEXF, DOT
  run SCRIPT.lua [ARGS...]
                 run a Lua script with diplomat loaded
  help           show this help

options:
  -h, --help     show help (for a command: diplomat COMMAND --help)
  --version      print the version

exit codes: 0 ok, 1 data or analysis error (or a file that cannot be
read or written), 2 usage error (or an output that exists, without --force)]]

local HELP = {
  check = [[
usage: diplomat check MAP

Validates the system map MAP. Prints one line describing the map when it
is valid; otherwise lists every problem found, each with its JSON path
(e.g. $.ties[3].to: unknown actor 'icb_x') or, for a folder of CSV files,
its file, line and column (ties.csv:4:12: to: unknown actor 'icb_x'),
and exits with status 1.]],
  summary = [[
usage: diplomat summary [--pairs N] MAP

Prints a readable summary of MAP: actors by sector, level and kind; ties
by layer with the informal share; each issue with the spread of positions
and the N most opposed pairs (default 3).]],
  report = [[
usage: diplomat report MAP -o FILE [--issue ID]... [--colour-by FIELD]
                       [--title TEXT] [--force] [--quiet]

Writes a report on MAP to FILE: one self-contained HTML page (.html),
Markdown (.md) or JSON (.json), by FILE's ending.

options:
  -o, --output FILE   where to write the report (required)
  --issue ID          report on this issue only (repeat for several;
                      default: every issue)
  --colour-by FIELD   colour actors by org, sector, profession, level,
                      mandate, kind or attrs.NAME (default: sector)
  --title TEXT        the report's title (default: the map's name)
  --force             overwrite FILE if it exists
  --quiet             no progress messages on standard error]],
  convert = [[
usage: diplomat convert IN OUT [--layers L1,L2] [--force] [--quiet]

Reads the map IN (JSON, a folder of CSV files, or .graphml) and writes it
to OUT in the format OUT's ending names: .json (diplomat/1), .graphml,
.gexf (Gephi), .dot or .gv (Graphviz); any other OUT is a folder of CSV
files (actors.csv, ties.csv, ...), created if missing.

options:
  --layers L1,L2   GraphML, GEXF and DOT: only the ties of these layers
  --force          overwrite OUT (or the CSV files in it) if it exists
  --quiet          no progress messages on standard error]],
  run = [[
usage: diplomat run SCRIPT.lua [ARGS...]

Runs the Lua script SCRIPT.lua with the module loaded as the global
`diplomat`, the arguments in `arg` (arg[0] is the script) and in `...`.
Everything after SCRIPT.lua goes to the script.  The exit status is 1
when the script raises an error, the number the script returns when it
returns an integer from 0 to 255, and 0 otherwise.]],
}

-- Splits arguments into options and positionals; returns nil, message on
-- an unknown option.  `spec` maps option names to "flag" or "value".
local function parse(args, first, spec)
  local opts, pos = {}, {}
  local i = first
  while i <= #args do
    local a = args[i]
    if a == "--" then
      for j = i + 1, #args do pos[#pos + 1] = args[j] end
      break
    elseif a:sub(1, 1) == "-" and #a > 1 then
      local kind = spec[a]
      if kind == nil then return nil, ("unknown option '%s'"):format(a) end
      if kind == "value" or kind == "list" then
        if args[i + 1] == nil then
          return nil, ("option '%s' needs a value"):format(a)
        end
        if kind == "list" then
          opts[a] = opts[a] or {}
          table.insert(opts[a], args[i + 1])
        else
          opts[a] = args[i + 1]
        end
        i = i + 1
      else
        opts[a] = true
      end
    else
      pos[#pos + 1] = a
    end
    i = i + 1
  end
  return opts, pos
end

local function load_map(path, err)
  local sys, msg = diplomat.load_map(path)
  if not sys then err:write(msg, "\n") end
  return sys
end

local commands = {}

function commands.check(opts, pos, out, err)
  local sys = load_map(pos[1], err)
  if not sys then return 1 end
  local ok, problems = sys:check()
  if not ok then
    err:write(problems, "\n")
    return 1
  end
  out:write(("%s: ok, %s\n"):format(pos[1], tostring(sys)))
  return 0
end

function commands.summary(opts, pos, out, err)
  local npairs = 3
  if opts["--pairs"] then
    npairs = tonumber(opts["--pairs"])
    if not npairs or npairs < 0 or npairs % 1 ~= 0 then
      err:write("diplomat summary: --pairs must be a whole number >= 0\n")
      return 2
    end
  end
  local sys = load_map(pos[1], err)
  if not sys then return 1 end
  out:write(diplomat.summary.text(sys, { pairs = npairs }), "\n")
  return 0
end

-- {====== Writing files: report, convert ======

local interchange = require "diplomat.interchange"

-- A progress line on standard error, unless --quiet.
local function progress(opts, err, fmt, ...)
  if not opts["--quiet"] then
    err:write("diplomat: ", fmt:format(...), "\n")
  end
end

-- Why `path` must not be written without --force (nil: it may be). A
-- CSV map is a folder: it is in the way when it holds any map file.
local function in_the_way(path, format)
  local kind = interchange.path_kind(path)
  if format == "csv" and kind == "folder" then
    for _, f in ipairs(interchange.CSV_FILES) do
      if interchange.path_kind(path .. "/" .. f) then
        return ("%s already holds %s"):format(path, f)
      end
    end
    return nil
  end
  return kind and ("%s exists"):format(path) or nil
end

-- What to print when a writer refused because its target exists (its
-- third result "exists"): a file that appeared after the early check.
-- `msg` is "PATH exists (pass overwrite = true to replace it)".
local function exists_message(cmd, msg)
  return ("diplomat %s: %s (use --force to overwrite)\n"):format(cmd,
    (tostring(msg):gsub(" %(pass overwrite = true to replace it%)$", "")))
end

-- The reason of a "bad argument" error raised for an option value.
local function bad_argument(e)
  return type(e) == "string"
    and e:match("bad argument #%d+ to '[^']*' %((.*)%)")
end

local REPORT_FORMATS = { html = true, htm = true, md = true,
                         markdown = true, json = true }

function commands.report(opts, pos, out, err)
  local path = opts["-o"] or opts["--output"]
  if not path then
    err:write("diplomat report: give the output file with -o FILE\n\n",
      HELP.report, "\n")
    return 2
  end
  local ext = path:match("%.(%w+)$")
  if not (ext and REPORT_FORMATS[ext:lower()]) then
    err:write(("diplomat report: cannot tell the report format from '%s' "
      .. "(use .html, .md or .json)\n"):format(path))
    return 2
  end
  local found, report = pcall(require, "diplomat.report")
  if not found or type(report) ~= "table" or type(report.save) ~= "function"
  then
    err:write("diplomat report: reports are not available in this build\n")
    return 1
  end
  -- the early check gives the friendly message before any work; the
  -- guarantee is the writer's own refusal (overwrite = false), which
  -- holds even for a file that appears while the report is made
  if not opts["--force"] and in_the_way(path) then
    err:write(("diplomat report: %s (use --force to overwrite)\n")
      :format(in_the_way(path)))
    return 2
  end
  progress(opts, err, "reading %s", pos[1])
  local sys = load_map(pos[1], err)
  if not sys then return 1 end
  progress(opts, err, "writing the report to %s", path)
  local ok, done, msg, why = pcall(report.save, sys, path, {
    issues = opts["--issue"],
    colour_by = opts["--colour-by"] or opts["--color-by"],
    title = opts["--title"],
    overwrite = opts["--force"] == true,
  })
  if not ok then
    local reason = bad_argument(done)
    if reason then
      err:write("diplomat report: ", reason, "\n")
      return 2
    end
    error(done, 0)
  end
  if not done and why == "exists" then
    err:write(exists_message("report", msg))
    return 2
  end
  if not done then
    err:write(("diplomat report: cannot write %s: %s\n"):format(path,
      tostring(msg)))
    return 1
  end
  progress(opts, err, "wrote %s", path)
  return 0
end

local FORMAT_NAMES = { json = "diplomat/1 JSON", csv = "a folder of CSV files",
                       graphml = "GraphML", gexf = "GEXF", dot = "DOT" }

function commands.convert(opts, pos, out, err)
  local from, to = pos[1], pos[2]
  local format = interchange.output_format(to)
  local layers
  if opts["--layers"] then
    if format == "json" or format == "csv" then
      err:write(("diplomat convert: --layers is for GraphML, GEXF and DOT; "
        .. "%s holds the whole map\n"):format(FORMAT_NAMES[format]))
      return 2
    end
    layers = {}
    for id in opts["--layers"]:gmatch("[^,]+") do layers[#layers + 1] = id end
  end
  local blocked = not opts["--force"] and in_the_way(to, format)
  if blocked then
    err:write(("diplomat convert: %s (use --force to overwrite)\n")
      :format(blocked))
    return 2
  end
  progress(opts, err, "reading %s", from)
  local sys = load_map(from, err)
  if not sys then return 1 end
  progress(opts, err, "writing %s as %s", to, FORMAT_NAMES[format])
  -- as for report: the writer's refusal is the guarantee
  local overwrite = opts["--force"] == true
  local ok, done, msg, why
  if format == "json" then
    ok, done, msg, why = pcall(sys.save, sys, to, { overwrite = overwrite })
  else
    ok, done, msg, why = pcall(sys.export, sys, to, { format = format,
      layers = layers, overwrite = overwrite })
  end
  if not ok then
    local reason = bad_argument(done)
    if reason then
      err:write("diplomat convert: ", reason, "\n")
      return 2
    end
    error(done, 0)
  end
  if not done and why == "exists" then
    err:write(exists_message("convert", msg))
    return 2
  end
  if not done then
    err:write(msg, "\n")
    return 1
  end
  progress(opts, err, "wrote %s: %s", to, tostring(sys))
  return 0
end

-- }======

-- {====== Running scripts ======

-- Runs script pos[1] with arguments pos[2..]; `print` writes to out.
local function run_script(pos, out, err)
  local script = pos[1]
  local argv = { [0] = script }
  for i = 2, #pos do argv[i - 1] = pos[i] end
  local env = setmetatable({}, { __index = _G })
  env._G = env
  env.diplomat = diplomat
  env.arg = argv
  env.print = function(...)
    local n, parts = select("#", ...), {}
    for i = 1, n do parts[i] = tostring((select(i, ...))) end
    out:write(table.concat(parts, "\t"), "\n")
  end
  local chunk, msg = loadfile(script, "t", env)
  if not chunk then
    err:write("diplomat run: ", msg, "\n")
    return 1
  end
  local ok, res = xpcall(chunk, function(e)
    -- the script's own frames: cut the traceback where the runner begins
    local tb = debug.traceback(tostring(e), 2)
    return (tb:gsub("\n%s*%[C%]: in function 'xpcall'.*$", ""))
  end, table.unpack(argv, 1, #argv))
  if not ok then
    err:write("diplomat run: ", tostring(res), "\n")
    return 1
  end
  if math.type(res) == "integer" and res >= 0 and res <= 255 then
    return res
  end
  return 0
end

-- `diplomat run`: options only before the script; the rest is the
-- script's.
local function run_command(args, out, err)
  local i = 2
  local a = args[i]
  if a == "-h" or a == "--help" then
    out:write(HELP.run, "\n")
    return 0
  elseif a == "--" then
    i = i + 1
  elseif a and a:sub(1, 1) == "-" and #a > 1 then
    err:write(("diplomat run: unknown option '%s'\n\n"):format(a), HELP.run,
      "\n")
    return 2
  end
  if args[i] == nil then
    err:write("diplomat run: give the script to run\n\n", HELP.run, "\n")
    return 2
  end
  return run_script(table.move(args, i, #args, 1, {}), out, err)
end

-- }======

local OPTIONS = {
  check = { ["-h"] = "flag", ["--help"] = "flag" },
  summary = { ["-h"] = "flag", ["--help"] = "flag", ["--pairs"] = "value" },
  report = { ["-h"] = "flag", ["--help"] = "flag", ["-o"] = "value",
             ["--output"] = "value", ["--issue"] = "list",
             ["--colour-by"] = "value", ["--color-by"] = "value",
             ["--title"] = "value", ["--force"] = "flag",
             ["--quiet"] = "flag" },
  convert = { ["-h"] = "flag", ["--help"] = "flag", ["--layers"] = "value",
              ["--force"] = "flag", ["--quiet"] = "flag" },
}
local NARGS = { check = 1, summary = 1, report = 1, convert = 2 }

--- Runs the command line `args` (as in the global `arg`).
-- @tparam table args arguments, args[1] being the command
-- @tparam file out where results go (io.stdout)
-- @tparam file err where messages go (io.stderr)
-- @treturn integer the exit code
function M.main(args, out, err)
  out, err = out or io.stdout, err or io.stderr
  local cmd = args[1]
  if cmd == nil or cmd == "help" or cmd == "-h" or cmd == "--help" then
    out:write(USAGE, "\n")
    return cmd == nil and 2 or 0
  end
  if cmd == "--version" then
    out:write("diplomat ", diplomat.version, "\n")
    return 0
  end
  if cmd == "run" then return run_command(args, out, err) end
  if not commands[cmd] then
    err:write(("diplomat: unknown command '%s'\n\n"):format(cmd), USAGE, "\n")
    return 2
  end
  local opts, pos = parse(args, 2, OPTIONS[cmd])
  if not opts then
    err:write(("diplomat %s: %s\n\n"):format(cmd, pos), HELP[cmd], "\n")
    return 2
  end
  if opts["-h"] or opts["--help"] then
    out:write(HELP[cmd], "\n")
    return 0
  end
  if #pos ~= NARGS[cmd] then
    err:write(("diplomat %s: expected %d argument(s), got %d\n\n")
      :format(cmd, NARGS[cmd], #pos), HELP[cmd], "\n")
    return 2
  end
  local ok, code = pcall(commands[cmd], opts, pos, out, err)
  if not ok then
    err:write(("diplomat %s: %s\n"):format(cmd, tostring(code)))
    return 1
  end
  return code
end

return M
