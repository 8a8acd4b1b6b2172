"""Which incidents recur: the weekly check behind the recurrence proposals (README, "Problems").

Two signals, each explainable to the System Architect who decides on the proposal:

- *similar titles*: on one component, at least MINIMUM_CLUSTER incidents of the last LOOKBACK_DAYS whose titles
  share most of their words: the Jaccard overlap of their normalised word sets (lower case, no punctuation,
  no digits-only words, no short or common Dutch words) is at least SIMILARITY. Incidents already linked to a
  problem are left out.
- *above baseline*: a component's incidents in the week exceed its own baseline by the weekly report's rule
  (core.baselines: more than two standard deviations above the mean of the eight weeks before).

Both read a bounded set (at most MAX_INCIDENTS incidents of the period), in Python.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from core.baselines import BASELINE_WEEKS, deviation

LOOKBACK_DAYS = 28
MINIMUM_CLUSTER = 3
SIMILARITY = 0.5
MAX_INCIDENTS = 2000
MINIMUM_ABOVE_BASELINE = 3  # a jump from 0 to 1 or 2 incidents is no pattern
STOP_WORDS = frozenset(
    "de het een en of van in op bij voor met naar niet geen is zijn wordt worden kan kunnen na uit te dat die er "
    "the a an of in on for to is not and or with".split()
)
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(title: str) -> frozenset[str]:
    """A title's meaningful words: lower case, without punctuation, numbers and common short words."""
    return frozenset(
        word for word in WORD.findall(title.lower()) if len(word) > 2 and word not in STOP_WORDS and not word.isdigit()
    )


def similarity(first: frozenset[str], second: frozenset[str]) -> float:
    """Jaccard overlap of two word sets: shared words / all words (0 when either is empty)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass
class Cluster:
    seed: frozenset[str]
    incidents: list = field(default_factory=list)

    @property
    def common_words(self) -> list[str]:
        shared = self.seed
        for incident in self.incidents:
            shared = shared & words(incident.title)
        return sorted(shared)


def similar_title_clusters(incidents) -> list[Cluster]:
    """Group incidents (of one component) whose titles are similar to a cluster's first incident; clusters of
    at least MINIMUM_CLUSTER incidents, largest first. Greedy and order-stable: oldest incident first."""
    clusters: list[Cluster] = []
    for incident in sorted(incidents, key=lambda incident: (incident.reported_at, incident.pk)):
        title_words = words(incident.title)
        home = next((cluster for cluster in clusters if similarity(cluster.seed, title_words) >= SIMILARITY), None)
        if home is None:
            home = Cluster(seed=title_words)
            clusters.append(home)
        home.incidents.append(incident)
    found = [cluster for cluster in clusters if len(cluster.incidents) >= MINIMUM_CLUSTER and cluster.seed]
    return sorted(found, key=lambda cluster: -len(cluster.incidents))


def weekly_counts(reported: list, week_start, weeks: int = BASELINE_WEEKS + 1) -> list[int]:
    """Incidents per week for the `weeks` weeks ending with the week starting at `week_start`, oldest first."""
    starts = [week_start - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    counts = [0] * weeks
    for moment in reported:
        for index, start in enumerate(starts):
            if start <= moment < start + timedelta(weeks=1):
                counts[index] += 1
                break
    return counts


def above_baseline(counts: list[int]):
    """The last week's count against the weeks before it: a core.baselines.Deviation when it is higher than
    its baseline allows (and at least MINIMUM_ABOVE_BASELINE), else None."""
    *history, value = counts
    if value < MINIMUM_ABOVE_BASELINE:
        return None
    found = deviation(value, history)
    return found if found is not None and found.z > 0 else None
