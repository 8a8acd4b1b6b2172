"""Changes to user accounts (staff and superuser flags, groups, activation, password set) are kept with who and why,
sealed into the audit chain; a log-in writes no row, and the password hash is never copied into the history."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db

HISTORICAL_USER = User.history.model


@pytest.fixture
def administrator(demo_user, client):
    client.force_login(demo_user("beheerder"))
    return demo_user("beheerder")


@pytest.fixture
def clerk(demo_chain, django_user_model):
    return django_user_model.objects.create_user("griffier", password="een-lang-wachtwoord-2026", email="g@example.nl")


def account_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def run_verify_audit() -> int:
    try:
        call_command("verify_audit", stdout=io.StringIO(), stderr=io.StringIO())
    except (SystemExit, CommandError):
        return 1
    return 0


def test_making_someone_staff_is_recorded_with_the_administrator_and_the_reason(client, administrator, clerk):
    response = client.post(
        reverse("admin:auth_user_change", args=[clerk.pk]),
        account_form(clerk, is_staff="on", change_reason="Beheert voortaan de contracten"),
    )

    assert response.status_code == 302
    latest = clerk.history.latest()
    assert latest.is_staff is True
    assert latest.history_user == administrator
    assert latest.history_change_reason == "Beheert voortaan de contracten"


def test_an_account_change_without_a_reason_changes_nothing(client, administrator, clerk):
    rows_before = clerk.history.count()

    response = client.post(reverse("admin:auth_user_change", args=[clerk.pk]), account_form(clerk, is_superuser="on"))

    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    clerk.refresh_from_db()
    assert clerk.is_superuser is False
    assert clerk.history.count() == rows_before


def test_a_group_given_in_the_admin_is_in_one_history_row(client, administrator, clerk):
    approvers = Group.objects.create(name="Goedkeurders")
    rows_before = clerk.history.count()

    client.post(
        reverse("admin:auth_user_change", args=[clerk.pk]),
        account_form(clerk, groups=[approvers.pk], change_reason="Lid van de goedkeurders"),
    )

    assert clerk.history.count() == rows_before + 1
    latest = clerk.history.latest()
    assert [row.group_id for row in latest.groups.all()] == [approvers.pk]
    assert latest.history_change_reason == "Lid van de goedkeurders"


def test_deactivating_an_account_is_recorded(client, administrator, clerk):
    client.post(
        reverse("admin:auth_user_change", args=[clerk.pk]),
        account_form(clerk, is_active="", change_reason="Uit dienst"),
    )

    assert clerk.history.latest().is_active is False


def test_setting_a_password_is_recorded_by_name_without_the_hash(client, administrator, clerk):
    response = client.post(
        reverse("admin:auth_user_password_change", args=[clerk.pk]),
        {"password1": "nog-een-lang-wachtwoord-7", "password2": "nog-een-lang-wachtwoord-7"},
    )

    assert response.status_code == 302
    latest = clerk.history.latest()
    assert latest.history_change_reason == "Wachtwoord ingesteld"
    assert latest.history_user == administrator
    assert "password" not in {field.name for field in HISTORICAL_USER._meta.fields}


def test_logging_in_writes_no_history_row(client, clerk):
    rows_before = clerk.history.count()

    response = client.post(reverse("login"), {"username": "griffier", "password": "een-lang-wachtwoord-2026"})

    assert response.status_code == 302

    clerk.refresh_from_db()
    assert clerk.last_login is not None
    assert clerk.history.count() == rows_before


def test_account_history_is_in_the_chain_and_verifies(client, administrator, clerk):
    client.post(
        reverse("admin:auth_user_change", args=[clerk.pk]),
        account_form(clerk, is_staff="on", change_reason="Beheerder"),
    )

    assert all(row.audit_hash for row in clerk.history.all())
    assert run_verify_audit() == 0


def test_a_superuser_flag_set_in_sql_is_found(clerk):
    assert run_verify_audit() == 0
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auth_user SET is_superuser = %s WHERE id = %s", [True, clerk.pk])

    assert run_verify_audit() == 1


def test_the_account_history_page_opens(client, administrator, clerk):
    response = client.get(reverse("admin:auth_user_history", args=[clerk.pk]))

    assert response.status_code == 200
