/* The GResource bundle built from the rule pages and fix stylesheets. */
#pragma once
#include <gio/gio.h>

GResource *gdn_get_resource(void);
