"""The benchmark at several sizes side by side: each page's and API list's p95 at every size, the scale ratio
(p95 at the largest size over p95 at the smallest) and whether the page holds the targets at the largest size.

    .venv/bin/python -m bench.compare var/bench-20000.json var/bench-1000000.json

Each file is what `python -m bench.run --json FILE` wrote for one database; `make bench BENCH_SIZES=…` writes
them (bench/sizes.py).
"""

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

SCALE_RATIO_LIMIT = 1.5  # a page may cost at most this much more at the largest size than at the smallest
P95_LIMIT_MS = 150.0  # p95 at the largest size (4 clients on 2 cores)


@dataclass
class Comparison:
    key: str  # bench.scenarios budget key: the same page at every size, whatever its name there
    name: str  # the scenario's name at the largest size
    p95_ms: dict  # size (incidents) → p95 in ms
    ratio: float | None  # p95 at the largest size / p95 at the smallest

    @property
    def largest_p95_ms(self) -> float:
        return self.p95_ms[max(self.p95_ms)]

    @property
    def scales(self) -> bool:
        return self.ratio is not None and self.ratio <= SCALE_RATIO_LIMIT

    @property
    def fast_enough(self) -> bool:
        return self.largest_p95_ms <= P95_LIMIT_MS

    @property
    def holds(self) -> bool:
        return self.scales and self.fast_enough


def compare(results: list[dict]) -> list[Comparison]:
    """The GET scenarios (pages and API lists) measured at every size, in the order of the largest run. Each
    result is what bench.run returned for one database; its size is its number of incidents."""
    by_size = {result["incidents"]: _pages(result) for result in results}
    if len(by_size) < 2:
        raise ValueError("Compare needs the results of at least two sizes.")
    smallest, largest = min(by_size), max(by_size)
    rows = []
    for key, (name, _p95) in by_size[largest].items():
        if not all(key in pages for pages in by_size.values()):
            continue
        p95 = {size: pages[key][1] for size, pages in sorted(by_size.items())}
        ratio = p95[largest] / p95[smallest] if p95[smallest] > 0 and not math.isnan(p95[smallest]) else None
        rows.append(Comparison(key=key, name=name, p95_ms=p95, ratio=ratio))
    return rows


def _pages(result: dict) -> dict:
    """key → (name, p95 ms) of the result's GET scenarios."""
    return {
        figures["key"]: (name, figures["p95_ms"])
        for name, figures in result["scenarios"].items()
        if figures["method"] == "GET"
    }


def print_comparison(rows: list[Comparison], out) -> None:
    sizes = sorted(rows[0].p95_ms) if rows else []
    size_columns = " ".join(f"{f'p95 @ {size:,}':>16}" for size in sizes)
    header = f"{'page':<36} {size_columns} {'ratio':>6} {'≤ 1.5':>6} {'≤ 150 ms':>9}"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for row in rows:
        cells = " ".join(f"{row.p95_ms[size]:16.1f}" for size in sizes)
        ratio = f"{row.ratio:6.2f}" if row.ratio is not None else f"{'–':>6}"
        out.write(f"{row.name[:36]:<36} {cells} {ratio} {_yes(row.scales):>6} {_yes(row.fast_enough):>9}\n")
    failing = [row.name for row in rows if not row.holds]
    if failing:
        out.write(f"\nNot within {SCALE_RATIO_LIMIT}× or {P95_LIMIT_MS:.0f} ms: {', '.join(failing)}\n")


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="+", type=Path, help="files written by `python -m bench.run --json`")
    options = parser.parse_args(argv)
    rows = compare([json.loads(path.read_text()) for path in options.results])
    print_comparison(rows, sys.stdout)
    return 0 if all(row.holds for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
