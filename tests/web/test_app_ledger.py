"""The web app over a real SQLite ledger filled with hand-built extractions (no NLP)."""

from __future__ import annotations

from pathlib import Path

import export_samples as s
from fastapi.testclient import TestClient

from flashpoint.ledger import Ledger
from flashpoint.web.app import create_app


def test_app_over_a_real_ledger(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    ledger = Ledger(url)
    for extraction in s.EXTRACTIONS:
        ledger.record(extraction)
    ledger.close()
    with TestClient(create_app(url)) as client:  # the app opens (and on shutdown closes) its own ledger
        incidents = client.get("/api/incidents").json()["incidents"]
        assert incidents
        kumasi = [i for i in incidents if i["place"] and i["place"]["name"] == "Kumasi"]
        assert kumasi
        assert {"a1", "b2"} <= {a for i in kumasi for a in i["article_ids"]}
        detail = client.get(f"/api/incidents/{kumasi[0]['id']}").json()
        assert detail["events"]
        assert detail["articles"]
        article = client.get("/api/articles/a1").json()
        assert article["text"] == s.TEXT_A
        assert any(sp["kind"] == "figure" for sp in article["spans"])
        assert client.get("/api/events").json()["total"] == 3
        assert client.get("/api/export/ucdp", params={"incidents": "true"}).status_code == 200
        assert client.get("/").status_code == 200
