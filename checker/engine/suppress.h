/* Suppressions that live in the document or the config: a <metadata>
 * element in guardian's namespace (survives virsh define/dumpxml), an XML
 * comment "guardian-ignore: ID[,ID] reason" right before an element, and the
 * config's per-path ignores. Suppressed findings are marked, not dropped. */
#pragma once
#include "source/config.h"
#include "core/document.h"
#include "engine/finding.h"

#define GDN_XMLNS "https://guardian-virt.dev/xmlns/guardian/1"

/* Marks findings[first..] suppressed by the document's metadata or comments. */
void gdn_suppress_in_doc(const GdnDoc *doc, GPtrArray *findings, guint first);
/* Marks findings[first..] of file suppressed by config per-path ignores. */
void gdn_suppress_paths(const GdnConfig *config, const char *file, GPtrArray *findings,
                        guint first);
