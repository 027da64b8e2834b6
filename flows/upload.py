"""The upload step of `scrape-and-publish`: copy the output folder to object storage."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from publish.s3 import publish_to_s3


@task(name="upload", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def upload_task(output: str, url: str) -> dict[str, Any]:
    """Upload releases, then index.json, then latest/ (a retry skips releases already there)."""
    from kztariffs.orchestrate import progress

    report = publish_to_s3(Path(output), url, progress=progress)
    progress(f"  upload: {url}: {len(report.releases_uploaded)} releases, latest {report.latest}")
    return asdict(report)
