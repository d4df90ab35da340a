"""Password rules with Dutch messages where Django's translation lacks one."""

from django.contrib.auth.password_validation import MinimumLengthValidator


class DutchMinimumLengthValidator(MinimumLengthValidator):
    """Django 5.2's Dutch catalogue misses the "too short" message (its English text changed)."""

    def get_error_message(self):
        return f"Dit wachtwoord is te kort. Het moet minstens {self.min_length} tekens bevatten."
