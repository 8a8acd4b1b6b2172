"""Is a figure out of line with its own past? One rule for the weekly report's anomalies and the recurrence check.

A value is anomalous when it lies more than ANOMALY_Z population standard deviations from the mean of its
baseline (the same figure in up to BASELINE_WEEKS earlier weeks). With fewer than MINIMUM_BASELINE earlier
values, or no variation in them, nothing is flagged.
"""

from dataclasses import dataclass
from statistics import fmean, pstdev

ANOMALY_Z = 2.0
BASELINE_WEEKS = 8
MINIMUM_BASELINE = 4


@dataclass(frozen=True)
class Deviation:
    mean: float
    z: float


def deviation(value: float, history: list[float]) -> Deviation | None:
    """How far `value` lies from `history` (oldest first, the last BASELINE_WEEKS counted) when it is an
    anomaly; None when it is not, or when the baseline is too short or flat to say."""
    history = history[-BASELINE_WEEKS:]
    if len(history) < MINIMUM_BASELINE:
        return None
    mean, spread = fmean(history), pstdev(history)
    if not spread or abs(value - mean) / spread <= ANOMALY_Z:
        return None
    return Deviation(mean=mean, z=(value - mean) / spread)
