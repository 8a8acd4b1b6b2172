from django.contrib import admin
from django.db import models

from core.admin import TrackedAdmin
from governance.models import ReadinessItem


@admin.register(ReadinessItem)
class ReadinessItemAdmin(TrackedAdmin):
    list_display = ["name", "group", "owner", "status", "position"]
    list_filter = ["group", "status", "owner"]
    search_fields = ["name", "description", "note"]
    exclude = ["version"]
    # A link typed without its scheme is read as https, as on the portal's readiness form.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
