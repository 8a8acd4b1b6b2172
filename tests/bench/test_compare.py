"""The comparison of benchmark results at two sizes (bench.compare), on given figures: no timing."""

import io

import pytest

from bench.compare import compare, print_comparison


def result(incidents: int, pages: dict[str, tuple[str, float]], posts: dict[str, float] | None = None) -> dict:
    scenarios = {
        name: {"key": key, "method": "GET", "p95_ms": p95, "queries": 5, "n": 20, "errors": []}
        for key, (name, p95) in pages.items()
    }
    for key, p95 in (posts or {}).items():
        scenarios[key] = {"key": key, "method": "POST", "p95_ms": p95, "queries": 27, "n": 20, "errors": []}
    return {"incidents": incidents, "scenarios": scenarios}


SMALL = result(
    20_000,
    {
        "board": ("change triage board", 40.0),
        "incident_detail": ("incident detail (20 updates)", 60.0),
        "api_incidents": ("API /api/incidents/", 50.0),
    },
    posts={"file": 90.0},
)
LARGE = result(
    1_000_000,
    {
        "board": ("change triage board", 56.0),
        "incident_detail": ("incident detail (24 updates)", 95.0),
        "api_incidents": ("API /api/incidents/", 160.0),
    },
    posts={"file": 400.0},
)


def test_each_page_is_compared_across_sizes_whatever_its_name_at_each():
    rows = {row.key: row for row in compare([LARGE, SMALL])}

    assert set(rows) == {"board", "incident_detail", "api_incidents"}  # the POSTs are no page or list
    detail = rows["incident_detail"]
    assert detail.name == "incident detail (24 updates)"
    assert detail.p95_ms == {20_000: 60.0, 1_000_000: 95.0}
    assert detail.ratio == pytest.approx(95.0 / 60.0)


def test_a_page_holds_only_within_the_scale_ratio_and_the_p95_target_at_the_largest_size():
    rows = {row.key: row for row in compare([SMALL, LARGE])}

    assert rows["board"].ratio == pytest.approx(1.4)
    assert rows["board"].holds
    assert not rows["incident_detail"].scales  # 1.58×, though 95 ms is fast enough
    assert rows["incident_detail"].fast_enough
    assert not rows["api_incidents"].fast_enough  # 160 ms at the largest size
    assert not rows["api_incidents"].scales


def test_the_table_names_the_pages_that_miss_a_target():
    out = io.StringIO()
    print_comparison(compare([SMALL, LARGE]), out)

    table = out.getvalue()
    assert "p95 @ 20,000" in table
    assert "p95 @ 1,000,000" in table
    assert "Not within 1.5× or 150 ms: incident detail (24 updates), API /api/incidents/" in table
    assert "change triage board" in table.splitlines()[2]


def test_one_size_is_not_a_comparison():
    with pytest.raises(ValueError, match="two sizes"):
        compare([SMALL])
