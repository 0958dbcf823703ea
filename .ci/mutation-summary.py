"""Per-module mutation score from `mutmut results --all true` (read on stdin): `make mutation` prints it.

killed share = (killed + timeout) / all mutants, where "all" includes the survivors, the mutants no selected
test reaches ("no tests") and any not yet run ("not checked"): nothing is left out of the denominator.
"""

from __future__ import annotations

import collections
import re
import sys

TARGETS = ("extract.figures", "extract.attribution", "extract.quantities", "fuse.scoring", "export")
LINE = re.compile(r"^\s*flashpoint\.(?P<name>[\w.]+?)\.x\S*__mutmut_\d+: (?P<status>.+)$")


def target_of(name: str) -> str:
    """The target a mutant's module belongs to (``export.acled`` -> ``export``)."""
    return next((t for t in TARGETS if name == t or name.startswith(t + ".")), name)


def main() -> None:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for line in sys.stdin:
        m = LINE.match(line)
        if m:
            counts[target_of(m.group("name"))][m.group("status").strip()] += 1
    print(f"{'target':<22}{'mutants':>8}{'killed':>8}{'survived':>9}{'no tests':>9}{'other':>7}{'killed %':>9}")  # noqa: T201 (a script)
    for target in sorted(counts, key=lambda t: TARGETS.index(t) if t in TARGETS else 99):
        c = counts[target]
        total = sum(c.values())
        killed = c["killed"] + c["timeout"]
        other = total - killed - c["survived"] - c["no tests"]
        share = 100 * killed / total if total else 0.0
        print(f"{target:<22}{total:>8}{killed:>8}{c['survived']:>9}{c['no tests']:>9}{other:>7}{share:>8.1f}%")  # noqa: T201


if __name__ == "__main__":
    main()
