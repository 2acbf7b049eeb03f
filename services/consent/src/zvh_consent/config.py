"""Consent's settings: the platform's, the pseudonym key (the FG's report) and the choice of
policy engine (env prefix ``ZVH_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from zvh_platform.settings import PseudoniemSettings, ServiceSettings

from zvh_consent.adapters.policy_files import default_policy_dir


class ConsentSettings(ServiceSettings, PseudoniemSettings):
    """``ZVH_POLICY_ENGINE=opa`` + ``ZVH_OPA_URL`` switch from embedded regorus to an OPA server."""

    service: str = "consent"
    policy_engine: Literal["regorus", "opa"] = "regorus"
    policy_dir: Path = default_policy_dir()
    opa_url: str = "http://127.0.0.1:8181"
    opa_token: str | None = None
    #: Budget for one policy evaluation; below the callers' ``pdp_timeout_s``.
    policy_timeout_s: float = 1.0
    #: How long the PDP may reuse what it read from the registers (seconds; 0: read every
    #: batch). A change made through this process is seen by the next decision regardless; this
    #: bounds how long another consent process takes to see it.
    register_cache_s: float = 0.5
    #: Seed the region's organisations with demo convenanten into an empty register at start-up
    #: (``adapters/demo_convenanten.py``); default: everywhere but ``env=production``.
    demo_convenanten: bool | None = None

    def seed_demo_convenanten(self) -> bool:
        """Whether start-up seeds an empty convenant register with the demo convenanten."""
        if self.demo_convenanten is not None:
            return self.demo_convenanten
        return self.env != "production"
