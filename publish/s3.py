"""Copy an output folder to S3-compatible object storage, in the order that keeps readers safe.

1. every release not yet in the bucket, its manifest.json last (a release whose manifest is
   there is complete);
2. index.json (it only names releases already uploaded);
3. latest/, its manifest.json last, then latest/ keys the new release no longer has are deleted.
A publish killed in steps 1 or 2 leaves the bucket's latest/ as it was. Object storage has no
atomic multi-key swap, so during step 3 alone latest/ may mix two releases; readers who must
never see that read index.json and then releases/<id>/, which never change once written.

Credentials come from the environment only (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional
AWS_SESSION_TOKEN); AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL points at a non-AWS server (MinIO,
moto, R2...), AWS_REGION or AWS_DEFAULT_REGION sets the region (default us-east-1).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from publish.files import exclusive

IMMUTABLE = "public, max-age=31536000, immutable"  # releases/<id>/ never change
SHORT = "public, max-age=60, must-revalidate"  # index.json and latest/ move with each release

CONTENT_TYPES = {
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".db": "application/vnd.sqlite3",
    ".png": "image/png",
}


class S3PublishError(RuntimeError):
    """A target, credential or output-folder problem, stated with its fix."""


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str  # no leading or trailing slash; may be empty

    def key(self, *parts: str) -> str:
        return "/".join(p for p in (self.prefix, *parts) if p)


@dataclass
class UploadReport:
    releases_uploaded: list[str] = field(default_factory=list)
    releases_present: list[str] = field(default_factory=list)
    objects_put: int = 0
    latest_deleted: list[str] = field(default_factory=list)
    latest: str | None = None


def parse_target(url: str) -> Target:
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise S3PublishError(f"{url!r} is not an S3 URL: use s3://bucket or s3://bucket/prefix")
    return Target(bucket=parts.netloc, prefix=parts.path.strip("/"))


def client_from_env(environ: dict[str, str] | None = None) -> Any:
    """An S3 client built from environment variables only (no config files, no metadata)."""
    env = os.environ if environ is None else environ
    key, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
    if not key or not secret:
        raise S3PublishError(
            "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the "
            "environment (and AWS_ENDPOINT_URL for a server other than AWS)"
        )
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=env.get("AWS_SESSION_TOKEN") or None,
        region_name=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
    )
    endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or None
    config = Config(
        retries={"max_attempts": 4, "mode": "standard"},
        s3={"addressing_style": "path"} if endpoint else {},
    )
    return session.client("s3", endpoint_url=endpoint, config=config)


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def _files(folder: Path) -> list[str]:
    """Relative names of a folder's files, manifest.json last (it marks the folder complete)."""
    names = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    return sorted(names, key=lambda n: n == "manifest.json")


def _put(client: Any, target: Target, key: str, body: bytes, cache: str) -> None:
    client.put_object(
        Bucket=target.bucket,
        Key=target.key(key),
        Body=body,
        ContentType=content_type(key),
        CacheControl=cache,
    )


def _remote_bytes(client: Any, target: Target, key: str) -> bytes | None:
    try:
        return client.get_object(Bucket=target.bucket, Key=target.key(key))["Body"].read()
    except client.exceptions.NoSuchKey:
        return None


def _remote_keys(client: Any, target: Target, folder: str) -> list[str]:
    prefix = target.key(folder) + "/"
    keys: list[str] = []
    for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=target.bucket, Prefix=prefix
    ):
        keys += [obj["Key"][len(prefix) :] for obj in page.get("Contents", [])]
    return keys


def publish_to_s3(
    output: Path,
    url: str,
    *,
    client: Any = None,
    progress: Callable[[str], None] | None = None,
) -> UploadReport:
    """Upload `output` (releases, index.json, latest/) to `url` = s3://bucket/prefix."""
    output = Path(output)
    target = parse_target(url)
    say = progress or (lambda _msg: None)
    index_file = output / "index.json"
    if not index_file.is_file():
        raise S3PublishError(f"{output}: no index.json here; run `tariffs run` first")
    client = client or client_from_env()
    report = UploadReport()
    with exclusive(output):  # a local publish must not move latest/ under the upload
        index_bytes = index_file.read_bytes()
        index = json.loads(index_bytes)
        report.latest = index.get("latest")
        for entry in index["releases"]:
            rid = entry["id"]
            folder = output / "releases" / rid
            local_manifest = (folder / "manifest.json").read_bytes()
            if _remote_bytes(client, target, f"releases/{rid}/manifest.json") == local_manifest:
                report.releases_present.append(rid)
                continue
            say(f"  upload releases/{rid}/")
            for name in _files(folder):
                _put(
                    client,
                    target,
                    f"releases/{rid}/{name}",
                    (folder / name).read_bytes(),
                    IMMUTABLE,
                )
                report.objects_put += 1
            report.releases_uploaded.append(rid)
        _put(client, target, "index.json", index_bytes, SHORT)
        report.objects_put += 1
        latest = output / "latest"
        if latest.is_dir():
            say("  upload latest/")
            names = _files(latest)
            for name in names:
                _put(client, target, f"latest/{name}", (latest / name).read_bytes(), SHORT)
                report.objects_put += 1
            gone = sorted(set(_remote_keys(client, target, "latest")) - set(names))
            for name in gone:
                client.delete_object(Bucket=target.bucket, Key=target.key(f"latest/{name}"))
            report.latest_deleted = gone
    return report
