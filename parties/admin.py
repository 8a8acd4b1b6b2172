from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin import ReasonForm, TrackedAdmin

from .models import (
    Agreement,
    AgreementTarget,
    ComplianceThreshold,
    Component,
    ComponentDependency,
    Party,
    RoleAssignment,
    Service,
    ServiceCalendar,
)


@admin.register(Party)
class PartyAdmin(TrackedAdmin):
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(TrackedAdmin):
    list_display = ["name", "public_name", "owner", "is_active"]
    list_filter = ["owner", "is_active"]
    search_fields = ["name", "slug", "public_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Component)
class ComponentAdmin(TrackedAdmin):
    list_display = [
        "name",
        "public_name",
        "service",
        "operating_party",
        "hosting_party",
        "monitoring_party",
        "is_active",
    ]
    list_filter = ["service", "operating_party", "hosting_party", "is_active"]
    search_fields = ["name", "public_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ComponentDependency)
class ComponentDependencyAdmin(TrackedAdmin):
    list_display = ["component", "depends_on", "description"]
    list_filter = ["component__service", "depends_on__service"]
    search_fields = ["component__name", "depends_on__name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(TrackedAdmin):
    list_display = ["user", "party", "role", "valid_from", "valid_to"]
    list_filter = ["role", "party"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(ServiceCalendar)
class ServiceCalendarAdmin(TrackedAdmin):
    list_display = ["name", "time_zone", "always_open", "public_holidays"]


class AgreementTargetInline(admin.TabularInline):
    model = AgreementTarget
    extra = 0
    fk_name = "agreement"


class ComplianceThresholdInline(admin.StackedInline):
    model = ComplianceThreshold
    extra = 0
    max_num = 1
    can_delete = False


class AgreementForm(ReasonForm):
    def clean(self):
        cleaned = super().clean()
        components = cleaned.get("components")
        if components is not None:
            for name in ("provider", "customer", "valid_from", "valid_to"):
                if name in cleaned:
                    setattr(self.instance, name, cleaned[name])
            try:
                self.instance.validate_coverage(components)
            except ValidationError as error:
                self.add_error(None, error.message_dict.get("components", error.messages))
        return cleaned


@admin.register(Agreement)
class AgreementAdmin(TrackedAdmin):
    form = AgreementForm
    list_display = ["reference", "title", "kind", "provider", "customer", "valid_from", "valid_to"]
    list_filter = ["kind", "provider", "customer"]
    search_fields = ["reference", "title"]
    filter_horizontal = ["components"]
    inlines = [AgreementTargetInline, ComplianceThresholdInline]
