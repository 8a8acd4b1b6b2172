from django.contrib import admin

from core.admin import TrackedAdmin
from governance.models import ReadinessItem


@admin.register(ReadinessItem)
class ReadinessItemAdmin(TrackedAdmin):
    list_display = ["name", "group", "owner", "status", "position"]
    list_filter = ["group", "status", "owner"]
    search_fields = ["name", "description", "note"]
    exclude = ["version"]
