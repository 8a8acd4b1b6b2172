"""Changes over the last years, with the approvals the rules of changes.models ask for."""

import itertools
import random
import time

from django.apps import apps
from django.db import connection, transaction

from changes.models import (
    APPROVER_ROLES,
    EMERGENCY_APPROVER_ROLES,
    Approval,
    ChangeRequest,
    Decision,
    RiskAssessment,
    RiskLevel,
)
from changes.workflow import CHANGE_WORKFLOW
from core.models import ReferenceSequence
from parties.models import Role

from .chain import Chain
from .draw import reported_times, weighted
from .history import REASON, SealedTable, Tracked
from .writer import N, Table, nullable, pipeline, ts

CHANGE_TITLES = [
    "Certificaat vernieuwen",
    "Beveiligingsupdate servers",
    "Nieuwe versie app uitrollen",
    "Database-onderhoud",
    "Firewallregels aanpassen",
    "Portaal: nieuwe inlogpagina",
]
REQUESTERS = ["cibg", "dictu", "justid", "kpn", "kdnv", "websitepartij"]


CHANGE_MOVES = {(source, t.target) for t in CHANGE_WORKFLOW.transitions.values() for source in t.sources}


def _check_path(statuses: list[str]) -> None:
    """Every step of a generated change is a transition of the change workflow's table."""
    for before, after in itertools.pairwise(statuses):
        if (before, after) not in CHANGE_MOVES:
            raise ValueError(f"a change cannot go from {before} to {after}")


class ChangeWriter:
    """Changes with their components, risk assessments and approvals, and the history rows of each."""

    def __init__(self, chain: Chain, rng: random.Random, now: float, stdout_progress):
        self.chain, self.rng, self.now = chain, rng, now
        self.progress = stdout_progress
        self.change = Tracked(ChangeRequest)
        self.approval = Tracked(Approval)
        self.assessment = Tracked(RiskAssessment)
        through = ChangeRequest.components.through
        self.components = Table(through, ["id", "changerequest_id", "component_id"])
        self.history_components = SealedTable(
            apps.get_model("changes", "HistoricalChangeRequest_components"),
            ["m2m_history_id", "history_id", "changerequest_id", "component_id", "id"],
            pk="m2m_history_id",
        )
        self.references: dict[int, int] = {}
        self.reasons: dict | None = None
        approvers = {Role.PRODUCT_OWNER, *EMERGENCY_APPROVER_ROLES}.union(*APPROVER_ROLES.values())
        if missing := approvers - chain.user_in_role.keys():
            raise ValueError(f"No demo user for the approver roles {sorted(missing)}: add them to DEMO_USER_IN_ROLE")

    def tables(self):
        return [
            self.change.rows,
            self.change.history,
            self.components,
            self.history_components,
            self.approval.rows,
            self.approval.history,
            self.assessment.rows,
            self.assessment.history,
        ]

    def write(self, count: int, years: float) -> int:
        with connection.cursor() as cursor:
            for table in self.tables():
                table.start(cursor)
            cursor.execute("SELECT COALESCE(MAX(rank), 0) FROM changes_changerequest")
            self.rank = cursor.fetchone()[0]
            for year, last in ReferenceSequence.objects.filter(prefix="CHG").values_list("year", "last_number"):
                self.references[year] = last
        start = self.now - years * 365 * 86400
        times = reported_times(self.rng, count, start, self.now - 3600)
        backlog = min(60, max(count // 100, 5))
        done = pipeline(
            self.tables(),
            count,
            lambda index: self.one(times[index], in_backlog=index >= count - backlog),
            "changes",
            self.progress,
        )
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables():
                table.fix_sequence(cursor)
            for year, last in self.references.items():
                ReferenceSequence.objects.update_or_create(prefix="CHG", year=year, defaults={"last_number": last})
        return done

    def actors(self, requester: int, change_type: str, risk: str) -> dict:
        """Per status a change reaches, (the user who moves it there, the reason), as the change workflow lets
        them: the requester drafts, submits and implements; the System Architect assesses; the Product Owner
        sends for approval, rejects, schedules and closes; the last approver a risk requires approves."""
        roles = self.chain.user_in_role
        product_owner = roles[Role.PRODUCT_OWNER]
        if change_type == "standard":
            approver = requester  # pre-approved by its template on submit
        else:
            needed = APPROVER_ROLES[risk] if change_type == "normal" else EMERGENCY_APPROVER_ROLES
            approver = roles[list(needed)[-1]]
        by = {
            "draft": requester,
            "submitted": requester,
            "assessed": roles[Role.SYSTEM_ARCHITECT],
            "awaiting_approval": product_owner,
            "approved": approver,
            "rejected": product_owner,
            "scheduled": product_owner,
            "in_progress": requester,
            "completed": requester,
            "failed": requester,
            "rolled_back": requester,
            "reviewed": requester,
            "closed": product_owner,
            "cancelled": requester,
        }
        reasons = self.step_reasons()
        return {status: (user, reasons[status]) for status, user in by.items()}

    def step_reasons(self) -> dict:
        """Per status, the reason of its history row: the label of the workflow's transition to it (translated
        once, in the thread that generates)."""
        if self.reasons is None:
            self.reasons = {t.target: str(t.label) for t in reversed(CHANGE_WORKFLOW.transitions.values())}
            self.reasons["draft"] = REASON
        return self.reasons

    def one(self, created: float, in_backlog: bool) -> None:
        rng, chain, now = self.rng, self.chain, self.now
        change_id = self.change.rows.new_id()
        change_type = weighted(rng, [("standard", 30), ("normal", 62), ("emergency", 8)])
        party_slug = rng.choice(REQUESTERS)
        party = chain.parties[party_slug]
        requester = chain.operator_of[party]
        if change_type == "standard":
            components = list(chain.template_components[: rng.randint(1, len(chain.template_components))])
        else:
            components = rng.sample([c[0] for c in chain.components], rng.choice((1, 1, 1, 2, 3)))
        risk = weighted(rng, [("low", 55), ("medium", 35), ("high", 10)]) if change_type == "normal" else ""
        lead = rng.uniform(2, 21) * 86400 if change_type != "emergency" else rng.uniform(600, 7200)
        proposed_start = created + lead
        proposed_end = proposed_start + rng.choice((1, 2, 4, 8)) * 3600
        submitted = created + rng.uniform(60, 86400) if change_type != "emergency" else created + 60
        steps = [(created, "draft")]
        approvals, assessed_at, approved_at = [], None, None
        planned = actual = None
        if in_backlog:
            state = rng.choice(["submitted", "assessed", "awaiting_approval", "approved"])
            if change_type == "standard":
                state = rng.choice(["submitted", "approved"])
            if change_type == "emergency" and state == "assessed":
                state = "awaiting_approval"
            steps.append((submitted, "submitted"))
            if state in ("assessed", "awaiting_approval") and change_type == "normal":
                assessed_at = submitted + 3600
                steps.append((assessed_at, "assessed"))
            if state == "awaiting_approval":
                steps.append((submitted + 7200, "awaiting_approval"))
            if state == "approved":
                if change_type == "normal":
                    assessed_at = submitted + 3600
                    steps += [(assessed_at, "assessed"), (submitted + 7200, "awaiting_approval")]
                elif change_type == "emergency":
                    steps.append((submitted + 7200, "awaiting_approval"))
                approved_at = submitted + 10800
                steps.append((approved_at, "approved"))
        else:
            roll = rng.random()
            outcome = (
                "draft" if roll < 0.01 else "rejected" if roll < 0.05 else "cancelled" if roll < 0.08 else "implemented"
            )
            if outcome != "draft":
                steps.append((submitted, "submitted"))
                if change_type == "normal":
                    assessed_at = submitted + rng.uniform(600, 86400)
                    steps.append((assessed_at, "assessed"))
                if change_type != "standard":
                    steps.append(((assessed_at or submitted) + 600, "awaiting_approval"))
            if outcome == "rejected":
                steps.append(((assessed_at or submitted) + 3600, "rejected"))
            elif outcome == "cancelled":
                steps.append((steps[-1][0] + rng.uniform(600, 7200), "cancelled"))
            elif outcome == "implemented":
                approved_at = (assessed_at or submitted) + rng.uniform(1800, 2 * 86400)
                steps.append((approved_at, "approved"))
                planned = (max(proposed_start, approved_at + 3600), 0)
                planned = (planned[0], planned[0] + (proposed_end - proposed_start))
                steps.append((approved_at + 600, "scheduled"))
                failed = rng.random() < 0.04
                steps.append((planned[0], "in_progress"))
                actual = (planned[0], planned[1] + (rng.uniform(0, 3600) if failed else 0))
                if failed:
                    steps.append((actual[1], "failed"))
                    if rng.random() < 0.6:
                        steps.append((actual[1] + 1800, "rolled_back"))
                    steps.append((actual[1] + 86400, "reviewed"))
                else:
                    steps.append((actual[1], "completed"))
                    if change_type == "emergency":
                        steps.append((actual[1] + 86400, "reviewed"))
                steps.append((actual[1] + 2 * 86400, "closed"))
        steps = [step for step in steps if step[0] <= now]
        _check_path([step_status for _at, step_status in steps])
        status = steps[-1][1]
        if actual and actual[0] > now:
            actual = None
        elif actual and actual[1] > now:
            actual = (actual[0], None)
        if approved_at and approved_at > now:
            approved_at = None
        if assessed_at and assessed_at > now:
            assessed_at = None
        submitted_at = submitted if len(steps) > 1 else None
        rank = None
        if status in ("submitted", "assessed", "awaiting_approval", "approved"):
            self.rank += 1
            rank = self.rank
        if status in ("approved",) and not in_backlog:
            planned = None
        year = time.gmtime(created + 3600).tm_year
        self.references[year] = self.references.get(year, 0) + 1
        values = {
            "id": str(change_id),
            "reference": f"CHG-{year}-{self.references[year]:06d}",
            "title": rng.choice(CHANGE_TITLES),
            "motivation": "Nodig voor een stabiele dienst.",
            "change_type": change_type,
            "template_id": str(chain.template_id) if change_type == "standard" else N,
            "requesting_party_id": str(party),
            "requested_by_id": str(requester),
            "implementation_plan": "Volgens draaiboek.",
            "rollback_plan": "Vorige versie terugzetten.",
            "test_evidence": "Getest op acceptatie.",
            "proposed_start": ts(proposed_start),
            "proposed_end": ts(proposed_end),
            "planned_start": ts(planned[0] if planned and status not in ("approved",) else None),
            "planned_end": ts(planned[1] if planned and status not in ("approved",) else None),
            "actual_start": ts(actual[0] if actual else None),
            "actual_end": ts(actual[1] if actual else None),
            "status": status,
            "risk": risk if assessed_at else "",
            "rank": nullable(rank),
            "version": str(len(steps) - 1),
            "submitted_at": ts(submitted_at),
            "approved_at": ts(approved_at),
            "created_at": ts(created),
        }
        line = [values[column] for column in self.change.columns]
        self.change.rows.add(line)
        through_rows = [(str(self.components.new_id()), str(component)) for component in components]
        for through_id, component in through_rows:
            self.components.add([through_id, str(change_id), component])
        at_status, at_version = self.change.columns.index("status"), self.change.columns.index("version")
        actors = self.actors(requester, change_type, risk)
        for number, (at, step_status) in enumerate(steps):
            row = list(line)
            row[at_status], row[at_version] = step_status, str(number)
            history_id = self.change.history.next_id
            actor, reason = actors[step_status]
            self.change.add_history(row, at, "+" if number == 0 else "~", actor, reason)
            for through_id, component in through_rows:
                self.history_components.add(
                    [str(self.history_components.new_id()), str(history_id), str(change_id), component, through_id]
                )
        if assessed_at and change_type == "normal":
            self.assessment.add(
                {
                    "id": str(self.assessment.rows.new_id()),
                    "change_id": str(change_id),
                    "assessed_by_id": str(chain.user_in_role[Role.SYSTEM_ARCHITECT]),
                    "citizen_impact": {"low": "none", "medium": "limited", "high": "major"}[risk],
                    "component_count": str(len(components)),
                    "rollback_tested": "t",
                    "done_before": "t" if risk == "low" else "f",
                    "downtime_expected": "t" if risk == "high" else "f",
                    "security_sensitive": "f",
                    "score": str({"low": 2, "medium": 5, "high": 9}[risk]),
                    "risk": risk,
                    "comment": "",
                    "assessed_at": ts(assessed_at),
                },
                assessed_at,
                user=chain.user_in_role[Role.SYSTEM_ARCHITECT],
                reason=f"Risicobeoordeling: {RiskLevel(risk).label}",
            )
        if status == "rejected":  # by the product owner, the first approver of every change
            approvals.append((Role.PRODUCT_OWNER, "rejected", steps[-1][0]))
        elif approved_at and change_type != "standard":
            for role in APPROVER_ROLES[risk] if change_type == "normal" else EMERGENCY_APPROVER_ROLES:
                approvals.append((role, "approved", approved_at))
        for role, decision, at in approvals:
            self.approval.add(
                {
                    "id": str(self.approval.rows.new_id()),
                    "change_id": str(change_id),
                    "approver_id": str(chain.user_in_role[role]),
                    "role": role.value,
                    "decision": decision,
                    "comment": "",
                    "decided_at": ts(at),
                },
                at,
                user=chain.user_in_role[role],
                reason=f"{Decision(decision).label} ({role.label})",
            )
