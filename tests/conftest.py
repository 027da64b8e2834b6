"""Test setup: an isolated Prefect home, set before anything imports Prefect (see STACK.md)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

# A fresh PREFECT_HOME per session: persisted task results must not leak between sessions.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="kztariffs-prefect-home-")
os.environ.pop("PREFECT_API_URL", None)
from kztariffs.prefect_env import configure

configure()

import pytest  # noqa: E402

if TYPE_CHECKING:
    from tests.httpserver import TestServer

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for the whole session; only flow-level tests ask for it."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with (
        prefect_test_harness(server_startup_timeout=120),
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        yield


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def srv() -> Iterator[TestServer]:
    """A real HTTP server on 127.0.0.1, scripted per path (tests/httpserver.py)."""
    from tests.httpserver import TestServer

    with TestServer() as server:
        yield server
