from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", accounts.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path("second-factor/verify/", accounts.SecondFactorVerifyView.as_view(), name="second_factor_verify"),
    path("tokens/", accounts.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", accounts.TokenRevokeView.as_view(), name="token_revoke"),
]
