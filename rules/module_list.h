/* The rule modules, one line each, in report order. Adding a module is one
 * new file under rules/ and one line here; the engine never names one. */
GDN_MODULE_ENTRY(enlightenments)
GDN_MODULE_ENTRY(clock)
GDN_MODULE_ENTRY(storage)
GDN_MODULE_ENTRY(queues)
GDN_MODULE_ENTRY(network)
GDN_MODULE_ENTRY(graphics)
GDN_MODULE_ENTRY(topology)
GDN_MODULE_ENTRY(pinning)
GDN_MODULE_ENTRY(hugepages)
GDN_MODULE_ENTRY(suppressions)
