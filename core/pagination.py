"""Cursor pages for the API's long lists (incidents, changes): `next` and `previous` links, no count.

A page number needs the total, and the total is a count over every row the client may see, growing with the
table; a cursor reads one page past its position on an indexed ordering and nothing else. A row written
while a client walks the pages does not shift the rows after its cursor, so every row is read once.

A view lists the orderings it pages on in `cursor_orderings`, the first being its default; the `ordering`
parameter (or the view's `requested_ordering()`) picks one of them, any other value is refused with 400
(an ordering on a column that is not nearly unique, or that holds nulls, cannot carry a cursor)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    page_size = 50
    ordering_param = "ordering"

    def get_ordering(self, request, queryset, view):
        orderings = view.cursor_orderings
        if hasattr(view, "requested_ordering"):  # the view may ignore what the user may not sort on
            requested = view.requested_ordering()
        else:
            requested = request.query_params.get(self.ordering_param)
        if not requested:
            return (orderings[0],)
        if requested not in orderings:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Deze lijst kan alleen gesorteerd worden op: %(orderings)s.")
                        % {"orderings": ", ".join(orderings)}
                    ]
                }
            )
        return (requested,)
