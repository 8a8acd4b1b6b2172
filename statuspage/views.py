"""The public status page and its Atom feed: no log-in, nothing personal or internal (statuspage/selectors.py)."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .cache import cached_status_overview
from .selectors import (
    HISTORY_DAYS,
    MAINTENANCE_DAYS,
    PRODUCT_NAME,
    PublicMajorIncident,
    PublicUpdate,
    State,
    StateChange,
)

# How many state changes, major-incident updates and maintenance notices the feed carries, newest first.
FEED_LENGTH = 50


@dataclass(frozen=True)
class MajorUpdateEntry:
    """One public update of a major incident, an entry of the feed of its own."""

    major: PublicMajorIncident
    update: PublicUpdate


class StatusPageView(TemplateView):
    template_name = "statuspage/status_page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            overview=cached_status_overview(),
            states=list(State),
            history_days=HISTORY_DAYS,
            maintenance_days=MAINTENANCE_DAYS,
            product_name=PRODUCT_NAME,
            **kwargs,
        )


class StatusFeed(Feed):
    """State changes of the components, the public updates of major incidents and the maintenance planned in the
    next days, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return cached_status_overview()

    def title(self):
        return _("Status van %(product)s") % {"product": PRODUCT_NAME}

    def subtitle(self):
        return _("Storingen en gepland onderhoud van %(product)s") % {"product": PRODUCT_NAME}

    def link(self):
        return reverse("statuspage:status_page")

    def items(self, overview):
        updates = [MajorUpdateEntry(major, update) for major in overview.major_incidents for update in major.updates]
        items = [*overview.changes, *updates, *overview.maintenance]
        return sorted(items, key=_published, reverse=True)[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, StateChange):
            return f"{item.public_name}: {item.state.label}"
        if isinstance(item, MajorUpdateEntry):
            return _("Storing: %(title)s") % {"title": item.major.title}
        return _("Gepland onderhoud: %(components)s") % {"components": ", ".join(item.notice.components)}

    def item_description(self, item):
        if isinstance(item, StateChange):
            return _("Sinds %(moment)s: %(state)s.") % {"moment": _local(item.at), "state": item.state.label}
        if isinstance(item, MajorUpdateEntry):
            return item.update.text
        notice = item.notice
        window = _("Van %(start)s tot %(end)s.") % {"start": _local(notice.starts_at), "end": _local(notice.ends_at)}
        return f"{window} {item.phrase}"

    def item_link(self, item):
        if isinstance(item, StateChange):
            anchor = f"onderdeel-{item.component_id}"
        elif isinstance(item, MajorUpdateEntry):
            anchor = item.major.anchor
        else:
            anchor = "gepland-onderhoud"
        return f"{reverse('statuspage:status_page')}#{anchor}"

    def item_guid(self, item):
        if isinstance(item, StateChange):
            return f"status:{item.component_id}:{item.state.key}:{item.at.isoformat()}"
        if isinstance(item, MajorUpdateEntry):
            return f"major:{item.major.anchor}:{item.update.posted_at.isoformat()}"
        notice = item.notice
        return f"maintenance:{','.join(notice.components)}:{notice.starts_at.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _published(item)

    def item_updateddate(self, item):
        return _published(item)


def _published(item) -> object:
    """A state change is dated when it happened, an update when it was posted; planned maintenance at the start of
    its window, as a public notice carries no moment of planning."""
    if isinstance(item, StateChange):
        return item.at
    if isinstance(item, MajorUpdateEntry):
        return item.update.posted_at
    return item.notice.starts_at


def _local(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y H:i")
