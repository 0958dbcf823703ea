"""What makes the web server safe to expose: a token, security headers, request and page size limits.

Reads every HTTP request before the API sees it; writes the security headers on every response, or an
error response (JSON ``{"error": CODE, "detail": ...}``, like the API's own errors) for a request refused
here. One ASGI middleware (:class:`SecurityMiddleware`) applies :class:`SecurityOptions`; the rules are
named below with their limits and why they are what they are.

* **Exposure** (:func:`check_exposure`): the server binds beyond the loopback interface only when a token
  is configured (``flashpoint serve --token`` or ``FLASHPOINT_TOKEN``); the data (reports, names of
  people) is not meant for whoever can reach the port.
* **Token**: with a token, every request carries it: ``Authorization: Bearer TOKEN``, or the session
  cookie set when the dashboard is opened once as ``/?token=TOKEN`` (the page's own requests then carry
  the cookie; ``HttpOnly``, ``SameSite=Strict``). Compared in constant time.
* **Headers**: a strict Content-Security-Policy (scripts, styles, images and requests from this origin
  only, no inline script, no plugins, no framing, no ``<base>``), ``nosniff``, ``no-referrer`` (a report's
  link never tells its site where the reader came from), ``X-Frame-Options: DENY`` for old browsers.
  The ``/docs`` and ``/redoc`` pages (Swagger UI and ReDoc served from the package by ``fastapi-offline``)
  start with an inline script; they get the same policy widened by just that.
* **Limits**: a request body (the API only reads) and a query string are capped; a ``limit`` parameter
  (page size) above ``max_page_size`` is refused rather than served.
"""

from __future__ import annotations

import dataclasses
import hmac
import ipaddress
import json
import logging
import os
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from flashpoint.errors import AccessError, ConfigError, RequestLimitError

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The environment variable that holds the token when ``--token`` is not given.
TOKEN_ENV = "FLASHPOINT_TOKEN"  # noqa: S105 - the variable's name, not a secret
COOKIE = "flashpoint_session"

#: The policy of every page: everything from this origin, nothing inline except style attributes (the
#: dashboard colours its legend swatches with them; a style attribute cannot run script).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: The interactive docs: Swagger UI and ReDoc are served from the package (fastapi-offline) and start with
#: an inline script; only these two pages get that.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")

HEADERS: tuple[tuple[str, str], ...] = (
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class SecurityOptions:
    """How the server protects itself.

    ``token``: required on every request when set (``None``: no authentication; loopback only).
    ``max_body_bytes``: the largest request body; the API only reads, so any body is small (a form or a
    JSON filter would fit in 64 KiB many times over). ``max_query_chars``: the longest query string; the
    longest real one (every filter set) is under 200 characters. ``max_page_size``: the largest ``limit``
    a list request may ask for; a page of 10,000 events is about 10 MB of JSON, beyond that a client
    should use the export endpoints or pages.
    """

    token: str | None = None
    max_body_bytes: int = 65_536
    max_query_chars: int = 4_096
    max_page_size: int = 10_000

    @classmethod
    def from_env(cls, token: str | None = None) -> SecurityOptions:
        """Options with ``token``, else the token in :data:`TOKEN_ENV` (an empty value is no token)."""
        return cls(token=token or os.environ.get(TOKEN_ENV) or None)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or name to bind) reaches only this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_exposure(host: str, options: SecurityOptions) -> None:
    """Raise :class:`ConfigError` when ``host`` is beyond loopback and no token is configured."""
    if not is_loopback(host) and not options.token:
        raise ConfigError(
            f"refusing to serve on {host!r} without a token: anyone who can reach it would read the database. "
            f"Set --token or {TOKEN_ENV}, or bind to 127.0.0.1"
        )


class SecurityMiddleware:
    """ASGI middleware applying :class:`SecurityOptions` to every HTTP request (see the module docstring)."""

    def __init__(self, app: ASGIApp, options: SecurityOptions | None = None) -> None:
        """Wrap ``app``."""
        self.app = app
        self.options = options or SecurityOptions()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request with its reason, or pass it on and add the headers to its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        query = scope.get("query_string", b"").decode("latin-1")
        refused = self._refusal(headers, query)
        policy = DOCS_CSP if path.startswith(DOCS_PATHS) or path == "/openapi.json" else CSP
        if refused is not None:
            status, code, detail = refused
            await _send_error(send, status, code, detail, policy)
            return
        cookie = self._cookie_to_set(headers, query)
        body_size = 0

        async def limited_receive() -> Message:
            nonlocal body_size
            message = await receive()
            if message.get("type") == "http.request":
                body_size += len(message.get("body", b""))
                if body_size > self.options.max_body_bytes:
                    raise _BodyTooLargeError
            return message

        async def secured_send(message: Message) -> None:
            if message.get("type") == "http.response.start":
                extra = [(k.encode(), v.encode()) for k, v in (("content-security-policy", policy), *HEADERS)]
                if cookie is not None:
                    extra.append((b"set-cookie", cookie.encode("latin-1")))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _BodyTooLargeError:
            await _send_error(send, 413, RequestLimitError.code, "request body too large", policy)

    def _refusal(self, headers: dict[str, str], query: str) -> tuple[int, str, str] | None:
        """(status, code, detail) of a request refused before the API sees it, or None."""
        opts = self.options
        if opts.token and not self._authorised(headers, query):
            return (
                401,
                AccessError.code,
                "a token is required: Authorization: Bearer TOKEN (or open /?token=TOKEN once)",
            )
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > opts.max_body_bytes:
            return 413, RequestLimitError.code, f"request body over {opts.max_body_bytes:,} bytes"
        if len(query) > opts.max_query_chars:
            return 414, RequestLimitError.code, f"query string over {opts.max_query_chars:,} characters"
        for value in parse_qs(query).get("limit", []):
            if not value.isdigit() or int(value) > opts.max_page_size:
                return 400, RequestLimitError.code, f"limit must be a whole number up to {opts.max_page_size:,}"
        return None

    def _authorised(self, headers: dict[str, str], query: str) -> bool:
        token = self.options.token or ""
        offered: list[str] = []
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            offered.append(value.strip())
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is simply no token
            log.debug("malformed cookie header ignored")
        offered.extend(parse_qs(query).get("token", []))
        if any(hmac.compare_digest(o.encode(), token.encode()) for o in offered):
            return True
        return COOKIE in jar and hmac.compare_digest(jar[COOKIE].value.encode(), session_value(token).encode())

    def _cookie_to_set(self, headers: dict[str, str], query: str) -> str | None:
        """The session cookie, when the token came in the query string (a browser opening the dashboard)."""
        token = self.options.token
        if not token or token not in parse_qs(query).get("token", []):
            return None
        return f"{COOKIE}={session_value(token)}; Path=/; HttpOnly; SameSite=Strict"


def session_value(token: str) -> str:
    """The cookie's value: derived from the token (HMAC-SHA256), so the token itself is never stored by the
    browser and any token text fits in a cookie."""
    return hmac.new(token.encode(), b"flashpoint-session", "sha256").hexdigest()


class _BodyTooLargeError(Exception):
    """Raised inside the app's receive when the body passes the limit (chunked bodies have no length)."""


async def _send_error(send: Send, status: int, code: str, detail: str, policy: str) -> None:
    body = json.dumps({"error": code, "detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"content-security-policy", policy.encode()),
        *((k.encode(), v.encode()) for k, v in HEADERS),
    ]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="flashpoint"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
