"""Django's password reset, with links from WONEN_EERST_SITE_URL and a limit on how many e-mails it sends."""

import datetime

from django.conf import settings
from django.contrib.auth import views as auth_views

from regions.services.throttle import throttle_take
from wonen_eerst.passwords import PasswordResetForm
from wonen_eerst.security import client_ip

PER_ADDRESS, PER_CLIENT = 3, 10  # password-reset e-mails an hour
TOO_MANY = (
    "Er is het afgelopen uur al te vaak een nieuw wachtwoord aangevraagd. Er is nu geen e-mail verstuurd; "
    "probeer het over een uur opnieuw."
)


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
