"""Evaluations on full news articles (issue 11): MUC-4 incident templates and off-topic news.

``muc4``: wire articles of 1989-90 (upper case) with hand-filled incident templates. Each article is coded
with its dateline day as the publication date; a template is found when one coded event of its article has
a compatible type, the template's country and a date inside the template's date interval (widened by one
day each side). Templates marked OPTIONAL make an article relevant but are not scored; the placeholder
template ``*`` marks an irrelevant article. The death count of a template is the sum of its certain DEATH
entries' numbers (also accepted: with the uncertain ones); it is found when some single event's fatalities
equal it.

``offtopic``: news outside the project's scope (sport, technology, business, disasters, accidents,
elections): the share of articles given a violent event, and given any event at all.

Both read the gold CSV, code it with the full pipeline (or read a ``flashpoint code`` prediction CSV) and
return metrics with a printable report.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from flashpoint.errors import EvaluationError
from flashpoint.evaluation.coding import code_file, read_predictions, read_rows

Progress = Callable[[int], None]
Row = Mapping[str, str]

VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_COUNTRY_ALIASES = {
    "west germany": "germany", "east germany": "germany", "frg": "germany", "ussr": "russia",
    "soviet union": "russia", "united states of america": "united states", "usa": "united states",
    "us": "united states", "czechoslovakia": "czech republic",
}  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Z]{3})[A-Z]*\.?\s+(\d{2,4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Z]{3})[A-Z]*\.?\s+(\d{1,2}),?\s+(\d{2,4})\b")


def _fold(text: str | None) -> str:
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text).strip()


def _country(text: str) -> str:
    folded = _fold(text)
    return _COUNTRY_ALIASES.get(folded, folded)


def _date(day: str, month: str, year: str) -> dt.date | None:
    if month not in _MONTHS:
        return None
    y = int(year) + (1900 if int(year) < 100 else 0)
    try:
        return dt.date(y, _MONTHS[month], int(day))
    except ValueError:
        return None


def dateline_day(text: str) -> dt.date | None:
    """The day of a MUC-style dateline ("3 JAN 90", "JANUARY 3, 1990"), or None."""
    upper = (text or "").upper()
    m = _DAY_MONTH_YEAR.search(upper)
    if m:
        return _date(m.group(1), m.group(2), m.group(3))
    m = _MONTH_DAY_YEAR.search(upper)
    return _date(m.group(2), m.group(1), m.group(3)) if m else None


def _alternatives(value: str | None) -> list[str]:
    """'? A / B' -> ['A', 'B']; '-', '*' and '' -> []."""
    out = []
    for raw in (value or "").split(" / "):
        part = raw.strip().lstrip("?").strip().strip('"').strip()
        if part and part not in ("-", "*"):
            out.append(part)
    return out


def _intervals(value: str | None) -> list[tuple[dt.date | None, dt.date | None]]:
    """A template date ("D", "D1 - D2", "- D") as closed intervals (None = open end)."""
    out: list[tuple[dt.date | None, dt.date | None]] = []
    for raw in re.split(r"\s*/\s*", (value or "").upper()):
        part = raw.replace("?", "").replace("(", " ").replace(")", " ").strip()
        if not part or part in ("-", "*"):
            continue
        left, _, right = part.partition("-") if "-" in part else (part, "", part)
        start, end = _one_day(left), _one_day(right)
        if start or end:
            out.append((start, end))
    return out


def _one_day(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{1,2})\s+([A-Z]{3})[A-Z]*\.?\s+(\d{2,4})", text.strip())
    return _date(m.group(1), m.group(2), m.group(3)) if m else None


def _in_intervals(intervals: Sequence[tuple[dt.date | None, dt.date | None]], day: dt.date | None) -> bool:
    if day is None:
        return False
    one = dt.timedelta(days=1)
    return any((s is None or day >= s - one) and (e is None or day <= e + one) for s, e in intervals)


def _type_fits(kind: str, row: Row) -> bool:
    """Whether a coded ACLED row is compatible with a MUC incident type."""
    event, sub = row.get("event_type", ""), row.get("sub_event_type", "")
    fits: dict[str, bool] = {
        "BOMBING": event == "Explosions/Remote violence"
        or sub in {"Remote explosive/landmine/IED", "Grenade", "Suicide bomb"},
        "KIDNAPPING": sub == "Abduction/forced disappearance",
        "ATTACK": event in {"Battles", "Violence against civilians", "Explosions/Remote violence"},
        "ARSON": sub in {"Looting/property destruction", "Violent demonstration", "Mob violence", "Attack"},
        "ROBBERY": sub in {"Looting/property destruction", "Attack"},
        "FORCED WORK STOPPAGE": event in {"Protests", "Riots", "Strategic developments"},
    }
    return fits.get(kind, False)


def _violent(row: Row) -> bool:
    return row.get("event_type", "") in VIOLENT or row.get("sub_event_type") == "Looting/property destruction"


def _quoted(entry: str) -> set[str]:
    return {f.strip() for f in re.findall(r'"((?:[^"\\]|\\.)*)"', entry)}


def _entries(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split("|") if x.strip()]


def template_deaths(template: Mapping[str, Any]) -> set[int] | None:
    """Acceptable death counts of a template (certain deaths; certain plus uncertain), or None if unknown."""
    effects = template.get("hum_tgt_effect") or ""
    if "DEATH" not in effects:
        return None
    numbers: list[tuple[int | None, set[str]]] = []
    for entry in _entries(template.get("hum_tgt_number")):
        count, sep, names = entry.partition(":")
        if sep:
            count = count.replace("?", "").strip()
            numbers.append((int(count) if count.isdigit() else None, _quoted(names)))
    certain = uncertain = 0
    found = False
    for entry in _entries(effects):
        label, sep, names = entry.partition(":")
        if not sep:
            continue
        labels = {x.strip() for x in label.replace("?", "").split("/")}
        if labels != {"DEATH"}:
            if "DEATH" in labels and "NO" not in label:
                return None  # "INJURY / DEATH" cannot be counted
            continue
        who = _quoted(names)
        counts = [c for c, n in numbers if n == who] or [c for c, n in numbers if n & who]
        if len(counts) != 1 or counts[0] is None:
            return None
        found = True
        if label.strip().startswith("?"):
            uncertain += counts[0]
        else:
            certain += counts[0]
    if not found or certain + uncertain == 0:
        return None
    return {certain, certain + uncertain} - {0}


@dataclasses.dataclass(frozen=True, slots=True)
class _Template:
    types: tuple[str, ...]
    countries: frozenset[str]
    dates: tuple[tuple[dt.date | None, dt.date | None], ...]
    deaths: frozenset[int] | None
    optional: bool


def _templates(row: Row) -> list[_Template]:
    out = []
    for t in json.loads(row.get("templates_json") or "[]"):
        number = str(t.get("template_no", "*")).strip()
        if number in ("*", ""):
            continue
        location = (t.get("incident_location") or "").replace("?", "").strip()
        head = location.split(":")[0] if location not in ("", "-", "*") else ""
        countries = frozenset(_country(c.strip("() ")) for c in head.split("/") if c.strip("() -"))
        deaths = template_deaths(t)
        out.append(
            _Template(
                types=tuple(_alternatives(t.get("incident_type"))),
                countries=countries,
                dates=tuple(_intervals(t.get("incident_date"))),
                deaths=frozenset(deaths) if deaths else None,
                optional="OPTIONAL" in number.upper(),
            )
        )
    return out


def _fatalities(row: Row) -> int:
    try:
        return int(float(row.get("fatalities") or 0))
    except ValueError:
        return 0


def _row_date(row: Row) -> dt.date | None:
    try:
        return dt.date.fromisoformat((row.get("event_date") or "")[:10])
    except ValueError:
        return None


def score_muc4(gold: Sequence[Row], predicted: Mapping[str, Sequence[Row]]) -> dict[str, float]:
    """Incident recall, bombing and death recall, and relevance of a coding against MUC-4 templates."""
    c: Counter[str] = Counter()
    for doc in gold:
        rows = [r for r in predicted.get(doc["doc_id"], ()) if (r.get("event_type") or "").strip()]
        templates = _templates(doc)
        relevant, flagged = bool(templates), any(_violent(r) for r in rows)
        c["rel_tp"] += relevant and flagged
        c["rel_fp"] += flagged and not relevant
        c["rel_fn"] += relevant and not flagged
        c["events"] += len(rows)
        for t in (t for t in templates if not t.optional):
            typed = [r for r in rows if any(_type_fits(k, r) for k in t.types)]
            c["templates"] += 1
            c["type_hit"] += bool(typed)
            if t.types and t.types[0] == "BOMBING":
                c["bombings"] += 1
                c["bombing_hit"] += bool(typed)
            if t.countries and t.dates:
                c["n_event"] += 1
                c["event_hit"] += any(
                    _country(r.get("country", "")) in t.countries and _in_intervals(t.dates, _row_date(r))
                    for r in typed
                )
            if t.deaths:
                c["n_deaths"] += 1
                c["deaths_any"] += any(_fatalities(r) in t.deaths for r in rows)
    tp, fp, fn = c["rel_tp"], c["rel_fp"], c["rel_fn"]

    def share(a: str, b: str) -> float:
        return c[a] / c[b] if c[b] else 0.0

    return {
        "documents": float(len(gold)),
        "templates": float(c["templates"]),
        "events_per_doc": c["events"] / len(gold) if gold else 0.0,
        "relevance_p": tp / (tp + fp) if tp + fp else 0.0,
        "relevance_r": tp / (tp + fn) if tp + fn else 0.0,
        "type_recall": share("type_hit", "templates"),
        "type_recall_BOMBING": share("bombing_hit", "bombings"),
        "deaths_any": share("deaths_any", "n_deaths"),
        "event_recall": share("event_hit", "n_event"),
    }


def score_offtopic(docs: Sequence[Row], predicted: Mapping[str, Sequence[Row]]) -> dict[str, float]:
    """Shares of off-topic documents given a violent event, and given any event."""
    n = len(docs)
    if n == 0:
        raise EvaluationError("no off-topic documents to score")
    coded = [[r for r in predicted.get(d["id"], ()) if r.get("event_type")] for d in docs]
    violent = sum(any(r["event_type"] in VIOLENT for r in rows) for rows in coded)
    return {
        "documents": float(n),
        "with_violent_event": violent / n,
        "with_any_event": sum(bool(rows) for rows in coded) / n,
    }


def _report(title: str, metrics: Mapping[str, float]) -> str:
    width = max(len(k) for k in metrics)
    lines = [title]
    for key, value in metrics.items():
        shown = f"{value:.0f}" if key in ("documents", "templates") else f"{value:.3f}"
        lines.append(f"  {key:<{width}}  {shown}")
    return "\n".join(lines)


def evaluate_muc4(
    path: Path,
    *,
    predictions: Path | None = None,
    workers: int = 0,
    progress: Progress | None = None,
    keep_case: bool = False,
    **_: Any,
) -> tuple[dict[str, float], str]:
    """Code MUC-4 articles (dateline day as publication date) and score them against their templates.

    ``keep_case`` parses the capitals as they are, without case restoration.
    """
    gold = read_rows(path, ["doc_id", "text", "templates_json"])
    if predictions:
        coded = read_predictions(predictions, "doc_id")
    else:
        with tempfile.TemporaryDirectory(prefix="flashpoint-muc4-") as tmp:
            dated = Path(tmp) / path.name
            with dated.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=["doc_id", "pub_date", "text"])
                writer.writeheader()
                for row in gold:
                    day = dateline_day(row.get("dateline_date", "")) or dateline_day(row["text"][:80].split("--")[0])
                    writer.writerow(
                        {"doc_id": row["doc_id"], "pub_date": day.isoformat() if day else "", "text": row["text"]}
                    )
            coded = code_file(
                dated,
                text_column="text",
                id_column="doc_id",
                date_column="pub_date",
                workers=workers,
                progress=progress,
                restore_case=not keep_case,
            )
    metrics = score_muc4(gold, coded)
    casing = ", case kept as written" if keep_case else ""
    return metrics, _report(f"MUC-4 articles {path.name}{casing}", metrics)


def evaluate_offtopic(
    path: Path,
    *,
    predictions: Path | None = None,
    workers: int = 0,
    progress: Progress | None = None,
    **_: Any,
) -> tuple[dict[str, float], str]:
    """Code off-topic news articles and measure how many are given an event they do not report."""
    docs = read_rows(path, ["id", "text"])
    columns = read_rows(path, [])[0].keys() if docs else ()
    date_column = "date" if "date" in columns else None
    coded = (
        read_predictions(predictions, "id")
        if predictions
        else code_file(
            path, text_column="text", id_column="id", date_column=date_column, workers=workers, progress=progress
        )
    )
    metrics = score_offtopic(docs, coded)
    return metrics, _report(f"off-topic news {path.name}", metrics)
