"""Random draws shared by the incident and change writers."""

import random
import time


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def reported_times(rng: random.Random, count: int, start: float, end: float) -> list[float]:
    """Instants over [start, end), more on weekdays and in office hours, sorted."""
    span = end - start
    out = []
    while len(out) < count:
        moment = start + rng.random() * span
        local = time.gmtime(moment + 3600)
        weekday, hour = local.tm_wday, local.tm_hour
        keep = (0.35 if weekday >= 5 else 1.0) * (1.0 if 8 <= hour < 18 else 0.25)
        if rng.random() < keep:
            out.append(moment)
    out.sort()
    return out
