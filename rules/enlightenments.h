/* HV module helpers shared with reporters (the markdown report shows N/14). */
#pragma once
#include "engine/facts.h"
#include "source/host.h"
#include <glib.h>

/* How many of the seed's 14 enlightenments (the features of HV002-HV016
 * minus HV009) are on and satisfy their rule: spinlocks needs retries >=
 * 8191 and vendor_id a valid value; stimer counts without direct. *total is
 * set to 14, or 13 on an AMD host, where evmcs is excluded. <hyperv
 * mode='passthrough'> counts as all on; no <hyperv> counts as none. host may
 * be NULL (vendor unknown: evmcs counts). */
guint gdn_enlightenments_count(const GdnFacts *facts, const GdnHost *host, guint *total);
