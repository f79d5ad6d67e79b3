/* HV module: each rule triggered and not triggered, the examples and host
 * awareness (the N/14 count is the markdown report's, see test_reporters). */
#include "helpers.h"
#include "core/document.h"
#include "source/host.h"
#include <string.h>

#define WIN_META                                                                                   \
    "<metadata><libosinfo:libosinfo "                                                              \
    "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"                             \
    "<libosinfo:os id='http://microsoft.com/win/11'/></libosinfo:libosinfo></metadata>"

#define HVCLOCK "<clock offset='localtime'><timer name='hypervclock' present='yes'/></clock>"

/* The seed's full set (with evmcs and avic), as in examples/win11-tuned.xml. */
static const char *const full_set[] = {
    "<relaxed state='on'/>",
    "<vapic state='on'/>",
    "<spinlocks state='on' retries='8191'/>",
    "<vpindex state='on'/>",
    "<runtime state='on'/>",
    "<synic state='on'/>",
    "<stimer state='on'><direct state='on'/></stimer>",
    "<reset state='on'/>",
    "<vendor_id state='on' value='KVM Hv'/>",
    "<frequencies state='on'/>",
    "<reenlightenment state='on'/>",
    "<tlbflush state='on'/>",
    "<ipi state='on'/>",
    "<evmcs state='on'/>",
    "<avic state='on'/>",
};

static char *intel_xml, *amd_xml;

static int setup(void **state)
{
    (void)state;
    intel_xml = gt_read("examples/host-intel.xml");
    amd_xml = gt_read("examples/host-amd.xml");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    g_free(intel_xml);
    g_free(amd_xml);
    return 0;
}

/* A Windows domain whose <hyperv> holds the full set, with the element that
 * starts with "<name " or "<name>" replaced by repl (NULL: dropped). */
static char *domain_with(const char *name, const char *repl, const char *extra_features,
                         const char *clock)
{
    g_autoptr(GString) s = g_string_new("<domain type='kvm'><name>w</name>" WIN_META
                                        "<memory>4194304</memory><vcpu>4</vcpu>"
                                        "<features><hyperv mode='custom'>");
    g_autofree char *prefix = name ? g_strdup_printf("<%s ", name) : NULL;
    gboolean replaced = FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(full_set); i++) {
        if (prefix && g_str_has_prefix(full_set[i], prefix)) {
            replaced = TRUE;
            if (repl)
                g_string_append(s, repl);
        } else {
            g_string_append(s, full_set[i]);
        }
    }
    if (name && !replaced)
        g_string_append(s, repl ? repl : "");
    g_string_append_printf(s, "</hyperv>%s</features>%s</domain>",
                           extra_features ? extra_features : "<vmport state='off'/>",
                           clock ? clock : HVCLOCK);
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static guint count_prefix(const GPtrArray *findings, const char *prefix)
{
    guint n = 0;
    for (guint i = 0; i < findings->len; i++)
        n += g_str_has_prefix(gdn_finding_rule_id(g_ptr_array_index(findings, i)), prefix);
    return n;
}

static void full_set_is_clean(void **state)
{
    (void)state;
    g_autofree char *xml = domain_with(NULL, NULL, NULL, NULL);
    g_autoptr(GPtrArray) f = gt_check(xml, intel_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_no_findings(f);
}

/* Simple features: missing -> at <hyperv>; state='off' -> at the element. */
static void each_simple_feature_triggers_its_rule(void **state)
{
    (void)state;
    static const struct {
        const char *rule, *name;
    } cases[] = {
        {"HV002", "relaxed"},  {"HV003", "vapic"},       {"HV005", "vpindex"},
        {"HV006", "runtime"},  {"HV007", "synic"},       {"HV008", "stimer"},
        {"HV010", "reset"},    {"HV011", "frequencies"}, {"HV012", "reenlightenment"},
        {"HV013", "tlbflush"}, {"HV014", "ipi"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *missing = domain_with(cases[i].name, NULL, NULL, NULL);
        g_autoptr(GPtrArray) f = gt_check(missing, intel_xml, GDN_GUEST_AUTO, cases[i].rule);
        assert_int_equal(gt_count(f, cases[i].rule), 1);
        const GdnFinding *fd = gt_find(f, cases[i].rule, 0);
        assert_string_equal(fd->xpath, "/domain/features/hyperv");
        assert_non_null(strstr(fd->message, "missing"));
        assert_non_null(strstr(fd->message, cases[i].name));
        assert_int_equal(fd->fix_safety, GDN_FIX_SAFE);

        g_autofree char *off_el = g_strdup_printf("<%s state='off'/>", cases[i].name);
        g_autofree char *off = domain_with(cases[i].name, off_el, NULL, NULL);
        g_autoptr(GPtrArray) g = gt_check(off, intel_xml, GDN_GUEST_AUTO, cases[i].rule);
        assert_int_equal(gt_count(g, cases[i].rule), 1);
        fd = gt_find(g, cases[i].rule, 0);
        g_autofree char *xp = g_strdup_printf("/domain/features/hyperv/%s", cases[i].name);
        assert_string_equal(fd->xpath, xp);
        assert_non_null(strstr(fd->message, "state='off'"));

        /* Only that rule (plus dependency errors) among HV002-HV016. */
        g_autoptr(GPtrArray) all = gt_check(off, intel_xml, GDN_GUEST_AUTO, "enlightenments");
        for (guint k = 0; k < all->len; k++) {
            const char *id = gdn_finding_rule_id(g_ptr_array_index(all, k));
            if (strcmp(id, cases[i].rule) != 0 && strcmp(id, "HV017") != 0 &&
                strcmp(id, "HV009") != 0 && strcmp(id, "HV018") != 0) {
                gt_dump(all);
                fail_msg("%s off produced unexpected %s", cases[i].name, id);
            }
        }
    }
}

static void spinlocks(void **state)
{
    (void)state;
    g_autofree char *low =
        domain_with("spinlocks", "<spinlocks state='on' retries='4094'/>", NULL, NULL);
    g_autoptr(GPtrArray) f = gt_check(low, NULL, GDN_GUEST_AUTO, "HV004");
    assert_int_equal(f->len, 1);
    const GdnFinding *fd = gt_find(f, "HV004", 0);
    assert_non_null(strstr(fd->message, "'4094', expected at least 4095"));
    assert_string_equal(gt_param(fd, "retries"), "8191");
    assert_string_equal(fd->xpath, "/domain/features/hyperv/spinlocks");

    g_autofree char *unset = domain_with("spinlocks", "<spinlocks state='on'/>", NULL, NULL);
    g_autoptr(GPtrArray) g = gt_check(unset, NULL, GDN_GUEST_AUTO, "HV004");
    assert_int_equal(g->len, 1);
    assert_non_null(strstr(gt_find(g, "HV004", 0)->message, "unset"));

    g_autofree char *off =
        domain_with("spinlocks", "<spinlocks state='off' retries='8191'/>", NULL, NULL);
    g_autoptr(GPtrArray) h = gt_check(off, NULL, GDN_GUEST_AUTO, "HV004");
    assert_int_equal(h->len, 1);
    assert_non_null(strstr(gt_find(h, "HV004", 0)->message, "state='off'"));

    g_autofree char *missing = domain_with("spinlocks", NULL, NULL, NULL);
    g_autoptr(GPtrArray) m = gt_check(missing, NULL, GDN_GUEST_AUTO, "HV004");
    assert_int_equal(m->len, 1);
    assert_string_equal(gt_find(m, "HV004", 0)->xpath, "/domain/features/hyperv");

    /* 0xfff (QEMU's advice for overcommitted hosts, libvirt's minimum) up
     * to 8191 is fine, as are 0x1fff == 8191 and larger values. */
    g_autofree char *qemu =
        domain_with("spinlocks", "<spinlocks state='on' retries='4095'/>", NULL, NULL);
    g_autoptr(GPtrArray) q = gt_check(qemu, NULL, GDN_GUEST_AUTO, "HV004");
    assert_no_findings(q);
    g_autofree char *mid =
        domain_with("spinlocks", "<spinlocks state='on' retries='6000'/>", NULL, NULL);
    g_autoptr(GPtrArray) md = gt_check(mid, NULL, GDN_GUEST_AUTO, "HV004");
    assert_no_findings(md);
    g_autofree char *hex =
        domain_with("spinlocks", "<spinlocks state='on' retries='0x1fff'/>", NULL, NULL);
    g_autoptr(GPtrArray) x = gt_check(hex, NULL, GDN_GUEST_AUTO, "HV004");
    assert_int_equal(x->len, 0);
    g_autofree char *big =
        domain_with("spinlocks", "<spinlocks state='on' retries='4294967295'/>", NULL, NULL);
    g_autoptr(GPtrArray) b = gt_check(big, NULL, GDN_GUEST_AUTO, "HV004");
    assert_int_equal(b->len, 0);
}

static void stimer_direct(void **state)
{
    (void)state;
    g_autofree char *nodirect = domain_with("stimer", "<stimer state='on'/>", NULL, NULL);
    g_autoptr(GPtrArray) f = gt_check(nodirect, NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(f->len, 1);
    assert_string_equal(gt_find(f, "HV009", 0)->xpath, "/domain/features/hyperv/stimer");

    g_autofree char *off =
        domain_with("stimer", "<stimer state='on'><direct state='off'/></stimer>", NULL, NULL);
    g_autoptr(GPtrArray) g = gt_check(off, NULL, GDN_GUEST_AUTO, "HV009");
    assert_int_equal(g->len, 1);
    assert_string_equal(gt_find(g, "HV009", 0)->xpath, "/domain/features/hyperv/stimer/direct");

    /* stimer off: HV008 only, never HV009. */
    g_autofree char *st_off = domain_with("stimer", "<stimer state='off'/>", NULL, NULL);
    g_autoptr(GPtrArray) h = gt_check(st_off, NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_rule(h, "HV008");
    assert_no_rule(h, "HV009");
}

static void evmcs_is_host_aware(void **state)
{
    (void)state;
    g_autofree char *off = domain_with("evmcs", "<evmcs state='off'/>", NULL, NULL);
    g_autofree char *missing = domain_with("evmcs", NULL, NULL, NULL);
    g_autofree char *on = domain_with(NULL, NULL, NULL, NULL);

    /* Intel: not on -> info, fix adds it. */
    g_autoptr(GPtrArray) a = gt_check(missing, intel_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(a->len, 1);
    const GdnFinding *fd = gt_find(a, "HV015", 0);
    assert_int_equal(fd->severity, GDN_SEV_INFO);
    assert_string_equal(gt_param(fd, "action"), "add");
    assert_string_equal(fd->xpath, "/domain/features/hyperv");
    g_autoptr(GPtrArray) b = gt_check(off, intel_xml, GDN_GUEST_AUTO, "HV015");
    assert_int_equal(b->len, 1);
    assert_string_equal(gt_find(b, "HV015", 0)->xpath, "/domain/features/hyperv/evmcs");

    /* AMD: on -> error, fix removes it; off or missing is right. */
    g_autoptr(GPtrArray) c = gt_check(on, amd_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(c->len, 1);
    fd = gt_find(c, "HV015", 0);
    assert_int_equal(fd->severity, GDN_SEV_ERROR);
    assert_string_equal(gt_param(fd, "action"), "remove");
    assert_int_equal(fd->fix_safety, GDN_FIX_SAFE);
    g_autoptr(GPtrArray) d = gt_check(off, amd_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(d->len, 0);
    g_autoptr(GPtrArray) e = gt_check(missing, amd_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(e->len, 0);

    /* No host facts: never guessed, even when selected explicitly. */
    g_autoptr(GPtrArray) g = gt_check(missing, NULL, GDN_GUEST_AUTO, "HV015");
    assert_int_equal(g->len, 0);
    g_autoptr(GPtrArray) h = gt_check(on, NULL, GDN_GUEST_AUTO, "all");
    assert_no_rule(h, "HV015");
}

static void vendor_id(void **state)
{
    (void)state;
    g_autofree char *absent = domain_with("vendor_id", NULL, NULL, NULL);
    g_autoptr(GPtrArray) a = gt_check(absent, NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(a->len, 1);
    const GdnFinding *fd = gt_find(a, "HV016", 0);
    assert_int_equal(fd->severity, GDN_SEV_INFO);
    assert_string_equal(gt_param(fd, "value"), "KVM Hv");

    g_autofree char *off = domain_with("vendor_id", "<vendor_id state='off'/>", NULL, NULL);
    g_autoptr(GPtrArray) o = gt_check(off, NULL, GDN_GUEST_AUTO, "HV016");
    assert_int_equal(o->len, 1);
    assert_int_equal(gt_find(o, "HV016", 0)->severity, GDN_SEV_INFO);

    g_autofree char *longv =
        domain_with("vendor_id", "<vendor_id state='on' value='ABCDEFGHIJKLM'/>", NULL, NULL);
    g_autoptr(GPtrArray) l = gt_check(longv, NULL, GDN_GUEST_AUTO, "HV016");
    assert_int_equal(l->len, 1);
    fd = gt_find(l, "HV016", 0);
    assert_int_equal(fd->severity, GDN_SEV_ERROR);
    assert_non_null(strstr(fd->message, "13 characters"));
    assert_string_equal(fd->xpath, "/domain/features/hyperv/vendor_id");

    g_autofree char *comma =
        domain_with("vendor_id", "<vendor_id state='on' value='KVM,Hv'/>", NULL, NULL);
    g_autoptr(GPtrArray) c = gt_check(comma, NULL, GDN_GUEST_AUTO, "HV016");
    assert_int_equal(c->len, 1);
    assert_int_equal(gt_find(c, "HV016", 0)->severity, GDN_SEV_ERROR);

    g_autofree char *novalue = domain_with("vendor_id", "<vendor_id state='on'/>", NULL, NULL);
    g_autoptr(GPtrArray) n = gt_check(novalue, NULL, GDN_GUEST_AUTO, "HV016");
    assert_int_equal(n->len, 1);
    assert_int_equal(gt_find(n, "HV016", 0)->severity, GDN_SEV_ERROR);

    g_autofree char *twelve =
        domain_with("vendor_id", "<vendor_id state='on' value='ABCDEFGHIJKL'/>", NULL, NULL);
    g_autoptr(GPtrArray) t = gt_check(twelve, NULL, GDN_GUEST_AUTO, "HV016");
    assert_int_equal(t->len, 0);
}

/* Asserts exactly one HV017 finding with this message and "requires" param. */
static void assert_dep(const GPtrArray *f, const char *message, const char *requires)
{
    for (guint i = 0; i < f->len; i++) {
        const GdnFinding *fd = g_ptr_array_index(f, i);
        if (strcmp(gdn_finding_rule_id(fd), "HV017") == 0 && strcmp(fd->message, message) == 0) {
            assert_int_equal(fd->severity, GDN_SEV_ERROR);
            assert_string_equal(gt_param(fd, "requires"), requires);
            return;
        }
    }
    gt_dump(f);
    fail_msg("expected HV017 '%s'", message);
}

static void dependencies(void **state)
{
    (void)state;
    /* vpindex off: synic, tlbflush and ipi each need it. */
    g_autofree char *novp = domain_with("vpindex", "<vpindex state='off'/>", NULL, NULL);
    g_autoptr(GPtrArray) a = gt_check(novp, NULL, GDN_GUEST_AUTO, "HV017");
    assert_int_equal(a->len, 3);
    assert_dep(a, "synic is on but vpindex is off", "vpindex");
    assert_dep(a, "tlbflush is on but vpindex is off", "vpindex");
    assert_dep(a, "ipi is on but vpindex is off", "vpindex");
    assert_string_equal(gt_find(a, "HV017", 0)->xpath, "/domain/features/hyperv/synic");

    /* stimer: synic and the hypervclock timer, one finding each. */
    g_autofree char *nosynic = domain_with("synic", NULL, NULL, "<clock offset='localtime'/>");
    g_autoptr(GPtrArray) b = gt_check(nosynic, NULL, GDN_GUEST_AUTO, "HV017");
    assert_int_equal(b->len, 2);
    assert_dep(b, "stimer is on but synic is off", "synic");
    assert_dep(b, "stimer is on but the hypervclock timer is off", "hypervclock");
    g_autofree char *clock_no =
        domain_with(NULL, NULL, NULL,
                    "<clock offset='localtime'><timer name='hypervclock' present='no'/></clock>");
    g_autoptr(GPtrArray) b2 = gt_check(clock_no, NULL, GDN_GUEST_AUTO, "HV017");
    assert_int_equal(b2->len, 1);
    assert_dep(b2, "stimer is on but the hypervclock timer is off", "hypervclock");

    /* stimer direct needs stimer. */
    g_autofree char *st =
        domain_with("stimer", "<stimer state='off'><direct state='on'/></stimer>", NULL, NULL);
    g_autoptr(GPtrArray) c = gt_check(st, NULL, GDN_GUEST_AUTO, "HV017");
    assert_int_equal(c->len, 1);
    assert_dep(c, "stimer direct is on but stimer is off", "stimer");
    assert_string_equal(gt_find(c, "HV017", 0)->xpath, "/domain/features/hyperv/stimer/direct");

    /* vapic off: evmcs needs it. */
    g_autofree char *novapic = domain_with("vapic", NULL, NULL, NULL);
    g_autoptr(GPtrArray) d = gt_check(novapic, NULL, GDN_GUEST_AUTO, "HV017");
    assert_int_equal(d->len, 1);
    assert_dep(d, "evmcs is on but vapic is off", "vapic");

    /* tlbflush direct -> vapic; tlbflush extended -> tlbflush. */
    g_autofree char *tlb = domain_with(
        "tlbflush", "<tlbflush state='off'><direct state='on'/><extended state='on'/></tlbflush>",
        NULL, NULL);
    g_autoptr(GPtrArray) e = gt_check(tlb, NULL, GDN_GUEST_AUTO, "HV017");
    assert_int_equal(e->len, 1);
    assert_dep(e, "tlbflush extended is on but tlbflush is off", "tlbflush");
    /* tlbflush direct with vapic off (vpindex on so only that dependency). */
    g_autoptr(GPtrArray) e2 = gt_check(
        "<domain type='kvm'><name>w</name><memory>1</memory><features><hyperv>"
        "<vapic state='off'/><vpindex state='on'/><tlbflush state='on'><direct state='on'/>"
        "<extended state='on'/></tlbflush></hyperv></features></domain>",
        NULL, GDN_GUEST_AUTO, "HV017");
    assert_int_equal(e2->len, 1);
    assert_dep(e2, "tlbflush direct is on but vapic is off", "vapic");

    /* Everything on: no dependency error. */
    g_autofree char *full = domain_with(NULL, NULL, NULL, NULL);
    g_autoptr(GPtrArray) g = gt_check(full, NULL, GDN_GUEST_AUTO, "HV017");
    assert_int_equal(g->len, 0);
}

static void avic(void **state)
{
    (void)state;
    g_autofree char *missing = domain_with("avic", NULL, NULL, NULL);
    g_autoptr(GPtrArray) a = gt_check(missing, NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(a->len, 1);
    assert_int_equal(gt_find(a, "HV018", 0)->severity, GDN_SEV_INFO);
    g_autofree char *off = domain_with("avic", "<avic state='off'/>", NULL, NULL);
    g_autoptr(GPtrArray) b = gt_check(off, NULL, GDN_GUEST_AUTO, "HV018");
    assert_int_equal(b->len, 1);
    assert_string_equal(gt_find(b, "HV018", 0)->xpath, "/domain/features/hyperv/avic");
    /* synic off: no HV018 (HV007 instead). */
    g_autoptr(GPtrArray) c = gt_check("<domain type='kvm'><name>w</name><memory>1</memory>"
                                      "<features><hyperv><relaxed state='on'/></hyperv>"
                                      "</features></domain>",
                                      NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_rule(c, "HV007");
    assert_no_rule(c, "HV018");
}

static void kvm_hidden(void **state)
{
    (void)state;
    g_autofree char *hidden =
        domain_with(NULL, NULL, "<kvm><hidden state='on'/></kvm><vmport state='off'/>", NULL);
    g_autoptr(GPtrArray) a = gt_check(hidden, NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(a->len, 1);
    const GdnFinding *fd = gt_find(a, "HV019", 0);
    assert_string_equal(fd->xpath, "/domain/features/kvm/hidden");

    /* A PCI host device (GPU or not) justifies hidden; a USB one does not. */
    static const char *pci =
        "<domain type='kvm'><name>w</name><memory>1</memory><features><hyperv mode='passthrough'/>"
        "<kvm><hidden state='on'/></kvm><vmport state='off'/></features><devices>"
        "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' "
        "bus='0x01' slot='0x00' function='0x0'/></source></hostdev></devices></domain>";
    g_autoptr(GPtrArray) b = gt_check(pci, NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(b->len, 0);
    static const char *usb =
        "<domain type='kvm'><name>w</name><memory>1</memory><features><hyperv mode='passthrough'/>"
        "<kvm><hidden state='on'/></kvm><vmport state='off'/></features><devices>"
        "<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/><product "
        "id='0xbeef'/></source></hostdev></devices></domain>";
    g_autoptr(GPtrArray) c = gt_check(usb, NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(c->len, 1);
    assert_rule(c, "HV019");

    g_autofree char *shown =
        domain_with(NULL, NULL, "<kvm><hidden state='off'/></kvm><vmport state='off'/>", NULL);
    g_autoptr(GPtrArray) d = gt_check(shown, NULL, GDN_GUEST_AUTO, "HV019");
    assert_int_equal(d->len, 0);
}

static void vmport(void **state)
{
    (void)state;
    g_autofree char *absent = domain_with(NULL, NULL, "", NULL);
    g_autoptr(GPtrArray) a = gt_check(absent, NULL, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(a->len, 1);
    assert_string_equal(gt_find(a, "HV020", 0)->xpath, "/domain/features");
    g_autofree char *on = domain_with(NULL, NULL, "<vmport state='on'/>", NULL);
    g_autoptr(GPtrArray) b = gt_check(on, NULL, GDN_GUEST_AUTO, "HV020");
    assert_int_equal(b->len, 1);
    assert_non_null(strstr(gt_find(b, "HV020", 0)->message, "state='on'"));
    g_autofree char *off = domain_with(NULL, NULL, "<vmport state='off'/>", NULL);
    g_autoptr(GPtrArray) c = gt_check(off, NULL, GDN_GUEST_AUTO, "HV020");
    assert_int_equal(c->len, 0);
}

/* No <hyperv>: one HV001, nothing per missing child; HV020 still applies. */
static void hyperv_missing_reports_once(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check("<domain type='kvm'><name>w</name>" WIN_META
                                      "<memory>1</memory><features><acpi/></features>"
                                      "<clock offset='localtime'/></domain>",
                                      intel_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(gt_count(f, "HV001"), 1);
    assert_int_equal(gt_count(f, "HV020"), 1);
    assert_int_equal(f->len, 2);
    const GdnFinding *fd = gt_find(f, "HV001", 0);
    assert_string_equal(fd->xpath, "/domain/features");
    assert_int_equal(fd->severity, GDN_SEV_WARNING);
    assert_string_equal(gt_param(fd, "evmcs"), "on");

    /* No <features> at all, forced Windows, AMD host: at <domain>, no evmcs. */
    g_autoptr(GPtrArray) g = gt_check("<domain type='kvm'><name>w</name><memory>1</memory>"
                                      "</domain>",
                                      amd_xml, GDN_GUEST_WINDOWS, "enlightenments");
    assert_int_equal(g->len, 2);
    fd = gt_find(g, "HV001", 0);
    assert_string_equal(fd->xpath, "/domain");
    assert_string_equal(gt_param(fd, "evmcs"), "off");
    assert_string_equal(gt_find(g, "HV020", 0)->xpath, "/domain");

    /* <hyperv> present: no HV001. */
    g_autofree char *full = domain_with(NULL, NULL, NULL, NULL);
    g_autoptr(GPtrArray) h = gt_check(full, NULL, GDN_GUEST_AUTO, "HV001");
    assert_int_equal(h->len, 0);
}

static void passthrough(void **state)
{
    (void)state;
    /* Counts as all on, even with Intel host facts and no hypervclock. */
    g_autoptr(GPtrArray) a = gt_check("<domain type='kvm'><name>w</name><memory>1</memory>"
                                      "<features><hyperv mode='passthrough'/>"
                                      "<vmport state='off'/></features></domain>",
                                      intel_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(a->len, 0);

    g_autoptr(GPtrArray) b = gt_check("<domain type='kvm'><name>w</name><memory>1</memory>"
                                      "<features><hyperv mode='passthrough'>"
                                      "<relaxed state='on'/><!-- c --><evmcs state='on'/>"
                                      "</hyperv><vmport state='off'/></features></domain>",
                                      amd_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(b->len, 1);
    const GdnFinding *fd = gt_find(b, "HV021", 0);
    assert_non_null(fd);
    assert_int_equal(fd->severity, GDN_SEV_ERROR);
    assert_int_equal(fd->fix_safety, GDN_FIX_SAFE);
    assert_string_equal(fd->xpath, "/domain/features/hyperv");
    assert_non_null(strstr(fd->message, "2 child elements (<relaxed>, <evmcs>)"));
}

static void tuned_example_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-tuned.xml", "examples/host-intel.xml",
                                           GDN_GUEST_AUTO, "enlightenments");
    assert_no_findings(f);
    /* Default selection too (no default-off HV rule exists). */
    g_autoptr(GPtrArray) g =
        gt_check_file("examples/win11-tuned.xml", "examples/host-intel.xml", GDN_GUEST_AUTO, NULL);
    assert_int_equal(count_prefix(g, "HV"), 0);
}

static void tuned_example_on_amd_fails_evmcs(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-tuned.xml", "examples/host-amd.xml",
                                           GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(f->len, 1);
    const GdnFinding *fd = gt_find(f, "HV015", 0);
    assert_int_equal(fd->severity, GDN_SEV_ERROR);
    assert_int_equal(fd->line, 57);
    assert_int_equal(fd->column, 7);
    assert_string_equal(gt_param(fd, "action"), "remove");
    /* Without --host-caps HV015 never fires. */
    g_autoptr(GPtrArray) g = gt_check_file("examples/win11-tuned.xml", NULL, GDN_GUEST_AUTO, "all");
    assert_int_equal(gt_count(g, "HV015"), 0);
    assert_int_equal(count_prefix(g, "HV"), 0);
}

static void virt_install_example(void **state)
{
    (void)state;
    static const struct {
        const char *rule;
        guint line;
        GdnSeverity sev;
    } expected[] = {
        {"HV012", 18, GDN_SEV_INFO},    /* no reenlightenment */
        {"HV016", 18, GDN_SEV_INFO},    /* no vendor_id */
        {"HV009", 25, GDN_SEV_WARNING}, /* stimer without direct */
    };
    g_autoptr(GPtrArray) f = gt_check_file("examples/win11-virt-install.xml",
                                           "examples/host-intel.xml", GDN_GUEST_AUTO, NULL);
    assert_int_equal(count_prefix(f, "HV"), G_N_ELEMENTS(expected));
    for (guint i = 0; i < G_N_ELEMENTS(expected); i++) {
        const GdnFinding *fd = gt_find(f, expected[i].rule, 0);
        if (!fd) {
            gt_dump(f);
            fail_msg("expected %s", expected[i].rule);
        }
        assert_int_equal(fd->line, expected[i].line);
        assert_int_equal(fd->severity, expected[i].sev);
        assert_int_equal(gt_count(f, expected[i].rule), 1);
    }
    /* HV010 is off by default (QEMU: hv-reset "can be avoided"); selected, it fires. */
    g_autoptr(GPtrArray) r = gt_check_file("examples/win11-virt-install.xml",
                                           "examples/host-intel.xml", GDN_GUEST_AUTO, "HV010");
    assert_int_equal(gt_count(r, "HV010"), 1);
    /* AMD host: evmcs on becomes an error at line 29. */
    g_autoptr(GPtrArray) g = gt_check_file("examples/win11-virt-install.xml",
                                           "examples/host-amd.xml", GDN_GUEST_AUTO, "HV015");
    assert_int_equal(g->len, 1);
    assert_int_equal(gt_find(g, "HV015", 0)->line, 29);
    assert_int_equal(gt_find(g, "HV015", 0)->severity, GDN_SEV_ERROR);
}

static void linux_guest_gets_no_hv_findings(void **state)
{
    (void)state;
    static const char *linux_xml =
        "<domain type='kvm'><name>l</name><metadata><libosinfo:libosinfo "
        "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
        "<libosinfo:os id='http://debian.org/debian/12'/></libosinfo:libosinfo></metadata>"
        "<memory>1048576</memory><features><acpi/><kvm><hidden state='on'/></kvm></features>"
        "<clock offset='utc'/></domain>";
    g_autoptr(GPtrArray) f = gt_check(linux_xml, intel_xml, GDN_GUEST_AUTO, "all");
    assert_int_equal(count_prefix(f, "HV"), 0);
    /* --guest linux wins over an existing <hyperv>. */
    g_autofree char *full = domain_with("relaxed", NULL, NULL, NULL);
    g_autoptr(GPtrArray) g = gt_check(full, intel_xml, GDN_GUEST_LINUX, "enlightenments");
    assert_int_equal(g->len, 0);
    /* Forced Windows: HV001 and HV019 appear. */
    g_autoptr(GPtrArray) h = gt_check(linux_xml, intel_xml, GDN_GUEST_WINDOWS, "enlightenments");
    assert_rule(h, "HV001");
    assert_rule(h, "HV019");
}

/* Hyper-V, kvm hidden and vmport are x86-only: a Windows on ARM guest gets
 * nothing (libvirt rejects <hyperv> there); an unset arch is checked. */
static void non_x86_guest_is_skipped(void **state)
{
    (void)state;
    static const char *arm = "<domain type='kvm'><name>w</name>" WIN_META
                             "<memory>1</memory><os><type arch='aarch64' machine='virt'>hvm"
                             "</type></os><features><acpi/></features></domain>";
    g_autoptr(GPtrArray) f = gt_check(arm, intel_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_int_equal(f->len, 0);
    static const char *x86 = "<domain type='kvm'><name>w</name>" WIN_META
                             "<memory>1</memory><os><type arch='i686'>hvm</type></os>"
                             "<features><acpi/></features></domain>";
    g_autoptr(GPtrArray) g = gt_check(x86, intel_xml, GDN_GUEST_AUTO, "enlightenments");
    assert_rule(g, "HV001");
}

/* Issue 12 (HV004): hyperv.rst advises the default (never notify) when
 * vCPUs are not preempted: every vCPU pinned to a host CPU of its own. */
static void spinlocks_dedicated_vcpus(void **state)
{
    (void)state;
    const char *dedicated = "<domain type='kvm'><name>w</name>" WIN_META
                            "<vcpu>2</vcpu><cputune><vcpupin vcpu='0' cpuset='2'/>"
                            "<vcpupin vcpu='1' cpuset='3'/></cputune>"
                            "<features><hyperv mode='custom'><relaxed state='on'/></hyperv>"
                            "</features></domain>";
    g_autoptr(GPtrArray) a = gt_check(dedicated, NULL, GDN_GUEST_AUTO, "HV004");
    assert_no_findings(a);
    /* A shared or ranged pin may be preempted: the seed's advice stands. */
    const char *shared = "<domain type='kvm'><name>w</name>" WIN_META
                         "<vcpu>2</vcpu><cputune><vcpupin vcpu='0' cpuset='2-3'/>"
                         "<vcpupin vcpu='1' cpuset='2-3'/></cputune>"
                         "<features><hyperv mode='custom'><relaxed state='on'/></hyperv>"
                         "</features></domain>";
    g_autoptr(GPtrArray) b = gt_check(shared, NULL, GDN_GUEST_AUTO, "HV004");
    assert_rule(b, "HV004");
    /* Below libvirt's minimum is still reported on a dedicated guest. */
    const char *low = "<domain type='kvm'><name>w</name>" WIN_META
                      "<vcpu>1</vcpu><cputune><vcpupin vcpu='0' cpuset='2'/></cputune>"
                      "<features><hyperv mode='custom'><spinlocks state='on' retries='100'/>"
                      "</hyperv></features></domain>";
    g_autoptr(GPtrArray) c = gt_check(low, NULL, GDN_GUEST_AUTO, "HV004");
    assert_rule(c, "HV004");
}

/* Issue 12 #1: QEMU without KVM refuses hv-vpindex (and what needs it):
 * a TCG guest is never advised them, and HV001's fix omits them. */
static void tcg_guest_subset(void **state)
{
    (void)state;
    const char *tcg = "<domain type='qemu'><name>w</name>" WIN_META
                      "<vcpu>2</vcpu><features><hyperv mode='custom'><relaxed state='on'/>"
                      "</hyperv></features></domain>";
    g_autoptr(GPtrArray) a = gt_check(tcg, intel_xml, GDN_GUEST_AUTO, "enlightenments");
    const char *never[] = {"HV005", "HV007", "HV008", "HV009", "HV013", "HV014", "HV015", "HV018"};
    for (guint i = 0; i < G_N_ELEMENTS(never); i++)
        assert_no_rule(a, never[i]);
    const char *still[] = {"HV003", "HV004", "HV006", "HV010", "HV011", "HV012", "HV016"};
    for (guint i = 0; i < G_N_ELEMENTS(still); i++)
        assert_rule(a, still[i]);
    g_autoptr(GPtrArray) b =
        gt_check("<domain type='qemu'><name>w</name>" WIN_META "<vcpu>2</vcpu></domain>", intel_xml,
                 GDN_GUEST_AUTO, "HV001");
    const GdnFinding *fd = gt_find(b, "HV001", 0);
    assert_string_equal(gt_param(fd, "kvm"), "no");
    assert_string_equal(gt_param(fd, "evmcs"), "off");
    assert_string_equal(gt_param(fd, "avic"), "off");
    /* The same guest under KVM on an Intel host gets evmcs. */
    g_autoptr(GPtrArray) c =
        gt_check("<domain type='kvm'><name>w</name>" WIN_META "<vcpu>2</vcpu></domain>", intel_xml,
                 GDN_GUEST_AUTO, "HV001");
    assert_string_equal(gt_param(gt_find(c, "HV001", 0), "kvm"), "yes");
    assert_string_equal(gt_param(gt_find(c, "HV001", 0), "evmcs"), "on");
}

/* Issue 12 #10: hv-avic only where host facts show APICv/AVIC. */
static void avic_needs_host_apicv(void **state)
{
    (void)state;
    g_autofree char *missing = domain_with("avic", NULL, NULL, NULL);
    g_autoptr(GPtrArray) a = gt_check(missing, amd_xml, GDN_GUEST_AUTO, "HV018");
    const GdnFinding *fa = gt_find(a, "HV018", 0);
    assert_int_equal(fa->fix_safety, GDN_FIX_NONE);
    assert_non_null(strstr(fa->message, "do not show APICv/AVIC"));
    g_autoptr(GPtrArray) n = gt_check(missing, NULL, GDN_GUEST_AUTO, "HV018");
    assert_int_equal(gt_find(n, "HV018", 0)->fix_safety, GDN_FIX_NONE);
    /* libvirt's CPU map: 'avic' on AMD, 'vmx-apicv-vid' on Intel. */
    g_autoptr(GString) avic_host = g_string_new(amd_xml);
    g_string_replace(avic_host, "<vendor>AMD</vendor>",
                     "<vendor>AMD</vendor><feature name='avic'/>", 1);
    g_autoptr(GPtrArray) b = gt_check(missing, avic_host->str, GDN_GUEST_AUTO, "HV018");
    const GdnFinding *fb = gt_find(b, "HV018", 0);
    assert_int_equal(fb->fix_safety, GDN_FIX_SAFE);
    assert_null(strstr(fb->message, "APICv"));
    g_autoptr(GPtrArray) c =
        gt_check("<domain type='kvm'><name>w</name>" WIN_META "<vcpu>2</vcpu></domain>",
                 avic_host->str, GDN_GUEST_AUTO, "HV001");
    assert_string_equal(gt_param(gt_find(c, "HV001", 0), "avic"), "on");
    g_autoptr(GPtrArray) d =
        gt_check("<domain type='kvm'><name>w</name>" WIN_META "<vcpu>2</vcpu></domain>", amd_xml,
                 GDN_GUEST_AUTO, "HV001");
    assert_string_equal(gt_param(gt_find(d, "HV001", 0), "avic"), "off");
}

/* Issue 12 #9: a libosinfo id naming Linux wins over <hyperv>; --guest
 * still overrides it. */
static void linux_id_beats_hyperv(void **state)
{
    (void)state;
    const char *deb = "<domain type='kvm'><name>d</name><metadata><libosinfo:libosinfo "
                      "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
                      "<libosinfo:os id='http://debian.org/debian/11'/></libosinfo:libosinfo>"
                      "</metadata><vcpu>2</vcpu><features><hyperv mode='custom'>"
                      "<relaxed state='on'/></hyperv></features><clock offset='utc'/></domain>";
    g_autoptr(GPtrArray) a = gt_check(deb, NULL, GDN_GUEST_AUTO, "HV,CLK");
    assert_no_findings(a);
    g_autoptr(GPtrArray) b = gt_check(deb, NULL, GDN_GUEST_WINDOWS, "HV,CLK");
    assert_rule(b, "HV003");
    assert_rule(b, "CLK005");
    /* Without an id, <hyperv> still marks Windows. */
    g_autoptr(GPtrArray) c =
        gt_check("<domain type='kvm'><name>d</name><vcpu>2</vcpu><features><hyperv "
                 "mode='custom'><relaxed state='on'/></hyperv></features></domain>",
                 NULL, GDN_GUEST_AUTO, "HV003");
    assert_rule(c, "HV003");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_set_is_clean),
        cmocka_unit_test(each_simple_feature_triggers_its_rule),
        cmocka_unit_test(spinlocks),
        cmocka_unit_test(stimer_direct),
        cmocka_unit_test(evmcs_is_host_aware),
        cmocka_unit_test(vendor_id),
        cmocka_unit_test(dependencies),
        cmocka_unit_test(avic),
        cmocka_unit_test(spinlocks_dedicated_vcpus),
        cmocka_unit_test(tcg_guest_subset),
        cmocka_unit_test(avic_needs_host_apicv),
        cmocka_unit_test(linux_id_beats_hyperv),
        cmocka_unit_test(kvm_hidden),
        cmocka_unit_test(vmport),
        cmocka_unit_test(hyperv_missing_reports_once),
        cmocka_unit_test(passthrough),
        cmocka_unit_test(tuned_example_is_clean),
        cmocka_unit_test(tuned_example_on_amd_fails_evmcs),
        cmocka_unit_test(virt_install_example),
        cmocka_unit_test(linux_guest_gets_no_hv_findings),
        cmocka_unit_test(non_x86_guest_is_skipped),
    };
    return cmocka_run_group_tests_name("enlightenments", tests, setup, teardown);
}
