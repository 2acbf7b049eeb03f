#!/usr/bin/env bash
# Makes sure PostgreSQL answers on 127.0.0.1:5432 for the PostgreSQL integration tests: starts a
# Debian cluster that is installed but stopped. Where there is none, the tests skip with a reason.
set -u
up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if up; then exit 0; fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  ver=$(ls /etc/postgresql | head -1)
  echo "Starting PostgreSQL $ver for the integration tests…"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
  for _ in $(seq 1 50); do up && exit 0; sleep 0.2; done
fi
echo "WARNING: no PostgreSQL on 127.0.0.1:5432: the PostgreSQL tests will be skipped (set ZVH_TEST_PG to use another server)."
exit 0
