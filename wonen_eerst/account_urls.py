"""Django's authentication views under /account/, with Dutch paths; the organisation's own account (OpenID Connect)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from wonen_eerst import accounts, oidc, twofactor

urlpatterns = [
    path("inloggen/", accounts.LoginView.as_view(), name="login"),
    path("organisatie/", oidc.ProviderLoginStart.as_view(), name="oidc_login"),
    path("organisatie/terug/", oidc.ProviderLoginCallback.as_view(), name="oidc_callback"),
    path("uitloggen/", accounts.LogoutView.as_view(), name="logout"),
    path("wachtwoord/wijzigen/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("wachtwoord/vergeten/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("wachtwoord/klaar/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("tweestaps/", twofactor.manage, name="twofactor"),
    path("tweestaps/controle/", twofactor.verify, name="twofactor_verify"),
    path("tweestaps/instellen/", twofactor.setup, name="twofactor_setup"),
]
