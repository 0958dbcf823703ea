"""The dashboard's endpoints: compact rows, the change token, one incident with its reports' evidence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dashboard_samples as d
import export_samples as s
import pytest
from fastapi.testclient import TestClient

from flashpoint.records import Extraction, Incident
from flashpoint.web import dashboard
from flashpoint.web.app import create_app


@pytest.fixture
def ledger() -> d.MemoryLedger:
    return d.MemoryLedger([*d.synthetic(40), d.hostile(40)])


@pytest.fixture
def client(ledger: d.MemoryLedger) -> TestClient:
    return TestClient(create_app(ledger=ledger))


def test_rows_are_compact_and_complete(client: TestClient) -> None:
    data = client.get("/api/dashboard/incidents").json()
    assert data["changed"] is True
    assert data["total"] == 41
    row = next(r for r in data["incidents"] if r["id"] == "inc00003")
    assert set(row) == {
        "id", "date_start", "date_end", "event_type", "sub_event_type", "iso3", "country", "admin1", "place",
        "lat", "lon", "actors", "fatalities", "reports", "certainty",
    }  # fmt: skip
    assert row["place"] == "Town00003"
    assert row["reports"] == 1
    assert row["certainty"] == "hedged"  # synthetic certainties cycle asserted, reported, claimed, hedged
    hostile = next(r for r in data["incidents"] if r["id"] == "inc00040")
    assert hostile["actors"][0] == d.HOSTILE_ACTOR  # kept verbatim: the page shows it as text
    assert hostile["fatalities"] == 4


def test_unchanged_version_sends_no_rows_and_new_records_change_it(client: TestClient, ledger: d.MemoryLedger) -> None:
    first = client.get("/api/dashboard/incidents").json()
    same = client.get("/api/dashboard/incidents", params={"since": first["version"]}).json()
    assert same == {"version": first["version"], "changed": False}
    ledger.add(d.synthetic(3, start=500))
    after = client.get("/api/dashboard/incidents", params={"since": first["version"]}).json()
    assert after["changed"] is True
    assert after["version"] != first["version"]
    assert after["total"] == 44
    assert {"inc00500", "inc00501", "inc00502"} <= {r["id"] for r in after["incidents"]}


def test_ledger_without_counts_gets_a_version_over_its_rows() -> None:
    class Plain(d.MemoryLedger):
        counts = None  # type: ignore[assignment]

    plain = Plain(d.synthetic(5))
    client = TestClient(create_app(ledger=plain))
    first = client.get("/api/dashboard/incidents").json()
    assert client.get("/api/dashboard/incidents", params={"since": first["version"]}).json()["changed"] is False
    plain.add(d.synthetic(1, start=99))
    assert client.get("/api/dashboard/incidents", params={"since": first["version"]}).json()["total"] == 6


def test_detail_has_each_report_text_and_evidence(client: TestClient) -> None:
    data = client.get("/api/dashboard/incidents/inc00040").json()
    assert data["reports"] == 1
    (report,) = data["articles"]
    assert report["title"] == d.HOSTILE_TITLE
    assert report["url"] == d.HOSTILE_URL  # the page decides what becomes a link, not the API
    figure = next(sp for sp in report["spans"] if sp["kind"] == "figure")
    assert report["text"][figure["start"] : figure["end"]] == "4"
    actor = next(sp for sp in report["spans"] if sp["kind"] == "actor")
    assert report["text"][actor["start"] : actor["end"]] == d.HOSTILE_ACTOR
    assert data["figures"][0]["revisions"][0]["figure"]["phrase"] == "4"
    assert [e["id"] for e in data["events"]] == ["art00040-e0"]


def test_detail_of_a_fused_incident_reads_only_its_own_reports() -> None:
    class Counting(d.MemoryLedger):
        def __init__(self) -> None:
            super().__init__([])
            self.read: list[str] = []

        def incidents(self) -> list[Incident]:
            return list(s.INCIDENTS)

        def incident(self, incident_id: str) -> Incident:
            return next(i for i in s.INCIDENTS if i.id == incident_id)

        def extractions(self) -> Iterator[Extraction]:
            raise AssertionError("the detail must not read the whole ledger")

        def extraction(self, article_id: str) -> Extraction:
            self.read.append(article_id)
            return next(ex for ex in s.EXTRACTIONS if ex.article.id == article_id)

    ledger = Counting()
    data = TestClient(create_app(ledger=ledger)).get("/api/dashboard/incidents/inc-kumasi").json()
    assert ledger.read == ["a1", "b2"]
    assert [a["id"] for a in data["articles"]] == ["a1", "b2"]
    assert data["certainty"] == "reported"
    marks = [
        a["text"][sp["start"] : sp["end"]] for a in data["articles"] for sp in a["spans"] if sp["kind"] == "figure"
    ]
    assert "At least three" in marks
    assert "seven" in marks
    assert "40" in marks  # the arrest figure of the same report is still evidence in that text


def test_missing_report_is_listed_not_fatal(ledger: d.MemoryLedger) -> None:
    inc, ex = d.synthetic(1, start=700)[0]
    ledger.records.append((inc, ex))
    ledger.records.append((dashboard_gap(inc), ex))
    data = TestClient(create_app(ledger=ledger)).get("/api/dashboard/incidents/inc-gap").json()
    assert {"id": "gone", "missing": True} in data["articles"]
    assert any(a.get("text") for a in data["articles"])


def dashboard_gap(inc: Incident) -> Incident:
    """The incident ``inc`` under another id, citing one more report that the ledger does not hold."""
    import dataclasses

    return dataclasses.replace(inc, id="inc-gap", article_ids=(*inc.article_ids, "gone"))


def test_unknown_incident_is_404(client: TestClient) -> None:
    response = client.get("/api/dashboard/incidents/nope")
    assert response.status_code == 404
    assert response.json()["error"] == "FP404"


def test_status_says_what_is_missing(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dashboard, "VENDOR_FILES", ("no-such-library.js",))
    data = client.get("/api/dashboard/status").json()
    assert data == {
        "ok": False,
        "missing": ["no-such-library.js"],
        "hint": "run `make static` (needs Node.js and npm) to install the map libraries",
    }


def test_page_loads_only_local_assets_without_inline_code(client: TestClient) -> None:
    html = client.get("/").text
    assert "<script>" not in html
    assert " style=" not in html
    assert "http://" not in html.replace('"http://www.w3.org', "")
    assert "https://" not in html
    static = Path(dashboard.__file__).parent / "static"
    scripts = [static / "app.js", *sorted((static / "js").glob("*.js"))]
    assert len(scripts) > 1
    for script in scripts:
        js = script.read_text(encoding="utf-8")
        code = "\n".join(line for line in js.splitlines() if not line.lstrip().startswith("//"))
        for unsafe in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "eval(", "new Function", "document.write"):
            assert unsafe not in code, (script.name, unsafe)
        assert ".style" not in code, script.name  # no style attributes: colours are classes
        assert client.get(f"/static/{script.relative_to(static)}").status_code == 200


def test_real_ledger_version_changes_when_a_report_is_stored(tmp_path: Path) -> None:
    from flashpoint.ledger import Ledger

    with Ledger(f"sqlite:///{tmp_path / 'fp.db'}") as ledger:
        before = dashboard.ledger_version(ledger)
        ledger.record(s.EX_A)
        after = dashboard.ledger_version(ledger)
        assert before is not None
        assert after is not None
        assert before != after
        assert ledger.event_certainties() == {"a1-e0": s.EVENT_A.certainty}
        rows = dashboard.snapshot_rows(ledger)
        assert [r["place"] for r in rows] == ["Kumasi"]
        assert rows[0]["certainty"] == "reported"


def test_dashboard_endpoints_are_in_the_schema_and_documented(client: TestClient) -> None:
    # (included routers are not listed in app.routes on every FastAPI version: read the OpenAPI schema)
    paths = {p for p in client.get("/openapi.json").json()["paths"] if p.startswith("/api/dashboard")}
    assert paths == {"/api/dashboard/incidents", "/api/dashboard/incidents/{incident_id}", "/api/dashboard/status"}
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    for path in paths:
        assert f"`GET {path.replace('{incident_id}', '{id}')}`" in doc, path
