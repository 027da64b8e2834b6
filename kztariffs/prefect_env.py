"""Prefect settings that make local runs work on a small, offline machine (see STACK.md).

Applied with `setdefault`, before Prefect is imported, so anything set in the environment wins.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

DEFAULTS = {
    # The default 20 s times out while the temporary local API starts on a loaded 2-core machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def configure() -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


def server_configured() -> bool:
    """Whether a Prefect server is set, in the environment or in the active Prefect profile.

    Read without importing Prefect (that alone costs about a second); other places Prefect reads
    settings from (prefect.toml, .env) are not looked at: pass `--prefect` there.
    """
    if os.environ.get("PREFECT_API_URL"):
        return True
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    settings = profiles.get("profiles", {}).get(active, {})
    return bool(isinstance(settings, dict) and settings.get("PREFECT_API_URL"))
