#include "rules/pinplan.h"
#include "core/cpuset.h"

#define RESERVE_CORES 2

typedef struct {
    guint socket_id, die_id, core_id, node;
    GArray *cpus; /* guint, ascending */
    GArray *siblings;
} Core;

static void core_free(gpointer p)
{
    Core *c = p;
    g_array_unref(c->cpus);
    g_free(c);
}

static guint64 core_key(const GdnHostCpu *c)
{
    return ((guint64)c->socket_id << 42) ^ ((guint64)c->die_id << 21) ^ c->core_id;
}

/* Cores in order of lowest CPU id; fills core_of (cpu -> index + 1). */
static GPtrArray *host_cores(const GdnHost *host, GHashTable *core_of)
{
    GPtrArray *cores = g_ptr_array_new_with_free_func(core_free);
    g_autoptr(GHashTable) by_key = g_hash_table_new(g_int64_hash, g_int64_equal);
    /* Sized up front: by_key points into keys, which must not move. */
    g_autoptr(GArray) keys = g_array_sized_new(FALSE, FALSE, sizeof(guint64), host->cpus->len);
    for (guint i = 0; i < host->cpus->len; i++) {
        const GdnHostCpu *hc = &g_array_index(host->cpus, GdnHostCpu, i);
        guint64 key = core_key(hc);
        g_array_append_val(keys, key);
        guint idx = GPOINTER_TO_UINT(g_hash_table_lookup(by_key, &g_array_index(keys, guint64, i)));
        Core *c = idx ? g_ptr_array_index(cores, idx - 1) : NULL;
        /* Same (socket, die, core) is one core only if they are SMT siblings. */
        if (c && (c->socket_id != hc->socket_id || c->die_id != hc->die_id ||
                  c->core_id != hc->core_id || !gdn_cpuset_contains(c->siblings, hc->id)))
            c = NULL;
        if (!c) {
            c = g_new0(Core, 1);
            c->socket_id = hc->socket_id;
            c->die_id = hc->die_id;
            c->core_id = hc->core_id;
            c->node = hc->node;
            c->siblings = hc->siblings;
            c->cpus = g_array_new(FALSE, FALSE, sizeof(guint));
            g_ptr_array_add(cores, c);
            idx = cores->len;
            g_hash_table_replace(by_key, &g_array_index(keys, guint64, i), GUINT_TO_POINTER(idx));
        }
        g_array_append_val(c->cpus, hc->id);
        g_hash_table_insert(core_of, GUINT_TO_POINTER(hc->id), GUINT_TO_POINTER(idx));
    }
    return cores;
}

/* Places n vCPUs starting at *v onto cores (not reserved, one node or all). */
static void fill(GdnPinPlan *plan, GPtrArray *cores, guint *v, guint n, guint t, gboolean group)
{
    g_autofree guint *taken = g_new0(guint, cores->len);
    guint end = *v + n, max_threads = 0;
    for (guint c = 0; c < cores->len; c++) {
        const Core *core = g_ptr_array_index(cores, c);
        max_threads = MAX(max_threads, core->cpus->len);
        while (group && end - *v >= t && core->cpus->len - taken[c] >= t) {
            for (guint k = 0; k < t; k++) {
                guint cpu = g_array_index(core->cpus, guint, taken[c]++);
                g_array_index(plan->vcpupin, guint, (*v)++) = cpu;
            }
        }
    }
    for (guint level = 0; level < max_threads && *v < end; level++) {
        for (guint c = 0; c < cores->len && *v < end; c++) {
            const Core *core = g_ptr_array_index(cores, c);
            if (level < taken[c] || level >= core->cpus->len)
                continue;
            g_array_index(plan->vcpupin, guint, (*v)++) = g_array_index(core->cpus, guint, level);
            taken[c] = level + 1;
        }
    }
}

static guint node_capacity(GPtrArray *cores, guint node)
{
    guint n = 0;
    for (guint c = 0; c < cores->len; c++) {
        const Core *core = g_ptr_array_index(cores, c);
        if (core->node == node)
            n += core->cpus->len;
    }
    return n;
}

static GPtrArray *node_cores(GPtrArray *cores, guint node)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint c = 0; c < cores->len; c++) {
        Core *core = g_ptr_array_index(cores, c);
        if (core->node == node)
            g_ptr_array_add(out, core);
    }
    return out;
}

typedef struct {
    guint node, capacity;
} NodeCap;

static gint cmp_capacity(gconstpointer a, gconstpointer b)
{
    const NodeCap *x = a, *y = b;
    if (x->capacity != y->capacity)
        return x->capacity > y->capacity ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

static void plan_vcpus(GdnPinPlan *plan, GPtrArray *free_cores)
{
    guint t = plan->threads;
    gboolean group = FALSE;
    for (guint c = 0; t >= 2 && c < free_cores->len; c++)
        group |= ((const Core *)g_ptr_array_index(free_cores, c))->cpus->len >= t;

    /* Distinct nodes of the free cores, ascending. */
    g_autoptr(GArray) nodes = g_array_new(FALSE, FALSE, sizeof(NodeCap));
    for (guint c = 0; c < free_cores->len; c++) {
        guint node = ((const Core *)g_ptr_array_index(free_cores, c))->node;
        gboolean seen = FALSE;
        for (guint i = 0; i < nodes->len && !seen; i++)
            seen = g_array_index(nodes, NodeCap, i).node == node;
        if (!seen) {
            NodeCap nc = {node, node_capacity(free_cores, node)};
            g_array_append_val(nodes, nc);
        }
    }
    g_array_sort(nodes, cmp_uint); /* NodeCap starts with node: ascending id */

    g_array_set_size(plan->vcpupin, plan->vcpus);
    guint v = 0;
    for (guint i = 0; i < nodes->len; i++) {
        const NodeCap *nc = &g_array_index(nodes, NodeCap, i);
        if (nc->capacity >= plan->vcpus) {
            g_autoptr(GPtrArray) cores = node_cores(free_cores, nc->node);
            fill(plan, cores, &v, plan->vcpus, t, group);
            plan->node = (gint)nc->node;
            return;
        }
    }
    g_array_sort(nodes, cmp_capacity);
    for (guint i = 0; i < nodes->len && v < plan->vcpus; i++) {
        const NodeCap *nc = &g_array_index(nodes, NodeCap, i);
        g_autoptr(GPtrArray) cores = node_cores(free_cores, nc->node);
        fill(plan, cores, &v, MIN(plan->vcpus - v, nc->capacity), t, group);
    }
    plan->node = -1;
}

GdnPinPlan *gdn_pinplan_new(const GdnHost *host, guint vcpus, guint threads)
{
    GdnPinPlan *plan = g_new0(GdnPinPlan, 1);
    plan->vcpus = MAX(vcpus, 1);
    plan->threads = MAX(threads, 1);
    plan->vcpupin = g_array_new(FALSE, TRUE, sizeof(guint));
    plan->reserve = g_array_new(FALSE, FALSE, sizeof(guint));
    plan->core_of = g_hash_table_new(g_direct_hash, g_direct_equal);
    plan->node = -1;
    plan->n_nodes = host->n_nodes;

    g_autoptr(GPtrArray) cores = host_cores(host, plan->core_of);
    g_autoptr(GPtrArray) free_cores = g_ptr_array_new();
    for (guint c = 0; c < cores->len; c++) {
        Core *core = g_ptr_array_index(cores, c);
        plan->smt |= core->cpus->len > 1;
        if (c < RESERVE_CORES)
            g_array_append_vals(plan->reserve, core->cpus->data, core->cpus->len);
        else {
            g_ptr_array_add(free_cores, core);
            plan->n_available += core->cpus->len;
        }
    }
    g_array_sort(plan->reserve, cmp_uint);
    plan->emulatorpin = gdn_cpuset_format(plan->reserve);
    plan->iothreadpin = g_strdup(plan->emulatorpin);

    if (plan->vcpus > plan->n_available) {
        plan->reason = g_strdup_printf(
            "%u vCPUs but the host has %u CPUs outside the reserve of its first %d cores "
            "(CPUs %s)",
            plan->vcpus, plan->n_available, RESERVE_CORES, plan->emulatorpin);
        return plan;
    }
    plan->ok = TRUE;
    plan_vcpus(plan, free_cores);
    return plan;
}

void gdn_pinplan_free(GdnPinPlan *plan)
{
    if (!plan)
        return;
    g_free(plan->reason);
    g_array_unref(plan->vcpupin);
    g_array_unref(plan->reserve);
    g_free(plan->emulatorpin);
    g_free(plan->iothreadpin);
    g_hash_table_unref(plan->core_of);
    g_free(plan);
}

gint gdn_pinplan_core(const GdnPinPlan *plan, guint cpu)
{
    return (gint)GPOINTER_TO_UINT(g_hash_table_lookup(plan->core_of, GUINT_TO_POINTER(cpu))) - 1;
}

gboolean gdn_pinplan_reserved(const GdnPinPlan *plan, guint cpu)
{
    return gdn_cpuset_contains(plan->reserve, cpu);
}

guint gdn_pinplan_split_groups(const GdnPinPlan *plan, GArray *const *pins, guint n_pins,
                               GString *which)
{
    guint t = plan->threads, bad = 0;
    if (t < 2)
        return 0;
    for (guint g = 0; (g + 1) * t <= n_pins; g++) {
        gint core = -1;
        gboolean skip = FALSE, split = FALSE;
        for (guint k = 0; k < t && !skip; k++) {
            const GArray *set = pins[g * t + k];
            if (!set || set->len == 0) {
                skip = TRUE;
                break;
            }
            for (guint i = 0; i < set->len; i++) {
                gint c = gdn_pinplan_core(plan, g_array_index(set, guint, i));
                if (c < 0)
                    skip = TRUE;
                else if (core < 0)
                    core = c;
                else if (c != core)
                    split = TRUE;
            }
        }
        if (skip || !split)
            continue;
        bad++;
        if (which) {
            g_string_append_printf(which, "%s(", which->len ? ", " : "");
            for (guint k = 0; k < t; k++)
                g_string_append_printf(which, "%s%u", k ? "," : "", g * t + k);
            g_string_append_c(which, ')');
        }
    }
    return bad;
}

char *gdn_pinplan_vcpupin_string(const GdnPinPlan *plan)
{
    GString *s = g_string_new(NULL);
    for (guint v = 0; plan->ok && v < plan->vcpupin->len; v++)
        g_string_append_printf(s, "%s%u:%u", v ? "," : "", v,
                               g_array_index(plan->vcpupin, guint, v));
    return g_string_free(s, FALSE);
}

void gdn_pinplan_add_params(const GdnPinPlan *plan, GdnFinding *f)
{
    if (!f || !plan->ok)
        return;
    g_autofree char *pins = gdn_pinplan_vcpupin_string(plan);
    gdn_finding_param(f, "vcpupin", "%s", pins);
    gdn_finding_param(f, "emulatorpin", "%s", plan->emulatorpin);
    gdn_finding_param(f, "iothreadpin", "%s", plan->iothreadpin);
    if (plan->n_nodes > 1 && plan->node >= 0)
        gdn_finding_param(f, "nodeset", "%d", plan->node);
}
