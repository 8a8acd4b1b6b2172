"""The sums, means and shares a week's figures are made of."""

from datetime import timedelta


def minutes(value) -> float | None:
    """A duration (or a sum of them) in minutes, one decimal."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 60, 1)
    return round(value / 60_000_000, 1)  # SQLite returns microseconds


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def mean(total, count: int):
    return total / count if total is not None and count else None


def add(total: dict, values: dict) -> None:
    """Add one group's counts and duration sums to a running total (None: nothing to add)."""
    for name, value in values.items():
        if value is None:
            total.setdefault(name, None)
        elif total.get(name) is None:
            total[name] = value
        else:
            total[name] += value
