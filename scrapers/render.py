"""Browser fetch for script-built pages: headless Chromium, driven by Playwright, kept polite.

Some operators' sites (tele2.kz, altel.kz) are JavaScript apps: the HTML a plain GET returns has
no tariffs in it. A brand with `render = True` has its pages loaded here instead. What is kept:

- the rendered DOM (`page.content()` once the network is idle, or the brand's wait selector is
  present), as a snapshot of the page's URL with the header `x-kztariffs-rendered: chromium`;
- every JSON reply the page fetched from the brand's hosts, as its own snapshot whose header
  `x-kztariffs-companion-of` names the page, so the brand parser reads whichever it understands
  and API endpoints are discovered, not guessed. A replay (`RecordedSource`) returns them with
  the page. Replies to POSTs (GraphQL: one URL, many queries) are kept one per request body,
  under `<url>#post-<sha256 of the body>`, with the request in `x-kztariffs-request`.

Politeness is the Fetcher's: the page's URL must be on the brand's hosts and allowed by
robots.txt; the page takes its host's turn (one page or request per host at a time, then the
delay floor) and the requests it makes ride on that turn. Every request the page makes is checked:
images, media and fonts are never loaded, hosts off the brand's list are refused, and so is any
URL robots.txt disallows. A redirect's target is checked the same way before the browser follows
it (the first hop of a chain; the page's final URL must be on the brand's hosts too). The DOM and
captured bodies over `max_bytes` are refused as in fetch.py (scripts the page loads are not
capped).

Chromium is Debian's `chromium` package (`apt-get install -y chromium`), never a downloaded build;
each Renderer uses a fresh profile folder that is deleted when it closes.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapers.crawl import COMPANION_OF, LiveSource
from scrapers.fetch import (
    REDIRECT_STATUSES,
    Fetcher,
    FetchError,
    FetchTimeout,
    HTTPStatusFailed,
    OffsiteRedirect,
    TooLarge,
    _host,
    _origin,
)
from scrapers.snapshot import Snapshot, SnapshotStore

RENDERED = "x-kztariffs-rendered"
REQUEST_HEADER = "x-kztariffs-request"  # method and body of a captured non-GET request
MAX_KEPT_REQUEST = 4096  # bytes of a request body kept with its reply
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Never needed to read tariffs; skipping them spares the operator's servers and our time.
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})


class BrowserMissing(FetchError):
    hint = "install Debian's chromium (apt-get install -y chromium) or set render off for the brand"


def chromium_path(configured: str | None = None) -> str | None:
    """The Chromium binary to drive, or None when it is not installed."""
    for candidate in (configured, DEFAULT_CHROMIUM, shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@dataclass
class Rendered:
    """One page as the browser saw it, plus what it fetched along the way."""

    page: Snapshot
    captured: list[Snapshot] = field(default_factory=list)
    requests: int = 0  # requests the page made that were let through
    refused: list[str] = field(default_factory=list)  # "url: why" for requests not made
    waited_in_vain: bool = False  # the brand's wait selector never appeared


class Renderer:
    """Headless Chromium under the Fetcher's rules; use as an async context manager."""

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        executable: str | None = None,
        timeout_s: float | None = None,
        asset_hosts: frozenset[str] = frozenset(),
    ) -> None:
        self.fetcher = fetcher
        self.executable = executable
        self.timeout_s = timeout_s or fetcher.settings.timeout_s
        self.asset_hosts = frozenset(h.lower() for h in asset_hosts)
        self._pw: Any = None
        self._context: Any = None
        self._profile: str | None = None

    async def __aenter__(self) -> Renderer:
        path = chromium_path(self.executable)
        if path is None:
            raise BrowserMissing(self.executable or DEFAULT_CHROMIUM, "Chromium is not installed")
        from playwright.async_api import async_playwright

        self._profile = tempfile.mkdtemp(prefix="kztariffs-chromium-")
        self._pw = await async_playwright().start()
        try:
            self._context = await self._pw.chromium.launch_persistent_context(
                self._profile,
                executable_path=path,
                headless=True,
                args=list(CHROMIUM_ARGS),
                user_agent=self.fetcher.settings.user_agent,
                service_workers="block",
            )
        except BaseException:
            await self._close()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._close()

    async def _close(self) -> None:
        if self._context is not None:
            await self._context.close()
            self._context = None
        if self._pw is not None:
            await self._pw.stop()
            self._pw = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    async def render(
        self,
        url: str,
        *,
        operator: str,
        allowed_hosts: frozenset[str],
        wait_selector: str | None = None,
    ) -> Rendered:
        """Load `url` in the browser on its host's turn; raise a FetchError like Fetcher.fetch."""
        if self._context is None:
            raise RuntimeError("use the Renderer as `async with Renderer(fetcher) as r: ...`")
        allowed = frozenset(h.lower() for h in (allowed_hosts or {_host(url)}))
        if urlsplit(url).scheme not in ("http", "https") or _host(url) not in allowed:
            raise FetchError(url, f"not an http(s) URL on the allowed hosts {sorted(allowed)}")
        await self.fetcher._check_robots(url)  # raises RobotsDisallowed
        gate = self.fetcher._gate(_host(url))
        async with gate.lock:
            pause = gate.next_at - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            try:
                return await self._load(url, operator, allowed, wait_selector)
            finally:
                gate.hold_off(gate.delay_s)

    async def _load(
        self, url: str, operator: str, allowed: frozenset[str], wait_selector: str | None
    ) -> Rendered:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        page_host = _host(url)
        rendered = Rendered(page=None)  # type: ignore[arg-type]
        replies: list[Any] = []

        async def route(r: Any) -> None:
            req = r.request
            why = await self._refusal(req.url, req.resource_type, allowed, page_host)
            if why:
                rendered.refused.append(f"{req.url}: {why}")
                await r.abort()
                return
            rendered.requests += 1
            # Fetched here without following redirects, because the browser follows a redirect
            # without asking this handler again: its target is checked like a request first.
            try:
                reply = await r.fetch(max_redirects=0)
            except PlaywrightError as exc:
                rendered.refused.append(f"{req.url}: {str(exc).splitlines()[0]}")
                await r.abort()
                return
            location = reply.headers.get("location")
            if reply.status in REDIRECT_STATUSES and location:
                target = urljoin(req.url, location)
                why = await self._refusal(target, req.resource_type, allowed, page_host)
                if why:
                    rendered.refused.append(f"{req.url}: redirects to {target}: {why}")
                    await r.abort()
                    return
            await r.fulfill(response=reply)

        def keep(reply: Any) -> None:
            replies.append(reply)

        page = await self._context.new_page()
        page.on("response", keep)
        await page.route("**/*", route)
        limit_ms = self.timeout_s * 1000
        try:
            try:
                main = await page.goto(url, wait_until="networkidle", timeout=limit_ms)
                if (
                    wait_selector
                    and main is not None
                    and "html" in main.headers.get("content-type", "html")
                ):
                    try:
                        await page.wait_for_selector(wait_selector, timeout=limit_ms)
                    except PlaywrightTimeout:
                        rendered.waited_in_vain = True  # keep the DOM: the parser decides
            except PlaywrightTimeout as exc:
                raise FetchTimeout(url, f"page not ready within {self.timeout_s:g} s") from exc
            except PlaywrightError as exc:
                own = [r.split(": ", 1)[1] for r in rendered.refused if r.startswith(f"{url}: ")]
                if own and own[0].startswith("redirects to"):
                    raise OffsiteRedirect(url, f"refused: {own[0]}") from exc
                raise FetchError(url, f"browser: {str(exc).splitlines()[0]}") from exc
            if main is None:
                raise FetchError(url, "browser: no response for the page")
            if _host(page.url) not in allowed:  # redirects are followed by the browser itself
                raise OffsiteRedirect(
                    url, f"{url} ended at {page.url}, whose host is not one of {sorted(allowed)}"
                )
            if not 200 <= main.status < 300:
                raise HTTPStatusFailed(
                    url, f"HTTP {main.status} from {main.url}", status=main.status
                )
            now = datetime.now(UTC)
            ctype = (main.headers.get("content-type") or "").lower()
            if "html" in ctype or not ctype:
                body = (await page.content()).encode("utf-8")
                headers = {"content-type": "text/html; charset=utf-8", RENDERED: "chromium"}
            else:  # a JSON (or other) URL opened directly: keep its bytes, not a viewer page
                body = await main.body()
                headers = {"content-type": main.headers.get("content-type", "")}
            self._check_size(url, body)
            rendered.page = Snapshot.from_response(
                operator=operator,
                url=url,
                body=body,
                fetched_at=now,
                status=main.status,
                headers=headers,
                final_url=main.url,
            )
            rendered.captured = await self._captured(replies, main, url, operator, allowed, now)
        finally:
            await page.close()
        return rendered

    async def _refusal(
        self, url: str, resource_type: str, allowed: frozenset[str], page_host: str
    ) -> str | None:
        """Why a request of the page must not be made (None: it may)."""
        if resource_type in SKIPPED_RESOURCES:
            return f"{resource_type} not needed"
        if urlsplit(url).scheme not in ("http", "https"):
            return None if urlsplit(url).scheme in ("data", "blob") else "not http(s)"
        host = _host(url)
        if host not in allowed and host not in self.asset_hosts:
            return "host not on the brand's list"
        # robots.txt of another origin on the page's own host would need the host's turn, which
        # this page holds: such a request is not made rather than made unchecked.
        if host == page_host and _origin(url) not in self.fetcher._robots:
            return "robots.txt of that origin unknown"
        try:
            await self.fetcher._check_robots(url)
        except FetchError as exc:
            return exc.reason
        return None

    async def _captured(
        self,
        replies: list[Any],
        main: Any,
        page_url: str,
        operator: str,
        allowed: frozenset[str],
        now: datetime,
    ) -> list[Snapshot]:
        """Every 2xx JSON reply from the brand's hosts, one per URL (first wins), URL order."""
        kept: dict[str, Snapshot] = {}
        for reply in replies:
            ctype = (reply.headers.get("content-type") or "").lower()
            reply_url = _capture_key(reply)
            if (
                reply is main
                or "json" not in ctype
                or not 200 <= reply.status < 300
                or _host(reply_url) not in allowed
                or reply_url in kept
            ):
                continue
            try:
                body = await reply.body()
                self._check_size(reply_url, body)
            except Exception:  # a reply the browser no longer holds, or too large: not kept
                continue
            headers = {
                "content-type": reply.headers.get("content-type", ""),
                COMPANION_OF: page_url,
            }
            if reply.request.method != "GET":  # what was asked (a GraphQL query) is kept too
                sent = (reply.request.post_data_buffer or b"")[:MAX_KEPT_REQUEST]
                headers[REQUEST_HEADER] = f"{reply.request.method} " + sent.decode(
                    "utf-8", "replace"
                )
            kept[reply_url] = Snapshot.from_response(
                operator=operator,
                url=reply_url,
                body=body,
                fetched_at=now,
                status=reply.status,
                headers=headers,
                final_url=reply.url.split("#")[0],
            )
        return [kept[u] for u in sorted(kept)]

    def _check_size(self, url: str, body: bytes) -> None:
        limit = self.fetcher.settings.max_bytes
        if len(body) > limit:
            raise TooLarge(url, f"rendered body exceeds max_bytes={limit}")


def _capture_key(reply: Any) -> str:
    """The URL a captured reply is stored under: POSTs to one endpoint (GraphQL) differ by body,
    so their URL gets `#post-<sha256 of the body, 12 hex>` and each reply is kept."""
    url = reply.url.split("#")[0]
    request = reply.request
    if request.method == "GET":
        return url
    digest = hashlib.sha256(request.post_data_buffer or b"").hexdigest()[:12]
    return f"{url}#{request.method.lower()}-{digest}"


class RenderingSource(LiveSource):
    """Live pages: rendered in Chromium for the operators in `render_for`, fetched otherwise.

    What a rendered page fetched is handed to the crawl by `companions()` and, like the page,
    written to `store` when one is given.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        renderer: Renderer,
        render_for: dict[str, str | None],
        store: SnapshotStore | None = None,
    ) -> None:
        super().__init__(fetcher, store)
        self.renderer = renderer
        self.render_for = render_for  # operator -> wait selector (or None)
        self._companions: dict[tuple[str, str], list[Snapshot]] = {}
        self.rendered: set[str] = set()

    async def get(self, url: str, *, operator: str, allowed_hosts: frozenset[str]) -> Snapshot:
        if operator not in self.render_for:
            return await super().get(url, operator=operator, allowed_hosts=allowed_hosts)
        done = await self.renderer.render(
            url,
            operator=operator,
            allowed_hosts=allowed_hosts,
            wait_selector=self.render_for[operator],
        )
        self._companions[(operator, url)] = done.captured
        self.rendered.add(url)
        if self.store is not None:
            for snap in (done.page, *done.captured):
                await asyncio.to_thread(self.store.put, snap)
        return done.page

    def companions(self, url: str, operator: str) -> list[Snapshot]:
        return self._companions.pop((operator, url), [])

    async def get_unrendered(
        self, url: str, *, operator: str, allowed_hosts: frozenset[str]
    ) -> Snapshot:
        """A plain GET (robots.txt, sitemaps): nothing there for a browser to build."""
        return await super().get(url, operator=operator, allowed_hosts=allowed_hosts)
