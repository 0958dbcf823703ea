"""The README's sample output is what ``flashpoint sitrep`` prints today, so it cannot go stale.

Run ``make readme`` (``python tests/test_readme.py --update``) to write the current output into the README
after a change that alters it on purpose.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from flashpoint.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLE = ROOT / "docs" / "examples" / "kisumu_wire.txt"
START = "<!-- sitrep sample: produced by tests/test_readme.py -->\n```text\n"
END = "\n```\n<!-- end of sitrep sample -->"


def sample_output() -> str:
    """What ``flashpoint sitrep docs/examples/kisumu_wire.txt`` prints."""
    result = CliRunner().invoke(main, ["sitrep", str(EXAMPLE), "--workers", "1"])
    if result.exit_code != 0:
        raise RuntimeError(f"flashpoint sitrep failed: {result.output}")
    return result.output.rstrip("\n")


def readme_sample(text: str) -> str:
    """The sample block of the README."""
    start = text.index(START) + len(START)
    return text[start : text.index(END, start)]


def test_readme_names_the_extras() -> None:
    text = README.read_text(encoding="utf-8")
    for extra in ("flashpoint[postgres]", "flashpoint[distributed]"):
        assert extra in text


def test_readme_sample_is_the_real_output() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_sample(text) == sample_output(), "README sample is stale: run `make readme`"


if __name__ == "__main__" and "--update" in sys.argv:
    current = README.read_text(encoding="utf-8")
    old = readme_sample(current)
    README.write_text(current.replace(START + old + END, START + sample_output() + END), encoding="utf-8")
