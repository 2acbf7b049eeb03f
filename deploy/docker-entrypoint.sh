#!/bin/sh
# The image's entrypoint: `<service> [extra uvicorn options]` starts that service on port 8000.
set -eu
service="${1:---help}"
case "$service" in
  intake|overleg|consent|notify)
    shift
    exec uvicorn "zvh_${service}.bootstrap:create_app" --factory \
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
