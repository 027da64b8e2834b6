"""Where things live by default."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
RECORDED_DIR = REPO_ROOT / "tests" / "fixtures" / "recorded"


def default_output() -> Path:
    """`KZTARIFFS_OUTPUT`, else the checkout's own `output/` (like the recorded pages, it does
    not move with the current directory), else `./output` for an installed package."""
    if os.environ.get("KZTARIFFS_OUTPUT"):
        return Path(os.environ["KZTARIFFS_OUTPUT"])
    if (REPO_ROOT / "pyproject.toml").is_file():
        return REPO_ROOT / "output"
    return Path("output")


DEFAULT_OUTPUT = default_output()
SNAPSHOTS = "snapshots"  # inside the output folder: every page a run read, content-addressed
