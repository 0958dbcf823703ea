"""Shared fixtures: the language backbone is loaded once per test session."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from flashpoint.nlp import Backbone, load_backbone
from flashpoint.store.database import normalise_url

# Store tests run on SQLite, and on PostgreSQL too when FLASHPOINT_TEST_PG_URL is set
# (`export FLASHPOINT_TEST_PG_URL=$(bash .ci/postgres.sh)`): each test gets its own schemas there.
PG_URL = os.environ.get("FLASHPOINT_TEST_PG_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="FLASHPOINT_TEST_PG_URL is not set")],
    ),
]
UrlFactory = Callable[[str], str]


@pytest.fixture(params=BACKENDS)
def database_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UrlFactory]:
    """A factory of URLs of databases that do not exist yet (SQLite) or have no tables (a new PostgreSQL
    schema, dropped after the test), one per name, on the test's backend."""
    if request.param == "sqlite":
        yield lambda name: f"sqlite:///{tmp_path / name}.db"
        return
    assert PG_URL is not None
    engine = sa.create_engine(normalise_url(PG_URL))
    made: list[str] = []

    def make(name: str) -> str:
        schema = "t_" + hashlib.sha1(f"{request.node.nodeid}/{name}".encode()).hexdigest()[:16]
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        made.append(schema)
        return f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"

    yield make
    with engine.begin() as conn:
        for schema in made:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def backbone() -> Backbone:
    """The default backbone (spaCy small model), loaded once."""
    return load_backbone()


# Parses by text, for the whole process: the tests read a parse and never change it, and most texts are
# parsed by several tests. It lives at module level (not in the fixture) so that it outlives a pytest
# session: `make mutation` runs the suite once, then forks one pytest run per mutant from that process,
# and the forks find every sentence already parsed (the mutants are in the extractors, never in the parser).
_PARSES: dict[str, Any] = {}


@pytest.fixture(scope="session")
def parse(backbone: Backbone) -> Callable[[str], Any]:
    """A function that parses a text with the session backbone (each distinct text once per process)."""

    def cached(text: str) -> Any:
        doc = _PARSES.get(text)
        if doc is None:
            doc = _PARSES[text] = backbone.parse(text)
        return doc

    return cached


# Property-based tests (hypothesis): a fixed budget in `make test`, a slower profile in CI
# (`HYPOTHESIS_PROFILE=ci`, set by .ci/run). No deadline: two shared cores make per-example times noisy,
# and speed is measured by benchmarks, never by tests. Derandomised by default so a run is repeatable;
# the CI profile explores new examples each time.
settings.register_profile(
    "default", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


class LocalSite:
    """A tiny web site on 127.0.0.1 for the live-monitoring tests (never the internet).

    ``pages`` maps a path to ``(status, content type, body)``; every 200 answer carries an ETag (a digest of
    the body) and a Last-Modified date, and a request repeating either gets ``304 Not Modified``.
    ``requests`` lists ``(path, conditional?)`` for every request received.
    """

    def __init__(self) -> None:
        import http.server
        import threading

        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[tuple[str, bool]] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                import hashlib

                conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
                site.requests.append((self.path, conditional))
                status, kind, body = site.pages.get(self.path, (404, "text/plain", b"not found"))
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if status == 200:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", "Mon, 01 Dec 2025 08:00:00 GMT")
                if status == 503:
                    self.send_header("Retry-After", "5")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        """Stop the server."""
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_site() -> Any:
    """A :class:`LocalSite` running for one test."""
    site = LocalSite()
    yield site
    site.close()
