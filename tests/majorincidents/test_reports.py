"""The review of a major incident in the weekly report of its week and in the evidence pack."""

import csv
import io
from datetime import date

from django.urls import reverse

from core.weeks import Week
from governance.reports.services import weekly_report_compute
from incidents import services as incident_services
from majorincidents import services
from parties.models import Component
from tests.factories import IncidentFactory


def review_major(major, demo_user):
    services.major_stand_down(actor=demo_user("cibg"), major=major, reason="Voorbij")
    return services.major_file_review(
        actor=demo_user("cibg"),
        major=major,
        went_well="Snel opgeschaald",
        went_wrong="Monitoring zag het niet",
        actions=[{"description": "Alarm op databasegroei", "owner": demo_user("kpn"), "due_on": date(2026, 4, 1)}],
    )


def test_the_review_appears_in_the_weekly_report_of_its_week_only(client, outage_reports, declare, demo_user, at):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0])
        review_major(major, demo_user)
    with at(2026, 3, 16, 7, 0):
        week = Week.of(date(2026, 3, 4))
        weekly_report_compute(week=week)
        weekly_report_compute(week=week.next)
        client.force_login(demo_user("vws"))
        page = client.get(reverse("reports:weekly", args=[week.label])).content.decode()
        next_page = client.get(reverse("reports:weekly", args=[week.next.label])).content.decode()
    assert "Alarm op databasegroei" in page
    assert "Monitoring zag het niet" in page
    assert "Alarm op databasegroei" not in next_page


def test_the_weekly_csv_and_api_carry_the_reviews_of_the_week_for_whoever_sees_them(
    client, outage_reports, declare, demo_user, at
):
    with at(2026, 3, 4, 10, 0):
        major = declare(outage_reports[0])
        review_major(major, demo_user)
    week = Week.of(date(2026, 3, 4))
    with at(2026, 3, 16, 7, 0):
        weekly_report_compute(week=week)
        weekly_report_compute(week=week.next)
    reference = major.incident.reference
    client.force_login(demo_user("vws"))
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("reports:weekly", args=[week.label]), {"format": "csv"}).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    reviews = {row[3]: row[4] for row in rows if row[1] == "major_reviews"}
    assert {row[2] for row in rows if row[1] == "major_reviews"} == {reference}
    assert reviews["went_wrong"] == "Monitoring zag het niet"
    assert reviews["action:1:description"] == "Alarm op databasegroei"
    assert reviews["action:1:owner"] == "Karim Pinas"
    assert reviews["action:1:due_on"] == "2026-04-01"
    data = client.get(f"/api/reports/weekly/{week.label}/").json()
    [review] = data["major_reviews"]
    assert (review["incident"], review["public_title"]) == (reference, major.public_title)
    assert [(action["description"], action["owner"]) for action in review["actions"]] == [
        ("Alarm op databasegroei", "kpn")
    ]
    assert client.get(f"/api/reports/weekly/{week.next.label}/").json()["major_reviews"] == []
    # The major incident's incident is on the backend, routed nowhere yet: a party that does not see it reads
    # the report without the review.
    client.force_login(demo_user("dictu"))
    assert client.get(f"/api/reports/weekly/{week.label}/").json()["major_reviews"] == []
    export = client.get(reverse("reports:weekly", args=[week.label]), {"format": "csv"}).content.decode("utf-8-sig")
    assert "major_reviews" not in export


def test_the_evidence_pack_carries_the_major_incident_and_its_review(client, ggd_reporters, declare, demo_user, at):
    with at(2026, 3, 4, 10, 0):
        incident = IncidentFactory(
            actor=ggd_reporters[0], component=Component.objects.get(slug="backend"), impact="high", urgency="high"
        )
        major = declare(incident)
    with at(2026, 3, 5, 10, 0):  # a day on: the P1's resolution target (4 hours, 24×7) is breached
        incident_services.check_sla_clocks()
        review_major(major, demo_user)
        client.force_login(demo_user("cibg"))
        pack = client.get(reverse("incidents:incident_evidence", args=[incident.reference]) + "?format=json").json()
    section = pack["major_incident"]
    assert section["public_title"] == major.public_title
    assert section["coordinator"] == "Chantal Bakker"
    assert [action["description"] for action in section["review"]["actions"]] == ["Alarm op databasegroei"]
