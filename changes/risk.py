"""The System Architect's risk questionnaire: answers → score → low / medium / high.

Kept as one small table so the level a change got can be explained from the answers on record.
"""

from .models import CitizenImpact, RiskLevel

IMPACT_POINTS = {CitizenImpact.NONE: 0, CitizenImpact.LIMITED: 2, CitizenImpact.MAJOR: 4}
MEDIUM_FROM = 3
HIGH_FROM = 6


def score(
    *,
    citizen_impact: str,
    component_count: int,
    rollback_tested: bool,
    done_before: bool,
    downtime_expected: bool,
    security_sensitive: bool,
) -> tuple[int, str]:
    """The score and the risk level it yields."""
    points = IMPACT_POINTS[citizen_impact]
    points += 0 if component_count <= 1 else 1 if component_count <= 3 else 2
    points += 0 if rollback_tested else 2
    points += 0 if done_before else 1
    points += 2 if downtime_expected else 0
    points += 2 if security_sensitive else 0
    if points >= HIGH_FROM:
        return points, RiskLevel.HIGH
    if points >= MEDIUM_FROM:
        return points, RiskLevel.MEDIUM
    return points, RiskLevel.LOW
