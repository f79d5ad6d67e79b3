/* Every rule module, in the order rules/module_list.h lists them. */
#pragma once
#include "engine/rule.h"

guint gdn_registry_n_modules(void);
const GdnModule *gdn_registry_module(guint i);
/* Finds a rule by ID or name (case-insensitive); module_out may be NULL. */
const GdnRule *gdn_registry_find_rule(const char *id_or_name, const GdnModule **module_out);
