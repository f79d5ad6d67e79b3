/* Every rule module, in the order rules/module_list.h lists them. */
#pragma once
#include "engine/rule.h"

guint gdn_registry_n_modules(void);
const GdnModule *gdn_registry_module(guint i);
/* Finds a rule by ID or name (case-insensitive); module_out may be NULL. */
const GdnRule *gdn_registry_find_rule(const char *id_or_name, const GdnModule **module_out);
/* A rule's tags, each once: its module, its own tags ("seed", "upstream")
 * and "host" when it needs host facts. --select matches these; `rules`,
 * `explain` and SARIF show them. */
GStrv gdn_rule_tags(const GdnModule *module, const GdnRule *rule);
