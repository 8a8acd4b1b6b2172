"""The transition-readiness checklist: writes with history and reason, who reads, who updates.

An operator in the chain reads the checklist, so a refused update is 403 (the item's existence is no
secret to it); the reporter's side does not read it at all and gets 404 for every page and POST.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.errors import ConcurrentUpdate
from governance.models import ReadinessGroup, ReadinessItem, ReadinessStatus
from governance.readiness import DEMO_ITEMS, load_demo_readiness, readiness_item_add, readiness_item_update
from parties.models import Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitoring(demo_user):
    return readiness_item_add(
        actor=demo_user("po"),
        reason="Checklist opgesteld",
        key="monitoring",
        group=ReadinessGroup.PRODUCT,
        position=3,
        name="Monitoring",
        description="De hele keten wordt bewaakt.",
        owner=Party.objects.get(slug="kdnv"),
    )


def item_url(item):
    return reverse("readiness:readinessitem_detail", kwargs={"key": item.key})


def update_form(item, **fields):
    return {"status": "done", "evidence_url": "", "note": "", "reason": "Review", "version": item.version} | fields


def test_an_update_is_recorded_with_actor_and_reason(demo_user, monitoring):
    readiness_item_update(
        actor=demo_user("po"),
        item=monitoring,
        status=ReadinessStatus.IN_PROGRESS,
        evidence_url="https://regie.example/monitoring.pdf",
        note="SOC website volgt",
        reason="Stand na overleg met KDNV",
    )
    monitoring.refresh_from_db()
    assert (monitoring.status, monitoring.evidence_url, monitoring.note) == (
        "in_progress",
        "https://regie.example/monitoring.pdf",
        "SOC website volgt",
    )
    latest, created = monitoring.history.order_by("-history_id")[:2]
    assert (latest.history_user.username, latest.history_change_reason) == ("po", "Stand na overleg met KDNV")
    assert (created.status, created.history_type) == ("not_started", "+")
    assert created.history_change_reason == "Checklist opgesteld"


def test_an_update_without_reason_or_from_an_operator_changes_nothing(demo_user, monitoring):
    with pytest.raises(ValidationError):
        readiness_item_update(actor=demo_user("po"), item=monitoring, status="done", reason="  ")
    with pytest.raises(PermissionDenied):
        readiness_item_update(actor=demo_user("kdnv"), item=monitoring, status="done", reason="Klaar")
    with pytest.raises(PermissionDenied):
        readiness_item_update(actor=demo_user("vws"), item=monitoring, status="done", reason="Klaar")
    monitoring.refresh_from_db()
    assert (monitoring.status, monitoring.history.count()) == ("not_started", 1)


def test_the_product_owner_and_the_administrator_update_through_the_page(client, demo_user, monitoring):
    client.force_login(demo_user("po"))
    response = client.post(item_url(monitoring), update_form(monitoring, status="in_progress", reason="Gestart"))
    assert response.status_code == 302
    client.force_login(demo_user("beheerder"))
    monitoring.refresh_from_db()
    response = client.post(
        item_url(monitoring), update_form(monitoring, evidence_url="https://regie.example/soc.pdf", reason="Afgerond")
    )
    assert response.status_code == 302
    monitoring.refresh_from_db()
    assert (monitoring.status, monitoring.evidence_url) == ("done", "https://regie.example/soc.pdf")
    page = client.get(item_url(monitoring)).content.decode()
    for reason in ("Checklist opgesteld", "Gestart", "Afgerond"):
        assert reason in page


def test_bad_input_and_a_stale_form_change_nothing(client, demo_user, monitoring):
    client.force_login(demo_user("po"))
    response = client.post(item_url(monitoring), update_form(monitoring, evidence_url="geen link"))
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    response = client.post(item_url(monitoring), update_form(monitoring, reason=""))
    assert response.status_code == 200
    response = client.post(item_url(monitoring), update_form(monitoring, version=monitoring.version - 1), follow=True)
    assert "intussen gewijzigd" in response.content.decode()
    monitoring.refresh_from_db()
    assert (monitoring.status, monitoring.history.count()) == ("not_started", 1)
    with pytest.raises(ConcurrentUpdate):
        readiness_item_update(actor=demo_user("po"), item=monitoring, status="done", reason="x", version=0)


@pytest.mark.parametrize(("username", "status"), [("kdnv", 302), ("cibg", 302), ("vws", 302), ("ggd", 404)])
def test_who_else_may_not_update(client, demo_user, monitoring, username, status):
    """Who reads the point is told why on the page (a redirect back with the reason); the reporter gets 404."""
    client.force_login(demo_user(username))
    response = client.post(item_url(monitoring), update_form(monitoring))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == item_url(monitoring)
        messages = [str(message) for message in client.get(item_url(monitoring)).context["messages"]]
        assert messages == ["Alleen de Product Owner van de regiepartij en beheerders wijzigen de checklist."]
    monitoring.refresh_from_db()
    assert monitoring.status == "not_started"


@pytest.mark.parametrize(("username", "status"), [("kdnv", 200), ("vws", 200), ("po", 200), ("ggd", 404)])
def test_the_chain_reads_the_checklist_and_the_reporter_gets_404(client, demo_user, monitoring, username, status):
    client.force_login(demo_user(username))
    assert client.get(reverse("readiness:readinessitem_list")).status_code == status
    response = client.get(item_url(monitoring))
    assert response.status_code == status
    if username in ("kdnv", "vws"):
        assert 'name="reason"' not in response.content.decode()


def test_the_demo_checklist_is_the_seed_documents_and_loads_once(client, demo_user):
    assert load_demo_readiness(actor=demo_user("beheerder")) == 10
    history_rows = ReadinessItem.history.count()
    assert load_demo_readiness(actor=demo_user("beheerder")) == 0
    assert ReadinessItem.history.count() == history_rows
    names = {
        group: list(ReadinessItem.objects.filter(group=group).values_list("name", flat=True))
        for group in ReadinessGroup.values
    }
    assert names == {
        "product": ["Werking", "Beschrijving", "Monitoring"],
        "organisation": [
            "Governance",
            "Rolverdeling",
            "Service management (SLA)",
            "Changemanagement",
            "Incidentmanagement",
        ],
        "knowledge": ["Bemensing", "Internationaal"],
    }
    assert len(DEMO_ITEMS) == 10
    assert ReadinessItem.objects.get(key="werking").history.first().history_change_reason == "Stand bij de overdracht"
    client.force_login(demo_user("vws"))
    page = client.get(reverse("readiness:readinessitem_list")).content.decode()
    assert "5 van 10 punten gereed" in page  # 5 done, 4 in progress, 1 not started


def test_the_list_colours_each_status_and_explains_the_colours(client, demo_user, monitoring):
    client.force_login(demo_user("vws"))
    page = client.get(reverse("readiness:readinessitem_list")).content.decode()

    legend = page[page.index('id="readiness-legend"') : page.index("</p>", page.index('id="readiness-legend"'))]
    for value, label in ReadinessStatus.choices:
        assert f'readiness-status--{value}">{label}<' in legend
    assert page.count("readiness-status--") == len(ReadinessStatus.choices) + ReadinessItem.objects.count()
