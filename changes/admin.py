from django.contrib import admin

from core.admin import TrackedAdmin

from .models import Approval, BlackoutWindow, ChangeRequest, StandardChangeTemplate


@admin.register(StandardChangeTemplate)
class StandardChangeTemplateAdmin(TrackedAdmin):
    """Pre-approved recipes are maintained here; changes themselves move only through the portal."""

    list_display = ["title", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title"]
    filter_horizontal = ["components"]


@admin.register(BlackoutWindow)
class BlackoutWindowAdmin(TrackedAdmin):
    list_display = ["title", "starts_at", "ends_at"]


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    can_delete = False
    readonly_fields = ["approver", "role", "decision", "comment", "decided_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChangeRequest)
class ChangeRequestAdmin(TrackedAdmin):
    """Read-only: the lifecycle is enforced by the services, which the admin would bypass."""

    list_display = ["reference", "title", "change_type", "status", "risk", "requesting_party", "planned_start"]
    list_filter = ["status", "change_type", "risk", "requesting_party"]
    search_fields = ["reference", "title"]
    inlines = [ApprovalInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
