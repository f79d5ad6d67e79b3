/* libvirt cpuset strings ("0-3,^2,8") as sorted arrays of CPU ids. */
#pragma once
#include <glib.h>

/* Returns a sorted, de-duplicated GArray of guint, or NULL if s is invalid. */
GArray *gdn_cpuset_parse(const char *s);
/* Same, NULL as well when the set (or its exclusions) would list more than
 * max ids: checked before expanding a range, so memory stays bounded. */
GArray *gdn_cpuset_parse_max(const char *s, guint max);
/* Formats ids as a compact cpuset ("0-1,8-9"). */
char *gdn_cpuset_format(const GArray *ids);
gboolean gdn_cpuset_contains(const GArray *ids, guint id);
