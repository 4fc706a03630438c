--- Text helpers shared by the report formats: escaping, numbers, labels.
--
-- Every string that comes from a system map (names, ids, labels, notes)
-- passes through one of the escapers before it reaches a report, so a
-- name such as `<script>` prints as text everywhere.
--
-- @module diplomat.report.text

local format, floor, abs = string.format, math.floor, math.abs
local ipairs, type, tostring = ipairs, type, tostring
local utf8len, utf8offset = utf8.len, utf8.offset

local M = {}

local HTML = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
               ['"'] = "&quot;", ["'"] = "&#39;" }

--- Escapes text for HTML and SVG, in element content and in attribute
-- values (quotes included).
-- @tparam string s
-- @treturn string
function M.html(s)
  return (tostring(s):gsub("[&<>\"']", HTML))
end

--- Escapes text for a Markdown table cell or paragraph: HTML's
-- characters as entities (Markdown passes raw HTML through), and the
-- characters Markdown gives a meaning (backslash, backtick, `*`, `_`,
-- `[`, `]`, `|`, `#`, `~`) with a backslash; line breaks become spaces.
-- @tparam string s
-- @treturn string
function M.markdown(s)
  s = tostring(s):gsub("[\r\n]+", " ")
  s = s:gsub("[&<>]", HTML)
  return (s:gsub("([\\`*_%[%]|#~])", "\\%1"))
end

--- A number for people: whole numbers without decimals, others with
-- `digits` decimals (default 2); nil prints as "–".
-- @tparam number|nil x
-- @tparam[opt=2] integer digits
-- @treturn string
function M.num(x, digits)
  if x == nil then return "–" end
  if x == floor(x) and abs(x) < 1e15 then return format("%d", x) end
  local s = format("%." .. (digits or 2) .. "f", x)
  if s:match("^%-0%.?0*$") then s = s:sub(2) end -- no "-0.00"
  return s
end

--- A number with exactly `digits` decimals (whole numbers too), for
-- table columns; nil prints as "–".
-- @tparam number|nil x
-- @tparam integer digits
-- @treturn string
function M.fixed(x, digits)
  if x == nil then return "–" end
  local s = format("%." .. digits .. "f", x)
  if s:match("^%-0%.?0*$") then s = s:sub(2) end
  return s
end

--- A share as a percentage, e.g. 0.257 -> "26%".
-- @tparam number x
-- @treturn string
function M.pct(x)
  return format("%.0f%%", 100 * x)
end

--- A coordinate for SVG: one decimal, no "-0.0".
-- @tparam number x
-- @treturn string
function M.coord(x)
  local s = format("%.1f", x)
  if s == "-0.0" then s = "0.0" end
  return s
end

--- The first `n` characters of `s` (counted in UTF-8 characters), cut
-- at a word boundary when one is near and ended with "…"; `s` itself
-- when it fits.  Invalid UTF-8 is cut by bytes.
-- @tparam string s
-- @tparam integer n at least 2
-- @treturn string
function M.truncate(s, n)
  local len = utf8len(s)
  if not len then
    if #s <= n then return s end
    return s:sub(1, n - 1) .. "…"
  end
  if len <= n then return s end
  local cut = s:sub(1, utf8offset(s, n) - 1) -- n - 1 characters
  local word = cut:match("^(.*%S)%s+%S*$")
  if word and utf8len(word) >= 0.6 * n then cut = word end
  cut = cut:gsub("[%s,;:%-–(]+$", "")
  return cut .. "…"
end

--- The number of characters in `s` (UTF-8 when valid, else bytes).
-- @tparam string s
-- @treturn integer
function M.length(s)
  return utf8len(s) or #s
end

--- Shorter forms of common public-service titles, tried in order when
-- a label is too long.
M.ABBREVIATIONS = {
  { "Chief Executive Officer", "CEO" }, { "Chief Executive", "CEO" },
  { "Director of Adult Social Services", "DASS" },
  { "Director of Public Health", "DPH" },
  { "Director of Children's Services", "DCS" },
  { "Integrated Care Partnership", "ICP" },
  { "Integrated Care Board", "ICB" }, { "Integrated Care System", "ICS" },
  { "Primary Care Network", "PCN" }, { "NHS Foundation Trust", "NHS FT" },
  { "Health and Wellbeing Board", "HWB" },
  { "Combined Authority", "CA" }, { "Adult Social Care", "ASC" },
  { "Voluntary and Community Sector", "VCS" },
  { "Voluntary Sector", "VCS" }, { "Cabinet Member for", "Cabinet:" },
  { "Department of", "Dept of" }, { " and ", " & " },
}

--- A short label for an actor: `attrs.label` or `attrs.short_name` when
-- set; otherwise the name without a trailing "(...)" aside (kept when it
-- is all there is), with the `ABBREVIATIONS` applied while it is longer
-- than `n` characters, then cut to `n`.
-- @tparam table actor as `sys:actor` returns it
-- @tparam[opt=28] integer n
-- @treturn string
function M.label(actor, n)
  n = n or 28
  local attrs = actor.attrs or {}
  local s = attrs.label or attrs.short_name
  if type(s) == "string" and s ~= "" then return M.truncate(s, n) end
  s = actor.name or actor.id
  local bare = s:match("^(.-)%s*%b()$")
  if bare and bare ~= "" then s = bare end
  for _, ab in ipairs(M.ABBREVIATIONS) do
    if M.length(s) <= n then break end
    s = s:gsub(ab[1]:gsub("%p", "%%%0"), (ab[2]:gsub("%%", "%%%%")))
  end
  return M.truncate(s, n)
end

--- A value of a field for people: "local_government" -> "Local
-- government"; "(none)" stays.
-- @tparam string s
-- @treturn string
function M.humane(s)
  s = tostring(s)
  if s:find("^%(") then return s end
  s = s:gsub("_", " ")
  return (s:gsub("^%l", string.upper))
end

return M
