"""The web app over a real SQLite ledger filled with hand-built extractions (no NLP)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import export_samples as s
from fastapi.testclient import TestClient

from flashpoint.fuse.synthetic import report_stream
from flashpoint.ledger import Ledger, Support
from flashpoint.records import Article, Extraction, FigureHistory, Incident, Rejection
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


class _DecodingReader:
    """The same ledger seen only through the plain LedgerReader methods: the app then decodes every extraction."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    def incidents(self) -> list[Incident]:
        return self._ledger.incidents()

    def incident(self, incident_id: str) -> Incident:
        return self._ledger.incident(incident_id)

    def history(self, incident_id: str) -> list[FigureHistory]:
        return self._ledger.history(incident_id)

    def extractions(self) -> Iterator[Extraction]:
        return self._ledger.extractions()

    def article(self, article_id: str) -> Article:
        return self._ledger.article(article_id)

    def rejections(self) -> list[Rejection]:
        return self._ledger.rejections()

    def lineage(self, incident_id: str) -> list[Support]:
        return self._ledger.lineage(incident_id)


def test_lists_and_details_from_stored_columns_equal_those_from_every_extraction(tmp_path: Path) -> None:
    with Ledger(f"sqlite:///{tmp_path / 'cols.db'}") as ledger:
        for _ in ledger.record_many(report_stream(120, places=12, days=20), batch_size=40):
            pass
        columns = TestClient(create_app(ledger=ledger))
        decoding = TestClient(create_app(ledger=_DecodingReader(ledger)))
        first = ledger.incidents()[0]
        queries: list[dict[str, str]] = [
            {},
            {"limit": "7", "offset": "5"},
            {"offset": "100000"},
            {"event_type": first.event_type.upper(), "limit": "4"},
            {"min_fatalities": "1"},
            {"certainty": "asserted,reported"},
            {"updated_since": "2021-01-10"},
            {"since": "2021-01-05", "until": "2021-01-12", "offset": "2"},
            {"bbox": "0,0,180,90"},
            {"actor": "a", "limit": "3"},
        ]
        totals = []
        for params in queries:
            fast = columns.get("/api/incidents", params=params)
            slow = decoding.get("/api/incidents", params=params)
            assert fast.status_code == slow.status_code == 200, params
            assert fast.json() == slow.json(), params
            totals.append(fast.json()["total"])
        assert sum(0 < t < totals[0] for t in totals) >= 3, totals  # the filters do choose
        assert columns.get("/api/incidents").json()["total"] == len(ledger.incidents()) > 10
        for incident in ledger.incidents()[::9]:
            for path in (f"/api/incidents/{incident.id}", f"/api/incidents/{incident.id}/history"):
                assert columns.get(path).json() == decoding.get(path).json(), path
        assert columns.get("/api/incidents/no-such-incident").status_code == 404
