from datetime import timedelta

import pytest
from django.urls import reverse

from changes import services
from changes.models import ChangeRequest, ChangeStatus
from changes.selectors import BOARD_PAGE_SIZE

from .conftest import WINDOW_START

pytestmark = pytest.mark.django_db


def detail(change):
    return reverse("changes:changerequest_detail", args=[change.pk])


def action(change, name):
    return reverse("changes:changerequest_action", args=[change.pk, name])


def test_the_list_page_needs_constant_queries(client, chain, make_change, django_assert_max_num_queries):
    client.force_login(chain.po)
    for index in range(3):
        make_change(title=f"Wijziging {index}")
    client.get(reverse("home"))  # the navigation's badge is counted once after the writes, then read from the cache
    with django_assert_max_num_queries(10):
        assert client.get(reverse("changes:changerequest_list")).status_code == 200
    for index in range(12):
        make_change(chain.cibg_operator, [chain.app, chain.infrastructure], title=f"Meer {index}")
    client.get(reverse("home"))  # the navigation's badge is counted once after the writes, then read from the cache
    with django_assert_max_num_queries(10):
        response = client.get(reverse("changes:changerequest_list"), {"component": "ios-app"})
    assert response.status_code == 200
    assert len(response.context["changes"]) == 12


def test_the_board_and_calendar_need_constant_queries(client, chain, make_change, django_assert_max_num_queries):
    client.force_login(chain.po)
    for index in range(10):
        make_change(title=f"Wijziging {index}", start=WINDOW_START + timedelta(hours=index))
    client.get(reverse("home"))  # the navigation's badge is counted once after the writes, then read from the cache
    with django_assert_max_num_queries(10):
        response = client.get(reverse("changes:board"))
    assert len(response.context["page"].object_list) == 10
    with django_assert_max_num_queries(10):
        client.get(reverse("changes:calendar_month"), {"month": "2030-03"})


def test_a_change_outside_the_users_view_answers_404(client, chain, make_change):
    change = make_change(chain.kpn_operator)
    client.force_login(chain.website_operator)
    assert client.get(detail(change)).status_code == 404
    assert client.post(action(change, "cancel"), {"reason": "x"}).status_code == 404
    client.force_login(chain.ggd)
    assert client.get(reverse("changes:changerequest_list")).status_code == 404
    assert client.get(detail(change)).status_code == 404
    assert client.get(reverse("changes:planned_maintenance")).status_code == 200


def test_an_operator_submits_a_change_through_the_form(client, chain):
    client.force_login(chain.kpn_operator)
    response = client.post(
        reverse("changes:changerequest_create"),
        {
            "title": "Firewallregels aanpassen",
            "requesting_party": chain.kpn.pk,
            "change_type": "normal",
            "components": [chain.infrastructure.pk],
            "motivation": "Nieuwe koppeling",
            "implementation_plan": "Regels toevoegen",
            "rollback_plan": "Regels verwijderen",
            "test_evidence": "Getest op acceptatie",
            "proposed_start": "2030-03-04T20:00",
            "proposed_end": "2030-03-04T22:00",
        },
    )
    change = ChangeRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(change)
    assert change.status == ChangeStatus.SUBMITTED
    assert change.proposed_start.isoformat() == "2030-03-04T19:00:00+00:00"  # entered in Amsterdam time


def test_bad_input_on_the_form_shows_field_messages_and_records_nothing(client, chain):
    client.force_login(chain.kpn_operator)
    response = client.post(
        reverse("changes:changerequest_create"),
        {
            "title": "",
            "requesting_party": chain.kpn.pk,
            "change_type": "normal",
            "components": [],
            "proposed_start": "2030-03-04T20:00",
            "proposed_end": "2030-03-04T19:00",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "components", "implementation_plan", "proposed_end"} <= set(errors)
    assert not ChangeRequest.objects.exists()


def test_the_form_offers_only_components_the_users_party_runs_and_refuses_others(client, chain, standard_template):
    client.force_login(chain.dictu_operator)
    form = client.get(reverse("changes:changerequest_create")).context["form"]
    assert list(form.fields["components"].queryset) == [chain.app]
    assert list(form.fields["template"].queryset) == []  # it covers only the infrastructure

    response = client.post(
        reverse("changes:changerequest_create"),
        {
            "title": "Sjabloon op andermans servers",
            "requesting_party": chain.dictu.pk,
            "change_type": "standard",
            "template": standard_template.pk,
            "components": [chain.infrastructure.pk],
            "motivation": "Patches",
            "proposed_start": "2030-03-04T20:00",
            "proposed_end": "2030-03-04T22:00",
        },
    )
    assert response.status_code == 200
    assert {"components", "template"} <= set(response.context["form"].errors)
    assert not ChangeRequest.objects.exists()


def test_a_viewer_cannot_open_the_request_form(client, chain):
    client.force_login(chain.viewer)
    assert client.get(reverse("changes:changerequest_create")).status_code == 403


def test_the_page_offers_only_the_moves_the_workflow_and_role_allow(client, chain, make_change):
    change = make_change()
    client.force_login(chain.kpn_operator)
    names = {action.name for action in client.get(detail(change)).context["simple_actions"]}
    assert names == {"cancel"}
    client.force_login(chain.architect)
    response = client.get(detail(change))
    assert "assess" in response.context["available_actions"]
    client.force_login(chain.viewer)
    assert client.get(detail(change)).context["available_actions"] == set()


def test_a_stale_form_is_refused_with_a_message_and_nothing_changes(client, chain, make_change):
    change = make_change()
    client.force_login(chain.po)
    services.change_assess(
        actor=chain.architect,
        change=change,
        version=change.version,
        citizen_impact="none",
        rollback_tested=True,
        done_before=True,
        downtime_expected=False,
        security_sensitive=False,
    )
    response = client.post(action(change, "cancel"), {"version": change.version, "reason": "Dubbel"}, follow=True)
    assert "Iemand anders heeft dit record intussen gewijzigd" in response.content.decode()
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.ASSESSED


def test_an_illegal_move_is_refused_with_a_message(client, chain, make_change):
    change = make_change()
    client.force_login(chain.kpn_operator)
    response = client.post(action(change, "start"), {"version": change.version}, follow=True)
    assert "kan niet wanneer de status" in response.content.decode()
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.SUBMITTED


def test_the_assessment_form_shows_field_errors(client, chain, make_change):
    change = make_change()
    client.force_login(chain.architect)
    response = client.post(action(change, "assess"), {"version": change.version})
    assert response.status_code == 200
    assert "citizen_impact" in response.context["action_forms"]["assess"].errors


def test_a_freeze_period_refusal_lands_on_the_schedule_field(client, chain, make_change, to_approval):
    change = to_approval(make_change(), "low")
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    services.blackout_save(
        actor=chain.po, reason="x", title="Bevriezing", starts_at=WINDOW_START, ends_at=WINDOW_START + timedelta(days=1)
    )
    client.force_login(chain.po)
    response = client.post(
        action(change, "schedule"),
        {"version": change.version, "planned_start": "2030-03-04T10:00", "planned_end": "2030-03-04T11:00"},
    )
    assert "Bevriezing" in str(response.context["action_forms"]["schedule"].errors["planned_start"])
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.APPROVED


def test_the_move_up_button_reorders_the_board(client, chain, make_change):
    _first, second = make_change(title="Eerste"), make_change(title="Tweede")
    client.force_login(chain.po)
    response = client.post(reverse("changes:changerequest_move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert [change.title for change in client.get(reverse("changes:board")).context["page"].object_list] == [
        "Tweede",
        "Eerste",
    ]


def test_drag_and_drop_gets_a_json_answer_and_others_may_not_move(client, chain, make_change):
    first, second = make_change(title="Eerste"), make_change(title="Tweede")
    client.force_login(chain.po)
    url = reverse("changes:changerequest_move", args=[second.pk])
    response = client.post(url, {"position": 1}, headers={"accept": "application/json"})
    assert response.json() == {"order": [second.reference, first.reference]}
    client.force_login(chain.architect)
    assert client.post(url, {"position": 2}, headers={"accept": "application/json"}).status_code == 409


def test_planned_maintenance_page_shows_no_internals(client, chain, make_change, to_approval):
    change = to_approval(make_change(chain.dictu_operator, [chain.app], title="Geheime titel"), "low")
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    services.change_schedule(actor=chain.po, change=change, version=change.version)
    client.force_login(chain.ggd)
    page = client.get(reverse("changes:planned_maintenance")).content.decode()
    assert "App op iPhone" in page
    assert "Geheime titel" not in page
    assert change.reference not in page
    assert "DICTU" not in page


def test_the_product_owner_adds_a_freeze_period_on_the_page(client, chain):
    client.force_login(chain.po)
    response = client.post(
        reverse("changes:blackoutwindow_list"),
        {"title": "Jaarwisseling", "starts_at": "2030-12-24T00:00", "ends_at": "2030-12-23T00:00", "reason": "x"},
    )
    assert "ends_at" in response.context["form"].errors
    client.post(
        reverse("changes:blackoutwindow_list"),
        {"title": "Jaarwisseling", "starts_at": "2030-12-24T00:00", "ends_at": "2031-01-02T00:00", "reason": "Kerst"},
    )
    assert (
        client.get(reverse("changes:calendar_list"), {"start": "2030-12-20", "end": "2030-12-31"})
        .context["blackouts"]
        .count()
        == 1
    )


def test_the_board_shows_the_backlog_a_page_at_a_time_and_a_move_opens_the_changes_page(client, chain, make_change):
    backlog = [make_change(title=f"Wijziging {position}") for position in range(1, BOARD_PAGE_SIZE + 3)]
    client.force_login(chain.po)
    board = reverse("changes:board")

    first = client.get(board)
    assert [change.title for change in first.context["page"].object_list] == [
        c.title for c in backlog[:BOARD_PAGE_SIZE]
    ]
    assert "Pagina 1 van 2" in first.content.decode()
    second = client.get(board, {"page": 2})
    assert [change.title for change in second.context["page"].object_list] == [
        c.title for c in backlog[BOARD_PAGE_SIZE:]
    ]
    # The cards count on from the first page; the first card of page two may move up, onto page one.
    assert f'<ol class="board" id="board" start="{BOARD_PAGE_SIZE + 1}"' in second.content.decode()
    assert f'aria-label="{backlog[BOARD_PAGE_SIZE].reference} omhoog">' in second.content.decode()
    assert f'aria-label="{backlog[0].reference} omhoog" disabled>' in first.content.decode()

    moved = backlog[BOARD_PAGE_SIZE]
    response = client.post(reverse("changes:changerequest_move", args=[moved.pk]), {"direction": "up"})
    assert response.headers["Location"] == f"{board}?page=1#change-{moved.pk}"
    assert client.get(board).context["page"].object_list[BOARD_PAGE_SIZE - 1].pk == moved.pk
    # A refused move leaves the change where it is and opens its page.
    client.force_login(chain.architect)
    last = backlog[-1]
    response = client.post(reverse("changes:changerequest_move", args=[last.pk]), {"direction": "up"})
    assert response.headers["Location"] == f"{board}?page=2#change-{last.pk}"


@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("0", 2), ("99", 2), ("", 1)])
def test_a_board_page_that_is_not_one_opens_the_first_or_the_last(client, chain, make_change, page, shown):
    for position in range(BOARD_PAGE_SIZE + 1):
        make_change(title=f"Wijziging {position}")
    client.force_login(chain.po)
    response = client.get(reverse("changes:board"), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == shown
