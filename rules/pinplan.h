/* Deterministic CPU pin planner (seed Phase 4) from host facts.
 *
 * Physical cores: host CPUs with the same (socket, die, core) that list each
 * other as SMT siblings (capabilities without topology attributes, all 0,
 * thus give one core per CPU instead of one huge core). Cores are ordered by
 * their lowest CPU id. The host reserve is the first 2 cores with all their
 * threads; emulator and I/O threads go there.
 *
 * vCPUs go outside the reserve, one host CPU each:
 * - NUMA: the lowest-numbered node whose free CPUs hold every vCPU; if none
 *   does, nodes with the most free CPUs first (ties: lower id), each filled
 *   before the next.
 * - Guest threads t >= 2 (from <cpu><topology threads>) on an SMT host: each
 *   group of t consecutive vCPUs (the threads of one guest core) goes onto
 *   the first t threads of one host core: (0,1) -> (2,10), (2,3) -> (3,11).
 * - Otherwise (and for vCPUs left over): one vCPU per physical core first,
 *   then the second threads of those cores, and so on.
 * The same host, vcpus and threads always give the same plan.
 *
 * Encoding for XSLT parameters (gdn_pinplan_add_params):
 *   vcpupin      "0:2,1:10,2:3"  vCPU:hostCPU pairs, ascending vCPU, no spaces
 *   emulatorpin  "0-1,8-9"       libvirt cpuset of the reserve
 *   iothreadpin  "0-1,8-9"       same cpuset (pin each defined iothread there)
 *   nodeset      "0"             only on a multi-node host when every vCPU is
 *                                on one node: <numatune><memory mode='strict'
 *                                nodeset='N'/>; absent otherwise
 * A fix built from these replaces every <vcpupin> with the plan. */
#pragma once
#include "engine/finding.h"
#include "source/host.h"
#include <glib.h>

typedef struct {
    guint vcpus, threads;
    gboolean ok;         /* FALSE: too few host CPUs outside the reserve */
    char *reason;        /* why not ok, NULL when ok */
    GArray *vcpupin;     /* guint host CPU per vCPU (vcpus entries when ok, else empty) */
    GArray *reserve;     /* guint, sorted: host CPUs of the reserve */
    char *emulatorpin;   /* reserve as a cpuset string */
    char *iothreadpin;   /* reserve as a cpuset string */
    gint node;           /* NUMA node holding every vCPU, -1 if they span nodes or !ok */
    guint n_nodes;       /* host NUMA nodes */
    guint n_available;   /* host CPUs outside the reserve */
    gboolean smt;        /* some host core has more than one thread */
    GHashTable *core_of; /* private: host CPU id -> physical core index + 1 */
} GdnPinPlan;

/* Plans vcpus (>= 1) vCPUs with threads guest threads per core (0 = 1). */
GdnPinPlan *gdn_pinplan_new(const GdnHost *host, guint vcpus, guint threads);
void gdn_pinplan_free(GdnPinPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GdnPinPlan, gdn_pinplan_free)

/* Physical core index of a host CPU (order of lowest CPU id), or -1 if the
 * host has no such CPU. */
gint gdn_pinplan_core(const GdnPinPlan *plan, guint cpu);
gboolean gdn_pinplan_reserved(const GdnPinPlan *plan, guint cpu);
/* Groups of `threads` consecutive vCPUs whose pins (cpusets per vCPU, NULL
 * = unpinned) do not lie on one host physical core. Groups with an unpinned
 * vCPU or a CPU the host lacks are not counted. 0 when threads < 2. */
guint gdn_pinplan_split_groups(const GdnPinPlan *plan, GArray *const *pins, guint n_pins,
                               GString *which);
/* "0:2,1:10,..." (empty string when !ok). */
char *gdn_pinplan_vcpupin_string(const GdnPinPlan *plan);
/* Attaches vcpupin, emulatorpin, iothreadpin (and nodeset) to f; no-op when
 * f is NULL or the plan is not ok. */
void gdn_pinplan_add_params(const GdnPinPlan *plan, GdnFinding *f);
