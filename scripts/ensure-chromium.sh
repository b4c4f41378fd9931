#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Installs it when missing and we may (root with apt-get).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  # Another apt run (a second test run starting at the same time) holds the dpkg lock: wait for it.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium: install it (sudo apt-get install -y chromium) and run the tests again." >&2
exit 1
