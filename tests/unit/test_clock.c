/* CLK module: each rule triggered and not triggered. */
#include "helpers.h"

#define DOMAIN(clock, cpu)                                                                         \
    "<domain type='kvm'><name>w</name><memory>4194304</memory><vcpu>4</vcpu>"                      \
    "<features><hyperv mode='custom'><relaxed state='on'/></hyperv></features>" cpu clock          \
    "</domain>"

#define TUNED_CLOCK                                                                                \
    "<clock offset='localtime'><timer name='rtc' tickpolicy='catchup'/>"                           \
    "<timer name='pit' tickpolicy='delay'/><timer name='hpet' present='no'/>"                      \
    "<timer name='hypervclock' present='yes'/></clock>"

static void tuned_clock_is_clean(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(DOMAIN(TUNED_CLOCK, ""), NULL, GDN_GUEST_AUTO, "clock");
    /* CLK006 is selected by "clock" but the tuned seed set lacks the tsc timer. */
    assert_int_equal(f->len, 1);
    assert_rule(f, "CLK006");
}

static void untuned_clock_triggers_each_rule(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check(
        DOMAIN("<clock offset='utc'><timer name='rtc' tickpolicy='delay'/>"
               "<timer name='hypervclock' present='no'/></clock>",
               "<cpu mode='host-passthrough'><feature policy='require' name='invtsc'/></cpu>"),
        NULL, GDN_GUEST_AUTO, NULL);
    assert_rule(f, "CLK001");
    assert_rule(f, "CLK002");
    assert_rule(f, "CLK003");
    assert_rule(f, "CLK004");
    assert_rule(f, "CLK005");
    assert_rule(f, "CLK007");
    assert_no_rule(f, "CLK006"); /* default off */
    const GdnFinding *clk1 = gt_find(f, "CLK001", 0);
    assert_string_equal(clk1->xpath, "/domain/clock/timer[2]");
    assert_int_equal(clk1->line, 1);
    assert_int_equal(clk1->severity, GDN_SEV_WARNING);
}

static void invtsc_with_frequency_is_fine(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("<clock offset='localtime'><timer name='tsc' frequency='3000000000'/>"
                        "</clock>",
                        "<cpu mode='host-passthrough'><feature policy='require' "
                        "name='invtsc'/></cpu>"),
                 NULL, GDN_GUEST_AUTO, NULL);
    assert_no_rule(f, "CLK007");
}

static void linux_guest_gets_no_clock_findings(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f = gt_check("<domain type='kvm'><name>l</name><memory>1024</memory>"
                                      "<clock offset='utc'/></domain>",
                                      NULL, GDN_GUEST_AUTO, "clock");
    assert_int_equal(f->len, 0);
    g_autoptr(GPtrArray) forced = gt_check("<domain type='kvm'><name>l</name>"
                                           "<memory>1024</memory><clock offset='utc'/></domain>",
                                           NULL, GDN_GUEST_WINDOWS, "clock");
    assert_rule(forced, "CLK005");
}

/* Issue 12 #8: host-passthrough with migratable='off' passes invtsc through
 * without naming it; CLK007 sees it too. */
static void implicit_invtsc(void **state)
{
    (void)state;
    g_autoptr(GPtrArray) f =
        gt_check(DOMAIN("<clock offset='localtime'/>",
                        "<cpu mode='host-passthrough' check='none' migratable='off'/>"),
                 NULL, GDN_GUEST_AUTO, "CLK007");
    const GdnFinding *x = gt_find(f, "CLK007", 0);
    assert_non_null(x);
    assert_string_equal(x->xpath, "/domain/cpu");
    g_autoptr(GPtrArray) freq = gt_check(
        DOMAIN("<clock offset='localtime'><timer name='tsc' frequency='3000000000'/></clock>",
               "<cpu mode='host-passthrough' check='none' migratable='off'/>"),
        NULL, GDN_GUEST_AUTO, "CLK007");
    assert_no_findings(freq);
    g_autoptr(GPtrArray) migr =
        gt_check(DOMAIN("<clock offset='localtime'/>", "<cpu mode='host-passthrough'/>"), NULL,
                 GDN_GUEST_AUTO, "CLK007");
    assert_no_findings(migr);
    /* invtsc disabled explicitly: nothing passes through. */
    g_autoptr(GPtrArray) off =
        gt_check(DOMAIN("<clock offset='localtime'/>",
                        "<cpu mode='host-passthrough' migratable='off'><feature policy='disable' "
                        "name='invtsc'/></cpu>"),
                 NULL, GDN_GUEST_AUTO, "CLK007");
    assert_no_findings(off);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(implicit_invtsc),
        cmocka_unit_test(tuned_clock_is_clean),
        cmocka_unit_test(untuned_clock_triggers_each_rule),
        cmocka_unit_test(invtsc_with_frequency_is_fine),
        cmocka_unit_test(linux_guest_gets_no_clock_findings),
    };
    return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
