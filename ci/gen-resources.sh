#!/bin/sh
# Writes the GResource manifest for the files given (rule pages, fixes).
echo '<?xml version="1.0" encoding="UTF-8"?>'
echo '<gresources><gresource prefix="/guardian">'
for f in "$@"; do
  echo "  <file>$f</file>"
done
echo '</gresource></gresources>'
