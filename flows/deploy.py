"""The deployment `scrape-and-publish/daily`, declared once.

`tariffs serve` serves `daily_deployment()`; `prefect.yaml` declares the same deployment for
workers (tests/test_deploy.py checks that the two agree). The entrypoint is a module path, so a
served run or a worker's run imports the installed package, whatever its working directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

FLOW_NAME = "scrape-and-publish"
DEPLOYMENT_NAME = "daily"
FULL_NAME = f"{FLOW_NAME}/{DEPLOYMENT_NAME}"
CRON = "0 6 * * *"
TIMEZONE = "Asia/Almaty"
ENTRYPOINT = "flows.scrape_and_publish.scrape_and_publish"
WORK_POOL = "kztariffs"
PARAMETERS: dict[str, Any] = {"source": "live", "output": "output"}
TAGS = ["kztariffs"]
DESCRIPTION = "Scrape the six operators' tariff pages and publish a release (06:00 Almaty)."

# Where a worker's flow runs work (relative `output` lands here); see `enter_data_dir`.
DATA_DIR_ENV = "KZTARIFFS_HOME"


def daily_deployment() -> RunnerDeployment:
    """The daily deployment as served by `tariffs serve` (no work pool: the process runs it)."""
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    from flows.scrape_and_publish import scrape_and_publish

    return scrape_and_publish.to_deployment(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(CRON, timezone=TIMEZONE)],
        parameters=dict(PARAMETERS),
        description=DESCRIPTION,
        tags=list(TAGS),
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def enter_data_dir() -> dict[str, str]:
    """Pull step for worker runs (prefect.yaml): work in $KZTARIFFS_HOME.

    A process worker starts each run in a fresh temporary directory, so a relative `output`
    would vanish with it. Fails with a message naming the setting rather than writing there.
    """
    directory = os.environ.get(DATA_DIR_ENV)
    if not directory:
        raise RuntimeError(
            f"{DATA_DIR_ENV} is not set in the worker's environment: set it to the folder that "
            "holds output/ (e.g. Environment=KZTARIFFS_HOME=/srv/kztariffs in the worker unit)"
        )
    path = Path(directory).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    os.chdir(path)
    return {"directory": str(path.resolve())}
