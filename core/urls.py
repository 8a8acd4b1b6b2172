from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import accounts
from .sso import sso_only

urlpatterns = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", accounts.LogoutView.as_view(), name="logout"),
    # Single sign-on (core.sso); the names are the ones mozilla-django-oidc reverses.
    path("sso/", sso_only(OIDCAuthenticationRequestView.as_view()), name="oidc_authentication_init"),
    path("sso/callback/", sso_only(OIDCAuthenticationCallbackView.as_view()), name="oidc_authentication_callback"),
    path("second-factor/", accounts.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path("second-factor/verify/", accounts.SecondFactorVerifyView.as_view(), name="second_factor_verify"),
    path("tokens/", accounts.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", accounts.TokenRevokeView.as_view(), name="token_revoke"),
]
