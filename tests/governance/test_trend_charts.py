"""The dashboard's trend charts: the same size side by side, and a value axis in round numbers."""

from types import SimpleNamespace

import pytest

from governance.reports.selectors import trend_chart


def weeks(*values, metric="breaches"):
    return [
        {"report": SimpleNamespace(label=f"2026-W{10 + n}"), "metrics": {"incidents": {"total": {metric: value}}}}
        for n, value in enumerate(values)
    ]


def test_charts_of_one_and_two_figures_and_any_number_of_weeks_have_the_same_size():
    one = trend_chart(weeks(1, 2, 3), [("breaches", "overschrijdingen")])
    two = trend_chart(weeks(1, 2, 3, 4, 5, 6, 7, 8), [("opened", "gemeld"), ("breaches", "overschrijdingen")])
    assert (one["width"], one["height"]) == (two["width"], two["height"])


@pytest.mark.parametrize(("highest", "ticks"), [(0, [0, 1, 2, 3, 4]), (7, [0, 2, 4, 6, 8]), (33, [0, 10, 20, 30, 40])])
def test_the_value_axis_ends_at_a_round_number_at_or_above_the_highest_bar(highest, ticks):
    chart = trend_chart(weeks(1, highest), [("breaches", "overschrijdingen")])
    assert [tick["value"] for tick in chart["ticks"]] == ticks
    tallest = max(chart["bars"], key=lambda bar: bar["height"])
    assert tallest["height"] == chart["plot_height"] * max(highest, 1) / ticks[-1]


def test_a_percentage_is_drawn_against_a_hundred_and_a_week_without_a_figure_has_no_bar():
    chart = trend_chart(weeks(50.0, None, metric="met"), [("met", "gehaald %")], percent=True)
    assert chart["ticks"][-1]["value"] == 100
    assert [bar["height"] for bar in chart["bars"]] == [chart["plot_height"] / 2, 0]
    assert chart["rows"] == [
        {"week": "2026-W10", "cells": [{"value": 50.0, "url": None}]},
        {"week": "2026-W11", "cells": [{"value": None, "url": None}]},
    ]
