-- Data safety: a save is atomic even when its writer is killed, load
-- refuses maps of a newer format, and the library never runs a shell.
--
-- The writer-killing spec runs a child lua5.4 (same LUA_PATH, LUA_CPATH
-- and, under make asan, the same preloaded sanitizer runtime) that saves
-- two large maps over one target in turn, and kills it with SIGKILL:
-- at random moments, and as soon as a temporary file shows that a save
-- is under way.  The target must then load as exactly one of the two
-- maps.  Expected values come from the maps built here.

local diplomat = require "diplomat"
local h = require "spec.helpers"
local shell_quote, run, new_tmpdir, remove_tree, write_file, listing =
  h.shell_quote, h.run, h.new_tmpdir, h.remove_tree, h.write_file, h.listing

local ROOT = debug.getinfo(1, "S").source:match("^@(.-)spec/[^/]*$") or ""

-- {====== Helpers ======

-- A map of n actors with about 8 ties each (a fixed linear congruential
-- sequence picks the ends), named `name`: about 1.1 MB of JSON for 1500.
local function big_map(name, n, salt)
  local sys = diplomat.new{ name = name }
  sys:add_layer{ id = "formal", directed = true }
  sys:add_layer{ id = "whatsapp", directed = false, informal = true }
  for i = 1, n do
    sys:add_actor{ id = "a" .. i, name = "Actor " .. i .. " of " .. name,
                   sector = i % 2 == 0 and "health" or "voluntary",
                   capability = (i * salt) % 17 }
  end
  local r = salt
  for i = 1, n do
    for _ = 1, 8 do
      r = (r * 1103515245 + 12345) % 2147483648
      local j = r % n + 1
      local layer = r % 3 == 0 and "whatsapp" or "formal"
      if j ~= i then
        sys:add_tie{ from = "a" .. i, to = "a" .. j, layer = layer,
                     weight = (r % 50 + 1) / 10, replace = true }
      end
    end
  end
  return sys
end

-- }======

describe("data safety", function()

  describe("a writer killed in the middle of a save", function()
    local dir, target, old, new

    setup(function()
      dir = new_tmpdir()
      target = dir .. "/map.json"
      old = big_map("old map", 1500, 7)
      new = big_map("new map", 1500, 11)
      assert(old:save(dir .. "/old.json"))
      assert(new:save(dir .. "/new.json"))
      write_file(dir .. "/writer.lua", [[
        local diplomat = require "diplomat"
        local target, dir = arg[1], arg[2]
        local a = assert(diplomat.load(dir .. "/new.json"))
        local b = assert(diplomat.load(dir .. "/old.json"))
        io.open(dir .. "/ready", "w"):close()
        while true do
          assert(a:save(target))
          assert(b:save(target))
        end
      ]])
    end)

    teardown(function()
      if dir then remove_tree(dir) end
    end)

    it("always leaves the target as the old map or the new one, whole; "
       .. "only its own temporary file (map.json.tmpXXXXXX) remains",
       function()
      local want = { [old:encode()] = "old", [new:encode()] = "new" }
      local leftovers, midsave_leftovers = 0, 0
      math.randomseed(20240611)
      for round = 1, 12 do
        assert(old:save(target))
        os.remove(dir .. "/ready")
        -- odd rounds: kill after a random delay of 0 to 0.3 s; even
        -- rounds: kill as soon as a temporary file exists (a save is
        -- between mkstemp and rename)
        local midsave = round % 2 == 0
        local wait = midsave and [[
          i=0
          while [ $i -lt 100000 ]; do
            set -- "$D"/map.json.tmp*
            [ -e "$1" ] && break
            i=$((i + 1))
          done]] or ("sleep %.3f"):format(math.random() * 0.3)
        local out = run(([[
          exec 2>&1
          D=%s
          lua5.4 "$D/writer.lua" "$D/map.json" "$D" &
          pid=$!
          n=0
          while [ ! -e "$D/ready" ] && [ $n -lt 3000 ]; do
            sleep 0.01; n=$((n + 1))
          done
          %s
          kill -9 $pid
          wait $pid
          echo "status $?"]]):format(shell_quote(dir), wait))
        -- 128 + 9: it was killed, not finished or failed
        assert.are.equal("status 137", out:match("status %d+"), out)
        local sys, err = diplomat.load(target)
        assert(sys, err)
        local which = want[sys:encode()]
        assert(which, "round " .. round .. ": the target is neither map")
        assert.is_true(sys:check())
        -- what a killed writer leaves: at most its one temporary file
        local extra = {}
        for _, name in ipairs(listing(dir)) do
          if not ({ ["map.json"] = 1, ["old.json"] = 1, ["new.json"] = 1,
                    ["writer.lua"] = 1, ready = 1 })[name] then
            extra[#extra + 1] = name
          end
        end
        assert(#extra <= 1, "more than one file left: "
          .. table.concat(extra, " "))
        for _, name in ipairs(extra) do
          assert(name:match("^map%.json%.tmp%w%w%w%w%w%w$"),
                 "unexpected file " .. name)
          leftovers = leftovers + 1
          if midsave then midsave_leftovers = midsave_leftovers + 1 end
          os.remove(dir .. "/" .. name)
        end
      end
      -- some kills landed inside a save (else this tested nothing)
      assert(midsave_leftovers > 0,
             "no kill landed inside a save: the spec tested nothing")
      assert(leftovers <= 12)
    end)
  end)

  describe("format versions", function()
    it("load refuses a map of a newer format and names the one it reads",
       function()
      local dir = new_tmpdir()
      local path = dir .. "/future.json"
      write_file(path, '{"format": "diplomat/2", "actors": [{"id": "a",'
        .. ' "influence": {"formal": 3}}]}\n')
      local sys, err = diplomat.load(path)
      remove_tree(dir)
      assert.is_nil(sys)
      assert.are.equal(path .. ': $.format: unsupported format '
        .. '"diplomat/2" (expected "diplomat/1")', err)
    end)
  end)

  describe("numbers beyond a double's range", function()
    -- A double holds magnitudes from about 4.9e-324 (subnormal) to
    -- 1.8e308 (IEEE 754 binary64): 1e-400 would read as 0 and 1e400 as
    -- infinity.  Both loaders refuse them, naming where; a subnormal
    -- number (4.9e-324) and a zero written any way (0.0e-999) are kept.
    it("CSV: refused with the file, row and column", function()
      local dir = new_tmpdir()
      -- row 5: "d," then "4.9e-324," (columns 3 to 11): -1E-999 at 12
      write_file(dir .. "/actors.csv", "id,capability,attrs.x\n"
        .. "a,1e-400,1\nb,2,1e400\nc,0.0e-999,0e5\nd,4.9e-324,-1E-999\n")
      local sys, err = diplomat.from_csv(dir)
      remove_tree(dir)
      assert.is_nil(sys)
      assert.are.equal(dir .. ": 3 problems in the system map:\n"
        .. dir .. "/actors.csv:2:3: capability: the number '1e-400' is too "
        .. "small to store (it would read as 0)\n"
        .. dir .. "/actors.csv:3:5: attrs.x: the number '1e400' is too "
        .. "large to store (for text, quote it or name the column "
        .. "attrs.x:string)\n"
        .. dir .. "/actors.csv:5:12: attrs.x: the number '-1E-999' is too "
        .. "small to store (it would read as 0) (for text, quote it or name "
        .. "the column attrs.x:string)", err)
    end)

    it("CSV: keeps subnormal numbers and zeros", function()
      local dir = new_tmpdir()
      write_file(dir .. "/actors.csv", "id,capability,attrs.x\n"
        .. "c,0.0e-999,0e5\nd,4.9e-324,1\n")
      local sys, err = diplomat.from_csv(dir)
      remove_tree(dir)
      assert(sys, err)
      assert.are.equal(0, sys:actor("c").capability)
      assert.are.equal(0, sys:actor("c").attrs.x)
      assert.are.equal(4.9e-324, sys:actor("d").capability)
      assert.is_true(sys:actor("d").capability > 0)
    end)

    it("JSON: refused with the line and column, or the path", function()
      local head = '{"format": "diplomat/1", "actors": [{"id": "a", '
      local sys, err = diplomat.decode(head .. '"capability": 1e-400}]}')
      assert.is_nil(sys)
      -- column 63: the head is 48 characters, '"capability": ' 14
      assert.are.equal("number 1e-400 at line 1, column 63 is too small "
        .. "to store (it would read as 0)", err)
      sys, err = diplomat.decode(head .. '"capability": 1e400}]}')
      assert.is_nil(sys)
      assert.are.equal("$.actors[0].capability: must be finite, not inf",
                       err)
      sys = assert(diplomat.decode(head .. '"capability": 4.9e-324, '
        .. '"attrs": {"x": 0.0e-999}}]}'))
      assert.are.equal(4.9e-324, sys:actor("a").capability)
      assert.are.equal(0, sys:actor("a").attrs.x)
    end)
  end)

  describe("reading files", function()
    -- Every loader reads regular files only, and at most max_bytes bytes
    -- of them (4 GiB unless given): a device or a pipe may never end,
    -- and reading one would fill the memory (diplomat.load("/dev/zero")
    -- did, before this check) or wait for a writer for ever.
    local NOT_REGULAR = ": cannot read: not a regular file (a device, pipe "
      .. "or socket, which may never end: maps are read from files)"
    local function too_big(path, max)
      return ("%s: cannot read: larger than the limit of %d bytes (raise "
        .. "it with the option max_bytes)"):format(path, max)
    end
    local GRAPHML = [[
<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<graph id="G" edgedefault="directed">
<node id="a"/><node id="b"/><edge source="a" target="b"/>
</graph>
</graphml>
]]
    local MAP = '{"format": "diplomat/1", "actors": [{"id": "a"}]}\n'
    local dir
    before_each(function() dir = new_tmpdir() end)
    after_each(function() remove_tree(dir) end)

    -- Each loader on path (options opts): its two results.
    local function loaders(path, opts)
      return {
        load = { diplomat.load(path, opts) },
        load_map = { diplomat.load_map(path, opts) },
        from_csv = { diplomat.from_csv({ actors = path }, opts) },
        from_graphml = { diplomat.from_graphml(path, opts) },
        load_result = { diplomat.load_result(path, opts) },
      }
    end

    it("refuses a device that never ends, at once", function()
      for name, r in pairs(loaders("/dev/zero")) do
        assert.is_nil(r[1], name)
        assert.are.equal("/dev/zero" .. NOT_REGULAR, r[2], name)
      end
    end)

    it("refuses a pipe without waiting for a writer", function()
      local fifo = dir .. "/pipe"
      assert(os.execute("mkfifo " .. shell_quote(fifo)))
      -- opening a pipe to read waits for a writer: a loader that did so
      -- would hang here
      for name, r in pairs(loaders(fifo)) do
        assert.is_nil(r[1], name)
        assert.are.equal(fifo .. NOT_REGULAR, r[2], name)
      end
    end)

    it("reads a file of max_bytes bytes and refuses one byte more",
       function()
      local json, graphml = dir .. "/map.json", dir .. "/map.graphml"
      local csv = dir .. "/actors.csv"
      write_file(json, MAP)
      write_file(graphml, GRAPHML)
      write_file(csv, "id,name\na,Anne\nb,Bea\n")
      -- the sizes, counted by hand: the texts above (MAP: 49 characters
      -- and a line feed; the CSV: lines of 8, 7 and 6 with their feeds)
      assert.are.equal(50, #MAP)
      assert.are.equal(21, #"id,name\na,Anne\nb,Bea\n")
      local n = #GRAPHML
      assert(diplomat.load(json, { max_bytes = 50 }))
      assert(diplomat.load_map(json, { max_bytes = 50 }))
      assert(diplomat.from_csv({ actors = csv }, { max_bytes = 21 }))
      assert(diplomat.from_csv(dir, { max_bytes = 50 }))
      assert(diplomat.from_graphml(graphml, { max_bytes = n }))
      local function refused(path, max, sys, err)
        assert.is_nil(sys)
        assert.are.equal(too_big(path, max), err)
      end
      refused(json, 49, diplomat.load(json, { max_bytes = 49 }))
      refused(json, 49, diplomat.load_map(json, { max_bytes = 49 }))
      refused(csv, 20, diplomat.from_csv({ actors = csv },
                                         { max_bytes = 20 }))
      -- a folder: the limit holds for each file (map.json is not read)
      refused(csv, 20, diplomat.from_csv(dir, { max_bytes = 20 }))
      refused(graphml, n - 1,
              diplomat.from_graphml(graphml, { max_bytes = n - 1 }))
      refused(json, 49, diplomat.load_result(json, { max_bytes = 49 }))
      -- read in full, load_result then says what it thinks of the text
      local r, err = diplomat.load_result(json, { max_bytes = 50 })
      assert.is_nil(r)
      assert.matches("not a scenario result", err, 1, true)
    end)

    it("refuses a file over 4 GiB unless max_bytes allows it", function()
      -- a sparse file: 4 GiB + 1 byte long, one byte on the disk
      local path = dir .. "/huge.json"
      local f = assert(io.open(path, "wb"))
      assert(f:seek("set", 4 * 1024 * 1024 * 1024))
      f:write("x")
      f:close()
      for name, r in pairs(loaders(path)) do
        assert.is_nil(r[1], name)
        assert.are.equal(too_big(path, 4294967296), r[2], name)
      end
    end)

    it("rejects max_bytes that is not a positive whole number", function()
      local path = dir .. "/map.json"
      write_file(path, MAP)
      local calls = {
        load = function(o) return diplomat.load(path, o) end,
        load_map = function(o) return diplomat.load_map(path, o) end,
        from_csv = function(o)
          return diplomat.from_csv({ actors = path }, o)
        end,
        from_graphml = function(o) return diplomat.from_graphml(path, o) end,
        load_result = function(o) return diplomat.load_result(path, o) end,
      }
      for name, call in pairs(calls) do
        for _, bad in ipairs{ 0, -1, 1.5, "10", math.huge, 2^63 } do
          local ok, err = pcall(call, { max_bytes = bad })
          assert.is_false(ok, name)
          assert.matches("bad argument #2 to '[%w_.]*" .. name
            .. "' %(max_bytes: must be a positive whole number of bytes%)",
            err)
        end
        local ok, err = pcall(call, { maxbytes = 10 })
        assert.is_false(ok, name)
        assert.matches("bad argument #2 to '[%w_.]*" .. name
          .. "' %(unknown field 'maxbytes'%)", err)
      end
    end)
  end)

  describe("GraphML import", function()
    it("reads no file an external entity names, and expands no entities",
       function()
      local dir = new_tmpdir()
      write_file(dir .. "/secret.txt", "SECRET-42")
      -- an external entity naming a local file, and nested internal
      -- entities (the "billion laughs" pattern, kept small here)
      write_file(dir .. "/map.graphml", ([[
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE graphml [
<!ENTITY xxe SYSTEM "file://%s/secret.txt">
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="k" for="node" attr.name="name" attr.type="string"/>
<key id="n" for="node" attr.name="note" attr.type="string"/>
<graph id="G" edgedefault="directed">
<node id="a"><data key="k">&xxe;</data><data key="n">x&lol2;y</data></node>
<node id="b"/>
<edge source="a" target="b"/>
</graph>
</graphml>
]]):format(dir))
      local sys, err = diplomat.from_graphml(dir .. "/map.graphml")
      remove_tree(dir)
      assert(sys, err)
      assert.is_nil(sys:encode():find("SECRET", 1, true))
      assert.is_nil(sys:encode():find("lol", 1, true))
      -- the entity's text is dropped: the name falls back to the id
      assert.are.equal("a", sys:actor("a").name)
    end)
  end)

  describe("every writer", function()
    -- Each way the module writes a file, as Lua source: the parent runs
    -- it, and so do child processes (a file size limit, a umask, two
    -- writers at once).  W[name](path, n) writes a bigger file for a
    -- bigger n and returns what the writer returns.
    local WRITERS = [[
      local diplomat = require "diplomat"
      local function map(n)
        local sys = diplomat.new{ name = "map of " .. n }
        sys:add_layer{ id = "f", directed = true }
        for i = 1, n do sys:add_actor{ id = "a" .. i } end
        for i = 2, n do
          sys:add_tie{ from = "a" .. (i - 1), to = "a" .. i, layer = "f" }
        end
        return sys
      end
      local W = {}
      W["System:save"] = function(p, n) return map(n):save(p) end
      for _, f in ipairs{ "graphml", "gexf", "dot" } do
        W["export " .. f] = function(p, n)
          return map(n):export(p, { format = f })
        end
      end
      W["report.save"] = function(p, n)
        return diplomat.report.save(map(n), p)
      end
      W["Result:save"] = function(p, n)
        local r = diplomat.scenario("s"):cut("f", 0.5):run(map(2),
          { runs = 10 * n, measure = function() return { n = n } end })
        return r:save(p)
      end
      W["core._write_file"] = function(p, n)
        return require("diplomat.core")._write_file(p, ("line\n"):rep(n))
      end
      return W
    ]]
    local EXT = { ["System:save"] = ".json", ["export graphml"] = ".graphml",
                  ["export gexf"] = ".gexf", ["export dot"] = ".dot",
                  ["report.save"] = ".md", ["Result:save"] = ".lua",
                  ["core._write_file"] = ".txt" }
    local W = assert(load(WRITERS))()
    local names = {}
    for name in pairs(W) do names[#names + 1] = name end
    table.sort(names)
    local dir

    before_each(function()
      dir = new_tmpdir()
      write_file(dir .. "/writers.lua", WRITERS)
    end)
    after_each(function()
      os.execute("chmod -R u+rwx " .. shell_quote(dir))
      remove_tree(dir)
    end)

    local function read_file(path)
      local f = assert(io.open(path, "rb"))
      local text = f:read("a")
      f:close()
      return text
    end

    local function mode(path)
      return run("stat -c %a " .. shell_quote(path)):gsub("%s+$", "")
    end

    -- Runs writer `name` in a child lua5.4 after the shell commands
    -- `pre`; returns what it printed: "true", or "nil <message>".
    local function child(pre, name, path, n)
      write_file(dir .. "/child.lua", ([[
        local W = dofile(%q)
        local ok, err = W[%q](%q, %d)
        io.write(tostring(ok), " ", tostring(err))
      ]]):format(dir .. "/writers.lua", name, path, n))
      return run(("%s; lua5.4 %s"):format(pre,
        shell_quote(dir .. "/child.lua")))
    end

    it("leaves only the target: no temporary file", function()
      for _, name in ipairs(names) do
        local path = dir .. "/out" .. EXT[name]
        assert(W[name](path, 3))
        assert(W[name](path, 5)) -- over an existing file too
        assert.are.same({ "out" .. EXT[name], "writers.lua" }, listing(dir),
                        name)
        os.remove(path)
      end
    end)

    it("fails with the path and the reason when the folder does not "
       .. "exist, and creates nothing", function()
      for _, name in ipairs(names) do
        local path = dir .. "/missing/out" .. EXT[name]
        local ok, err = W[name](path, 3)
        assert.is_nil(ok, name)
        assert.are.equal(path .. ": cannot write: No such file or directory",
                         err, name)
        assert.are.same({ "writers.lua" }, listing(dir), name)
      end
    end)

    it("fails, leaving the target as it was, when the target is a folder",
       function()
      for _, name in ipairs(names) do
        local path = dir .. "/out" .. EXT[name]
        os.execute("mkdir " .. shell_quote(path))
        local ok, err = W[name](path, 3)
        assert.is_nil(ok, name)
        assert.are.equal(path .. ": cannot write: Is a directory", err, name)
        assert.are.same({ "out" .. EXT[name], "writers.lua" }, listing(dir),
                        name)
        os.execute("rmdir " .. shell_quote(path))
      end
    end)

    it("never replaces a pipe (or a device or socket) at the target",
       function()
      for _, name in ipairs(names) do
        local path = dir .. "/out" .. EXT[name]
        os.execute("mkfifo " .. shell_quote(path))
        local ok, err = W[name](path, 3)
        assert.is_nil(ok, name)
        assert.are.equal(path .. ": cannot write: not a regular file (a "
          .. "device, pipe or socket is never replaced)", err, name)
        local kind = run("stat -c %A " .. shell_quote(path)):sub(1, 1)
        assert.are.equal("p", kind, name) -- still the pipe
        assert.are.same({ "out" .. EXT[name], "writers.lua" }, listing(dir),
                        name)
        os.remove(path)
      end
    end)

    it("fails in the middle of writing (file size limit), leaving the "
       .. "target as it was and no temporary file", function()
      -- the shell ignores SIGXFSZ so that write() fails with EFBIG;
      -- dash counts the limit in 512-byte blocks: 4 is 2 KiB
      for _, name in ipairs(names) do
        local path = dir .. "/out" .. EXT[name]
        assert(W[name](path, 2))
        local before = read_file(path)
        local out = child("trap '' XFSZ; ulimit -f 4", name, path, 2000)
        assert.are.equal("nil " .. path .. ": cannot write: File too large",
                         out, name)
        assert.are.equal(before, read_file(path), name)
        assert.are.same({ "child.lua", "out" .. EXT[name], "writers.lua" },
                        listing(dir), name)
        os.remove(path)
      end
    end)

    it("fails in a folder it may not write to, leaving the target as it "
       .. "was", function()
      -- root may write anywhere: then there is nothing to test here
      os.execute("chmod 555 " .. shell_quote(dir))
      local probe = io.open(dir .. "/probe", "wb")
      if probe then
        probe:close()
        os.remove(dir .. "/probe")
        return
      end
      for _, name in ipairs(names) do
        local path = dir .. "/out" .. EXT[name]
        os.execute("chmod 755 " .. shell_quote(dir))
        assert(W[name](path, 2))
        local before = read_file(path)
        os.execute("chmod 555 " .. shell_quote(dir))
        local ok, err = W[name](path, 3)
        assert.is_nil(ok, name)
        assert.are.equal(path .. ": cannot write: Permission denied", err,
                         name)
        assert.are.equal(before, read_file(path), name)
        assert.are.same({ "out" .. EXT[name], "writers.lua" }, listing(dir),
                        name)
        os.execute("chmod 755 " .. shell_quote(dir))
        os.remove(path)
      end
    end)

    it("keeps the mode of the file it replaces, and gives a new file "
       .. "0666 less the umask", function()
      for _, name in ipairs(names) do
        local path = dir .. "/out" .. EXT[name]
        assert.are.equal("true nil", child("umask 027", name, path, 2),
                         name)
        assert.are.equal("640", mode(path), name)
        os.execute("chmod 604 " .. shell_quote(path))
        assert.are.equal("true nil", child("umask 077", name, path, 3),
                         name)
        assert.are.equal("604", mode(path), name)
        os.remove(path)
      end
    end)

    it("lets two processes write the same file at once: every write "
       .. "succeeds and the file is one of theirs, whole", function()
      for _, name in ipairs(names) do
        local path = dir .. "/out" .. EXT[name]
        write_file(dir .. "/twice.lua", ([[
          local W = dofile(%q)
          for _ = 1, 30 do assert(W[%q](%q, tonumber(arg[1]))) end
          io.write("done")
        ]]):format(dir .. "/writers.lua", name, path))
        local out = run(([[
          D=%s
          lua5.4 "$D/twice.lua" 40 > "$D/a.out" 2>&1 &
          lua5.4 "$D/twice.lua" 60 > "$D/b.out" 2>&1 &
          wait
          cat "$D/a.out" "$D/b.out"; rm "$D/a.out" "$D/b.out"]]):format(
          shell_quote(dir)))
        assert.are.equal("donedone", out, name)
        assert.are.same({ "out" .. EXT[name], "twice.lua", "writers.lua" },
                        listing(dir), name)
        local text = read_file(path)
        local a, b = dir .. "/a" .. EXT[name], dir .. "/b" .. EXT[name]
        assert(W[name](a, 40) and W[name](b, 60))
        assert(text == read_file(a) or text == read_file(b),
               name .. ": the file is neither write")
        os.remove(path)
        os.remove(a)
        os.remove(b)
      end
    end)
  end)

  describe("an export", function()
    it("refuses text that is not UTF-8, naming where, and writes nothing",
       function()
      -- XML readers stop at the first byte that is not UTF-8 (libxml2:
      -- "Input is not proper UTF-8"), so the file would not read back;
      -- a map may hold such bytes (load keeps them as they are)
      local dir = new_tmpdir()
      local sys = diplomat.new{}
      sys:add_layer{ id = "l\xff" }
      sys:add_actor{ id = "caf\xe9" }
      sys:add_actor{ id = "b", name = "Caf\xe9",
                     attrs = { k = "\xc0\x80" } } -- an overlong NUL
      for _, f in ipairs{ "GraphML", "GEXF", "DOT" } do
        local path = dir .. "/x." .. f:lower()
        local ok, err = sys:export(path)
        assert.is_nil(ok)
        assert.are.equal(path .. ": cannot write: 4 problems in the system "
          .. "map:\n"
          .. "layer 1: its id is not valid UTF-8 (at byte 2); " .. f
          .. " text must be\n"
          .. "actor 1: its id is not valid UTF-8 (at byte 4); " .. f
          .. " text must be\n"
          .. "actor 'b': name is not valid UTF-8 (at byte 4); " .. f
          .. " text must be\n"
          .. "actor 'b': attribute 'k' is not valid UTF-8 (at byte 1); " .. f
          .. " text must be", err)
      end
      assert.are.same({}, listing(dir))
      remove_tree(dir)
    end)
  end)

  describe("a CSV export", function()
    local CSV_FILES = require("diplomat.interchange").CSV_FILES
    it("writes all six files or none", function()
      local dir = new_tmpdir()
      local sys = assert(diplomat.load(ROOT .. "examples/data/northvale.json"))
      local small = diplomat.new{ name = "small" }
      small:add_actor{ id = "only" }
      assert(small:export(dir .. "/csv", { format = "csv" }))
      local before = {}
      for _, f in ipairs(CSV_FILES) do
        before[f] = io.open(dir .. "/csv/" .. f, "rb"):read("a")
      end
      -- ties.csv, the fifth file, cannot be replaced: nothing changes
      os.remove(dir .. "/csv/ties.csv")
      os.execute("mkdir " .. shell_quote(dir .. "/csv/ties.csv"))
      local ok, err = sys:export(dir .. "/csv", { format = "csv" })
      assert.is_nil(ok)
      assert.are.equal(dir .. "/csv/ties.csv: cannot write: Is a directory",
                       err)
      for _, f in ipairs(CSV_FILES) do
        if f ~= "ties.csv" then
          assert.are.equal(before[f],
                           io.open(dir .. "/csv/" .. f, "rb"):read("a"), f)
        end
      end
      assert.are.same({ "actors.csv", "issues.csv", "layers.csv",
                        "positions.csv", "system.csv", "ties.csv" },
                      listing(dir .. "/csv"))
      remove_tree(dir)
    end)
  end)

  describe("the command line", function()
    local cli = require "diplomat.cli"
    local NORTHVALE = ROOT .. "examples/data/northvale.json"

    -- Runs `diplomat args...` in this process; returns the exit code and
    -- what it wrote to stderr.
    local function diplomat_cli(...)
      local parts = {}
      local sink = { write = function(self, ...)
        for i = 1, select("#", ...) do parts[#parts + 1] = select(i, ...) end
        return self
      end }
      local code = cli.main({ ... }, { write = function(self) return self end },
                            sink)
      return code, table.concat(parts)
    end

    local function read_file(path)
      local f = assert(io.open(path, "rb"))
      local text = f:read("a")
      f:close()
      return text
    end

    it("never overwrites an existing output without --force", function()
      local dir = new_tmpdir()
      local cases = {
        { "convert", NORTHVALE, dir .. "/out.json" },
        { "convert", NORTHVALE, dir .. "/out.graphml" },
        { "convert", NORTHVALE, dir .. "/out.gexf" },
        { "convert", NORTHVALE, dir .. "/out.dot" },
        { "report", NORTHVALE, "-o", dir .. "/out.md" },
        { "report", NORTHVALE, "-o", dir .. "/out.html" },
      }
      for _, args in ipairs(cases) do
        local out = args[#args]
        write_file(out, "precious\n")
        local code, msg = diplomat_cli(table.unpack(args))
        assert.are.equal(2, code, msg)
        assert.are.equal(("diplomat %s: %s exists (use --force to "
          .. "overwrite)\n"):format(args[1], out), msg)
        assert.are.equal("precious\n", read_file(out))
        -- with --force it is replaced
        args[#args + 1] = "--force"
        args[#args + 1] = "--quiet"
        code, msg = diplomat_cli(table.unpack(args))
        assert.are.equal(0, code, msg)
        assert.are_not.equal("precious\n", read_file(out))
      end
      -- a CSV map is a folder: in the way when it holds a map file
      os.execute("mkdir " .. shell_quote(dir .. "/csv"))
      write_file(dir .. "/csv/actors.csv", "precious\n")
      local code, msg = diplomat_cli("convert", NORTHVALE, dir .. "/csv")
      assert.are.equal(2, code, msg)
      assert.are.equal("precious\n", read_file(dir .. "/csv/actors.csv"))
      remove_tree(dir)
    end)
  end)

  describe("the library", function()
    -- every file of the library proper: the Lua modules, the runner and
    -- the C core (specs, examples and build scripts may use a shell)
    local function library_files()
      local files = {}
      for path in run("cd " .. shell_quote(ROOT ~= "" and ROOT or ".")
          .. " && find lua bin csrc -type f \\( -name '*.lua' -o -name "
          .. "'*.c' -o -name '*.h' -o -path 'bin/*' \\) | sort")
          :gmatch("[^\n]+") do
        files[#files + 1] = path
      end
      return files
    end

    local function read(path)
      local f = assert(io.open(ROOT .. path, "rb"))
      local s = f:read("a")
      f:close()
      return s
    end

    it("never runs a shell or another program", function()
      local files = library_files()
      assert(#files > 20, "found only " .. #files .. " files")
      local banned = {
        lua = { "os%.execute", "io%.popen", "os%.exit%s*%(%s*[^)]",
                "package%.loadlib" },
        -- C: calls as written in this code base, name( with no space
        c = { "[^%w_]system%(", "[^%w_]popen%(", "[^%w_]exec[lv]p?e?%(",
              "[^%w_]fork%(", "[^%w_]posix_spawnp?%(", "[^%w_]dlopen%(" },
      }
      for _, path in ipairs(files) do
        local text = "\n" .. read(path) -- a boundary before line 1
        local kind = path:match("%.[ch]$") and "c" or "lua"
        if kind == "c" then
          -- comments may mention these words
          text = text:gsub("/%*.-%*/", " ")
        else
          text = text:gsub("%-%-[^\n]*", " ")
        end
        for _, pattern in ipairs(banned[kind]) do
          -- the CLI runner exits with its status: that is its job
          if not (path == "bin/diplomat" and pattern:match("os%%.exit")) then
            assert(not text:find(pattern),
                   path .. " matches " .. pattern)
          end
        end
      end
    end)
  end)
end)
