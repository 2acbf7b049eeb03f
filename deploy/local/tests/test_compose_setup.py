"""The compose setup step: `zvh setup-plan` and deploy/compose/kafka/setup.sh, with fake Kafka
tools that record their arguments (no Docker, no Kafka here)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from zvh_contracts import topics
from zvh_local.acl import format_kafka_acls, rules
from zvh_local.cli import main
from zvh_platform.region import load_region

ROOT = Path(__file__).resolve().parents[3]
SETUP = ROOT / "deploy" / "compose" / "kafka" / "setup.sh"
SCRIPTS = ROOT / "deploy" / "kafka"
ADMIN_PW = "admin-wachtwoord-0123456789"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="setup.sh needs bash")


def test_setup_plan_writes_users_topics_and_acls(tmp_path: Path) -> None:
    assert main(["setup-plan", str(tmp_path / "plan")]) == 0
    region = load_region(None)
    acl = rules(region)
    users = (tmp_path / "plan" / "users.txt").read_text().split()
    assert users == sorted({r.principal.removeprefix("User:") for r in acl})
    assert {"svc-intake", "svc-overleg", "svc-consent", "svc-notify", "operator"} <= set(users)
    lines = (tmp_path / "plan" / "topics.txt").read_text().splitlines()
    assert lines == [
        f"{s.name} {s.partitions} {s.retention_ms}"
        for s in topics.catalogue(region.partner_codes())
    ]
    assert (tmp_path / "plan" / "acls.txt").read_text() == format_kafka_acls(acl) + "\n"


def test_setup_plan_refuses_an_unreadable_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["setup-plan", str(tmp_path / "plan"), "--region", str(tmp_path / "weg.json")])
    assert code == 2 and "geen setup-plan" in capsys.readouterr().err
    assert not (tmp_path / "plan").exists()


def _fake_tools(bin_dir: Path, calls: Path, *, broker_up: bool = True) -> None:
    bin_dir.mkdir()
    for tool in ("kafka-topics.sh", "kafka-configs.sh", "kafka-acls.sh"):
        fail = 'case " $* " in *" --list "*) exit 1 ;; esac\n' if not broker_up else ""
        script = (
            "#!/bin/sh\n"
            f"{fail}"
            # the admin config must be a readable SCRAM client config while the tool runs
            'conf=""; prev=""; for a in "$@"; do [ "$prev" = --command-config ] && conf="$a"; '
            'prev="$a"; done\n'
            'grep -q "^sasl.mechanism=SCRAM-SHA-512$" "$conf" || exit 9\n'
            f'echo "{tool} $*" >> "{calls}"\n'
        )
        (bin_dir / tool).write_text(script)
        (bin_dir / tool).chmod(0o755)


def _setup_env(tmp_path: Path, users: list[str], *, skip: str | None = None) -> dict[str, str]:
    users_dir = tmp_path / "users"
    users_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZVH_KAFKA_PASSWORD")}
    for user in users:
        if user == skip:
            continue
        pw = f"pw-{user}-0123456789abcdef"
        if user.startswith("svc-"):  # from the environment, as compose passes them
            env[f"ZVH_KAFKA_PASSWORD_{user.upper().replace('-', '_')}"] = pw
        else:  # from the password directory
            (users_dir / user).write_text(pw + "\n")
    env |= {
        "ZVH_KAFKA_ADMIN_PASSWORD": ADMIN_PW,
        "KAFKA_BIN": str(tmp_path / "bin"),
        "ZVH_KAFKA_SCRIPTS": str(SCRIPTS),
        "ZVH_SETUP_PLAN": str(tmp_path / "plan"),
        "ZVH_SETUP_USERS_DIR": str(users_dir),
        "TMPDIR": str(tmp_path),
        "ZVH_SETUP_WAIT_S": "0",
    }
    return env


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SETUP)], env=env, capture_output=True, text=True, check=False, timeout=60
    )


def _plan(tmp_path: Path) -> list[str]:
    assert main(["setup-plan", str(tmp_path / "plan")]) == 0
    return (tmp_path / "plan" / "users.txt").read_text().split()


def test_setup_creates_users_then_topics_then_acls(tmp_path: Path) -> None:
    users = _plan(tmp_path)
    calls = tmp_path / "calls.txt"
    _fake_tools(tmp_path / "bin", calls)
    done = _run(_setup_env(tmp_path, users))
    assert done.returncode == 0, done.stderr
    lines = calls.read_text().splitlines()
    tools = [line.split()[0] for line in lines]

    configs = [line for line in lines if line.startswith("kafka-configs.sh")]
    assert sorted(line.split("--entity-name ")[1] for line in configs) == sorted(users)
    # each user with its own password; none of them ever on the console
    for user in users:
        assert any(f"password=pw-{user}-0123456789abcdef]" in line for line in configs), user
    assert "pw-" not in done.stdout + done.stderr and ADMIN_PW not in done.stdout + done.stderr

    created = [line for line in lines if " --create " in line]
    expected = (tmp_path / "plan" / "topics.txt").read_text().splitlines()
    assert len(created) == len(expected)
    for line, spec in zip(created, expected, strict=True):
        name, partitions, retention = spec.split()
        assert "--if-not-exists" in line and f"--topic {name} --partitions {partitions}" in line
        assert f"retention.ms={retention}" in line

    acls = [line for line in lines if line.startswith("kafka-acls.sh")]
    assert len(acls) == len((tmp_path / "plan" / "acls.txt").read_text().splitlines())
    assert all(" --add --allow-principal User:" in line for line in acls)

    # order: broker check, users, topics, ACLs — services never start on a half-made broker
    first_topic = next(i for i, line in enumerate(lines) if " --create " in line)
    first_acl = tools.index("kafka-acls.sh")
    assert lines[0].endswith("--list")
    assert max(i for i, t in enumerate(tools) if t == "kafka-configs.sh") < first_topic < first_acl
    # the admin's client config was temporary
    admin_config = lines[0].split("--command-config ")[1].split()[0]
    assert not Path(admin_config).exists()


def test_setup_changes_nothing_without_every_password(tmp_path: Path) -> None:
    users = _plan(tmp_path)
    calls = tmp_path / "calls.txt"
    _fake_tools(tmp_path / "bin", calls)
    missing = next(u for u in users if u.startswith("partner-"))
    done = _run(_setup_env(tmp_path, users, skip=missing))
    assert done.returncode != 0
    assert f"geen wachtwoord voor: {missing}" in done.stderr
    made = calls.read_text().splitlines()
    assert [line for line in made if not line.endswith("--list")] == []


def test_setup_fails_when_the_broker_does_not_answer(tmp_path: Path) -> None:
    users = _plan(tmp_path)
    calls = tmp_path / "calls.txt"
    _fake_tools(tmp_path / "bin", calls, broker_up=False)
    done = _run(_setup_env(tmp_path, users))
    assert done.returncode == 1
    assert "antwoordt niet" in done.stderr
    assert not calls.exists()


def test_setup_needs_the_plan(tmp_path: Path) -> None:
    _fake_tools(tmp_path / "bin", tmp_path / "calls.txt")
    done = _run(_setup_env(tmp_path, []))
    assert done.returncode == 1 and "setup-plan" in done.stderr
