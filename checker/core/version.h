#pragma once
#ifndef GDN_VERSION
#define GDN_VERSION "0.1.0"
#endif
#define GDN_URL "https://github.com/guardian-virt/guardian"
