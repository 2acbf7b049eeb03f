#!/usr/bin/env bash
# WeasyPrint (the verslag PDF) needs Debian's Pango libraries, which a fresh machine lacks.
# Installs them when missing and we may (root + apt-get); otherwise says what to do.
set -u
if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Pango for PDF verslagen (apt-get)…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
     libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null) && exit 0
  echo "WARNING: could not install Pango; verslag PDFs will answer 503 until it is installed."
else
  echo "WARNING: Pango missing and not root: verslag PDFs will answer 503."
  echo "         Install it with: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"
fi
exit 0
