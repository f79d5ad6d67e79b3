/* Rule pages (docs/rules/ID.md) embedded in the binary (core/resources.h). */
#pragma once
#include <glib.h>

/* The page text for a rule ID, or NULL if it has none. */
char *gdn_docs_rule_page(const char *id);
