/* One line per output format (--format NAME). */
GDN_REPORTER_ENTRY(text)
GDN_REPORTER_ENTRY(json)
