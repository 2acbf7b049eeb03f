# syntax=docker/dockerfile:1
# One image for the whole chain: `docker run zvh-keten <service>` starts intake, overleg, consent
# or notify (uvicorn, the service's create_app factory, port 8000). Built with uv from the frozen
# lock, without dev dependencies; runs as an unprivileged user; holds no secrets (those come from
# the environment at run time, ZVH_ENV included: a service refuses to start without it).

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: resolve the workspace into /app/.venv --------------------------------------------
FROM ${PYTHON_IMAGE} AS build
# uv from PyPI (pinned), not a downloaded binary.
RUN pip install --no-cache-dir "uv==0.13.*"
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
# Project files first: the dependency layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
COPY contracts/pyproject.toml contracts/
COPY services/platform/pyproject.toml services/platform/
COPY services/intake/pyproject.toml services/intake/
COPY services/overleg/pyproject.toml services/overleg/
COPY services/consent/pyproject.toml services/consent/
COPY services/notify/pyproject.toml services/notify/
COPY deploy/local/pyproject.toml deploy/local/
RUN uv sync --frozen --no-dev --all-packages --no-install-workspace
# Then the sources (the workspace members install editable: consent finds its policies beside
# its package, services/consent/policies).
COPY contracts contracts
COPY services services
COPY deploy/local deploy/local
RUN uv sync --frozen --no-dev --all-packages

# --- runtime -----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# WeasyPrint (overleg's verslag PDF) needs Pango; nothing else needs system libraries.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 zvh \
 && useradd --system --uid 10001 --gid zvh --home-dir /app --no-create-home zvh
WORKDIR /app
COPY --from=build --chown=root:root /app /app
COPY deploy/docker-entrypoint.sh /usr/local/bin/zvh-entrypoint
# var/ is the only place a service writes (SQLite fallback, telemetry files); mount a volume
# (compose) or an emptyDir (k8s) over it when the root filesystem is read-only.
RUN mkdir -p /app/var && chown zvh:zvh /app/var && chmod 0755 /usr/local/bin/zvh-entrypoint
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 ZVH_VAR_DIR=/app/var
USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["/usr/local/bin/zvh-entrypoint"]
CMD ["--help"]
