"""Log-in, log-out and a user's own API tokens.

Failed log-ins are throttled by django-axes (settings, "Log-in throttling"): the two functions below tell it which
name a failure counts for and what a locked-out person sees."""

from axes.helpers import get_cool_off
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from core import tokens
from core.errors import DomainError
from core.logging import log_security_event
from core.models import ApiToken


def throttled_username(request, credentials: dict | None) -> str | None:
    """The name failures count for: any spelling of one username ("KPN", " kpn") is that username."""
    source = credentials if credentials is not None else getattr(request, "data", request.POST)
    username = source.get("username") if source else None
    return username.strip().casefold() if isinstance(username, str) else None


def locked_out(request, original_response=None, credentials=None):
    """The lock-out page (429): why, and for how long, in the user's language."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


# --- API tokens: a user's own, at /accounts/tokens/ ---------------------------------------------------------


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100, help_text=_("Waarvoor gebruikt u deze token?"))
    read_only = forms.BooleanField(label=_("Alleen lezen"), required=False)


class TokenListView(LoginRequiredMixin, View):
    template_name = "core/tokens.html"

    def render(self, request, form, secret=None, created=None):
        own = ApiToken.objects.filter(user=request.user).prefetch_related("uses")
        context = {"form": form, "tokens": own, "secret": secret, "created": created}
        return render(request, self.template_name, context)

    def get(self, request):
        return self.render(request, TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render(request, form)
        token, secret = tokens.token_create(
            actor=request.user, name=form.cleaned_data["name"], read_only=form.cleaned_data["read_only"]
        )
        log_security_event("api_token_created", request, token_id=token.pk)
        # The secret is in this one response only; it is never stored or shown again.
        response = self.render(request, TokenForm(), secret=secret, created=token)
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        try:
            tokens.token_revoke(actor=request.user, token=token)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            log_security_event("api_token_revoked", request, token_id=token.pk)
            messages.success(request, _("De token is ingetrokken."))
        return redirect("tokens")
