"""Log-in, the second factor and a user's own API tokens.

Failed log-ins are throttled by django-axes (settings, "Log-in throttling"): the two functions below tell it which
name a failure counts for and what a locked-out person sees."""

from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View

from core import second_factor, sso, tokens
from core.errors import DomainError
from core.logging import log_security_event
from core.models import ApiToken


def throttled_username(request, credentials: dict | None) -> str | None:
    """The name failures count for: any spelling of one username ("KPN", " kpn") is that username."""
    source = credentials if credentials is not None else getattr(request, "data", request.POST)
    username = source.get("username") if source else None
    return username.strip().casefold() if isinstance(username, str) else None


class LoginView(auth_views.LoginView):
    """The password form, and the organisation's sign-on when it is configured."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_enabled": sso.sso_enabled()}


class LogoutView(auth_views.LogoutView):
    """Ends the session here and, for a session signed in through the provider, at the provider too."""

    def post(self, request, *args, **kwargs):
        provider_logout = sso.end_session_url(request)  # read before the session is gone
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_logout) if provider_logout else response


def locked_out(request, original_response=None, credentials=None):
    """The lock-out page (429): why, and for how long, in the user's language."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


# --- the second factor (core.second_factor) ----------------------------------------------------------------


class SecondFactorTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De code van zes cijfers uit uw app, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


def next_url(request) -> str:
    """Where to go after the second factor: the page first asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def shown_once(response):
    """A page with secrets (recovery codes) is kept by no cache and no browser history."""
    response["Cache-Control"] = "no-store"
    return response


class SecondFactorVerifyView(LoginRequiredMixin, View):
    """After the password: the app's code or a recovery code."""

    template_name = "core/second_factor_verify.html"

    def get(self, request):
        if second_factor.pending(request) != "verify":
            return redirect(next_url(request))
        return render(request, self.template_name, {"form": SecondFactorTokenForm(), "next": next_url(request)})

    def post(self, request):
        if second_factor.pending(request) != "verify":
            return redirect(next_url(request))
        form = SecondFactorTokenForm(request.POST)
        device = form.is_valid() and second_factor.verify(user=request.user, token=form.cleaned_data["token"])
        if not device:
            log_security_event("second_factor_failed", request, outcome="failure")
            if form.is_valid():
                form.add_error("token", _("Deze code klopt niet (of is al gebruikt). Probeer het opnieuw."))
            return render(request, self.template_name, {"form": form, "next": next_url(request)}, status=200)
        second_factor.complete(request, device)
        log_security_event("second_factor_verified", request, kind=device.__class__.__name__)
        return redirect(next_url(request))


class SecondFactorSetupView(LoginRequiredMixin, View):
    """Set up a TOTP app (QR code and key, confirmed by its first code), or, once set up, replace the recovery
    codes. Set-up shows the recovery codes once."""

    template_name = "core/second_factor_setup.html"
    codes_template_name = "core/second_factor_codes.html"

    def context(self, request, form=None):
        if second_factor.has_second_factor(request.user):
            return {"active": True, "next": next_url(request)}
        device = second_factor.totp_device_for_enrolment(user=request.user)
        return {
            "active": False,
            "form": form or SecondFactorTokenForm(),
            "qr_code": second_factor.qr_code_data_uri(device),
            "manual_key": second_factor.manual_key(device),
            "required": second_factor.pending(request) == "enrol",
            "next": next_url(request),
        }

    def get(self, request):
        if second_factor.pending(request) == "verify":
            return redirect_to_login(request.get_full_path(), login_url=reverse("second_factor_verify"))
        return shown_once(render(request, self.template_name, self.context(request)))

    def post(self, request):
        if second_factor.pending(request) == "verify":
            return redirect_to_login(request.get_full_path(), login_url=reverse("second_factor_verify"))
        if second_factor.has_second_factor(request.user):
            codes = second_factor.recovery_codes_replace(user=request.user)
            log_security_event("recovery_codes_replaced", request)
            return self.codes(request, codes)
        form = SecondFactorTokenForm(request.POST)
        device = second_factor.totp_device_for_enrolment(user=request.user)
        codes = form.is_valid() and second_factor.totp_device_confirm(
            user=request.user, device=device, token=form.cleaned_data["token"]
        )
        if not codes:
            if form.is_valid():
                form.add_error("token", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat."))
            return shown_once(render(request, self.template_name, self.context(request, form)))
        second_factor.complete(request, device)
        log_security_event("second_factor_enrolled", request)
        return self.codes(request, codes)

    def codes(self, request, codes):
        return shown_once(render(request, self.codes_template_name, {"codes": codes, "next": next_url(request)}))


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
