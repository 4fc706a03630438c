--- The report's content as JSON text.
--
-- The content table of `diplomat.report.data`, encoded by cJSON through
-- `diplomat.core.json_encode`: object keys in byte order, numbers with
-- the fewest digits that read back exactly, indented with tabs.  Same
-- system, options and seed: the same bytes.
--
-- @module diplomat.report.json

local core = require "diplomat.core"

local M = {}

--- Encodes the report content `d`.
-- @tparam table d from `diplomat.report.data.build`
-- @treturn string JSON text ending with a newline
function M.render(d)
  return core.json_encode(d, { pretty = true }) .. "\n"
end

return M
