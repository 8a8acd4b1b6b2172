"""Admin base (TrackedAdmin): every save and every delete from the admin asks for a reason and records it in the
history."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import User
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from core import tokens
from core.history import record_history, tracks_m2m, wrote_history
from core.models import ApiToken


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reden van deze wijziging"),
        max_length=200,
        help_text=_("Komt in de historie van dit record."),
    )


class ReasonForm(forms.ModelForm):
    change_reason = reason_field()


class DeleteReasonForm(forms.Form):
    delete_reason = forms.CharField(
        label=_("Reden van het verwijderen"),
        max_length=200,
        help_text=_("Komt in de historie van dit record."),
    )


class TrackedAdmin(SimpleHistoryAdmin):
    """ModelAdmin whose saves (and the inlines saved with them) and deletes carry the reason given in the form."""

    form = ReasonForm
    delete_confirmation_template = "admin/tracked_delete_confirmation.html"

    def delete_view(self, request, object_id, extra_context=None):
        reason_form = DeleteReasonForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if reason_form.is_valid():
                request.delete_reason = reason_form.cleaned_data["delete_reason"]
            else:
                # Without a reason nothing is deleted: the confirmation page comes back with the message.
                request.POST = QueryDict()
        return super().delete_view(request, object_id, {**(extra_context or {}), "delete_reason_form": reason_form})

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["change_reason"]
        obj._history_user = request.user
        if tracks_m2m(type(obj)):
            # One history row, written once form.save_m2m() has saved the many-to-many fields, so it lists them
            # (otherwise simple-history writes a row for the save and another per m2m add/remove).
            obj.skip_history_when_saving = True
            save_m2m = form.save_m2m

            def save_m2m_and_record():
                save_m2m()
                del obj.skip_history_when_saving
                record_history(obj, created=not change)

            form.save_m2m = save_m2m_and_record
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data["change_reason"]
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)

    def get_actions(self, request):
        # Bulk deletion would write history rows without a reason: governance records go one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        obj._change_reason = request.delete_reason
        obj._history_user = request.user
        super().delete_model(request, obj)


admin.site.site_header = _("Regie – beheer")
admin.site.site_title = _("Regie – beheer")


@admin.register(ApiToken)
class ApiTokenAdmin(TrackedAdmin):
    """Administrators list everyone's tokens and revoke them; tokens are created by their owner (the secret is
    shown once, on /accounts/tokens/), never here."""

    list_display = ["name", "user", "prefix", "read_only", "created_at", "expires_at", "revoked_at"]
    list_filter = ["read_only", "revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    fields = ["user", "name", "prefix", "read_only", "created_at", "expires_at", "revoked_at", "change_reason"]
    readonly_fields = ["user", "name", "prefix", "read_only", "created_at", "expires_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Geselecteerde tokens intrekken"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.token_revoke(actor=request.user, token=token, reason=_("Ingetrokken in het beheer"))
            count += 1
        self.message_user(request, _("%(count)d token(s) ingetrokken.") % {"count": count})


class AccountChangeForm(UserChangeForm):
    change_reason = reason_field()


class AccountCreationForm(AdminUserCreationForm):
    change_reason = reason_field()


REASON_FIELDSET = (_("Reden"), {"fields": ("change_reason",)})


class UserAdmin(TrackedAdmin, DjangoUserAdmin):
    """Changes to an account (staff and superuser flags, groups, permissions, activation) ask for a reason and are
    kept in its history; setting a password is recorded too (core.history). Users who wrote history cannot be
    deleted (the history would lose its author): they are deactivated."""

    form = AccountChangeForm
    add_form = AccountCreationForm
    fieldsets = (*DjangoUserAdmin.fieldsets, REASON_FIELDSET)
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, REASON_FIELDSET)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        authors = [
            _("%(user)s heeft historie geschreven; zet het account op inactief in plaats van het te verwijderen.")
            % {"user": user}
            for user in objs
            if wrote_history(user)
        ]
        return deleted, counts, perms_needed, [*protected, *authors]


admin.site.unregister(User)
admin.site.register(User, UserAdmin)


class SecondFactorDeviceAdmin(TOTPDeviceAdmin):
    """An administrator can see and remove a user's TOTP app (a lost phone: the user sets up a new one at the next
    log-in), but never see its key: django-otp's own pages showing the key and its QR code are left out."""

    def get_urls(self):
        return admin.ModelAdmin.get_urls(self)


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, SecondFactorDeviceAdmin)
