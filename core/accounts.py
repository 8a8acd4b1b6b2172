"""Log-in with throttling: after LOGIN_THROTTLE_MAX_FAILURES failed log-ins for one username (any case) or from
one address within LOGIN_THROTTLE_WINDOW seconds, further attempts are refused until the window has passed.

Failures are counted in the default cache. LocMemCache counts per process; production with several workers
sets CACHE_URL to a Redis server so all workers share the count (see settings and README, "Security")."""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from core import tokens
from core.errors import DomainError
from core.logging import client_ip, log_security_event
from core.models import ApiToken


def _keys(request, username: str) -> list[str]:
    name = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    keys = [f"login-failures:user:{name}"]
    address = client_ip(request)
    if address:
        keys.append(f"login-failures:ip:{address}")
    return keys


def is_throttled(request, username: str) -> bool:
    counts = cache.get_many(_keys(request, username))
    return any(count >= settings.LOGIN_THROTTLE_MAX_FAILURES for count in counts.values())


def record_failure(request, username: str) -> None:
    for key in _keys(request, username):
        # add() starts the window with the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW)


def clear_failures(request, username: str) -> None:
    cache.delete(_keys(request, username)[0])


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Te veel mislukte inlogpogingen. Probeer het over %(minutes)d minuten opnieuw of neem contact op met "
            "de beheerder."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and is_throttled(self.request, username):
            log_security_event("login_throttled", self.request, outcome="refused", username=username)
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_THROTTLE_WINDOW // 60},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                record_failure(self.request, username)
            raise
        clear_failures(self.request, username)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm


# --- API tokens: a user's own, at /accounts/tokens/ ---------------------------------------------------------


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100, help_text=_("Waarvoor gebruikt u deze token?"))
    read_only = forms.BooleanField(label=_("Alleen lezen"), required=False)


class TokenListView(LoginRequiredMixin, View):
    template_name = "core/tokens.html"

    def render(self, request, form, secret=None, created=None):
        own = ApiToken.objects.filter(user=request.user)
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
