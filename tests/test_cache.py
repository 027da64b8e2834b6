"""Conditional GET persisted between runs (scrapers/cache.py) against a validator-honouring site."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from scrapers.cache import CachingFetcher
from scrapers.fetch import FetchSettings
from tests.conditional_server import ConditionalSite

FAST = FetchSettings(delay_floor_s=0, timeout_s=5, backoff_s=0.01, max_attempts=2)


def pages(n: int = 5) -> dict[str, tuple[bytes, str]]:
    return {
        f"/tariffs/{i}": (
            f"<html><main>Тариф {i}: {i * 1000} ₸</main></html>".encode() * 200,
            "text/html; charset=utf-8",
        )
        for i in range(n)
    }


def fetch_all(site: ConditionalSite, cache_dir: Path) -> tuple[dict[str, bytes], CachingFetcher]:
    async def run() -> tuple[dict[str, bytes], CachingFetcher]:
        async with CachingFetcher(FAST, cache_dir=cache_dir) as fetcher:
            got = {}
            for path in sorted(site.pages):
                snap = await fetcher.fetch(site.url(path), operator="kcell")
                got[path] = snap.body
            return got, fetcher

    return asyncio.run(run())


@pytest.mark.parametrize("etag", [True, False], ids=["etag", "last-modified"])
def test_an_unchanged_rerun_revalidates_instead_of_downloading(tmp_path: Path, etag: bool) -> None:
    with ConditionalSite(pages(), etag=etag) as site:
        cold, _ = fetch_all(site, tmp_path / "cache")
        cold_bytes = site.body_bytes
        site.reset_counts()
        warm, fetcher = fetch_all(site, tmp_path / "cache")  # a new run: a new Fetcher
        assert warm == cold == {p: b for p, (b, _) in site.pages.items()}
        page_statuses = site.statuses[1:]  # the first is robots.txt (404 here)
        assert page_statuses == [304] * len(site.pages)
        assert fetcher.wire.not_modified == len(site.pages)
        assert site.body_bytes <= cold_bytes * 0.10


def test_a_changed_page_is_downloaded_again(tmp_path: Path) -> None:
    with ConditionalSite(pages(2)) as site:
        fetch_all(site, tmp_path / "cache")
        site.pages["/tariffs/1"] = (b"<html><main>New price: 9990</main></html>", "text/html")
        site.reset_counts()
        warm, _ = fetch_all(site, tmp_path / "cache")
        assert warm["/tariffs/1"] == b"<html><main>New price: 9990</main></html>"
        assert sorted(site.statuses[1:]) == [200, 304]


def test_a_page_refused_as_too_large_is_not_served_from_the_cache_later(tmp_path: Path) -> None:
    from scrapers.fetch import TooLarge

    body = b"<html>" + b"x" * 50_000 + b"</html>"

    async def fetch(max_bytes: int) -> bytes:
        settings = FAST.model_copy(update={"max_bytes": max_bytes})
        async with CachingFetcher(settings, cache_dir=tmp_path / "cache") as fetcher:
            return (await fetcher.fetch(site.url("/big"), operator="kcell")).body

    with ConditionalSite({"/big": (body, "text/html")}) as site:
        with pytest.raises(TooLarge):
            asyncio.run(fetch(1000))
        assert asyncio.run(fetch(100_000)) == body
        assert site.statuses[-1] == 200  # downloaded in full, not a cached fragment
