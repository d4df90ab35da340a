"""The password-reset form. (Django's password rules speak Dutch through locale/nl: see LOCALE_PATHS.)"""

from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string

from wonen_eerst.mail import send_mail_later


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, with the e-mail sent in the background like every other (``wonen_eerst.mail``)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        send_mail_later(subject, render_to_string(email_template_name, context), [to_email], from_email=from_email)
