"""Major incidents in the admin: read-mostly. Declaring, updates, standing down, the review and closing go through
the services (majorincidents/services.py), which the admin would bypass; what an administrator may still correct,
with a reason in the history, is what the public reads: a major incident's public title and an update's public
text (a typo, or a name that should never have been there)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReasonForm, TrackedAdmin

from .models import PUBLIC_AUDIENCES, MajorIncident, MajorIncidentReview, MajorIncidentUpdate, ReviewAction


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class UpdateInline(ReadOnlyInline):
    model = MajorIncidentUpdate
    show_change_link = True
    fields = ["posted_at", "kind", "audiences", "public_text", "internal_text", "author"]


class ReviewActionInline(ReadOnlyInline):
    model = ReviewAction
    fields = ["description", "owner", "due_on", "done_at"]


class CorrectOnlyAdmin(TrackedAdmin):
    """No adding or deleting here; only the fields in `editable_fields` can be changed."""

    editable_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        hidden = set(self.exclude or ())
        return [
            field.name
            for field in self.model._meta.fields
            if field.name not in self.editable_fields and field.name not in hidden
        ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MajorIncident)
class MajorIncidentAdmin(CorrectOnlyAdmin):
    list_display = ["incident", "public_title", "status", "coordinator", "declared_at", "stood_down_at", "closed_at"]
    list_filter = ["status"]
    search_fields = ["incident__reference", "public_title"]
    list_select_related = ["incident", "coordinator"]
    editable_fields = ("public_title",)
    exclude = ["version"]
    inlines = [UpdateInline]

    def save_model(self, request, obj, form, change):
        obj.version += 1  # a form opened before this correction is refused, as after any other change
        super().save_model(request, obj, form, change)


class UpdateCorrectionForm(ReasonForm):
    def clean_public_text(self):
        text = (self.cleaned_data.get("public_text") or "").strip()
        if not text and PUBLIC_AUDIENCES & set(self.instance.audiences):
            raise forms.ValidationError(_("Melders en publiek lezen alleen de openbare tekst: vul die in."))
        return text


@admin.register(MajorIncidentUpdate)
class MajorIncidentUpdateAdmin(CorrectOnlyAdmin):
    form = UpdateCorrectionForm
    list_display = ["major", "kind", "posted_at", "author"]
    list_filter = ["kind"]
    search_fields = ["major__incident__reference", "public_text", "internal_text"]
    list_select_related = ["major__incident", "author"]
    editable_fields = ("public_text",)


@admin.register(MajorIncidentReview)
class MajorIncidentReviewAdmin(CorrectOnlyAdmin):
    list_display = ["major", "filed_at", "filed_by"]
    search_fields = ["major__incident__reference", "went_well", "went_wrong"]
    list_select_related = ["major__incident", "filed_by"]
    inlines = [ReviewActionInline]

    def has_change_permission(self, request, obj=None):
        return False
