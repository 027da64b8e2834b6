"""Where things live by default."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
RECORDED_DIR = REPO_ROOT / "tests" / "fixtures" / "recorded"
DEFAULT_OUTPUT = Path("output")
SNAPSHOTS = "snapshots"  # inside the output folder: every page a run read, content-addressed
