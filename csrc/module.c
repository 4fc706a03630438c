/*
** module.c — registration only: luaopen_diplomat_core builds the
** metatables and applies each family's luaL_Reg table.
*/
#include "binding.h"

#if defined(__GNUC__)
#define DIP_EXPORT __attribute__((visibility("default")))
#else
#define DIP_EXPORT
#endif

DIP_EXPORT int luaopen_diplomat_core(lua_State *L);

DIP_EXPORT int luaopen_diplomat_core(lua_State *L) {
  dip_errors_install(L); /* also installs igraph's handlers, once */
  dip_box_register(L);
  luaL_newmetatable(L, DIP_SYSTEM_MT);
  luaL_setfuncs(L, dip_system_meta, 0);
  lua_newtable(L);                         /* the methods table */
  luaL_setfuncs(L, dip_system_methods, 0);
  luaL_setfuncs(L, dip_query_methods, 0);
  luaL_setfuncs(L, dip_json_methods, 0);
  luaL_setfuncs(L, dip_network_methods, 0);
  luaL_setfuncs(L, dip_holes_methods, 0);
  luaL_setfuncs(L, dip_brokerage_methods, 0);
  luaL_setfuncs(L, dip_coreness_methods, 0);
  luaL_setfuncs(L, dip_community_methods, 0);
  luaL_setfuncs(L, dip_paths_methods, 0);
  luaL_setfuncs(L, dip_power_methods, 0);
  luaL_setfuncs(L, dip_coalition_methods, 0);
  luaL_setfuncs(L, dip_agendas_methods, 0);
  luaL_setfuncs(L, dip_exchange_methods, 0);
  luaL_setfuncs(L, dip_dynamics_methods, 0);
  luaL_setfuncs(L, dip_forecast_methods, 0);
  luaL_setfuncs(L, dip_layout_methods, 0);
  luaL_setfuncs(L, dip_export_methods, 0);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__index");          /* mt.__index = methods */
  lua_newtable(L);                         /* the module */
  luaL_setfuncs(L, dip_system_functions, 0);
  luaL_setfuncs(L, dip_json_functions, 0);
  luaL_setfuncs(L, dip_errors_functions, 0);
  luaL_setfuncs(L, dip_forecast_functions, 0);
  luaL_setfuncs(L, dip_scenario_functions, 0);
  luaL_setfuncs(L, dip_generate_functions, 0);
  luaL_setfuncs(L, dip_jsonvalue_functions, 0);
  luaL_setfuncs(L, dip_csv_functions, 0);
  luaL_setfuncs(L, dip_export_functions, 0);
  luaL_setfuncs(L, dip_progress_functions, 0);
  luaL_setfuncs(L, dip_memory_functions, 0);
  lua_pushvalue(L, -2);
  lua_setfield(L, -2, "System");           /* module.System = methods */
  lua_pushliteral(L, DIP_VERSION);
  lua_setfield(L, -2, "version");
  return 1;
}
