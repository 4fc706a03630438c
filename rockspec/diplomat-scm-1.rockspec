-- LuaRocks builds the same module as the Makefile, offline, against the
-- system igraph, cJSON and libxml2 (Debian: libigraph-dev, libcjson-dev,
-- libxml2-dev).
--   luarocks --lua-version 5.4 make rockspec/diplomat-scm-1.rockspec
rockspec_format = "3.0"
package = "diplomat"
version = "scm-1"
source = {
   url = "git+file:///dev/null", -- built from a checkout with `luarocks make`
}
description = {
   summary = "System diplomacy: map, analyse and negotiate complex public-service systems",
   detailed = [[
diplomat analyses complex public services (health and care, councils,
charities, elected members, frontline staff) as plural systems of actors,
formal and informal channels, issues and positions. The heavy computation
is C (igraph, cJSON, libxml2); analysts script in Lua.
]],
   license = "MIT",
   labels = { "network", "policy", "negotiation" },
}
dependencies = {
   "lua >= 5.4, < 5.5",
}
external_dependencies = {
   IGRAPH = { header = "igraph/igraph.h", library = "igraph" },
   CJSON = { header = "cjson/cJSON.h", library = "cjson" },
   LIBXML2 = { header = "libxml2/libxml/xmlwriter.h", library = "xml2" },
}
build = {
   type = "builtin",
   modules = {
      ["diplomat"] = "lua/diplomat/init.lua",
      ["diplomat.summary"] = "lua/diplomat/summary.lua",
      ["diplomat.cli"] = "lua/diplomat/cli.lua",
      ["diplomat.softpower"] = "lua/diplomat/softpower.lua",
      ["diplomat.scenario"] = "lua/diplomat/scenario.lua",
      ["diplomat.compare"] = "lua/diplomat/compare.lua",
      ["diplomat.report"] = "lua/diplomat/report/init.lua",
      ["diplomat.report.data"] = "lua/diplomat/report/data.lua",
      ["diplomat.report.html"] = "lua/diplomat/report/html.lua",
      ["diplomat.report.json"] = "lua/diplomat/report/json.lua",
      ["diplomat.report.markdown"] = "lua/diplomat/report/markdown.lua",
      ["diplomat.report.svg"] = "lua/diplomat/report/svg.lua",
      ["diplomat.report.text"] = "lua/diplomat/report/text.lua",
      ["diplomat.interchange"] = "lua/diplomat/interchange.lua",
      ["diplomat.core"] = {
         sources = {
            "csrc/agendas.c",
            "csrc/bargain.c",
            "csrc/boundary.c",
            "csrc/brokerage.c",
            "csrc/centrality.c",
            "csrc/coalition.c",
            "csrc/community.c",
            "csrc/coreness.c",
            "csrc/csv.c",
            "csrc/csvmap.c",
            "csrc/csvwrite.c",
            "csrc/dynamics.c",
            "csrc/errors.c",
            "csrc/eu_model.c",
            "csrc/exchange.c",
            "csrc/export.c",
            "csrc/files.c",
            "csrc/generate.c",
            "csrc/graph.c",
            "csrc/graphml.c",
            "csrc/holes.c",
            "csrc/index.c",
            "csrc/json.c",
            "csrc/jsonwrite.c",
            "csrc/layout.c",
            "csrc/lua_agendas.c",
            "csrc/lua_box.c",
            "csrc/lua_brokerage.c",
            "csrc/lua_coalition.c",
            "csrc/lua_community.c",
            "csrc/lua_coreness.c",
            "csrc/lua_csv.c",
            "csrc/lua_dynamics.c",
            "csrc/lua_exchange.c",
            "csrc/lua_export.c",
            "csrc/lua_forecast.c",
            "csrc/lua_game.c",
            "csrc/lua_generate.c",
            "csrc/lua_holes.c",
            "csrc/lua_json.c",
            "csrc/lua_jsonvalue.c",
            "csrc/lua_layout.c",
            "csrc/lua_memory.c",
            "csrc/lua_network.c",
            "csrc/lua_paths.c",
            "csrc/lua_power.c",
            "csrc/lua_progress.c",
            "csrc/lua_query.c",
            "csrc/lua_scenario.c",
            "csrc/lua_system.c",
            "csrc/module.c",
            "csrc/myerson.c",
            "csrc/paths.c",
            "csrc/perturb.c",
            "csrc/power.c",
            "csrc/powercount.c",
            "csrc/powersample.c",
            "csrc/problems.c",
            "csrc/progress.c",
            "csrc/rng.c",
            "csrc/scenario.c",
            "csrc/system.c",
            "csrc/textbuf.c",
            "csrc/watch.c",
            "csrc/xmlwrite.c",
         },
         defines = { "_POSIX_C_SOURCE=200809L" },
         incdirs = {
            "$(IGRAPH_INCDIR)/igraph", "$(LIBXML2_INCDIR)/libxml2",
            "$(CJSON_INCDIR)/cjson",
         },
         libdirs = { "$(IGRAPH_LIBDIR)", "$(CJSON_LIBDIR)",
                     "$(LIBXML2_LIBDIR)" },
         libraries = { "igraph", "cjson", "xml2", "pthread" },
      },
   },
   install = {
      bin = { diplomat = "bin/diplomat" },
   },
}
test = {
   type = "command",
   command = "make test",
}
