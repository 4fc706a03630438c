--- The logic of the `diplomat` command-line runner.
--
-- Exit codes: 0 ok, 1 analysis or data error (e.g. a map with problems),
-- 2 usage error (unknown command or option, missing argument).
--
-- @module diplomat.cli
-- @usage
-- -- bin/diplomat does exactly this:
-- os.exit(require("diplomat.cli").main(arg, io.stdout, io.stderr))

local diplomat = require "diplomat"

local M = {}

local USAGE = [[
usage: diplomat <command> [options] [arguments]

Analyse a system map (a diplomat/1 JSON file).

commands:
  check MAP      validate the map and list every problem found
  summary MAP    print actors by sector and level, channels, and issues
                 with the spread of positions and the most opposed pairs
  help           show this help

options:
  -h, --help     show help (for a command: diplomat COMMAND --help)
  --version      print the version

exit codes: 0 ok, 1 data or analysis error, 2 usage error]]

local HELP = {
  check = [[
usage: diplomat check MAP

Validates the system map MAP. Prints one line describing the map when it
is valid; otherwise lists every problem found, each with its JSON path
(e.g. $.ties[3].to: unknown actor 'icb_x'), and exits with status 1.]],
  summary = [[
usage: diplomat summary [--pairs N] MAP

Prints a readable summary of MAP: actors by sector, level and kind; ties
by layer with the informal share; each issue with the spread of positions
and the N most opposed pairs (default 3).]],
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
      if kind == "value" then
        if args[i + 1] == nil then
          return nil, ("option '%s' needs a value"):format(a)
        end
        opts[a] = args[i + 1]
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
  local sys, msg = diplomat.load(path)
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

local OPTIONS = {
  check = { ["-h"] = "flag", ["--help"] = "flag" },
  summary = { ["-h"] = "flag", ["--help"] = "flag", ["--pairs"] = "value" },
}
local NARGS = { check = 1, summary = 1 }

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
