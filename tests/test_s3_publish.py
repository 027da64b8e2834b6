"""`tariffs publish --to s3://…` against moto's S3 server on 127.0.0.1: order, headers, kills."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from publish.release import publish_release
from publish.s3 import IMMUTABLE, SHORT, S3PublishError, client_from_env, publish_to_s3
from tests.planfactory import make_plan, outcome

T0 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
BUCKET = "tariffs"
REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto's S3 server on a free 127.0.0.1 port, an empty bucket, and env credentials."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL_S3", "AWS_SESSION_TOKEN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    # moto keeps its buckets in the process, across server instances: start each test empty
    httpx.post(f"http://127.0.0.1:{port}/moto-api/reset", timeout=10).raise_for_status()
    client = client_from_env()
    client.create_bucket(Bucket=BUCKET)
    try:
        yield client
    finally:
        server.stop()


def _release(output: Path, *, price: int, operators: tuple[str, ...], hours: int = 0) -> str:
    outs = [outcome(op, [make_plan(op, "plan-a", price)]) for op in operators]
    result = publish_release(output, outs, now=T0 + timedelta(hours=hours))
    assert result.created and result.release_id
    return result.release_id


def _local_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _bucket(client: Any, prefix: str) -> dict[str, bytes]:
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        keys += [o["Key"] for o in page.get("Contents", [])]
    return {k[len(prefix) :]: client.get_object(Bucket=BUCKET, Key=k)["Body"].read() for k in keys}


def test_bucket_matches_the_local_output_with_types_and_cache_headers(
    s3: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = _release(out, price=2990, operators=("beeline", "kcell"))
    report = publish_to_s3(out, f"s3://{BUCKET}/kz/data")
    assert report.releases_uploaded == [first] and report.latest == first
    assert _bucket(s3, "kz/data/latest/") == _local_files(out / "latest")
    assert _bucket(s3, "kz/data/index.json") == {"": (out / "index.json").read_bytes()}
    page = s3.head_object(Bucket=BUCKET, Key="kz/data/latest/site/index.html")
    assert (page["ContentType"], page["CacheControl"]) == ("text/html; charset=utf-8", SHORT)
    db = s3.head_object(Bucket=BUCKET, Key=f"kz/data/releases/{first}/plans.db")
    assert (db["ContentType"], db["CacheControl"]) == ("application/vnd.sqlite3", IMMUTABLE)
    idx = s3.head_object(Bucket=BUCKET, Key="kz/data/index.json")
    assert idx["ContentType"] == "application/json; charset=utf-8"

    # a second release (kcell changed; beeline is kept as it was): uploaded, old release kept,
    # latest/ follows, and a key that latest/ no longer has is deleted
    s3.put_object(Bucket=BUCKET, Key="kz/data/latest/gone.json", Body=b"{}")
    second = _release(out, price=3490, operators=("kcell",), hours=1)
    report = publish_to_s3(out, f"s3://{BUCKET}/kz/data")
    assert report.releases_present == [first] and report.releases_uploaded == [second]
    assert _bucket(s3, "kz/data/latest/") == _local_files(out / "latest")
    assert report.latest_deleted == ["gone.json"]
    assert _bucket(s3, f"kz/data/releases/{first}/") == _local_files(out / "releases" / first)
    assert json.loads(_bucket(s3, "kz/data/index.json")[""])["latest"] == second


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import publish.s3 as s3

    real, calls, kill_at = s3._put, [0], int(sys.argv[3])

    def put(client, target, key, body, cache):
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally blocks
        real(client, target, key, body, cache)

    s3._put = put
    s3.publish_to_s3(Path(sys.argv[1]), sys.argv[2])
    """
)


@pytest.mark.parametrize("stage", ["mid-release", "after-index"])
def test_a_publish_killed_midway_leaves_the_previous_latest_intact(
    s3: Any, tmp_path: Path, stage: str
) -> None:
    out = tmp_path / "out"
    url = f"s3://{BUCKET}/p"
    first = _release(out, price=2990, operators=("beeline", "kcell"))
    publish_to_s3(out, url)
    old_index = (out / "index.json").read_bytes()
    second = _release(out, price=3490, operators=("kcell",), hours=1)
    files = len(_local_files(out / "releases" / second))
    # puts: the new release's files, then index.json (files + 1), then latest/
    kill_at = files // 2 if stage == "mid-release" else files + 2
    run = subprocess.run(
        [sys.executable, "-c", KILLER, str(out), url, str(kill_at)],
        cwd=REPO, env=os.environ.copy(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == -9, run.stderr[-2000:]
    assert _bucket(s3, "p/latest/") == _local_files(out / "releases" / first)
    index = _bucket(s3, "p/index.json")[""]
    if stage == "mid-release":
        assert index == old_index
        assert f"releases/{second}/manifest.json" not in _bucket(s3, "p/releases/")
    else:
        assert index == (out / "index.json").read_bytes()  # names only complete releases
        assert f"{second}/manifest.json" in _bucket(s3, "p/releases/")
    # the next publish completes the job
    publish_to_s3(out, url)
    assert _bucket(s3, "p/latest/") == _local_files(out / "latest")


def test_cli_publish_and_its_errors(
    s3: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kztariffs.cli import app

    out = tmp_path / "out"
    runner = CliRunner()
    empty = runner.invoke(app, ["publish", "--to", f"s3://{BUCKET}", "--output", str(out)])
    assert empty.exit_code == 2 and "no index.json" in empty.output
    release = _release(out, price=2990, operators=("kcell",))
    bad = runner.invoke(app, ["publish", "--to", "https://x/y", "--output", str(out)])
    assert bad.exit_code == 2 and "not an S3 URL" in bad.output
    ok = runner.invoke(app, ["publish", "--to", f"s3://{BUCKET}/x", "--output", str(out)])
    assert ok.exit_code == 0, ok.output
    assert f"1 releases uploaded, 0 already there; latest/ = {release}" in ok.output
    assert _bucket(s3, "x/latest/") == _local_files(out / "latest")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    nokey = runner.invoke(app, ["publish", "--to", f"s3://{BUCKET}/x", "--output", str(out)])
    assert nokey.exit_code == 2 and "AWS_SECRET_ACCESS_KEY" in nokey.output


def test_credentials_come_from_the_environment_only() -> None:
    with pytest.raises(S3PublishError, match="AWS_ACCESS_KEY_ID"):
        client_from_env({"HOME": "/root"})


@pytest.mark.flow
def test_flow_parameter_uploads_after_publishing(
    prefect_harness: None, s3: Any, tmp_path: Path
) -> None:
    from flows.scrape_and_publish import scrape_and_publish

    out = tmp_path / "out"
    state = scrape_and_publish(
        output=str(out), operators=["kcell"], publish_to=f"s3://{BUCKET}/flow",
        return_state=True,
    )  # fmt: skip
    assert state.is_completed(), state.message
    assert _bucket(s3, "flow/latest/") == _local_files(out / "latest")
    assert "site/index.html" in _bucket(s3, "flow/latest/")
