"""Major incidents: declaring, the update cadence, linking reports, the cascade of the resolution, the review."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import TransitionNotAllowed
from incidents import services as incident_services
from incidents.models import BreachState, HoldPeriod, SlaEvent, Status
from majorincidents import selectors, services
from majorincidents.models import Audience, MajorIncidentUpdate, MajorStatus

UPDATE = MajorIncidentUpdate.Kind


def link_all(major, reports, demo_user, by="cibg"):
    for report in reports:
        services.major_link_report(actor=demo_user(by), major=major, report=report, reason="Zelfde storing")


def test_the_regie_declares_with_a_coordinator_and_the_slas_update_cadence(outage_reports, declare, at):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0])
    assert major.status == MajorStatus.DECLARED
    assert major.coordinator.username == "cibg"
    # The demo SLA to the business owner asks an update every 30 minutes for a P1.
    assert major.update_interval_minutes == 30
    assert major.next_update_due_at == major.declared_at + timedelta(minutes=30)
    record = major.history.get()
    assert record.history_user.username == "cibg"
    assert "Landelijke storing" in record.history_change_reason


@pytest.mark.parametrize("username", ["kpn", "ggd", "vws", "architect"])
def test_only_the_regie_operators_and_the_product_owner_declare(outage_reports, declare, username):
    with pytest.raises(PermissionDenied):
        declare(outage_reports[0], by=username)


def test_the_coordinator_must_be_a_cibg_person(outage_reports, declare):
    with pytest.raises(ValidationError) as refused:
        declare(outage_reports[0], coordinator="kpn")
    assert "coordinator" in refused.value.message_dict


def test_a_scheduled_update_sets_the_next_due_time_an_ad_hoc_one_does_not(outage_reports, declare, demo_user, at):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0])
    with at(2026, 3, 4, 10, 45):
        assert selectors.cadence(major, major.declared_at + timedelta(minutes=45)).late
        services.major_post_update(
            actor=demo_user("cibg"),
            major=major,
            kind=UPDATE.AD_HOC,
            audiences=[Audience.OPERATORS],
            internal_text="KPN kijkt",
        )
        major.refresh_from_db()
        assert major.next_update_due_at == major.declared_at + timedelta(minutes=30)
        services.major_post_update(
            actor=demo_user("cibg"),
            major=major,
            kind=UPDATE.SCHEDULED,
            audiences=[Audience.REPORTERS, Audience.BUSINESS_OWNER],
            public_text="We werken aan een oplossing.",
            internal_text="Database van KPN vol",
        )
        major.refresh_from_db()
        update_time = major.updates.last().posted_at
    assert major.next_update_due_at == update_time + timedelta(minutes=30)
    assert not selectors.cadence(major, update_time).late


def test_an_update_to_reporters_or_the_public_needs_its_public_text(outage_reports, declare, demo_user):
    major = declare(outage_reports[0])
    with pytest.raises(ValidationError) as refused:
        services.major_post_update(
            actor=demo_user("cibg"),
            major=major,
            kind=UPDATE.SCHEDULED,
            audiences=[Audience.PUBLIC],
            internal_text="intern",
        )
    assert "public_text" in refused.value.message_dict
    assert not major.updates.exists()


def test_a_linked_report_does_not_breach_on_its_own(outage_reports, declare, demo_user, at):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0])
        link_all(major, outage_reports[1:2], demo_user)
    child = outage_reports[1]
    with at(2026, 3, 20, 10, 0):  # far past every target of the report's own clocks
        incident_services.check_sla_clocks()
    child.refresh_from_db()
    assert child.known_outage_id == major.incident_id
    assert child.breach_state != BreachState.BREACHED
    assert not SlaEvent.objects.filter(clock__incident=child, kind=SlaEvent.Kind.BREACH).exists()
    hold = child.hold_periods.get()
    assert hold.waiting_for == HoldPeriod.WaitingFor.KNOWN_OUTAGE
    assert hold.ended_at is None


def test_resolving_the_outage_resolves_every_linked_report_with_its_resolution(outage_reports, declare, demo_user):
    parent = outage_reports[0]
    major = declare(parent)
    link_all(major, outage_reports[1:], demo_user)
    incident_services.incident_assign(
        actor=demo_user("cibg"), incident=parent, party=parent.component.hosting_party, reason="KPN"
    )
    incident_services.incident_acknowledge(actor=demo_user("kpn"), incident=parent)
    incident_services.incident_resolve(
        actor=demo_user("kpn"), incident=parent, resolution_code="fixed", resolution="Database opgeschoond"
    )
    for report in outage_reports:
        report.refresh_from_db()
        assert report.status == Status.RESOLVED
        assert report.resolution == "Database opgeschoond"
    assert all(clock.stopped_at for report in outage_reports[1:] for clock in report.clocks.all())


def test_reopening_a_linked_report_takes_it_off_the_outage(outage_reports, declare, demo_user, ggd_reporters):
    parent, child = outage_reports[0], outage_reports[1]
    major = declare(parent)
    link_all(major, [child], demo_user)
    incident_services.incident_assign(
        actor=demo_user("cibg"), incident=parent, party=parent.component.hosting_party, reason="KPN"
    )
    incident_services.incident_acknowledge(actor=demo_user("kpn"), incident=parent)
    incident_services.incident_resolve(
        actor=demo_user("kpn"), incident=parent, resolution_code="fixed", resolution="Opgelost"
    )
    child.refresh_from_db()
    incident_services.incident_reopen(actor=ggd_reporters[1], incident=child, reason="Bij mij nog steeds kapot")
    child.refresh_from_db()
    assert child.status == Status.REOPENED
    assert child.known_outage_id is None
    assert not selectors.linked_reports(major).exists()
    assert any("losgekoppeld" in record.history_change_reason for record in child.history.all())


def test_a_report_cannot_follow_itself_nor_an_outage_that_follows_another(outage_reports, declare, demo_user):
    major = declare(outage_reports[0])
    with pytest.raises(ValidationError):
        services.major_link_report(actor=demo_user("cibg"), major=major, report=outage_reports[0], reason="x")
    link_all(major, outage_reports[1:2], demo_user)
    with pytest.raises(ValidationError):
        incident_services.incident_link_outage(
            actor=demo_user("cibg"), incident=outage_reports[2], outage=outage_reports[1], reason="x"
        )


def test_a_reporter_filing_can_join_an_open_known_outage_of_the_same_component(outage_reports, declare, ggd_reporters):
    from incidents import outages
    from parties.models import Component

    major = declare(outage_reports[0])
    backend = Component.objects.get(slug="backend")
    assert [outage.title for outage in outages.open_outages(backend)] == [major.public_title]
    joined = incident_services.incident_file(
        actor=ggd_reporters[2],
        title="Ook bij ons",
        component=backend,
        impact="low",
        urgency="low",
        known_outage=major.incident,
    )
    assert joined.known_outage_id == major.incident_id
    with pytest.raises(ValidationError):
        incident_services.incident_file(
            actor=ggd_reporters[2],
            title="Iets anders",
            component=Component.objects.get(slug="hsm"),
            impact="low",
            urgency="low",
            known_outage=major.incident,
        )


def test_closing_requires_the_review_and_the_actions_are_tracked_to_done(outage_reports, declare, demo_user):
    major = declare(outage_reports[0])
    with pytest.raises(TransitionNotAllowed):
        services.major_close(actor=demo_user("cibg"), major=major, reason="Klaar")
    with pytest.raises(PermissionDenied):
        services.major_stand_down(actor=demo_user("kpn"), major=major, reason="Klaar")
    services.major_stand_down(actor=demo_user("po"), major=major, reason="Storing voorbij")
    with pytest.raises(ValidationError):
        services.major_close(actor=demo_user("cibg"), major=major, reason="Klaar")
    review = services.major_file_review(
        actor=demo_user("cibg"),
        major=major,
        went_well="Snel opgeschaald",
        went_wrong="Monitoring zag het niet",
        actions=[{"description": "Alarm op databasegroei", "owner": demo_user("kpn"), "due_on": date(2026, 4, 1)}],
    )
    assert any("Uitgeroepen" in entry["what"] for entry in review.timeline)
    services.major_close(actor=demo_user("cibg"), major=major, reason="Evaluatie gedaan")
    major.refresh_from_db()
    assert major.status == MajorStatus.CLOSED
    action = review.actions.get()
    with pytest.raises(PermissionDenied):
        services.review_action_complete(actor=demo_user("dictu"), major=major, action=action)
    services.review_action_complete(actor=demo_user("kpn"), major=major, action=action, note="Alarm staat")
    action.refresh_from_db()
    assert action.is_done
    assert action.history.first().history_user.username == "kpn"


def test_the_public_selector_carries_public_words_only(outage_reports, declare, demo_user):
    major = declare(outage_reports[0])
    link_all(major, outage_reports[1:], demo_user)
    services.major_post_update(
        actor=demo_user("cibg"),
        major=major,
        kind=UPDATE.SCHEDULED,
        audiences=[Audience.PUBLIC, Audience.OPERATORS],
        public_text="Inloggen lukt niet; we werken eraan.",
        internal_text="KPN-database vol, Karim kijkt",
    )
    services.major_post_update(
        actor=demo_user("cibg"),
        major=major,
        kind=UPDATE.AD_HOC,
        audiences=[Audience.OPERATORS],
        internal_text="Alleen intern",
    )
    [shown] = selectors.public_major_incidents(major.declared_at + timedelta(minutes=5))
    assert shown["title"] == major.public_title
    assert shown["components"] == ["De achterkant van de app (servers)"]
    assert [update["text"] for update in shown["updates"]] == ["Inloggen lukt niet; we werken eraan."]
    assert "KPN" not in str(shown)
    assert "INC-" not in str(shown)
