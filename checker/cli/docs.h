/* Rule pages, as `guardian explain` and SARIF's help show them. */
#pragma once
#include "engine/rule.h"
#include <glib.h>

/* The rule's page in Markdown: Impact and Fix say the rule table's text
 * (the one source of both), followed by any detail the rule's page source
 * docs/rules/ID.md (embedded in the binary, core/resources.h) adds under
 * those headings; Why, Sources and other sections come from the page source. */
char *gdn_docs_rule_page(const GdnRule *rule);
