"""Prefect settings that make local runs work on a small, offline machine (see STACK.md).

Applied with `setdefault`, before Prefect is imported, so anything set in the environment wins.
"""

from __future__ import annotations

import os

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
