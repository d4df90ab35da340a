"""Password rules with Dutch messages where Django's translation lacks one, and the password-reset form."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.template.loader import render_to_string

from wonen_eerst.mail import send_mail_later


class DutchMinimumLengthValidator(MinimumLengthValidator):
    """Django 5.2's Dutch catalogue misses the "too short" message (its English text changed)."""

    def get_error_message(self):
        return f"Dit wachtwoord is te kort. Het moet minstens {self.min_length} tekens bevatten."


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, with the e-mail sent in the background like every other (``wonen_eerst.mail``)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        send_mail_later(subject, render_to_string(email_template_name, context), [to_email], from_email=from_email)
