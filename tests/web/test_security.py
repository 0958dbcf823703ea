"""Tests for flashpoint.web.security: exposure rule, token, security headers, size limits."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from flashpoint.errors import AccessError, ConfigError, NotFoundError, RequestLimitError
from flashpoint.web.app import create_app
from flashpoint.web.security import (
    COOKIE,
    TOKEN_ENV,
    SecurityOptions,
    check_exposure,
    is_loopback,
    session_value,
)


class EmptyLedger:
    """A ledger with nothing in it (the security layer does not care what is served)."""

    def incidents(self) -> list[Any]:
        return []

    def extractions(self) -> Any:
        return iter(())

    def rejections(self) -> list[Any]:
        return []

    def incident(self, incident_id: str) -> Any:
        raise NotFoundError(f"no incident {incident_id!r}")


def _client(**options: Any) -> TestClient:
    return TestClient(create_app(ledger=EmptyLedger(), security=SecurityOptions(**options)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.org", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_an_exposed_host_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with pytest.raises(ConfigError, match="without a token"):
        check_exposure("0.0.0.0", SecurityOptions.from_env(None))
    check_exposure("127.0.0.1", SecurityOptions.from_env(None))
    check_exposure("0.0.0.0", SecurityOptions.from_env("s3cret"))
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    assert SecurityOptions.from_env(None).token == "from-env"
    assert SecurityOptions.from_env("flag-wins").token == "flag-wins"
    monkeypatch.setenv(TOKEN_ENV, "")
    assert SecurityOptions.from_env(None).token is None  # an empty variable is no token


def test_every_response_carries_the_security_headers() -> None:
    client = _client()
    for path in ("/", "/api/incidents", "/static/app.js", "/api/incidents/missing", "/api/incidents?limit=999999"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self';" in csp
        assert "'unsafe-inline'" not in csp.split("style-src-attr")[0]  # no inline script or style element
        assert "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"


def test_with_a_token_every_request_needs_it() -> None:
    client = _client(token="tok-123")
    for path in ("/", "/api/incidents", "/static/app.js", "/docs", "/openapi.json"):
        refused = client.get(path)
        assert refused.status_code == 401, path
        assert refused.json()["error"] == AccessError.code
        assert refused.headers["content-security-policy"]
    assert client.get("/api/incidents", headers={"Authorization": "Bearer tok-123"}).status_code == 200
    assert client.get("/api/incidents", headers={"Authorization": "Bearer tok-12"}).status_code == 401
    assert client.get("/api/incidents", headers={"Authorization": "Basic tok-123"}).status_code == 401
    assert client.get("/api/incidents", headers={"Cookie": f"{COOKIE}=tok-123"}).status_code == 401  # not raw


def test_opening_the_dashboard_with_the_token_sets_a_session_cookie() -> None:
    client = _client(token="tok-123")
    page = client.get("/?token=tok-123")
    assert page.status_code == 200
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "tok-123" not in cookie
    assert session_value("tok-123") in cookie
    assert client.get("/api/incidents").status_code == 200  # the page's own requests carry the cookie
    fresh = _client(token="tok-123")
    assert fresh.get("/api/incidents", cookies={COOKIE: "forged"}).status_code == 401


def test_request_and_page_size_limits() -> None:
    client = _client(max_body_bytes=100, max_query_chars=200, max_page_size=50)
    big = client.post("/api/incidents", content=b"x" * 101)
    assert big.status_code == 413
    assert big.json()["error"] == RequestLimitError.code
    assert client.get("/api/incidents?country=" + "A" * 300).status_code == 414
    assert client.get("/api/events?limit=51").status_code == 400
    assert client.get("/api/events?limit=-1").status_code == 400
    assert client.get("/api/events?limit=50").status_code == 200
    assert client.post("/api/incidents", content=b"x" * 10).status_code == 405  # small bodies reach the API


def test_the_docs_page_keeps_a_policy_that_still_forbids_framing() -> None:
    headers = _client().get("/docs").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
