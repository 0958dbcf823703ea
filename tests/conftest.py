"""Shared fixtures: the language backbone is loaded once per test session."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from flashpoint.nlp import Backbone, load_backbone


@pytest.fixture(scope="session")
def backbone() -> Backbone:
    """The default backbone (spaCy small model), loaded once."""
    return load_backbone()


@pytest.fixture(scope="session")
def parse(backbone: Backbone) -> Any:
    """A function that parses a text with the session backbone."""
    return backbone.parse


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
