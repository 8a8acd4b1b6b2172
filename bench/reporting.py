"""The benchmark's table: latency percentiles, requests per second, queries and the ratio to each floor."""

from bench.scenarios import Scenario


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _cell(value: float | None) -> str:
    return f"{value:9.1f}" if value is not None else f"{'–':>9}"


def print_table(items: list[Scenario], out) -> None:
    header = (
        f"{'scenario':<36} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} {'queries':>7} "
        f"{'floor p50':>9} {'floor p95':>9} {'p95/floor':>9}  target"
    )
    out.write(header + "\n" + "-" * len(header) + "\n")
    for s in items:
        p50, p95, p99 = (percentile(s.latencies, f) * 1000 for f in (0.5, 0.95, 0.99))
        rate = len(s.latencies) / s.wall if s.wall else 0.0
        floor50 = percentile(s.floor_latencies, 0.5) * 1000 if s.floor_latencies else None
        floor95 = percentile(s.floor_latencies, 0.95) * 1000 if s.floor_latencies else None
        ratio = f"{p95 / floor95:9.2f}" if floor95 else f"{'–':>9}"
        out.write(
            f"{s.name:<36} {len(s.latencies):>4} {p50:8.1f} {p95:8.1f} {p99:8.1f} {rate:7.1f} "
            f"{s.queries if s.queries is not None else '–':>7} "
            f"{_cell(floor50)} {_cell(floor95)} "
            f"{ratio}  {s.target}\n"
        )
        for error in s.errors[:3]:
            out.write(f"    ! {error}\n")
