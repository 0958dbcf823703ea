"""Every export of the hand-built samples, pinned whole: each column's value, each property's JSON type.

The samples (``export_samples.py``: two reports of one clash, an arrest, a sports report; ``edge_samples.py``:
missing places, dates, actors and metadata, a denied event, unknown figure values) go through every
registered writer, for events and for incidents, and through the plain-text and JSON situation reports;
the outputs must equal the reviewed files in ``tests/export/pinned/``. A writer that drops a column,
changes a value's type (``3`` to ``"3"``), an id rule, a sum of victim groups or a claimant chain fails
here with the diff. After an intended change, review and rewrite the files with
``python tests/export/test_pinned_outputs.py --update`` and commit them with the change.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

if __name__ == "__main__":  # run as a script: load the samples module the way conftest.py does
    sys.path.insert(0, str(Path(__file__).parent))

import edge_samples
import export_samples as s

from flashpoint.export import WRITERS, context_from, write
from flashpoint.export.acled import AcledOptions
from flashpoint.export.sitrep import render_incidents_text, render_text, sitrep_json

PINNED = Path(__file__).with_name("pinned")
SUFFIX = {"acled": "csv", "ucdp": "csv", "geojson": "geojson", "jsonl": "jsonl", "plover": "jsonl"}


def _writer_output(name: str, incidents: bool, labels: bool = False, samples: Any = s) -> str:
    ctx = dataclasses.replace(
        context_from(samples.EXTRACTIONS), acled=AcledOptions(timestamp=1_700_000_000, inter_labels=labels)
    )
    records = list(samples.INCIDENTS) if incidents else [e for ex in samples.EXTRACTIONS for e in ex.events]
    buf = io.StringIO()
    write(name, records, buf, context=ctx)
    return buf.getvalue()


def outputs() -> dict[str, Callable[[], str]]:
    """File name -> the function that writes its content now."""
    found: dict[str, Callable[[], str]] = {}
    for name in sorted(WRITERS):
        for incidents in (False, True):
            kind = "incidents" if incidents else "events"
            found[f"{name}_{kind}.{SUFFIX[name]}"] = functools.partial(_writer_output, name, incidents)
            found[f"edge_{name}_{kind}.{SUFFIX[name]}"] = functools.partial(
                _writer_output, name, incidents, samples=edge_samples
            )
    found["acled_events_labels.csv"] = lambda: _writer_output("acled", False, labels=True)
    found["sitrep.txt"] = lambda: render_text(s.EXTRACTIONS)
    found["sitrep.json"] = lambda: json.dumps(sitrep_json(s.EXTRACTIONS), indent=1, ensure_ascii=False) + "\n"
    articles = {ex.article.id: ex.article for ex in s.EXTRACTIONS}
    found["incidents.txt"] = lambda: render_incidents_text(s.INCIDENTS, articles=articles)
    found["incidents_without_articles.txt"] = lambda: render_incidents_text(s.INCIDENTS)
    edge = edge_samples
    edge_articles = {ex.article.id: ex.article for ex in edge.EXTRACTIONS}
    found["edge_acled_events_labels.csv"] = lambda: _writer_output("acled", False, labels=True, samples=edge)
    found["edge_sitrep.txt"] = lambda: render_text(edge.EXTRACTIONS, title="Edge cases")
    found["edge_sitrep.json"] = lambda: json.dumps(sitrep_json(edge.EXTRACTIONS), indent=1, ensure_ascii=False) + "\n"
    found["edge_incidents.txt"] = lambda: render_incidents_text(edge.INCIDENTS, articles=edge_articles, title="Edge")
    found["edge_no_incidents.txt"] = lambda: render_incidents_text(())
    found["edge_no_reports.txt"] = lambda: render_text(())
    return found


def test_every_writer_has_pinned_outputs() -> None:
    assert set(SUFFIX) == set(WRITERS)
    assert {p.name for p in PINNED.iterdir()} == set(outputs())


@pytest.mark.parametrize("name", sorted(outputs()))
def test_pinned_output(name: str) -> None:
    assert outputs()[name]() == (PINNED / name).read_bytes().decode("utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        raise SystemExit("usage: python tests/export/test_pinned_outputs.py --update")
    PINNED.mkdir(exist_ok=True)
    for file_name, make in outputs().items():
        (PINNED / file_name).write_bytes(make().encode("utf-8"))
