#!/bin/sh
# The image's entrypoint: `<service> [extra uvicorn options]` starts that service on port 8000.
set -eu
service="${1:---help}"
case "$service" in
  intake|overleg|consent|notify)
    shift
    # uvicorn with a graceful stop that exits 0 on SIGTERM (zvh_platform/serve.py)
    exec python -m zvh_platform.serve "$service" \
      --host 0.0.0.0 --port "${PORT:-8000}" --no-access-log --proxy-headers "$@"
    ;;
  -h|--help)
    echo "usage: docker run zvh-keten {intake|overleg|consent|notify} [uvicorn options]"
    ;;
  *)
    echo "unknown service: $service (one of intake, overleg, consent, notify)" >&2
    exit 64
    ;;
esac
