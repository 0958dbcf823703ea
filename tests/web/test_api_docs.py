"""docs/api.md documents every API route the app serves (docs cover code)."""

from __future__ import annotations

from pathlib import Path

from fastapi.routing import APIRoute

from flashpoint.web.app import create_app

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_every_route_is_documented() -> None:
    doc = API_DOC.read_text(encoding="utf-8")
    app = create_app(ledger=None)  # routes only; no ledger is opened until a request needs one
    routes = [r.path for r in app.routes if isinstance(r, APIRoute) and r.include_in_schema]
    assert routes
    missing = []
    for path in routes:
        documented = path.replace("{incident_id}", "{id}").replace("{article_id}", "{id}").replace("{fmt}", "{format}")
        if f"`GET {documented}`" not in doc:
            missing.append(path)
    assert not missing, f"docs/api.md lacks: {missing}"
