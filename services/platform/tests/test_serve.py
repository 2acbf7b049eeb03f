"""``python -m zvh_platform.serve``: the uvicorn command line it builds."""

from __future__ import annotations

import pytest
from zvh_platform.serve import uvicorn_args


@pytest.mark.parametrize("service", ["intake", "overleg", "consent", "notify"])
def test_a_service_name_becomes_its_app_factory(service: str) -> None:
    assert uvicorn_args([service, "--port", "8001", "--factory"]) == [
        f"zvh_{service}.bootstrap:create_app",
        "--factory",
        "--port",
        "8001",
    ]


def test_anything_else_goes_to_uvicorn_unchanged() -> None:
    args = ["proef.app:create", "--factory", "--timeout-graceful-shutdown", "3"]
    assert uvicorn_args(args) == args
