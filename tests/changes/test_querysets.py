"""Who sees which changes (DESIGN §5)."""

import pytest

from changes import selectors, services
from changes.models import ChangeRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(chain, make_change):
    return {
        "kpn_infra": make_change(chain.kpn_operator, [chain.infrastructure], title="KPN infra"),
        "dictu_app": make_change(chain.dictu_operator, [chain.app], title="DICTU app"),
        "website": make_change(chain.website_operator, [chain.website], title="Website"),
        "cibg_infra": make_change(chain.cibg_operator, [chain.infrastructure], title="CIBG op KPN-infra"),
        "kpn_draft": make_change(chain.kpn_operator, [chain.infrastructure], title="KPN concept", submit=False),
    }


def visible(user):
    return set(ChangeRequest.objects.visible_to(user).values_list("title", flat=True))


def test_regie_and_business_owner_see_everything_but_others_drafts(chain, changes):
    everything_submitted = {"KPN infra", "DICTU app", "Website", "CIBG op KPN-infra"}
    for user in (chain.po, chain.architect, chain.opdrachtgever, chain.viewer):
        assert visible(user) == everything_submitted


def test_an_operator_sees_what_it_requested_or_operates_and_its_own_drafts(chain, changes):
    assert visible(chain.kpn_operator) == {"KPN infra", "CIBG op KPN-infra", "KPN concept"}
    assert visible(chain.dictu_operator) == {"DICTU app"}
    assert visible(chain.website_operator) == {"Website"}


def test_a_reporter_sees_no_changes_only_planned_maintenance(chain, changes):
    assert visible(chain.ggd) == set()
    change = changes["website"]
    services.change_reject(actor=chain.po, change=change, version=change.version, comment="Nee")
    assert selectors.planned_maintenance(chain.ggd) == []


def test_planned_maintenance_shows_when_and_what_in_plain_words_only(chain, make_change, to_approval):
    change = to_approval(make_change(chain.dictu_operator, [chain.app], title="Geheime titel"), "low")
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    services.change_schedule(actor=chain.po, change=change, version=change.version)

    [notice] = selectors.planned_maintenance(chain.ggd)

    assert notice.components == ["App op iPhone"]
    assert (notice.starts_at, notice.in_progress) == (change.proposed_start, False)
    assert not hasattr(notice, "title")
