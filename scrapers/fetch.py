"""Polite HTTP fetching: robots.txt, one request per host at a time, retries, hard limits.

Every network read of the project goes through `Fetcher`. The rules, chosen to be a good guest on
operators' sites and to fail loudly rather than store something wrong:

- robots.txt is fetched once per origin and obeyed (RFC 9309): 2xx is parsed; 4xx other than 429
  means "no rules" (allow all); 5xx or 429 (after the usual retries), a network failure, a body
  over `max_bytes` or too many redirects mean "unreachable": the whole origin is then treated as
  disallowed for the life of the Fetcher (one run), and each page is reported as what happened
  (`ConnectFailed`/`FetchTimeout` for the network, `RobotsUnreachable` otherwise), never as a
  refusal by the site's rules. Its redirects are followed to any host.
  `Crawl-delay` raises the delay floor for that host (it is not capped).
- One request in flight per host, and at least `delay_floor_s` between the starts of two requests
  to the same host (as Scrapy's DOWNLOAD_DELAY: a slow answer uses up the delay instead of adding
  to it); different hosts proceed concurrently.
- Timeouts, connection errors, 5xx and 429 are retried with exponential backoff and full jitter.
  A `Retry-After` on 429/503 is honoured (and holds back every request to that host); if it asks
  for longer than `max_retry_wait_s` we give up at once instead of coming back early.
  Other 4xx fail at once.
- Redirects are followed by hand so each hop is checked against the allowed hosts and robots.txt.
- Bodies are streamed and refused over `max_bytes` of *decoded* bytes: Content-Encoding is undone
  here, a bounded piece at a time (scrapers/inflate.py), so a gzip bomb stops at the cap. The
  body is stored as decoded; turning bytes into text is `Snapshot.text()`'s job.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego
from pydantic import BaseModel, ConfigDict, Field
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from scrapers.inflate import BodyDecoder, DecodingError
from scrapers.snapshot import Snapshot

DEFAULT_USER_AGENT = "kztariffs/0.1 (+https://github.com/kztariffs/kztariffs)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Response headers not worth keeping in a snapshot (session state, not content).
_DROPPED_HEADERS = frozenset({"set-cookie"})


class FetchSettings(BaseModel):
    """Knobs of the fetch layer; the defaults are the polite production values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_agent: str = DEFAULT_USER_AGENT
    delay_floor_s: float = Field(1.0, ge=0, description="min gap between requests to one host")
    timeout_s: float = Field(30.0, gt=0, description="limit for one attempt, body included")
    max_bytes: int = Field(5 * 1024 * 1024, gt=0, description="largest body accepted")
    max_attempts: int = Field(4, ge=1, description="attempts per request, first one included")
    max_retry_wait_s: float = Field(60.0, ge=0, description="longest single wait between tries")
    backoff_s: float = Field(1.0, ge=0, description="base of the exponential backoff")
    max_redirects: int = Field(5, ge=0)
    obey_robots: bool = True
    http2: bool = False


class FetchError(Exception):
    """A page could not be fetched. `reason` says what happened, `hint` what to do about it."""

    hint = "check the URL and the network, then run again"
    kind = "fetch error"  # short and public: what a published stale_reason may say
    retryable = False

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        super().__init__(url, reason)
        self.url = url
        self.reason = reason
        self.status = status
        self.attempts = 1

    @property
    def detail(self) -> str:
        """The message without the URL (for reports that list the URL already)."""
        tries = f" (gave up after {self.attempts} attempts)" if self.attempts > 1 else ""
        return f"{self.reason}{tries}; {self.hint}"

    def __str__(self) -> str:
        return f"{self.url}: {self.detail}"


class RobotsDisallowed(FetchError):
    kind = "robots.txt disallows"
    hint = "the site's robots.txt forbids this URL for our user agent: drop it from the brand"


class HTTPStatusFailed(FetchError):
    hint = "a 4xx means the URL is wrong or gone (fix the brand's URLs); a 5xx/429 means try later"

    def __init__(
        self, url: str, reason: str, *, status: int, retry_after: float | None = None
    ) -> None:
        super().__init__(url, reason, status=status)
        self.retry_after = retry_after
        self.retryable = status == 429 or status >= 500
        self.kind = f"HTTP {status}"


class GiveUp(HTTPStatusFailed):
    """429/503 whose Retry-After is longer than we are willing to wait."""

    kind = "asked to come back later"
    hint = "the site asks us to come back later than max_retry_wait_s: run again later"

    def __init__(self, url: str, reason: str, *, status: int) -> None:
        super().__init__(url, reason, status=status)
        self.retryable = False
        self.kind = "asked to come back later"


class FetchTimeout(FetchError):
    kind = "timeout"
    hint = "the site is slow or unreachable: run again later, or raise FetchSettings.timeout_s"
    retryable = True


class ConnectFailed(FetchError):
    kind = "connection failed"
    hint = "the site is unreachable (DNS, refused, reset): check the network and run again"
    retryable = True


class OffsiteRedirect(FetchError):
    kind = "redirect refused"
    hint = "if the operator moved its pages, add the new host to the brand's `hosts`"


class TooManyRedirects(FetchError):
    kind = "too many redirects"
    hint = "the site redirects in a loop or too deep: open the URL in a browser and fix it"


class TooLarge(FetchError):
    kind = "body too large"
    hint = "not a tariff page? if it is, raise FetchSettings.max_bytes"


class BadBody(FetchError):
    kind = "undecodable body"
    hint = "the server sent a body we cannot decode: open the URL in a browser and check it"


class RobotsUnreachable(FetchError):
    kind = "robots.txt unreachable"
    hint = (
        "the site's robots.txt could not be read, so (RFC 9309) none of its pages are fetched "
        "this run: run again later"
    )


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _network_kind(exc: Exception) -> str:
    """A short public name for a transport failure (DNS, refused, reset)."""
    parts, seen = [], exc
    while seen is not None and len(parts) < 5:  # the OSError underneath says which
        parts.append(f"{type(seen).__name__} {seen}")
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    text = " ".join(parts).lower()
    if "name or service" in text or "getaddrinfo" in text or "nodename" in text:
        return "DNS lookup failed"
    if "refused" in text:
        return "connection refused"
    if "reset" in text or "remoteprotocolerror" in text or "readerror" in text:
        return "connection reset"
    return "connection failed"


def _next_hop(current: str, location: str) -> str:
    """Where a redirect points; a malformed Location ("http://[oops/") becomes an unusable URL
    that the scheme/host checks refuse, instead of a ValueError out of the fetcher."""
    try:
        target = urljoin(current, location.strip()).split("#")[0]
        urlsplit(target).hostname  # noqa: B018 - raises on a malformed authority
    except ValueError:
        return f"invalid:{location}"
    return target


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@dataclass
class _HostGate:
    """Serialises requests to one host and spaces them out."""

    delay_s: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0  # time.monotonic() before which no request may start

    def hold_off(self, seconds: float) -> None:
        self.next_at = max(self.next_at, time.monotonic() + seconds)


@dataclass(frozen=True)
class _Robots:
    parser: Protego | None  # None: no rules (robots.txt missing)
    unreachable: FetchError | None = None  # why the whole origin is off limits


@dataclass(frozen=True)
class _Response:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes


class Fetcher:
    """One shared httpx client plus per-host politeness; use as an async context manager."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._client: httpx.AsyncClient | None = None
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            headers={"User-Agent": s.user_agent, "Accept": "text/html,application/xhtml+xml,*/*"},
            timeout=httpx.Timeout(s.timeout_s),
            follow_redirects=False,
            http2=s.http2,
            transport=self.transport(),
        )
        return self

    def transport(self) -> httpx.AsyncBaseTransport | None:
        """The transport under the client (None: httpx's own); scrapers/cache.py adds a cache."""
        return None

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch(
        self, url: str, *, operator: str, allowed_hosts: frozenset[str] | None = None
    ) -> Snapshot:
        """GET `url`, following redirects within `allowed_hosts` (None or empty: url's own host).

        Raises a FetchError subclass for anything but a 2xx answer.
        """
        allowed = frozenset(h.lower() for h in (allowed_hosts or {_host(url)}))
        if urlsplit(url).scheme not in ("http", "https") or _host(url) not in allowed:
            raise FetchError(url, f"not an http(s) URL on the allowed hosts {sorted(allowed)}")
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            await self._check_robots(current)
            resp = await self._request(current)
            if resp.status in REDIRECT_STATUSES and "location" in resp.headers:
                target = _next_hop(current, resp.headers["location"])
                if urlsplit(target).scheme not in ("http", "https") or _host(target) not in allowed:
                    raise OffsiteRedirect(
                        url,
                        f"{current} redirects to {target}, whose host is not one of "
                        f"{sorted(allowed)}",
                    )
                current = target
                continue
            if not 200 <= resp.status < 300:
                raise HTTPStatusFailed(
                    url, f"HTTP {resp.status} from {current}", status=resp.status
                )
            return Snapshot.from_response(
                operator=operator,
                url=url,
                body=resp.body,
                fetched_at=datetime.now(UTC),
                status=resp.status,
                headers={
                    k: v for k, v in resp.headers.items() if k.lower() not in _DROPPED_HEADERS
                },
                final_url=current,
            )
        raise TooManyRedirects(url, f"more than {self.settings.max_redirects} redirects")

    # -- robots.txt ------------------------------------------------------------------------

    async def _check_robots(self, url: str) -> None:
        if not self.settings.obey_robots:
            return
        robots = await self._robots_for(_origin(url))
        cause = robots.unreachable
        if isinstance(cause, ConnectFailed | FetchTimeout):  # the network, not the site's rules
            network = type(cause)(url, f"robots.txt of {_origin(url)}: {cause.reason}")
            network.kind = cause.kind
            raise network
        if cause is not None:
            raise RobotsUnreachable(url, f"robots.txt unreachable ({cause.reason})")
        if robots.parser is not None and not robots.parser.can_fetch(url, self.settings.user_agent):
            raise RobotsDisallowed(url, "disallowed by robots.txt")

    async def _robots_for(self, origin: str) -> _Robots:
        async with self._robots_locks[origin]:
            if origin not in self._robots:
                self._robots[origin] = await self._load_robots(origin)
            return self._robots[origin]

    async def _load_robots(self, origin: str) -> _Robots:
        url = f"{origin}/robots.txt"
        try:
            for _hop in range(self.settings.max_redirects + 1):
                resp = await self._request(url)
                if resp.status in REDIRECT_STATUSES and "location" in resp.headers:
                    url = _next_hop(url, resp.headers["location"])
                    if urlsplit(url).scheme not in ("http", "https"):
                        return _Robots(None, FetchError(url, f"redirect to {url}"))
                    continue
                break
            else:
                return _Robots(None, TooManyRedirects(url, "too many redirects"))
        except FetchError as exc:  # 5xx or 429 after every retry, network, size
            return _Robots(None, exc)
        if 200 <= resp.status < 300:
            parser = Protego.parse(resp.body.decode("utf-8", "replace"))
            delay = parser.crawl_delay(self.settings.user_agent)
            if delay:
                gate = self._gate(_host(origin))
                gate.delay_s = max(gate.delay_s, float(delay))
            return _Robots(parser)
        if 400 <= resp.status < 500:
            return _Robots(None)  # "unavailable": no rules apply
        return _Robots(None, HTTPStatusFailed(url, f"HTTP {resp.status}", status=resp.status))

    # -- one request, with retries ---------------------------------------------------------

    def _gate(self, host: str) -> _HostGate:
        if host not in self._gates:
            self._gates[host] = _HostGate(self.settings.delay_floor_s)
        return self._gates[host]

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if getattr(exc, "retry_after", None) is not None:
            return 0.0  # the host gate already holds every request to that host until then
        ceiling = self.settings.backoff_s * 2 ** (state.attempt_number - 1)
        return random.uniform(0, min(ceiling, self.settings.max_retry_wait_s))

    async def _request(self, url: str) -> _Response:
        """One GET of one URL (no redirect following); 5xx/429/timeouts retried."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, FetchError) and e.retryable),
            reraise=True,
        )
        try:
            return await retrying(self._attempt, url)
        except FetchError as exc:
            exc.attempts = retrying.statistics.get("attempt_number", 1)
            raise

    async def _attempt(self, url: str) -> _Response:
        gate = self._gate(_host(url))
        async with gate.lock:
            pause = gate.next_at - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            gate.hold_off(gate.delay_s)  # the floor counts from this request's start
            try:
                async with asyncio.timeout(self.settings.timeout_s):
                    resp = await self._send(url)
            except (TimeoutError, httpx.TimeoutException) as exc:
                raise FetchTimeout(
                    url, f"no complete answer within {self.settings.timeout_s:g} s"
                ) from exc
            except httpx.TransportError as exc:
                failed = ConnectFailed(url, f"{type(exc).__name__}: {exc}")
                failed.kind = _network_kind(exc)
                raise failed from exc
            except httpx.InvalidURL as exc:  # httpx builds the next hop of a redirect itself
                raise OffsiteRedirect(url, f"redirects to an unusable URL ({exc})") from exc
        if resp.status == 429 or resp.status >= 500:
            wait = None
            if resp.status in (429, 503):
                wait = parse_retry_after(resp.headers.get("retry-after"))
            if wait is not None and wait > self.settings.max_retry_wait_s:
                raise GiveUp(
                    url,
                    f"HTTP {resp.status} with Retry-After {wait:.0f} s, more than "
                    f"max_retry_wait_s={self.settings.max_retry_wait_s:g}",
                    status=resp.status,
                )
            if wait is not None:
                gate.hold_off(wait)  # the whole host, not just this URL
            raise HTTPStatusFailed(url, f"HTTP {resp.status}", status=resp.status, retry_after=wait)
        return resp

    async def _send(self, url: str) -> _Response:
        """Stream the response; read the body only for 2xx, and never past max_bytes."""
        if self._client is None:
            raise RuntimeError("use the Fetcher as `async with Fetcher(settings) as f: ...`")
        limit = self.settings.max_bytes
        # Only codings we undo ourselves, piece by piece (scrapers/inflate.py).
        headers = {"Accept-Encoding": "gzip, deflate"}
        async with self._client.stream("GET", url, headers=headers) as r:
            if not 200 <= r.status_code < 300:
                return _Response(url, r.status_code, r.headers, b"")
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise TooLarge(url, f"Content-Length {declared} exceeds max_bytes={limit}")
            try:
                decoder = BodyDecoder(r.headers.get("content-encoding"))
            except DecodingError as exc:
                raise BadBody(url, str(exc)) from exc
            chunks: list[bytes] = []
            size = 0
            async for chunk in r.aiter_raw():
                try:
                    for piece in decoder.feed(chunk):
                        size += len(piece)  # decoded bytes, counted as they are decoded
                        if size > limit:
                            raise TooLarge(
                                url, f"decoded body exceeds max_bytes={limit}; stopped reading"
                            )
                        chunks.append(piece)
                except DecodingError as exc:
                    raise BadBody(url, str(exc)) from exc
            return _Response(url, r.status_code, r.headers, b"".join(chunks))
