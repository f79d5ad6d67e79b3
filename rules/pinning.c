/* PIN: vCPU, emulator and NUMA pinning (seed Phase 4). The plan that fixes
 * re-pinning comes from rules/pinplan.h; without host facts those fixes
 * are advice only. */
#include "core/cpuset.h"
#include "rules/pinplan.h"
#include "engine/rule.h"
#include "core/xmlq.h"

static const GdnRule rules[] = {
    {.id = "PIN001",
     .name = "vcpupin-missing",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "pin every vCPU to its own host CPU with <cputune><vcpupin>",
     .fix_text = "with host facts: add a sibling-aware <vcpupin> plan outside the host reserve "
                 "and <emulatorpin> on the reserve",
     .impact = "performance.md matrix: CPU steal time >5% -> -90% steal time"},
    {.id = "PIN002",
     .name = "vcpupin-partial",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "every vCPU needs a <vcpupin>, not only some of them",
     .fix_text = "with host facts: replace the <vcpupin> elements with a complete plan",
     .impact = "performance.md matrix: CPU steal time >5% -> -90% steal time (unpinned vCPUs still "
               "float)"},
    {.id = "PIN003",
     .name = "vcpupin-out-of-range",
     .severity = GDN_SEV_ERROR,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "a <vcpupin vcpu=N> must name a vCPU below the <vcpu> count",
     .fix_text = "remove the <vcpupin> of the non-existent vCPU",
     .impact = "libvirt silently drops it: the file says more than the VM does"},
    {.id = "PIN004",
     .name = "vcpupin-reserved",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .needs_host = TRUE,
     .summary = "vCPUs belong outside the host reserve (first 2 cores) and on CPUs the host has",
     .fix_text = "re-plan the vCPU pins outside the host reserve",
     .impact =
         "performance.md: the host needs 2 physical cores of its own; a CPU the host lacks makes "
         "the pin fail"},
    {.id = "PIN005",
     .name = "emulatorpin",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "pin the emulator threads with <emulatorpin>, away from the vCPUs' host CPUs",
     .fix_text = "with host facts: set <emulatorpin cpuset=...> to the host reserve",
     .impact = "performance.md: emulator threads on the reserved cores do not steal vCPU time"},
    {.id = "PIN006",
     .name = "vcpupin-shared",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "each vCPU needs a host CPU of its own: no two vCPUs forced onto one host CPU",
     .fix_text = "with host facts: re-plan the vCPU pins, one host CPU each",
     .impact = "vCPUs time-share one host CPU: cache thrashing and steal time"},
    {.id = "PIN007",
     .name = "smt-siblings",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .needs_host = TRUE,
     .summary = "with guest threads=2, each vCPU pair (one guest core) belongs on one host core's "
                "SMT sibling pair",
     .fix_text = "re-plan the vCPU pins so each guest core sits on one host core",
     .impact = "performance.md: -15-25% cache thrashing"},
    {.id = "PIN008",
     .name = "numa-locality",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .needs_host = TRUE,
     .summary = "on a multi-node host, keep the vCPUs on one NUMA node and bind memory there "
                "with <numatune><memory mode='strict' nodeset=N/>",
     .fix_text = "re-plan onto one node and set <numatune><memory mode='strict' nodeset=N/>",
     .impact = "performance.md: local memory; remote NUMA accesses cost latency and bandwidth"},
    {.id = "PIN009",
     .name = "vcpus-exceed-host",
     .severity = GDN_SEV_WARNING,
     .tags = "seed",
     .fix = GDN_FIX_NONE,
     .needs_host = TRUE,
     .summary = "the vCPU count must fit the host CPUs outside the reserve",
     .fix_text = "lower <vcpu> or use a larger host",
     .impact = "overcommit: vCPUs share host CPUs with each other or with the host"},
    {.id = "PIN010",
     .name = "iothreadpin-missing",
     .severity = GDN_SEV_INFO,
     .tags = "seed",
     .fix = GDN_FIX_SAFE,
     .summary = "with pinned vCPUs, pin every I/O thread with <iothreadpin>, away from the "
                "vCPUs' host CPUs",
     .fix_text = "with host facts: add <iothreadpin iothread=N cpuset=...> on the host reserve",
     .impact =
         "performance.md: an unpinned I/O thread floats over the vCPUs' host CPUs and steals their "
         "time"},
    {.id = "PIN050",
     .name = "guest-numa-missing",
     .severity = GDN_SEV_WARNING,
     .tags = "upstream",
     .fix = GDN_FIX_NONE,
     .needs_host = TRUE,
     .summary = "a guest with more vCPUs than one host NUMA node has CPUs needs a guest NUMA "
                "topology that mirrors the host nodes it spans",
     .fix_text = "none: add one <cpu><numa><cell> per host node spanned (vCPUs and memory split "
                 "evenly), sockets = cells, and <numatune><memnode cellid=i nodeset=node/>",
     .impact = "upstream: without guest NUMA cells the guest cannot place memory near its "
               "vCPUs; remote accesses cost latency and bandwidth (RHEL/libvirt NUMA tuning)"},
};

/* Parsed CPU ids per document are bounded so hostile cpusets cannot blow up. */
#define MAX_PIN_CPUS (1u << 20)
/* PIN006's matching is skipped beyond these (no real domain comes close). */
#define MAX_MATCH_VCPUS 4096
#define MAX_MATCH_EDGES (1u << 18)

typedef struct {
    const GdnFacts *f;
    const GdnHost *host;
    GdnPinPlan *plan;   /* NULL without host facts */
    xmlNodePtr where;   /* <cputune>, else <vcpu> (what needs pinning), else the root */
    guint n_vcpupin;    /* every <vcpupin> element */
    guint n_named;      /* vCPUs < vcpus named by a <vcpupin> */
    guint n_pinned;     /* those whose cpuset could be analysed */
    GArray **pins;      /* per vCPU: host CPUs, NULL = unpinned or not analysed */
    xmlNodePtr *nodes;  /* per vCPU: its <vcpupin>, NULL = none */
    gboolean replanned; /* some finding carries the whole plan */
    gboolean projected; /* plan made for the threads CPU002's fix adds */
} Ctx;

static void ctx_clear(Ctx *c)
{
    for (guint v = 0; v < c->f->vcpus; v++)
        if (c->pins[v])
            g_array_unref(c->pins[v]);
    g_free(c->pins);
    g_free(c->nodes);
    gdn_pinplan_free(c->plan);
}

/* Attaches the re-plan to f, or makes f advice-only when there is none. */
static void replan(Ctx *c, GdnFinding *f)
{
    if (c->plan && c->plan->ok) {
        gdn_pinplan_add_params(c->plan, f);
        c->replanned = c->replanned || f != NULL;
    } else {
        gdn_finding_set_fix(f, GDN_FIX_NONE);
    }
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

static char *vcpu_list(GArray *ids)
{
    return gdn_cpuset_format(ids);
}

/* Upper bound of the CPUs a cpuset string names, without building it, so
 * that a hostile file cannot make us expand thousands of 0-65535 ranges. */
static guint64 cpuset_bound(const char *s)
{
    guint64 n = 0, lo = 0, cur = 0;
    gboolean in_num = FALSE, range = FALSE;
    for (const char *p = s ? s : "";; p++) {
        if (g_ascii_isdigit(*p)) {
            cur = MIN(cur * 10 + (guint64)(*p - '0'), G_MAXUINT32);
            in_num = TRUE;
            continue;
        }
        if (in_num && *p == '-') {
            lo = cur;
            range = TRUE;
        } else if (in_num) {
            n += range && cur >= lo ? cur - lo + 1 : 1;
            range = FALSE;
        }
        in_num = FALSE;
        cur = 0;
        if (*p == '\0')
            return n;
    }
}

static void collect(GdnCheck *ck, Ctx *c)
{
    guint budget = MAX_PIN_CPUS;
    GDN_FOR_EACH_CHILD(c->f->cputune, "vcpupin", vp)
    {
        c->n_vcpupin++;
        guint64 vcpu;
        if (!gdn_attr_uint(vp, "vcpu", &vcpu))
            continue;
        if (vcpu >= c->f->vcpus) {
            GdnFinding *fd = gdn_report(ck, "PIN003", vp,
                                        "<vcpupin> for vCPU %" G_GUINT64_FORMAT
                                        ", but the domain has %u vCPUs (0-%u)",
                                        vcpu, c->f->vcpus, c->f->vcpus - 1);
            /* The fix removes the <vcpupin> elements of this vCPU number:
             * positional targets would shift as earlier ones go. */
            gdn_finding_param(fd, "vcpu", "%" G_GUINT64_FORMAT, vcpu);
            continue;
        }
        if (c->nodes[vcpu])
            continue; /* a duplicate: libvirt rejects it */
        c->nodes[vcpu] = vp;
        c->n_named++;
        const char *cpuset = gdn_attr(vp, "cpuset");
        if (cpuset_bound(cpuset) > budget)
            continue; /* beyond what any real host has: not analysed */
        GArray *set = gdn_cpuset_parse(cpuset);
        if (!set || set->len == 0) {
            /* Invalid or empty: libvirt's concern, not analysed here. */
            if (set)
                g_array_unref(set);
            continue;
        }
        budget -= set->len;
        c->pins[vcpu] = set;
        c->n_pinned++;
    }
}

/* The note says what the fix writes: I/O thread pins only for defined I/O
 * threads, and the topology the plan assumes when another fix adds it. */
static void set_plan_note(const Ctx *c, GdnFinding *fd)
{
    const GdnPinPlan *p = c->plan;
    g_autofree char *pins = gdn_pinplan_vcpupin_string(p);
    g_autofree char *io =
        c->f->n_iothreads ? g_strdup_printf(" iothreadpin=%s", p->iothreadpin) : g_strdup("");
    g_autofree char *node =
        p->n_nodes > 1 && p->node >= 0 ? g_strdup_printf(" nodeset=%d", p->node) : g_strdup("");
    g_autofree char *assumes =
        c->projected
            ? g_strdup_printf(" (for threads=%u, the <topology> CPU002's fix adds)", p->threads)
            : g_strdup("");
    gdn_finding_set_note(fd, "plan: vcpupin=%s emulatorpin=%s%s%s%s", pins, p->emulatorpin, io,
                         node, assumes);
}

static void check_coverage(GdnCheck *ck, Ctx *c)
{
    if (c->n_vcpupin == 0) {
        GdnFinding *fd =
            gdn_report(ck, "PIN001", c->where,
                       "no <vcpupin>: none of the %u vCPUs is pinned to a host CPU", c->f->vcpus);
        replan(c, fd);
        if (fd && c->plan && c->plan->ok)
            set_plan_note(c, fd);
        return;
    }
    if (c->n_named == c->f->vcpus)
        return;
    g_autoptr(GArray) unpinned = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint v = 0; v < c->f->vcpus; v++)
        if (!c->nodes[v])
            g_array_append_val(unpinned, v);
    g_autofree char *list = vcpu_list(unpinned);
    GdnFinding *fd =
        gdn_report(ck, "PIN002", c->where, "vCPUs %s of %u have no <vcpupin>", list, c->f->vcpus);
    replan(c, fd);
}

static void check_host_cpus(GdnCheck *ck, Ctx *c)
{
    for (guint v = 0; v < c->f->vcpus; v++) {
        const GArray *set = c->pins[v];
        if (!set)
            continue;
        g_autoptr(GArray) missing = g_array_new(FALSE, FALSE, sizeof(guint));
        g_autoptr(GArray) reserved = g_array_new(FALSE, FALSE, sizeof(guint));
        for (guint i = 0; i < set->len; i++) {
            guint cpu = g_array_index(set, guint, i);
            if (gdn_pinplan_core(c->plan, cpu) < 0)
                g_array_append_val(missing, cpu);
            else if (gdn_pinplan_reserved(c->plan, cpu))
                g_array_append_val(reserved, cpu);
        }
        GdnFinding *fd = NULL;
        if (missing->len) {
            g_autofree char *m = gdn_cpuset_format(missing);
            const GdnHostCpu *last = c->host->cpus->len ? &g_array_index(c->host->cpus, GdnHostCpu,
                                                                         c->host->cpus->len - 1)
                                                        : NULL;
            fd = gdn_report_sev(ck, "PIN004", GDN_SEV_ERROR, c->nodes[v],
                                "vCPU %u is pinned to cpuset '%s', but the host has no CPU %s "
                                "(%u CPUs, highest id %d)",
                                v, gdn_attr(c->nodes[v], "cpuset"), m, c->host->cpus->len,
                                last ? (gint)last->id : -1);
        } else if (reserved->len) {
            g_autofree char *r = gdn_cpuset_format(reserved);
            fd = gdn_report(ck, "PIN004", c->nodes[v],
                            "vCPU %u is pinned to cpuset '%s', which includes host CPU %s of the "
                            "host reserve %s",
                            v, gdn_attr(c->nodes[v], "cpuset"), r, c->plan->emulatorpin);
        }
        replan(c, fd);
    }
}

/* Some vCPU is pinned to a CPU of the host reserve (needs a plan). */
static gboolean vcpus_on_reserve(const Ctx *c)
{
    for (guint v = 0; v < c->f->vcpus; v++)
        for (guint i = 0; c->pins[v] && i < c->pins[v]->len; i++)
            if (gdn_pinplan_reserved(c->plan, g_array_index(c->pins[v], guint, i)))
                return TRUE;
    return FALSE;
}

static void check_emulatorpin(GdnCheck *ck, Ctx *c)
{
    xmlNodePtr ep = gdn_child(c->f->cputune, "emulatorpin");
    GdnFinding *fd = NULL;
    if (!ep) {
        if (c->n_pinned == 0)
            return; /* PIN001's fix adds emulatorpin with the vCPU plan */
        fd = gdn_report(ck, "PIN005", c->where,
                        "no <emulatorpin>: emulator threads float over the vCPUs' host CPUs");
    } else {
        g_autoptr(GArray) eset = gdn_cpuset_parse(gdn_attr(ep, "cpuset"));
        if (!eset)
            return;
        g_autoptr(GHashTable) used = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (guint v = 0; v < c->f->vcpus; v++)
            for (guint i = 0; c->pins[v] && i < c->pins[v]->len; i++)
                g_hash_table_add(used, GUINT_TO_POINTER(g_array_index(c->pins[v], guint, i)));
        g_autoptr(GArray) overlap = g_array_new(FALSE, FALSE, sizeof(guint));
        for (guint i = 0; i < eset->len; i++) {
            guint cpu = g_array_index(eset, guint, i);
            if (g_hash_table_contains(used, GUINT_TO_POINTER(cpu)))
                g_array_append_val(overlap, cpu);
        }
        if (overlap->len == 0)
            return;
        g_autofree char *o = gdn_cpuset_format(overlap);
        fd = gdn_report_sev(ck, "PIN005", GDN_SEV_WARNING, ep,
                            "emulatorpin cpuset '%s' overlaps host CPU %s used by vCPU pins",
                            gdn_attr(ep, "cpuset"), o);
    }
    /* Moving the emulator to the reserve resolves this only when no vCPU is
     * pinned there; otherwise the vCPU re-plan (PIN004) is the fix. */
    if (fd && c->plan && !vcpus_on_reserve(c))
        gdn_finding_param(fd, "emulatorpin", "%s", c->plan->emulatorpin);
    else
        gdn_finding_set_fix(fd, GDN_FIX_NONE);
}

/* Kuhn's augmenting path for the vCPU -> host CPU matching. */
static gboolean augment(const Ctx *c, guint v, GHashTable *owner, GHashTable *seen)
{
    const GArray *set = c->pins[v];
    for (guint i = 0; i < set->len; i++) {
        gpointer cpu = GUINT_TO_POINTER(g_array_index(set, guint, i));
        if (!g_hash_table_add(seen, cpu))
            continue;
        gpointer o;
        if (!g_hash_table_lookup_extended(owner, cpu, NULL, &o) ||
            augment(c, GPOINTER_TO_UINT(o), owner, seen)) {
            g_hash_table_insert(owner, cpu, GUINT_TO_POINTER(v));
            return TRUE;
        }
    }
    return FALSE;
}

/* PIN006 fires when sharing is forced: some k vCPUs are pinned within fewer
 * than k host CPUs (Hall's condition fails). Two vCPUs on the same single
 * CPU is the common case; overlapping wider cpusets are fine as long as each
 * vCPU can still get a CPU of its own. */
static void check_shared(GdnCheck *ck, Ctx *c)
{
    if (!gdn_check_wants(ck, "PIN006") || c->n_pinned > MAX_MATCH_VCPUS)
        return;
    guint edges = 0;
    for (guint v = 0; v < c->f->vcpus; v++)
        if (c->pins[v] && c->pins[v]->len < c->n_pinned)
            edges += c->pins[v]->len;
    if (edges > MAX_MATCH_EDGES)
        return;
    g_autoptr(GHashTable) owner = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autoptr(GArray) unmatched = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint v = 0; v < c->f->vcpus; v++) {
        /* A vCPU with as many CPUs as there are pinned vCPUs always finds one. */
        if (!c->pins[v] || c->pins[v]->len >= c->n_pinned)
            continue;
        g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
        if (!augment(c, v, owner, seen))
            g_array_append_val(unmatched, v);
    }
    g_autoptr(GHashTable) done = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < unmatched->len; i++) {
        guint u = g_array_index(unmatched, guint, i);
        if (g_hash_table_contains(done, GUINT_TO_POINTER(u)))
            continue;
        /* Alternating search: the vCPUs reached share the CPUs reached. */
        g_autoptr(GArray) vs = g_array_new(FALSE, FALSE, sizeof(guint));
        g_autoptr(GHashTable) cpus = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_array_append_val(vs, u);
        g_hash_table_add(done, GUINT_TO_POINTER(u));
        for (gboolean grew = TRUE; grew;) {
            grew = FALSE;
            for (guint q = 0; q < vs->len; q++) {
                const GArray *set = c->pins[g_array_index(vs, guint, q)];
                for (guint k = 0; k < set->len; k++) {
                    gpointer cpu = GUINT_TO_POINTER(g_array_index(set, guint, k));
                    gpointer o;
                    if (!g_hash_table_add(cpus, cpu))
                        continue;
                    if (g_hash_table_lookup_extended(owner, cpu, NULL, &o) &&
                        g_hash_table_add(done, o))
                        g_array_append_val(vs, *(guint[]){GPOINTER_TO_UINT(o)});
                }
            }
            /* Other unmatched vCPUs competing for the same CPUs join the group. */
            for (guint j = i + 1; j < unmatched->len; j++) {
                guint w = g_array_index(unmatched, guint, j);
                const GArray *set = c->pins[w];
                for (guint k = 0; k < set->len && !g_hash_table_contains(done, GUINT_TO_POINTER(w));
                     k++) {
                    if (g_hash_table_contains(cpus,
                                              GUINT_TO_POINTER(g_array_index(set, guint, k)))) {
                        g_hash_table_add(done, GUINT_TO_POINTER(w));
                        g_array_append_val(vs, w);
                        grew = TRUE;
                    }
                }
            }
        }
        g_array_sort(vs, cmp_uint);
        g_autoptr(GArray) cpu_ids = g_array_new(FALSE, FALSE, sizeof(guint));
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, cpus);
        while (g_hash_table_iter_next(&it, &key, NULL))
            g_array_append_val(cpu_ids, *(guint[]){GPOINTER_TO_UINT(key)});
        g_array_sort(cpu_ids, cmp_uint);
        g_autofree char *vl = gdn_cpuset_format(vs);
        g_autofree char *cl = gdn_cpuset_format(cpu_ids);
        GdnFinding *fd = gdn_report(ck, "PIN006", c->nodes[u],
                                    "vCPUs %s are pinned within host CPU%s %s (%u vCPUs on %u "
                                    "CPU%s)",
                                    vl, cpu_ids->len == 1 ? "" : "s", cl, vs->len, cpu_ids->len,
                                    cpu_ids->len == 1 ? "" : "s");
        replan(c, fd);
    }
}

static void check_siblings(GdnCheck *ck, Ctx *c)
{
    const GdnPinPlan *plan = c->plan;
    if (plan->threads < 2 || !plan->smt || c->n_pinned == 0)
        return;
    g_autoptr(GString) which = g_string_new(NULL);
    guint bad = gdn_pinplan_split_groups(plan, c->pins, c->f->vcpus, which);
    /* On a host without enough SMT cores even the plan splits some groups. */
    guint expected = 0;
    if (plan->ok) {
        g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
        for (guint v = 0; v < plan->vcpupin->len; v++) {
            GArray *one = g_array_new(FALSE, FALSE, sizeof(guint));
            g_array_append_val(one, g_array_index(plan->vcpupin, guint, v));
            g_ptr_array_add(sets, one);
        }
        expected = gdn_pinplan_split_groups(plan, (GArray *const *)sets->pdata, sets->len, NULL);
    }
    if (bad <= expected)
        return;
    GdnFinding *fd =
        gdn_report(ck, "PIN007", c->where,
                   "guest topology has threads=%u but vCPU group%s %s %s not on one "
                   "host core's SMT siblings",
                   plan->threads, bad == 1 ? "" : "s", which->str, bad == 1 ? "is" : "are");
    replan(c, fd);
}

static void check_numa(GdnCheck *ck, Ctx *c)
{
    if (c->host->n_nodes < 2 || c->n_pinned == 0)
        return;
    if (c->plan->ok && c->plan->node < 0)
        return; /* the vCPUs cannot fit one node: spanning is unavoidable */
    g_autoptr(GArray) nodes = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint v = 0; v < c->f->vcpus; v++) {
        for (guint i = 0; c->pins[v] && i < c->pins[v]->len; i++) {
            const GdnHostCpu *hc = gdn_host_cpu(c->host, g_array_index(c->pins[v], guint, i));
            if (hc && !gdn_cpuset_contains(nodes, hc->node)) {
                g_array_append_val(nodes, hc->node);
                g_array_sort(nodes, cmp_uint);
            }
        }
    }
    if (nodes->len == 0)
        return;
    if (nodes->len > 1) {
        g_autofree char *nl = gdn_cpuset_format(nodes);
        GdnFinding *fd =
            gdn_report(ck, "PIN008", c->where, "vCPU pins span host NUMA nodes %s", nl);
        replan(c, fd);
        return;
    }
    guint node = g_array_index(nodes, guint, 0);
    xmlNodePtr mem = gdn_child(c->f->numatune, "memory");
    const char *mode = gdn_attr(mem, "mode"); /* libvirt's default is strict */
    const char *nodeset = gdn_attr(mem, "nodeset");
    g_autoptr(GArray) ns = gdn_cpuset_parse(nodeset);
    GdnFinding *fd = NULL;
    if (!mem)
        fd = gdn_report(ck, "PIN008", c->f->numatune ? c->f->numatune : c->where,
                        "vCPUs are pinned to NUMA node %u but no <numatune><memory> binds "
                        "guest memory there",
                        node);
    else if (mode && g_strcmp0(mode, "strict") != 0)
        fd = gdn_report(ck, "PIN008", mem, "numatune memory mode is '%s', expected 'strict'", mode);
    else if (!ns || ns->len != 1 || g_array_index(ns, guint, 0) != node)
        fd = gdn_report(ck, "PIN008", mem,
                        "numatune memory nodeset is '%s', expected '%u' (the node of the pinned "
                        "vCPUs)",
                        nodeset ? nodeset : "unset", node);
    /* When another finding re-plans the vCPUs (possibly onto another node),
     * bind memory where the plan puts them, so both fixes agree. */
    gdn_finding_param(fd, "nodeset", "%u",
                      c->replanned && c->plan->node >= 0 ? (guint)c->plan->node : node);
}

static xmlNodePtr pin_where(const GdnFacts *f)
{
    xmlNodePtr vcpu = gdn_child(f->root, "vcpu");
    return f->cputune ? f->cputune : vcpu ? vcpu : f->root;
}

/* PIN010: with vCPUs pinned, every defined I/O thread needs a pin too (a
 * fix that adds <iothreads> after the vCPU plan leaves one floating). */
static void check_iothreads(GdnCheck *ck, Ctx *c)
{
    /* A re-plan pins every defined I/O thread itself. */
    if (c->n_pinned == 0 || c->f->iothread_ids->len == 0 || c->replanned)
        return;
    g_autoptr(GArray) pinned = g_array_new(FALSE, FALSE, sizeof(guint));
    GDN_FOR_EACH_CHILD(c->f->cputune, "iothreadpin", tp)
    {
        guint64 id;
        if (gdn_attr_uint(tp, "iothread", &id) && id <= G_MAXUINT)
            g_array_append_val(pinned, *(guint[]){(guint)id});
    }
    g_autoptr(GArray) unpinned = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < c->f->iothread_ids->len; i++) {
        guint id = g_array_index(c->f->iothread_ids, guint, i);
        gboolean found = FALSE;
        for (guint k = 0; k < pinned->len && !found; k++)
            found = g_array_index(pinned, guint, k) == id;
        if (!found)
            g_array_append_val(unpinned, id);
    }
    if (unpinned->len == 0)
        return;
    g_array_sort(unpinned, cmp_uint);
    g_autofree char *list = gdn_cpuset_format(unpinned);
    GdnFinding *fd = gdn_report(
        ck, "PIN010", c->where, "vCPUs are pinned but I/O thread%s %s ha%s no <iothreadpin>",
        unpinned->len == 1 ? "" : "s", list, unpinned->len == 1 ? "s" : "ve");
    if (fd && c->plan)
        gdn_finding_param(fd, "iothreadpin", "%s", c->plan->iothreadpin);
    else
        gdn_finding_set_fix(fd, GDN_FIX_NONE);
}

/* PIN050: the guest spans host NUMA nodes but has no NUMA topology of its own.
 * Skipped when numad places the guest (placement='auto') or the host facts
 * list no CPUs. */
static void check_guest_numa(GdnCheck *ck, const GdnFacts *f, const GdnHost *host)
{
    xmlNodePtr vcpu = gdn_child(f->root, "vcpu");
    if (!host->cpus->len || gdn_child(f->cpu, "numa") || f->numatune ||
        gdn_attr_is(vcpu, "placement", "auto"))
        return;
    g_autoptr(GHashTable) per_node = g_hash_table_new(g_direct_hash, g_direct_equal);
    guint widest = 0;
    for (guint i = 0; i < host->cpus->len; i++) {
        const GdnHostCpu *cpu = &g_array_index(host->cpus, GdnHostCpu, i);
        gpointer key = GUINT_TO_POINTER(cpu->node);
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(per_node, key)) + 1;
        g_hash_table_insert(per_node, key, GUINT_TO_POINTER(n));
        widest = MAX(widest, n);
    }
    guint nodes = g_hash_table_size(per_node);
    if (nodes < 2 || f->vcpus <= widest)
        return;
    guint cells = MIN((f->vcpus + widest - 1) / widest, nodes);
    GdnFinding *fd = gdn_report(ck, "PIN050", vcpu ? vcpu : f->root,
                                "%u vCPUs span host NUMA nodes of at most %u CPUs, but the guest "
                                "has no NUMA cells",
                                f->vcpus, widest);
    if (fd)
        gdn_finding_set_note(fd,
                             "mirror %u host nodes: <topology sockets='%u' .../>, %u <cell>s of "
                             "%u vCPUs each, and a <numatune><memnode> per cell",
                             cells, cells, cells, (f->vcpus + cells - 1) / cells);
}

static void check(GdnCheck *ck)
{
    const GdnFacts *f = gdn_check_facts(ck);
    Ctx c = {.f = f, .host = gdn_check_host(ck), .where = pin_where(f)};
    c.pins = g_new0(GArray *, f->vcpus);
    c.nodes = g_new0(xmlNodePtr, f->vcpus);
    /* numad places the vCPUs (placement='auto'): static pins are not advised. */
    gboolean numad = gdn_attr_is(gdn_child(f->root, "vcpu"), "placement", "auto");
    /* What the host facts do not say (no CPU list, no siblings) is skipped. */
    if (c.host && gdn_host_topology_known(c.host)) {
        guint64 threads = 1;
        if (!f->topology && f->vcpus > 1) {
            threads = gdn_host_guest_threads(c.host, f->vcpus);
            c.projected = threads > 1;
        } else if (!gdn_attr_uint(f->topology, "threads", &threads) || threads == 0 || threads > 64)
            threads = 1;
        c.plan = gdn_pinplan_new(c.host, f->vcpus, (guint)threads);
    }
    collect(ck, &c);
    if (numad) {
        if (c.plan && !c.plan->ok)
            gdn_report(ck, "PIN009", gdn_child(f->root, "vcpu"), "%s", c.plan->reason);
        ctx_clear(&c);
        return;
    }
    check_coverage(ck, &c);
    check_emulatorpin(ck, &c);
    check_shared(ck, &c);
    if (c.host)
        check_guest_numa(ck, f, c.host);
    if (c.plan) {
        check_host_cpus(ck, &c);
        check_siblings(ck, &c);
        check_numa(ck, &c);
        if (!c.plan->ok) {
            xmlNodePtr vcpu = gdn_child(f->root, "vcpu");
            gdn_report(ck, "PIN009", vcpu ? vcpu : f->root, "%s", c.plan->reason);
        }
    }
    check_iothreads(ck, &c);
    ctx_clear(&c);
}

GDN_MODULE(pinning, "vCPU, emulator and NUMA pinning", FALSE, rules, check);
