"""docs/schema.md documents every field of every record in records.py (docs cover code)."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

from flashpoint import records

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## ", text, flags=re.M)
    return {p.split("\n", 1)[0].strip(): p for p in parts[1:]}


def test_every_record_field_is_documented() -> None:
    sections = _sections(SCHEMA.read_text(encoding="utf-8"))
    missing = []
    for name, cls in inspect.getmembers(records, inspect.isclass):
        if not dataclasses.is_dataclass(cls) or cls.__module__ != records.__name__:
            continue
        section = sections.get(name)
        if section is None:
            missing.append(name)
            continue
        missing.extend(f"{name}.{f.name}" for f in dataclasses.fields(cls) if f"| `{f.name}` |" not in section)
    assert not missing, f"docs/schema.md lacks: {', '.join(missing)}"


def test_every_enum_value_is_documented() -> None:
    text = SCHEMA.read_text(encoding="utf-8")
    for enum in (records.Certainty, records.SourceType, records.FigureKind):
        for member in enum:
            assert f"`{member.value}`" in text, member
