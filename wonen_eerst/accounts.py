"""Django's login, logout and password reset views as the portal uses them: the login page offers the organisation's
own account when it is configured, logging out also ends the provider's session, and a password-reset e-mail has its
links from WONEN_EERST_SITE_URL and is limited in number."""

import datetime

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from regions.services.throttle import throttle_take
from wonen_eerst import oidc
from wonen_eerst.passwords import PasswordResetForm
from wonen_eerst.security import LoginForm, client_ip

PER_ADDRESS, PER_CLIENT = 3, 10  # password-reset e-mails an hour
TOO_MANY = (
    "Er is het afgelopen uur al te vaak een nieuw wachtwoord aangevraagd. Er is nu geen e-mail verstuurd; "
    "probeer het over een uur opnieuw."
)


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, provider_login=oidc.configured())


class LogoutView(auth_views.LogoutView):
    """Ends the portal's session; after a login with the organisation's account, then also the provider's."""

    def post(self, request, *args, **kwargs):
        provider_logout = oidc.end_session_url(request)  # before the session, which holds the ID token, ends
        response = super().post(request, *args, **kwargs)
        return redirect(provider_logout) if provider_logout else response


class PasswordResetView(auth_views.PasswordResetView):
    """The e-mail's link is built from the portal's configured address, never from the request's Host header."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        hour = datetime.timedelta(hours=1)
        email = form.cleaned_data["email"].lower()
        allowed = throttle_take(f"reset:client:{client_ip(self.request)}", limit=PER_CLIENT, window=hour)
        allowed = allowed and throttle_take(f"reset:address:{email}", limit=PER_ADDRESS, window=hour)
        if not allowed:
            form.add_error("email", TOO_MANY)
            return self.form_invalid(form)
        self.extra_email_context = {"site_url": settings.WONEN_EERST_SITE_URL.rstrip("/")}
        return super().form_valid(form)
