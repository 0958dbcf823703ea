"""The REST API and dashboard over a fake ledger holding hand-built records (no NLP, no database)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import export_samples as s
import pytest
from fastapi.testclient import TestClient

from flashpoint.errors import NotFoundError
from flashpoint.records import Article, Extraction, FigureHistory, Incident, Rejection
from flashpoint.web.app import create_app, evidence_spans


class FakeLedger:
    """The read methods of flashpoint.ledger.Ledger over in-memory records."""

    def __init__(self) -> None:
        self.rejected = [Rejection("broken.html", "FP105", "unparseable HTML", "ingest@0")]

    def incidents(self) -> list[Incident]:
        return list(s.INCIDENTS)

    def incident(self, incident_id: str) -> Incident:
        for inc in s.INCIDENTS:
            if inc.id == incident_id:
                return inc
        raise NotFoundError(f"no incident {incident_id!r}")

    def history(self, incident_id: str) -> list[FigureHistory]:
        return list(self.incident(incident_id).figures)

    def extractions(self) -> Iterator[Extraction]:
        return iter(s.EXTRACTIONS)

    def article(self, article_id: str) -> Article:
        for ex in s.EXTRACTIONS:
            if ex.article.id == article_id:
                return ex.article
        raise NotFoundError(f"no article {article_id!r}")

    def rejections(self) -> list[Rejection]:
        return self.rejected


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(ledger=FakeLedger()))


def test_incidents_list_and_filters(client: TestClient) -> None:
    data = client.get("/api/incidents").json()
    assert data["total"] == 2
    kumasi = data["incidents"][0]
    assert kumasi["id"] == "inc-kumasi"
    assert kumasi["reports"] == 2
    assert kumasi["fatalities"] == 7
    assert kumasi["certainty"] == "reported"
    assert kumasi["external_ids"] == ["CPA-0304", "SW-77"]
    assert client.get("/api/incidents", params={"event_type": "Protests"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"country": "gha"}).json()["total"] == 2
    assert client.get("/api/incidents", params={"country": "KEN"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"since": "2025-03-04"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"until": "2025-03-03"}).json()["total"] == 1
    bad = client.get("/api/incidents", params={"since": "not-a-date"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "FP410"


def test_incident_detail_and_history(client: TestClient) -> None:
    inc = client.get("/api/incidents/inc-kumasi").json()
    assert [e["id"] for e in inc["events"]] == ["a1-e0", "b2-e0"]
    assert [a["source"] for a in inc["articles"]] == ["Coastal Press Agency", "Sahel Wire"]
    revisions = inc["figures"][0]["revisions"]
    assert [r["figure"]["phrase"] for r in revisions] == ["At least three", "seven"]
    assert revisions[0]["figure"]["claimant_chain"][0] == "Interior Ministry spokesman"
    assert revisions[0]["figure"]["range"] == "3-?"
    history = client.get("/api/incidents/inc-kumasi/history").json()
    assert history["figures"][0]["acled_value"] == 7
    assert history["figures"][0]["revision_count"] == 2


def test_not_found_is_404_with_code(client: TestClient) -> None:
    for url in ("/api/incidents/nope", "/api/incidents/nope/history", "/api/articles/nope"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"] == "FP404"


def test_events(client: TestClient) -> None:
    data = client.get("/api/events").json()
    assert data["total"] == 3
    assert client.get("/api/events", params={"article_id": "b2"}).json()["total"] == 2
    arrests = client.get("/api/events", params={"event_type": "Strategic developments"}).json()["events"]
    assert arrests[0]["place"]["name"] == "Accra"


def test_article_text_and_spans(client: TestClient) -> None:
    art = client.get("/api/articles/a1").json()
    assert art["text"] == s.TEXT_A
    kinds = {span["kind"] for span in art["spans"]}
    assert {"event", "figure", "claim", "caveat"} <= kinds
    for span in art["spans"]:
        assert art["text"][span["start"] : span["end"]] == span["text"]
    figure = next(sp for sp in art["spans"] if sp["kind"] == "figure" and sp["text"] == "Dozens")
    assert "24-99; ACLED 12" in figure["label"]
    assert "Interior Ministry spokesman -> National Television" in figure["label"]


def test_evidence_spans_sorted_and_unique() -> None:
    spans = evidence_spans(s.EX_A)
    keys = [(sp["start"], sp["end"], sp["kind"], sp["label"]) for sp in spans]
    assert len(keys) == len(set(keys))
    assert [sp["start"] for sp in spans] == sorted(sp["start"] for sp in spans)


@pytest.mark.parametrize("fmt", ["acled", "ucdp", "geojson", "jsonl"])
def test_export_downloads(client: TestClient, fmt: str) -> None:
    events = client.get(f"/api/export/{fmt}")
    assert events.status_code == 200
    assert "attachment" in events.headers["content-disposition"]
    incidents = client.get(f"/api/export/{fmt}", params={"incidents": "true"})
    assert incidents.status_code == 200
    assert incidents.headers["x-total-count"] == "2"
    if fmt == "geojson":
        assert len(json.loads(incidents.text)["features"]) == 2
    elif fmt == "jsonl":
        assert len(events.text.splitlines()) == 3
    elif fmt == "ucdp":  # GED holds lethal organised violence only: the Kumasi shooting
        assert [r["id"] for r in csv.DictReader(io.StringIO(incidents.text))] == ["inc-kumasi"]
    else:
        assert len(list(csv.DictReader(io.StringIO(incidents.text)))) == 2


def test_unknown_export_format(client: TestClient) -> None:
    response = client.get("/api/export/shapefile")
    assert response.status_code == 404
    assert response.json()["error"] == "FP500"


def test_sitrep_json_and_text(client: TestClient) -> None:
    data = client.get("/api/sitrep").json()
    assert set(data) >= {"events", "figures", "caveats"}
    text = client.get("/api/sitrep", params={"format": "text"}).text
    assert "TIMELINE" in text
    assert "Dozens (24-99; ACLED 12)" in text
    assert client.get("/api/sitrep", params={"format": "xml"}).status_code == 400


def test_figures_rejections_formats(client: TestClient) -> None:
    figures = client.get("/api/figures").json()["figures"]
    assert figures[0]["incident_id"] == "inc-kumasi"
    assert len(figures[0]["revisions"]) == 2
    rejections = client.get("/api/rejections").json()
    assert (rejections["total"], rejections["rejections"][0]["code"]) == (1, "FP105")
    assert client.get("/api/rejections", params={"offset": "1"}).json()["rejections"] == []
    names = {f["name"] for f in client.get("/api/formats").json()["formats"]}
    assert names == {"acled", "ucdp", "geojson", "jsonl", "plover"}


def test_dashboard_and_static_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "/static/app.js" in page.text
    script = client.get("/static/app.js")
    assert script.status_code == 200
    assert "innerHTML" not in script.text  # report text is only inserted as text nodes
    assert client.get("/static/app.css").status_code == 200
    assert "http" not in page.text.split("<body>")[0]  # no CDN or remote resources in the head


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/incidents/{incident_id}/history",
        "/api/events",
        "/api/articles/{article_id}",
        "/api/export/{fmt}",
        "/api/sitrep",
        "/api/figures",
        "/api/rejections",
    } <= paths


def test_country_filter_by_name_iso2_iso3_any_case(client: TestClient) -> None:
    totals = {q: client.get("/api/incidents", params={"country": q}).json()["total"] for q in ("Ghana", "gh", "GHA")}
    assert set(totals.values()) == {2}
    for path in ("/api/events", "/api/figures"):
        assert client.get(path, params={"country": "ghana"}).json()["total"] > 0
    bad = client.get("/api/incidents", params={"country": "Atlantis"})
    assert (bad.status_code, bad.json()["error"]) == (400, "FP410")


def test_more_filters(client: TestClient) -> None:
    def total(**params: str) -> int:
        return int(client.get("/api/incidents", params=params).json()["total"])

    assert total(bbox="-2,6,-1,7") == 1  # Kumasi only, not Accra
    assert total(event_type="protests", sub_event_type="excessive force against protesters") == 1
    assert total(actor="police forces") == 1  # the Accra incident names no actor
    assert total(min_fatalities="5") == 1
    assert total(certainty="reported") == 1
    # write times are the ledger's (tests/web/test_app_ledger.py); a reader without them says it cannot answer
    for path in ("/api/incidents", "/api/events", "/api/figures", "/api/export/jsonl"):
        late = client.get(path, params={"updated_since": "2025-03-05"})
        assert (late.status_code, late.json()["error"]) == (400, "FP410"), path
        assert "write times" in late.json()["detail"]
    assert client.get("/api/events", params={"actor": "POLICE"}).json()["total"] == 3


def test_unknown_parameter_is_400_in_the_error_shape(client: TestClient) -> None:
    for path in ("/api/incidents", "/api/events", "/api/figures", "/api/export/acled", "/api/formats"):
        response = client.get(path, params={"no_such_filter": "1"})
        assert response.status_code == 400, path
        assert set(response.json()) == {"error", "detail"}
        assert "no_such_filter" in response.json()["detail"]
    limit = client.get("/api/incidents", params={"limit": "0"})
    assert (limit.status_code, limit.json()["error"]) == (400, "FP410")


def test_exports_are_filtered_and_paged_like_lists(client: TestClient) -> None:
    whole = client.get("/api/export/acled", params={"incidents": "true", "bbox": "-2,6,-1,7"})
    assert whole.headers["x-total-count"] == "1"
    assert [r["id"] for r in csv.DictReader(io.StringIO(whole.text))] == ["inc-kumasi"]
    page = client.get("/api/export/jsonl", params={"limit": "1", "offset": "1"})
    assert page.headers["x-total-count"] == "3"
    assert len(page.text.splitlines()) == 1
    listed = client.get("/api/events", params={"limit": "1", "offset": "1"}).json()
    assert (listed["total"], listed["limit"], listed["offset"], len(listed["events"])) == (3, 1, 1, 1)


def test_parquet_export_reads_with_pandas(client: TestClient) -> None:
    import pandas as pd

    response = client.get("/api/export/ucdp", params={"parquet": "true"})
    assert response.status_code == 200
    frame = pd.read_parquet(io.BytesIO(response.content))
    assert frame["best"].tolist() == [3, 7]
    assert client.get("/api/export/geojson", params={"parquet": "true"}).status_code == 400


def test_docs_work_offline_and_openapi_is_typed(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "swagger-ui" in page.text
    assert "http://" not in page.text
    assert "https://" not in page.text
    spec = client.get("/openapi.json").json()
    incidents = spec["paths"]["/api/incidents"]["get"]
    schema = incidents["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/IncidentPage"}
    assert "ErrorResponse" in spec["components"]["schemas"]
    params = {p["name"] for p in incidents["parameters"]}
    assert params >= {"country", "bbox", "actor", "min_fatalities", "certainty", "updated_since", "limit"}
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert asset in page.text


def test_the_app_works_on_a_few_requests_at_once() -> None:
    """The sync endpoints run in the event loop's worker threads: as many as ``threads`` (AnyIO's default 40
    mostly traded the GIL between requests), set when the app starts."""
    import anyio.to_thread

    from flashpoint.web.app import REQUEST_THREADS

    def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    for threads, wanted in ((None, REQUEST_THREADS), (3, 3)):
        options = {} if threads is None else {"threads": threads}
        with TestClient(create_app(ledger=FakeLedger(), **options)) as client:  # type: ignore[arg-type]
            assert client.portal is not None
            assert client.portal.call(tokens) == wanted
            assert client.get("/api/incidents").status_code == 200
