/* One line per output format (--format NAME). */
GDN_REPORTER_ENTRY(text)
GDN_REPORTER_ENTRY(json)
GDN_REPORTER_ENTRY(sarif)
GDN_REPORTER_ENTRY(junit)
GDN_REPORTER_ENTRY(github)
GDN_REPORTER_ENTRY(gitlab)
GDN_REPORTER_ENTRY(markdown)
