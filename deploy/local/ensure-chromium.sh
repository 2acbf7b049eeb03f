#!/usr/bin/env bash
# Installs Debian's Chromium for the browser test when it is missing and we may (root + apt-get).
# Otherwise says plainly that the browser test will be skipped.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian chromium for the browser test (apt-get)…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) \
    && echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null)" && exit 0
  echo "WARNING: could not install chromium; the browser test will be skipped."
else
  echo "WARNING: /usr/bin/chromium missing and not root: the browser test will be skipped."
  echo "         Install it with: sudo apt-get install chromium"
fi
exit 0
