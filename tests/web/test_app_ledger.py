"""The web app over a real SQLite ledger filled with hand-built extractions (no NLP)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import export_samples as s
from fastapi.testclient import TestClient

from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction, report_stream
from flashpoint.ledger import Ledger, Support
from flashpoint.records import Article, Certainty, Extraction, FigureHistory, Incident, Rejection
from flashpoint.web.app import create_app
from flashpoint.web.models import (
    ArticleDetail,
    EventPage,
    FigurePage,
    HistoryResponse,
    IncidentDetail,
    IncidentPage,
)


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


def _varied_reports() -> list[Extraction]:
    """Reports with what the synthetic stream lacks: actors (one with LIKE's wildcards in its name), undated
    and unplaced events, several certainties, a type spelled in another case, a range of dates."""
    north = Spot("Ferrowick", "GHA", "Upper Vale", 9.41, -0.85)
    south = Spot("Lantry Cove", "GHA", "Shore", 5.12, -1.31)
    inland = Spot("Obrin", "NGA", "Kaduna", 10.5, 7.43)
    specs = [
        ("Gunmen from the Red Hand 50% faction attacked a village near Ferrowick on 3 March 2021.",
         EventSpec("Violence against civilians", "Attack", dt.date(2021, 3, 3), north,
                   "Gunmen from the Red Hand 50% faction attacked a village near Ferrowick on 3 March 2021.",
                   actors=("Red Hand 50% faction", "Civilians (Ghana)"), killed=4, certainty=Certainty.REPORTED)),
        ("Police dispersed traders at Lantry Cove on 4 March 2021, the union said.",
         EventSpec("PROTESTS", "Protest with intervention", dt.date(2021, 3, 4), south,
                   "Police dispersed traders at Lantry Cove on 4 March 2021, the union said.",
                   actors=("Police Forces of Ghana", "Traders_Union"), certainty=Certainty.CLAIMED)),
        ("Soldiers reportedly clashed with bandits near Obrin between 1 and 6 March 2021.",
         EventSpec("Battles", "Armed clash", dt.date(2021, 3, 1), inland,
                   "Soldiers reportedly clashed with bandits near Obrin between 1 and 6 March 2021.",
                   actors=("Military Forces of Nigeria", "Bandits"), killed=9, killed_high=12,
                   certainty=Certainty.HEDGED, end=dt.date(2021, 3, 6))),
        ("A bomb went off somewhere in the north, residents said, on an unknown day.",
         EventSpec("Explosions/Remote violence", "Remote explosive/landmine/IED", None, None,
                   "A bomb went off somewhere in the north, residents said, on an unknown day.", killed=2)),
        ("Students marched in a town that was not named on 2 March 2021.",
         EventSpec("Protests", "Peaceful protest", dt.date(2021, 3, 2), None,
                   "Students marched in a town that was not named on 2 March 2021.", actors=("Students (Ghana)",))),
    ]  # fmt: skip
    made = [
        make_extraction(text, [spec], published=dt.date(2021, 3, 7 + i), source="Test Wire", external_id=f"v{i}")
        for i, (text, spec) in enumerate(specs)
    ]
    return [*s.EXTRACTIONS, *made]


QUERIES: list[dict[str, str]] = [
    {},
    {"limit": "7", "offset": "5"},
    {"offset": "100000"},
    {"limit": "1", "offset": "3"},
    {"event_type": "protests", "limit": "4"},
    {"event_type": "Battles", "sub_event_type": "armed CLASH"},
    {"country": "gh"},
    {"country": "Nigeria", "since": "2021-03-05"},
    {"min_fatalities": "1"},
    {"min_fatalities": "5", "offset": "1", "limit": "2"},
    {"certainty": "asserted,reported"},
    {"certainty": "hedged,claimed"},
    {"since": "2021-01-05", "until": "2021-01-12", "offset": "2"},
    {"until": "2021-01-03"},
    {"since": "2021-03-05"},
    {"bbox": "0,0,180,90"},
    {"bbox": "-2,4,0,10"},
    {"actor": "a", "limit": "3"},
    {"actor": "50%"},
    {"actor": "s_u"},
    {"actor": "POLICE", "country": "GHA"},
    {"actor": "no such actor"},
]


def test_lists_and_details_from_stored_columns_equal_those_from_every_extraction(
    database_urls: Callable[[str], str],
) -> None:
    with Ledger(database_urls("cols")) as ledger:
        for _ in ledger.record_many(report_stream(120, places=12, days=20), batch_size=40):
            pass
        for _ in ledger.record_many(_varied_reports(), batch_size=3):
            pass
        columns = TestClient(create_app(ledger=ledger))
        decoding = TestClient(create_app(ledger=_DecodingReader(ledger)))
        first = ledger.incidents()[0]
        queries = [*QUERIES, {"event_type": first.event_type.upper(), "limit": "4"}]
        totals: dict[str, list[int]] = {}
        for path in ("/api/incidents", "/api/events", "/api/figures"):
            for params in queries:
                fast = columns.get(path, params=params)
                slow = decoding.get(path, params=params)
                assert fast.status_code == slow.status_code == 200, (path, params)
                assert fast.json() == slow.json(), (path, params)
                totals.setdefault(path, []).append(fast.json()["total"])
        pages = {"/api/incidents": IncidentPage, "/api/events": EventPage, "/api/figures": FigurePage}
        for path, model in pages.items():  # sent unvalidated: each answer must be what its model would send
            for params in queries:
                body = columns.get(path, params=params).json()
                assert model.model_validate(body).model_dump(mode="json") == body, (path, params)
        for path, found in totals.items():  # the filters do choose, and some choose nothing
            assert sum(0 < t < found[0] for t in found) >= 10, (path, found)
        assert 0 in totals["/api/incidents"]
        for params in ({"article_id": "a1"}, {"article_id": "a1", "certainty": "reported"}, {"article_id": "zz"}):
            assert columns.get("/api/events", params=params).json() == decoding.get("/api/events", params=params).json()
        for params in ({}, {"limit": "3", "offset": "2"}, {"country": "GHA"}, {"actor": "police"}):
            for incidents in ("true", "false"):
                query = {**params, "incidents": incidents}
                fast = columns.get("/api/export/jsonl", params=query)
                slow = decoding.get("/api/export/jsonl", params=query)
                assert fast.status_code == slow.status_code == 200, query
                assert fast.text == slow.text, query
                assert fast.headers["X-Total-Count"] == slow.headers["X-Total-Count"], query
        rows = columns.get("/api/dashboard/incidents").json()
        assert rows["incidents"] == decoding.get("/api/dashboard/incidents").json()["incidents"]
        assert columns.get("/api/incidents").json()["total"] == len(ledger.incidents()) > 10
        details = {"": IncidentDetail, "/history": HistoryResponse}
        for incident in ledger.incidents()[::9]:
            for suffix, detail in details.items():
                path = f"/api/incidents/{incident.id}{suffix}"
                body = columns.get(path).json()
                assert body == decoding.get(path).json(), path
                assert detail.model_validate(body).model_dump(mode="json") == body, path
        for article_id in ("a1", *ledger.incidents()[-1].article_ids):
            body = columns.get(f"/api/articles/{article_id}").json()
            assert ArticleDetail.model_validate(body).model_dump(mode="json") == body
        assert columns.get("/api/incidents/no-such-incident").status_code == 404


def test_updated_since_answers_from_the_write_times(database_urls: Callable[[str], str]) -> None:
    """``updated_since`` selects the incidents written (stored, grown or merged into) and the events stored at or
    after a time, whatever the reports' publication dates say."""
    with Ledger(database_urls("written")) as ledger:
        for _ in ledger.record_many(_varied_reports(), batch_size=4):
            pass
        client = TestClient(create_app(ledger=ledger))
        everything = client.get("/api/incidents").json()["total"]
        between = dt.datetime.now(dt.UTC)
        old = ledger.incidents()
        ferrowick = next(i for i in old if i.place is not None and i.place.name == "Ferrowick")
        north = Spot("Ferrowick", "GHA", "Upper Vale", 9.41, -0.85)
        far = Spot("Harl Point", "GHA", "Shore", 4.95, -2.02)
        text = "Gunmen attacked a village near Ferrowick on 3 March 2021, killing six, a local chief said."
        again = EventSpec("Violence against civilians", "Attack", dt.date(2021, 3, 3), north, text, killed=6)
        fresh_text = "Dock workers marched at Harl Point on 20 September 2021."
        fresh = EventSpec("Protests", "Peaceful protest", dt.date(2021, 9, 20), far, fresh_text)
        late = [  # published long before the first batch was written: publication dates do not decide
            make_extraction(text, [again], published=dt.date(2021, 3, 4), external_id="late-1"),
            make_extraction(fresh_text, [fresh], published=dt.date(2021, 9, 21), external_id="late-2"),
        ]
        results = list(ledger.record_many(late, batch_size=2))
        new_ids = {r.article_id for r in results}
        touched = {i.id for i in ledger.incidents() if new_ids & set(i.article_ids)}
        assert ferrowick.id in touched
        assert len(touched) == 2
        for since in (between.isoformat(), between.astimezone(dt.timezone(dt.timedelta(hours=-5))).isoformat()):
            found = client.get("/api/incidents", params={"updated_since": since}).json()
            assert {i["id"] for i in found["incidents"]} == touched, since
            assert found["total"] == 2, since
            events = client.get("/api/events", params={"updated_since": since}).json()
            assert {e["article_id"] for e in events["events"]} == new_ids, since
            assert events["total"] == len(late), since
            figures = client.get("/api/figures", params={"updated_since": since}).json()["figures"]
            assert figures
            assert {f["incident_id"] for f in figures} <= touched
        yesterday = (between - dt.timedelta(days=1)).date().isoformat()
        assert client.get("/api/incidents", params={"updated_since": yesterday}).json()["total"] == everything + 1
        tomorrow = (between + dt.timedelta(days=1)).date().isoformat()
        assert client.get("/api/incidents", params={"updated_since": tomorrow}).json()["total"] == 0
        assert client.get("/api/events", params={"updated_since": tomorrow}).json()["total"] == 0
        bad = client.get("/api/incidents", params={"updated_since": "last week"})
        assert (bad.status_code, bad.json()["error"]) == (400, "FP410")
