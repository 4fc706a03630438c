-- overwrite = false: no writer replaces a file that exists, even one that
-- appears while it writes, and the command line relies on that.
--
-- Every expectation here is what was put on disc by the spec itself: the
-- bytes of a file the spec wrote ("precious\n"), or the bytes the same
-- writer gives with the default options at another path (the writer's
-- own output is not under test here, only where it may land).
--
-- A file that appears between every early check and the moment the file
-- is put in place cannot be arranged from Lua: child processes run with
-- build/linkshim.so preloaded (spec/hosts/linkshim.c), which creates the
-- target just before link(2) runs (DIP_LINK_RACE), or makes link fail
-- with EPERM as a file system without hard links does (DIP_LINK_NONE).

local diplomat = require "diplomat"
local h = require "spec.helpers"
local shell_quote, run, new_tmpdir, remove_tree, read_file, write_file,
  listing, error_of = h.shell_quote, h.run, h.new_tmpdir, h.remove_tree,
  h.read_file, h.write_file, h.listing, h.error_of

local ROOT = debug.getinfo(1, "S").source:match("^@(.-)spec/[^/]*$") or ""
local SHIM = (ROOT ~= "" and ROOT or "./") .. "build/linkshim.so"
local CSV_FILES = require("diplomat.interchange").CSV_FILES

-- Each writer as Lua source, so that child processes run the same code:
-- W[name](path, opts) writes a small map's file with the options opts.
local WRITERS = [[
  local diplomat = require "diplomat"
  local function map()
    local sys = diplomat.new{ name = "small" }
    sys:add_layer{ id = "f", directed = true }
    sys:add_actor{ id = "a" }
    sys:add_actor{ id = "b" }
    sys:add_tie{ from = "a", to = "b", layer = "f" }
    sys:add_issue{ id = "i" }
    sys:set_position("a", "i", 20, 0.5)
    return sys
  end
  local W = {}
  W["System:save"] = function(p, o) return map():save(p, o) end
  for _, f in ipairs{ "graphml", "gexf", "dot" } do
    W["export " .. f] = function(p, o)
      o = o or {}
      o.format = f
      return map():export(p, o)
    end
  end
  W["report.save"] = function(p, o)
    return diplomat.report.save(map(), p, o)
  end
  W["Result:save"] = function(p, o)
    local r = diplomat.scenario("s"):cut("f", 0.5):run(map(),
      { runs = 3, measure = function(s) return { n = #s } end })
    return r:save(p, o)
  end
  W["core._write_file"] = function(p, o)
    return require("diplomat.core")._write_file(p, "line\n", o)
  end
  return W
]]
local EXT = { ["System:save"] = ".json", ["export graphml"] = ".graphml",
              ["export gexf"] = ".gexf", ["export dot"] = ".dot",
              ["report.save"] = ".md", ["Result:save"] = ".lua",
              ["core._write_file"] = ".txt" }
local W = assert(load(WRITERS))()
local NAMES = {}
for name in pairs(W) do NAMES[#NAMES + 1] = name end
table.sort(NAMES)

local function exists_msg(path)
  return path .. " exists (pass overwrite = true to replace it)"
end

-- The whole folder's listing, each path relative to dir (find -printf).
local function tree(dir)
  local out = {}
  for p in run("cd " .. shell_quote(dir) .. " && find . -mindepth 1 "
      .. "-printf '%P\\n' | sort"):gmatch("[^\n]+") do
    out[#out + 1] = p
  end
  return out
end

describe("overwrite = false", function()
  local dir

  before_each(function() dir = new_tmpdir() end)
  after_each(function() remove_tree(dir) end)

  describe("on every writer", function()
    it("writes a file that does not exist, the same bytes as by default",
       function()
      for _, name in ipairs(NAMES) do
        local ref, path = dir .. "/ref" .. EXT[name], dir .. "/out" .. EXT[name]
        assert.is_true(W[name](ref), name)
        assert.is_true(W[name](path, { overwrite = false }), name)
        assert.are.equal(read_file(ref), read_file(path), name)
        assert.are.same({ "out" .. EXT[name], "ref" .. EXT[name] },
                        listing(dir), name)
        os.remove(ref)
        os.remove(path)
      end
    end)

    it("refuses a file that exists, leaving it byte for byte as it was, "
       .. "with no temporary file", function()
      for _, name in ipairs(NAMES) do
        local path = dir .. "/out" .. EXT[name]
        write_file(path, "precious\n")
        os.execute("chmod 604 " .. shell_quote(path))
        local ok, msg, why = W[name](path, { overwrite = false })
        assert.is_nil(ok, name)
        assert.are.equal(exists_msg(path), msg, name)
        assert.are.equal("exists", why, name)
        assert.are.equal("precious\n", read_file(path), name)
        assert.are.equal("604", (run("stat -c %a " .. shell_quote(path))
          :gsub("%s+$", "")), name)
        assert.are.same({ "out" .. EXT[name] }, listing(dir), name)
        os.remove(path)
      end
    end)

    it("refuses a symbolic link, even one that points nowhere", function()
      for _, name in ipairs(NAMES) do
        local path = dir .. "/out" .. EXT[name]
        os.execute("ln -s nowhere " .. shell_quote(path))
        local ok, msg = W[name](path, { overwrite = false })
        assert.is_nil(ok, name)
        assert.are.equal(exists_msg(path), msg, name)
        assert.are.equal("nowhere", run("readlink " .. shell_quote(path))
          :gsub("%s+$", ""), name)
        assert.are.same({ "out" .. EXT[name] }, listing(dir), name)
        os.remove(path)
      end
    end)

    it("replaces it with overwrite = true, as by default", function()
      for _, name in ipairs(NAMES) do
        local ref, path = dir .. "/ref" .. EXT[name], dir .. "/out" .. EXT[name]
        assert.is_true(W[name](ref), name)
        write_file(path, "precious\n")
        assert.is_true(W[name](path, { overwrite = true }), name)
        assert.are.equal(read_file(ref), read_file(path), name)
        os.remove(ref)
        os.remove(path)
      end
    end)

    it("still refuses a folder or a pipe with their own reasons", function()
      for _, name in ipairs(NAMES) do
        local path = dir .. "/out" .. EXT[name]
        os.execute("mkdir " .. shell_quote(path))
        local ok, msg = W[name](path, { overwrite = false })
        assert.is_nil(ok, name)
        assert.are.equal(path .. ": cannot write: Is a directory", msg, name)
        os.execute("rmdir " .. shell_quote(path))
        os.execute("mkfifo " .. shell_quote(path))
        ok, msg = W[name](path, { overwrite = false })
        assert.is_nil(ok, name)
        assert.are.equal(path .. ": cannot write: not a regular file (a "
          .. "device, pipe or socket is never replaced)", msg, name)
        os.remove(path)
        assert.are.same({}, listing(dir), name)
      end
    end)

    it("rejects an overwrite that is not a boolean, and unknown options, "
       .. "writing nothing", function()
      local sys = diplomat.new{}
      local r = diplomat.scenario("s"):run(sys, { runs = 1,
        measure = function() return { n = 1 } end })
      local p = dir .. "/x"
      local cases = {
        { "bad argument #2 to 'save' (overwrite: must be true or false)",
          function() return sys:save(p, { overwrite = 1 }) end },
        { "bad argument #2 to 'save' (unknown field 'overwritten')",
          function() return sys:save(p, { overwritten = false }) end },
        { "bad argument #2 to 'export' (overwrite: must be true or false)",
          function() return sys:export(p .. ".dot", { overwrite = "no" }) end },
        { "bad argument #2 to 'export' (overwrite: must be true or false)",
          function() return sys:export(p, { format = "csv",
                                            overwrite = 0 }) end },
        { "bad argument #3 to 'save' (overwrite: must be true or false)",
          function() return diplomat.report.save(sys, p .. ".md",
                                                 { overwrite = "no" }) end },
        { "bad argument #2 to 'html' (unknown option 'overwrite' (options: "
          .. "bins, broker_by, coalitions, color_by, colour_by, comparisons, "
          .. "date, grid, issues, layers, layout, models, power, scenarios, "
          .. "sections, seed, size_by, subtitle, title, top))",
          function() return diplomat.report.html(sys,
                                                 { overwrite = false }) end },
        { "bad argument #2 to 'save' (overwrite: must be true or false)",
          function() return r:save(p, { overwrite = "no" }) end },
        { "bad argument #2 to 'save' (unknown option 'force' (options: "
          .. "overwrite))",
          function() return r:save(p, { force = true }) end },
        { "bad argument #3 to '_write_file' (overwrite: must be true or "
          .. "false)", function()
          return require("diplomat.core")._write_file(p, "x",
                                                      { overwrite = 1 }) end },
      }
      for _, c in ipairs(cases) do
        assert.are.equal(c[1], error_of(c[2]))
      end
      assert.are.same({}, listing(dir))
    end)
  end)

  describe("on a CSV export", function()
    local function small()
      local sys = diplomat.new{ name = "small" }
      sys:add_actor{ id = "a" }
      return sys
    end

    it("writes the six files into a new or empty folder", function()
      assert.is_true(small():export(dir .. "/ref", { format = "csv" }))
      os.execute("mkdir " .. shell_quote(dir .. "/empty"))
      for _, out in ipairs{ "new", "empty" } do
        assert.is_true(small():export(dir .. "/" .. out, { format = "csv",
          overwrite = false }))
        for _, f in ipairs(CSV_FILES) do
          assert.are.equal(read_file(dir .. "/ref/" .. f),
                           read_file(dir .. "/" .. out .. "/" .. f), f)
        end
      end
    end)

    it("writes none of the six when the fourth (issues.csv) exists",
       function()
      assert.are.equal("issues.csv", CSV_FILES[4])
      os.execute("mkdir " .. shell_quote(dir .. "/csv"))
      write_file(dir .. "/csv/issues.csv", "precious\n")
      local ok, msg, why = small():export(dir .. "/csv", { format = "csv",
        overwrite = false })
      assert.is_nil(ok)
      assert.are.equal(exists_msg(dir .. "/csv/issues.csv"), msg)
      assert.are.equal("exists", why)
      assert.are.equal("precious\n", read_file(dir .. "/csv/issues.csv"))
      assert.are.same({ "csv", "csv/issues.csv" }, tree(dir))
    end)
  end)

  describe("when the file appears while it is written", function()
    -- Runs W[name](path, opts) in a child lua5.4 with the shim preloaded
    -- (after any sanitizer runtime already in LD_PRELOAD) and env set;
    -- returns what it printed: the writer's results, tab-separated.
    local function child(env, name, path, opts)
      write_file(dir .. "/writers.lua", WRITERS)
      write_file(dir .. "/child.lua", ([[
        local W = dofile(%q)
        local a, b, c = W[%q](%q, %s)
        io.write(tostring(a), "\t", tostring(b), "\t", tostring(c))
      ]]):format(dir .. "/writers.lua", name, path, opts))
      local out = run(("%s LD_PRELOAD=\"${LD_PRELOAD:+$LD_PRELOAD }%s\" "
        .. "lua5.4 %s"):format(env, SHIM, shell_quote(dir .. "/child.lua")))
      os.remove(dir .. "/writers.lua")
      os.remove(dir .. "/child.lua")
      return out
    end

    for _, fs in ipairs{ { "", "" },
                         { "DIP_LINK_NONE=1", " (no hard links)" } } do
      it("never replaces it, in every writer" .. fs[2], function()
        for _, name in ipairs(NAMES) do
          local base = "out" .. EXT[name]
          local path = dir .. "/" .. base
          assert.are.equal("nil\t" .. exists_msg(path) .. "\texists",
            child(fs[1] .. " DIP_LINK_RACE=" .. base, name, path,
                  "{ overwrite = false }"), name)
          assert.are.equal("appeared meanwhile\n", read_file(path), name)
          assert.are.same({ base }, listing(dir), name)
          os.remove(path)
        end
      end)

      it("takes back the three CSV files it put in place when the fourth "
         .. "appears" .. fs[2], function()
        write_file(dir .. "/csv.lua", [[
          local diplomat = require "diplomat"
          local sys = diplomat.new{}
          sys:add_actor{ id = "a" }
          local a, b, c = sys:export(arg[1], { format = "csv",
                                               overwrite = false })
          io.write(tostring(a), "\t", tostring(b), "\t", tostring(c))
        ]])
        local out = run(("%s DIP_LINK_RACE=/issues.csv "
          .. "LD_PRELOAD=\"${LD_PRELOAD:+$LD_PRELOAD }%s\" lua5.4 %s %s")
          :format(fs[1], SHIM, shell_quote(dir .. "/csv.lua"),
                  shell_quote(dir .. "/csv")))
        os.remove(dir .. "/csv.lua")
        assert.are.equal("nil\t" .. exists_msg(dir .. "/csv/issues.csv")
          .. "\texists", out)
        assert.are.equal("appeared meanwhile\n",
                         read_file(dir .. "/csv/issues.csv"))
        assert.are.same({ "csv", "csv/issues.csv" }, tree(dir))
      end)
    end

    it("writes every file where there are no hard links, as by default",
       function()
      for _, name in ipairs(NAMES) do
        local ref, path = dir .. "/ref" .. EXT[name], dir .. "/out" .. EXT[name]
        assert.is_true(W[name](ref), name)
        assert.are.equal("true\tnil\tnil", child("DIP_LINK_NONE=1", name,
          path, "{ overwrite = false }"), name)
        assert.are.equal(read_file(ref), read_file(path), name)
        assert.are.same({ "out" .. EXT[name], "ref" .. EXT[name] },
                        listing(dir), name)
        -- an existing file is refused there too
        assert.are.equal("nil\t" .. exists_msg(path) .. "\texists",
          child("DIP_LINK_NONE=1", name, path, "{ overwrite = false }"),
          name)
        assert.are.equal(read_file(ref), read_file(path), name)
        os.remove(ref)
        os.remove(path)
      end
    end)
  end)
end)

describe("the command line", function()
  local cli = require "diplomat.cli"
  local NORTHVALE = ROOT .. "examples/data/northvale.json"
  local dir

  before_each(function() dir = new_tmpdir() end)
  after_each(function() remove_tree(dir) end)

  -- Runs `diplomat args...` in this process with a stderr that calls
  -- hook(text) with all it holds after each write; returns the exit code
  -- and stderr's text.
  local function diplomat_cli(hook, ...)
    local parts = {}
    local sink = { write = function(self, ...)
      for i = 1, select("#", ...) do parts[#parts + 1] = select(i, ...) end
      hook(table.concat(parts))
      return self
    end }
    local code = cli.main({ ... }, { write = function(self) return self end },
                          sink)
    return code, table.concat(parts)
  end

  it("refuses an output that appears after its own check, before the "
     .. "write (exit 2), and leaves it as it was", function()
    local cases = {
      { "convert", NORTHVALE, dir .. "/out.json" },
      { "convert", NORTHVALE, dir .. "/out.graphml" },
      { "convert", NORTHVALE, dir .. "/out.gexf" },
      { "convert", NORTHVALE, dir .. "/out.dot" },
      { "convert", NORTHVALE, dir .. "/csv", target = "/csv/ties.csv" },
      { "report", NORTHVALE, "-o", dir .. "/out.md" },
      { "report", NORTHVALE, "-o", dir .. "/out.html" },
      { "report", NORTHVALE, "-o", dir .. "/out.json" },
    }
    for _, args in ipairs(cases) do
      local out = args.target and dir .. args.target or args[#args]
      -- the progress line "diplomat: writing ..." comes after the early
      -- check and before the write: another program makes the file then
      local done = false
      local code, msg = diplomat_cli(function(s)
        if not done and s:find("\ndiplomat: writing [^\n]*\n$") then
          done = true
          if args.target then os.execute("mkdir -p " .. shell_quote(dir
            .. "/csv")) end
          write_file(out, "precious\n")
        end
      end, table.unpack(args))
      assert.are.equal(2, code, msg)
      assert.matches(("\ndiplomat %s: %s exists %%(use %%-%%-force to "
        .. "overwrite%%)\n$"):format(args[1], out:gsub("%p", "%%%0")), msg)
      assert.are.equal("precious\n", read_file(out))
      assert.are.same(args.target and { "csv", "csv/ties.csv" }
                      or { (out:match("[^/]+$")) }, tree(dir))
      os.execute("rm -rf " .. shell_quote(dir) .. "/*")
    end
  end)

  it("refuses an output that appears just before it is linked in place, "
     .. "in a separate process", function()
    local out = dir .. "/report.md"
    local text = run(("cd %s && DIP_LINK_RACE=/report.md LUA_PATH=%s "
      .. "LUA_CPATH=%s LD_PRELOAD=\"${LD_PRELOAD:+$LD_PRELOAD }%s\" "
      .. "lua5.4 bin/diplomat report examples/data/northvale.json -o %s "
      .. "--quiet 2>&1; echo \"exit $?\"")
      :format(shell_quote(ROOT ~= "" and ROOT or "."),
              shell_quote(package.path), shell_quote(package.cpath), SHIM,
              shell_quote(out)))
    assert.are.equal(("diplomat report: %s exists (use --force to "
      .. "overwrite)\nexit 2\n"):format(out), text)
    assert.are.equal("appeared meanwhile\n", read_file(out))
    assert.are.same({ "report.md" }, listing(dir))
  end)

  it("with --force replaces a file that appears meanwhile", function()
    local out = dir .. "/out.json"
    local done = false
    local code, msg = diplomat_cli(function(s)
      if not done and s:find("\ndiplomat: writing [^\n]*\n$") then
        done = true
        write_file(out, "precious\n")
      end
    end, "convert", NORTHVALE, out, "--force")
    assert.is_true(done)
    assert.are.equal(0, code, msg)
    assert.are.equal(assert(diplomat.load(NORTHVALE)):encode(),
                     assert(diplomat.load(out)):encode())
  end)
end)
