-- The HTML report in a real browser: headless Chromium (Debian's
-- `chromium`, installed by `make deps-browser`) loads the report, and the
-- DOM it builds (--dump-dom) and what it logs (--enable-logging=stderr:
-- console messages and Content-Security-Policy violations appear as
-- "CONSOLE" lines) are checked.
--
-- Without chromium the specs are pending, with a message saying how to
-- install it; in CI (CI=true) they fail instead, so the check is never
-- skipped silently there.
local diplomat = require "diplomat"
local h = require "spec.helpers"
local shell_quote = h.shell_quote

local NORTHVALE = "examples/data/northvale.json"
local CHROMIUM = os.getenv("CHROMIUM") or "chromium"
local FLAGS = "--headless --no-sandbox --disable-gpu --no-first-run "
  .. "--disable-background-networking --disable-component-update "
  .. "--disable-sync --enable-logging=stderr --v=0"

local function run(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok, _, code = p:close()
  return out, ok, code
end

local function have_chromium()
  local _, ok = run("command -v " .. shell_quote(CHROMIUM)
    .. " >/dev/null 2>&1")
  return ok
end

local function readfile(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function writefile(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function count(s, plain)
  local n, i = 0, 1
  while true do
    local j = s:find(plain, i, true)
    if not j then return n end
    n, i = n + 1, j + #plain
  end
end

-- The "CONSOLE" lines of chromium's log.
local function console_lines(log)
  local out = {}
  for line in log:gmatch("[^\n]+") do
    if line:find(":CONSOLE", 1, true) then out[#out + 1] = line end
  end
  return out
end

describe("the HTML report in headless Chromium", function()
  local dir, available

  setup(function()
    available = have_chromium()
    dir = (run("mktemp -d")):gsub("%s+$", "")
  end)
  teardown(function() os.execute("rm -rf " .. shell_quote(dir)) end)

  -- Skips (pending) without chromium outside CI; fails in CI.
  local function need_chromium()
    if available then return true end
    local msg = ("chromium not found (%s): run `make deps-browser` to "
      .. "install it"):format(CHROMIUM)
    if os.getenv("CI") == "true" then error(msg .. " (required in CI)") end
    pending(msg)
    return false
  end

  -- Loads `html` in a fresh profile; returns the serialised DOM and the
  -- browser's log.  The sanitizer runtime preloaded by `make asan` is
  -- kept out of the browser's environment.
  local n = 0
  local function load(html)
    n = n + 1
    local page = ("%s/page%d.html"):format(dir, n)
    local profile = ("%s/profile%d"):format(dir, n)
    local log = ("%s/log%d.txt"):format(dir, n)
    writefile(page, html)
    local cmd = ("env -u LD_PRELOAD -u ASAN_OPTIONS -u LSAN_OPTIONS "
      .. "-u UBSAN_OPTIONS timeout 120 %s %s --user-data-dir=%s --dump-dom "
      .. "%s 2>%s"):format(shell_quote(CHROMIUM), FLAGS,
      shell_quote(profile), shell_quote("file://" .. page), shell_quote(log))
    local dom, ok, code = run(cmd)
    assert(ok, ("chromium failed (exit %s): %s"):format(tostring(code),
      readfile(log)))
    return dom, readfile(log)
  end

  it("notices console messages (the check itself works)", function()
    if not need_chromium() then return end
    local dom, log = load('<!DOCTYPE html><html><body><p id="x">hi</p>'
      .. '<script>console.error("report-check")</script></body></html>')
    assert.truthy(dom:find('<p id="x">hi</p>', 1, true))
    local lines = console_lines(log)
    assert.are.equal(1, #lines)
    assert.truthy(lines[1]:find("report-check", 1, true))
  end)

  it("renders the Northvale report: one mark per actor, no console message",
     function()
    if not need_chromium() then return end
    local sys = assert(diplomat.load(NORTHVALE))
    local dom, log = load(diplomat.report.html(sys))
    assert.are.same({}, console_lines(log))
    -- the network picture as the browser built it
    local i = dom:find('<svg class="chart network"', 1, true)
    assert.truthy(i, "no network picture in the rendered DOM")
    local net = dom:sub(i, dom:find("</svg>", i, true))
    assert.are.equal(#sys, count(net, '<circle class="actor"'))
    for _, id in ipairs(sys:actor_ids()) do
      assert.are.equal(1, count(net, 'data-id="' .. id .. '"'), id)
    end
    -- every section arrived, and no script made it into the page
    for _, id in ipairs{ "summary", "network", "soft_power", "brokers",
                         "power", "positions", "power_interest", "notes" } do
      assert.truthy(dom:find('id="' .. id .. '"', 1, true), id)
    end
    assert.are.equal(0, count(dom, "<script"))
  end)

  it("keeps hostile names as text: nothing runs, nothing is fetched",
     function()
    if not need_chromium() then return end
    local s = diplomat.new{ name = "<script>console.error('t')</script>" }
    s:add_layer{ id = "chat", informal = true }
    s:add_actor{ id = "a", name = "<img src=x onerror=console.error(1)>" }
    s:add_actor{ id = "<b>", name = "</title><script>console.error(2)"
      .. "</script>" }
    s:add_tie{ from = "a", to = "<b>", layer = "chat" }
    local dom, log = load(diplomat.report.html(s))
    assert.are.same({}, console_lines(log))
    assert.are.equal(0, count(dom, "<script"))
    assert.are.equal(0, count(dom, "<img"))
    local i = dom:find('<svg class="chart network"', 1, true)
    local net = dom:sub(i, dom:find("</svg>", i, true))
    assert.are.equal(2, count(net, '<circle class="actor"'))
    assert.truthy(dom:find("&lt;img src=x onerror=console.error(1)&gt;", 1,
      true))
  end)
end)
