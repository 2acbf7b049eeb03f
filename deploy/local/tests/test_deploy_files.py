"""The deployment files, checked offline: the image (Dockerfile + entrypoint), the compose file
against the vendored compose-spec schema, and the kustomize base and overlay against the
Kubernetes schemas of ``kubernetes-validate``. The overlay is rendered by a small pure-Python
kustomize (namespace, images, strategic-merge patches) so no kustomize binary is needed; when
``kubectl`` is on the PATH its rendering must agree with ours.

Beyond the schemas these pin what issue 8 asks: ZVH_ENV everywhere, no literal secrets, a
non-root image, /healthz and /readyz probes, and consent reachable only from intake, overleg and
notify."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from zvh_consent.config import ConsentSettings
from zvh_intake.config import IntakeSettings
from zvh_notify.config import NotifySettings
from zvh_overleg.config import OverlegSettings
from zvh_platform.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = ROOT / "deploy" / "compose" / "docker-compose.yml"
COMPOSE_SCHEMA = ROOT / "deploy" / "compose" / "compose-spec.json"
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
OVERLAY = K8S / "overlays" / "productie"
DOCKERFILE = ROOT / "Dockerfile"
ENTRYPOINT = ROOT / "deploy" / "docker-entrypoint.sh"

SERVICES = ("intake", "overleg", "consent", "notify")
#: The Kubernetes version the manifests are validated against.
K8S_VERSION = "1.32"
#: Env names that carry a secret (a username is not one).
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|_KEY$|DATABASE_URL)")
#: A compose value that takes a secret from the environment and refuses to start without it.
REQUIRED_VAR = re.compile(r"\$\{[A-Z][A-Z0-9_]*:\?[^}]*\}")


# --- helpers -------------------------------------------------------------------------------------


def load_all(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


#: Set by the deploy files for every service but read by none. Listed here, not as a settings
#: field, so no settings class carries it. (Empty now: overleg reads ZVH_NOTIFY_URL for the
#: postvak.)
READ_BY_NO_SERVICE: set[str] = set()


def known_settings() -> set[str]:
    """Every ``ZVH_*`` some service's settings read (each composes the adapter classes it needs)."""
    fields: set[str] = set(READ_BY_NO_SERVICE)
    for cls in (ServiceSettings, IntakeSettings, OverlegSettings, ConsentSettings, NotifySettings):
        fields |= {f"ZVH_{name.upper()}" for name in cls.model_fields}
    return fields


def merge(base: Any, patch: Any) -> Any:
    """Strategic merge as kustomize does it for what we patch: maps merge, lists of named maps
    merge by ``name``, anything else is replaced."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if (
        isinstance(base, list)
        and isinstance(patch, list)
        and all(isinstance(i, dict) and "name" in i for i in base + patch)
    ):
        merged = [copy.deepcopy(i) for i in base]
        index = {item["name"]: n for n, item in enumerate(merged)}
        for item in patch:
            if item["name"] in index:
                merged[index[item["name"]]] = merge(merged[index[item["name"]]], item)
            else:
                merged.append(copy.deepcopy(item))
        return merged
    return copy.deepcopy(patch)


def render(directory: Path) -> list[dict[str, Any]]:
    """A tiny kustomize: resources (files or directories), labels, namespace, images, patches."""
    kust = yaml.safe_load((directory / "kustomization.yaml").read_text())
    docs: list[dict[str, Any]] = []
    for res in kust.get("resources", []):
        path = (directory / res).resolve()
        docs += render(path) if path.is_dir() else load_all(path)
    for entry in kust.get("labels", []):
        for doc in docs:
            doc.setdefault("metadata", {}).setdefault("labels", {}).update(entry["pairs"])
    for patch_ref in kust.get("patches", []):
        patch = yaml.safe_load((directory / patch_ref["path"]).read_text())
        key = (patch["kind"], patch["metadata"]["name"])
        hits = [n for n, d in enumerate(docs) if (d["kind"], d["metadata"]["name"]) == key]
        assert hits, f"patch {patch_ref['path']} matches no resource"
        for n in hits:
            docs[n] = merge(docs[n], patch)
    if "namespace" in kust:
        for doc in docs:
            doc["metadata"]["namespace"] = kust["namespace"]
    for image in kust.get("images", []):
        for container in containers(docs):
            name, _, _tag = container["image"].partition(":")
            if name == image["name"]:
                container["image"] = f"{image.get('newName', name)}:{image['newTag']}"
    return docs


def containers(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        c
        for d in docs
        if d["kind"] == "Deployment"
        for c in d["spec"]["template"]["spec"]["containers"]
    ]


def of_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def allowed_ingress_apps(app: str, policies: list[dict[str, Any]]) -> set[str] | None:
    """Which apps' pods may reach ``app``'s pods, from the NetworkPolicies; ``None`` when some
    rule lets in more than named apps (anyone, a namespace, an IP block)."""
    sources: set[str] = set()
    for policy in policies:
        spec = policy["spec"]
        selected = spec["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name")
        if selected not in (app, None) or spec["podSelector"].get("matchExpressions"):
            continue
        if selected is None and spec["podSelector"]:
            continue  # selects by other labels (part-of): not an ingress rule we write
        for rule in spec.get("ingress", []):
            peers = rule.get("from")
            if not peers:
                return None
            for peer in peers:
                if set(peer) != {"podSelector"}:
                    return None
                sel = peer["podSelector"]
                names = sel.get("matchLabels", {}).get("app.kubernetes.io/name")
                if names:
                    sources.add(names)
                for expr in sel.get("matchExpressions", []):
                    if expr["key"] != "app.kubernetes.io/name" or expr["operator"] != "In":
                        return None
                    sources |= set(expr["values"])
                if not names and not sel.get("matchExpressions"):
                    return None
    return sources


def compose_doc() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def app_services(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: svc for name, svc in doc["services"].items() if name in SERVICES}


def literal_secrets(env: dict[str, Any]) -> list[str]:
    """Env entries whose name says secret and whose value is not a required ${VAR:?…}."""
    bad = []
    for key, value in env.items():
        if SECRET_NAME.search(key) and not key.endswith("_USERNAME"):
            text = str(value)
            stripped = REQUIRED_VAR.sub("", text)
            if "DATABASE_URL" in key:
                # postgresql+asyncpg://user:${PW:?…}@host/db: the password must be a variable.
                if not re.search(r"://[^:/@]+:\$\{[A-Z0-9_]+:\?[^}]*\}@", text):
                    bad.append(key)
            elif stripped.strip():
                bad.append(key)
    return bad


# --- the image -----------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1]) for ln in lines]


def test_dockerfile_is_multistage_uv_slim_and_runs_as_non_root() -> None:
    steps = dockerfile_instructions()
    froms = [arg for op, arg in steps if op == "FROM"]
    assert len(froms) >= 2, "multi-stage: a build stage and a runtime stage"
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in DOCKERFILE.read_text()
    runs = " ".join(arg for op, arg in steps if op == "RUN")
    assert "uv sync --frozen --no-dev --all-packages" in runs
    runtime = steps[max(n for n, (op, _) in enumerate(steps) if op == "FROM") :]
    users = [arg for op, arg in runtime if op == "USER"]
    assert users, "the runtime stage sets USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), users
    assert "libpangoft2" in runs, "WeasyPrint's Pango is in the runtime image"


def test_dockerfile_copies_every_workspace_member() -> None:
    """The dependency layer is built from the members' project files: a new member that is not
    copied would make ``uv sync --frozen`` fail in the image build only."""
    members = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    paths = {p.relative_to(ROOT) for m in members["members"] for p in ROOT.glob(m)}
    copies = [arg for op, arg in dockerfile_instructions() if op == "COPY"]
    for path in paths:
        assert f"{path}/pyproject.toml {path}/" in copies, path
        assert any(c.split()[0] in (str(path), str(path.parent)) for c in copies), path


def test_dockerfile_bakes_in_no_secret() -> None:
    for op, arg in dockerfile_instructions():
        if op in ("ENV", "ARG"):
            names = re.findall(r"([A-Z_][A-Z0-9_]*)=", arg) or [arg.split("=")[0]]
            assert not [n for n in names if SECRET_NAME.search(n)], (op, arg)
            assert "ZVH_ENV=" not in arg, "ZVH_ENV is stated where the image runs, not baked in"
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "**/.env" in ignored and "**/var" in ignored


@pytest.fixture
def fake_uvicorn(tmp_path: Path) -> dict[str, str]:
    """A ``python`` on PATH that prints its arguments instead of serving."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python"
    fake.write_text('#!/bin/sh\necho python "$@"\n')
    fake.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


@pytest.mark.parametrize("service", SERVICES)
def test_entrypoint_starts_the_named_service(service: str, fake_uvicorn: dict[str, str]) -> None:
    """Through zvh_platform.serve (uvicorn, and exit code 0 after a graceful SIGTERM)."""
    out = subprocess.run(
        ["sh", str(ENTRYPOINT), service, "--log-level", "warning"],
        env=fake_uvicorn,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [
        "python",
        "-m",
        "zvh_platform.serve",
        service,
        "--host",
        "0.0.0.0",
        "--port",
        "8000",
        "--no-access-log",
        "--proxy-headers",
        "--log-level",
        "warning",
    ]


def test_entrypoint_refuses_an_unknown_service(fake_uvicorn: dict[str, str]) -> None:
    done = subprocess.run(
        ["sh", str(ENTRYPOINT), "beheer"],
        env=fake_uvicorn,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 64
    assert "unknown service" in done.stderr and not done.stdout


# --- compose -------------------------------------------------------------------------------------


def compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    # The vendored schema names draft 2019-09 with a trailing '#', which jsonschema does not map.
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema)


def test_compose_file_matches_the_compose_spec_schema() -> None:
    errors = sorted(compose_validator().iter_errors(compose_doc()), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_compose_schema_rejects_what_compose_would() -> None:
    doc = compose_doc()
    doc["services"]["intake"]["enviroment"] = {"ZVH_ENV": "production"}  # a typo'd key
    doc["services"]["consent"]["ports"] = {"8002": 8000}  # a map where a list belongs
    assert len(list(compose_validator().iter_errors(doc))) >= 2


def test_compose_runs_the_chain_and_its_infrastructure() -> None:
    services = compose_doc()["services"]
    assert set(services) >= {
        *SERVICES,
        "kafka",
        "postgres",
        "opa",
        "otel-collector",
        "jaeger",
        "oidc",
        "setup",
        "setup-plan",
    }
    for name, svc in app_services(compose_doc()).items():
        assert svc["command"] == [name]
        assert svc["image"].startswith("${ZVH_IMAGE:-zvh-keten")
        assert svc["read_only"] is True and svc["user"].split(":")[0] != "0"
    assert "/policies" in " ".join(services["opa"]["volumes"])
    assert "../../services/consent/policies" in services["opa"]["volumes"][0]
    assert any(
        "deploy/otel/collector.yaml" in str(v) or "../otel/collector.yaml" in str(v)
        for v in services["otel-collector"]["volumes"]
    )


def test_a_one_shot_setup_runs_before_every_service() -> None:
    """Issue 8: users, topics and ACLs are on the broker before any service starts."""
    services = compose_doc()["services"]
    for name, svc in app_services(compose_doc()).items():
        assert svc["depends_on"]["setup"] == {"condition": "service_completed_successfully"}, name
    setup, plan = services["setup"], services["setup-plan"]
    assert setup["depends_on"]["setup-plan"] == {"condition": "service_completed_successfully"}
    assert "kafka" in setup["depends_on"]
    for one_shot in (setup, plan):
        assert one_shot["restart"] == "no" and "ports" not in one_shot
    # the plan comes from the ZVH image, read-only, as the non-root user, through the real CLI
    assert plan["image"].startswith("${ZVH_IMAGE:-zvh-keten")
    assert plan["read_only"] is True and plan["user"].split(":")[0] != "0"
    assert plan["entrypoint"][:2] == ["zvh", "setup-plan"]
    from zvh_local.cli import parser

    assert parser().parse_args(plan["entrypoint"][1:]).command == "setup-plan"
    # setup: the Kafka image (the tools) with our scripts and the plan mounted read-only
    assert setup["image"] == services["kafka"]["image"]
    mounts = dict(v.rsplit(":", 1)[0].split(":", 1) for v in setup["volumes"])
    assert mounts["./kafka"] == "/etc/zvh-kafka" and mounts["../kafka"] == "/etc/zvh-kafka-scripts"
    assert mounts["setup-plan"] == setup["environment"]["ZVH_SETUP_PLAN"]
    plan_volume = dict(v.split(":", 1) for v in plan["volumes"])["setup-plan"]
    assert plan_volume == "/app/var" and plan["entrypoint"][2] == plan_volume
    script = setup["entrypoint"][-1].replace("/etc/zvh-kafka", str(COMPOSE.parent / "kafka"))
    assert Path(script).is_file()
    for helper in ("create-users.sh", "apply-acls.sh"):
        assert (ROOT / "deploy" / "kafka" / helper).is_file()
    # every service's SCRAM password reaches create-users.sh under the name it reads
    for name in SERVICES:
        var = f"ZVH_KAFKA_PASSWORD_SVC_{name.upper()}"
        assert setup["environment"][var] == services[name]["environment"]["ZVH_KAFKA_SASL_PASSWORD"]


def test_compose_sets_zvh_env_for_every_service() -> None:
    for name, svc in app_services(compose_doc()).items():
        assert svc["environment"].get("ZVH_ENV"), name


def test_compose_uses_one_database_per_service() -> None:
    urls = {
        name: svc["environment"]["ZVH_DATABASE_URL"]
        for name, svc in app_services(compose_doc()).items()
    }
    assert {url.rsplit("/", 1)[1] for url in urls.values()} == set(SERVICES)
    init = (ROOT / "deploy" / "compose" / "postgres" / "init-databases.sh").read_text()
    assert "for svc in intake overleg consent notify" in init


def test_compose_has_no_literal_secret() -> None:
    doc = compose_doc()
    for name, svc in doc["services"].items():
        env = svc.get("environment", {})
        assert isinstance(env, dict), name
        assert literal_secrets(env) == [], name


def test_the_secret_check_catches_a_committed_secret() -> None:
    assert literal_secrets({"ZVH_TOKEN_SECRET": "hunter2-hunter2"}) == ["ZVH_TOKEN_SECRET"]
    assert literal_secrets({"ZVH_TOKEN_SECRET": "${ZVH_TOKEN_SECRET:-dev}"}) != []
    url = "postgresql+asyncpg://intake:geheim@postgres/intake"
    assert literal_secrets({"ZVH_DATABASE_URL": url}) == ["ZVH_DATABASE_URL"]
    assert literal_secrets({"ZVH_KAFKA_SASL_USERNAME": "svc-intake"}) == []


def test_every_required_variable_is_documented() -> None:
    text = COMPOSE.read_text()
    values = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", values))
    assert {"ZVH_SIGNING_KEY_OVERLEG", "POSTGRES_PASSWORD", "ZVH_KAFKA_ADMIN_PASSWORD"} <= required
    readme = (ROOT / "deploy" / "compose" / "README.md").read_text()
    per_service = re.compile(r"_(INTAKE|OVERLEG|CONSENT|NOTIFY)$")
    undocumented = {
        v
        for v in required
        if f"`{v}`" not in readme and f"`{per_service.sub('_<SERVICE>', v)}`" not in readme
    }
    assert not undocumented


def test_compose_settings_exist_in_the_settings_classes() -> None:
    known = known_settings()
    for name, svc in app_services(compose_doc()).items():
        unknown = {k for k in svc["environment"] if k.startswith("ZVH_")} - known
        assert not unknown, f"{name}: {unknown} (typo, or a setting that does not exist)"


# --- kubernetes ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base() -> list[dict[str, Any]]:
    return render(BASE)


@pytest.fixture(scope="module")
def productie() -> list[dict[str, Any]]:
    return render(OVERLAY)


@pytest.mark.parametrize("which", ["base", "productie"])
def test_manifests_match_the_kubernetes_schemas(which: str, request: pytest.FixtureRequest) -> None:
    docs = request.getfixturevalue(which)
    assert len(docs) >= 20
    for doc in docs:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_kubernetes_schemas_reject_a_broken_manifest(base: list[dict[str, Any]]) -> None:
    deployment = copy.deepcopy(of_kind(base, "Deployment")["intake"])
    deployment["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_overlay_changes_namespace_image_and_sizes(productie: list[dict[str, Any]]) -> None:
    assert {d["metadata"].get("namespace") for d in productie} == {"zvh-productie"}
    assert {c["image"] for c in containers(productie)} == {"registry.example/zvh/zvh-keten:0.1.0"}
    deployments = of_kind(productie, "Deployment")
    assert deployments["consent"]["spec"]["replicas"] == 3
    overleg = deployments["overleg"]["spec"]["template"]["spec"]["containers"][0]
    assert overleg["resources"]["limits"]["memory"] == "1536Mi"
    assert overleg["livenessProbe"]["httpGet"]["path"] == "/healthz", "the patch kept the rest"


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl (kustomize) not installed")
def test_our_rendering_agrees_with_kustomize(productie: list[dict[str, Any]]) -> None:
    out = subprocess.run(
        ["kubectl", "kustomize", str(OVERLAY)], capture_output=True, text=True, check=True
    ).stdout

    def keyed(docs: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
        return {(d["kind"], d["metadata"]["name"]): d for d in docs}

    assert keyed([d for d in yaml.safe_load_all(out) if d]) == keyed(productie)


def test_one_deployment_per_service_from_the_one_image(base: list[dict[str, Any]]) -> None:
    deployments = of_kind(base, "Deployment")
    assert set(deployments) == set(SERVICES)
    for name, dep in deployments.items():
        (container,) = dep["spec"]["template"]["spec"]["containers"]
        assert container["image"].split(":")[0] == "zvh-keten"
        assert container["args"] == [name]
    assert set(of_kind(base, "Service")) == set(SERVICES)
    assert set(of_kind(base, "PodDisruptionBudget")) == set(SERVICES)
    hpas = of_kind(base, "HorizontalPodAutoscaler")
    assert set(hpas) == {"intake", "overleg"}
    assert {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()} == {"intake", "overleg"}


def _shutdown_bound_s() -> float:
    """The longest a graceful stop may take: requests in flight, consumer handlers, the final
    outbox flush (zvh_platform.serve, ServiceSettings, OutboxRelay)."""
    import inspect

    from zvh_platform.outbox import OutboxRelay
    from zvh_platform.serve import DEFAULT_HTTP_GRACE_S

    relay = inspect.signature(OutboxRelay).parameters["publish_timeout_s"].default + 5
    consumers = ServiceSettings.model_fields["kafka_graceful_timeout_s"].default
    return float(DEFAULT_HTTP_GRACE_S + consumers + relay)


def test_the_platform_gets_time_for_a_graceful_stop(base: list[dict[str, Any]]) -> None:
    """SIGKILL only after every stage of the graceful stop had its time (docs/operations.md)."""
    bound = _shutdown_bound_s()
    for name, dep in of_kind(base, "Deployment").items():
        assert dep["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > bound, name
    for name, svc in app_services(compose_doc()).items():
        assert float(svc["stop_grace_period"].removesuffix("s")) > bound, name
    from zvh_local.services import STOP_TIMEOUT_S

    assert bound < STOP_TIMEOUT_S


def env_of(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container.get("env", [])}


@pytest.mark.parametrize("which", ["base", "productie"])
def test_every_pod_states_zvh_env_and_takes_secrets_by_reference(
    which: str, request: pytest.FixtureRequest
) -> None:
    docs = request.getfixturevalue(which)
    assert "Secret" not in {d["kind"] for d in docs}, "Secrets are created outside the repository"
    for container in containers(docs):
        env = env_of(container)
        assert env["ZVH_ENV"]["value"] == "production", container["name"]
        for name, entry in env.items():
            if SECRET_NAME.search(name) and not name.endswith("_USERNAME"):
                assert "value" not in entry, name
                assert entry["valueFrom"]["secretKeyRef"]["name"].startswith("zvh-"), name
    for config in of_kind(docs, "ConfigMap").values():
        assert not [k for k in config["data"] if SECRET_NAME.search(k)], config["data"]


def test_settings_named_in_k8s_exist(base: list[dict[str, Any]]) -> None:
    known = known_settings()
    names = {n for c in containers(base) for n in env_of(c)}
    names |= set(of_kind(base, "ConfigMap")["zvh-config"]["data"])
    assert not {n for n in names if n.startswith("ZVH_")} - known


@pytest.mark.parametrize("which", ["base", "productie"])
def test_probes_resources_and_non_root(which: str, request: pytest.FixtureRequest) -> None:
    docs = request.getfixturevalue(which)
    for dep in of_kind(docs, "Deployment").values():
        pod = dep["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] != 0
        for c in pod["containers"]:
            assert c["livenessProbe"]["httpGet"]["path"] == "/healthz", c["name"]
            assert c["readinessProbe"]["httpGet"]["path"] == "/readyz", c["name"]
            assert set(c["resources"]) == {"requests", "limits"}
            for part in ("requests", "limits"):
                assert set(c["resources"][part]) == {"cpu", "memory"}
            ctx = c["securityContext"]
            assert ctx["readOnlyRootFilesystem"] is True
            assert ctx["allowPrivilegeEscalation"] is False
            assert ctx["capabilities"]["drop"] == ["ALL"]
            mounts = {m["mountPath"] for m in c["volumeMounts"]}
            assert {"/app/var", "/tmp"} <= mounts, "writable places on a read-only root"


def test_network_is_default_deny(base: list[dict[str, Any]]) -> None:
    policies = of_kind(base, "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {}
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny


def test_consent_is_reachable_only_from_intake_overleg_and_notify(
    base: list[dict[str, Any]],
) -> None:
    policies = list(of_kind(base, "NetworkPolicy").values())
    assert allowed_ingress_apps("consent", policies) == {"intake", "overleg", "notify"}


def test_overleg_reaches_notify_for_the_postvak(base: list[dict[str, Any]]) -> None:
    spec = of_kind(base, "NetworkPolicy")["notify-ingress"]["spec"]
    assert spec["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "notify"}
    [rule] = spec["ingress"]
    pods = [p["podSelector"]["matchLabels"] for p in rule["from"] if "podSelector" in p]
    assert pods == [{"app.kubernetes.io/name": "overleg"}]


def test_the_consent_check_catches_a_wider_policy(base: list[dict[str, Any]]) -> None:
    policies = list(of_kind(base, "NetworkPolicy").values())
    extra = copy.deepcopy(of_kind(base, "NetworkPolicy")["consent-ingress"])
    extra["metadata"]["name"] = "consent-from-all"
    extra["spec"]["ingress"] = [{"from": [{"namespaceSelector": {}}]}]
    assert allowed_ingress_apps("consent", [*policies, extra]) is None
    wider = copy.deepcopy(extra)
    wider["spec"]["ingress"] = [
        {"from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "beheer"}}}]}
    ]
    assert allowed_ingress_apps("consent", [*policies, wider]) == {
        "intake",
        "overleg",
        "notify",
        "beheer",
    }


def test_every_service_signs_with_its_own_key_in_compose_and_kubernetes(
    base: list[dict[str, Any]],
) -> None:
    """No shared signing secret (docs/security.md): each service's key is its own."""
    compose_keys = {
        name: str(svc["environment"]["ZVH_SIGNING_KEY"])
        for name, svc in app_services(compose_doc()).items()
    }
    assert set(compose_keys) == {"intake", "overleg", "consent", "notify"}
    assert len(set(compose_keys.values())) == 4
    assert all(f"ZVH_SIGNING_KEY_{n.upper()}" in v for n, v in compose_keys.items())
    refs = {}
    for c in containers(base):
        env = {e["name"]: e for e in c.get("env", [])}
        assert "ZVH_TOKEN_SECRET" not in env
        refs[c["name"]] = env["ZVH_SIGNING_KEY"]["valueFrom"]["secretKeyRef"]["name"]
    assert refs == {n: f"zvh-{n}" for n in ("intake", "overleg", "consent", "notify")}
