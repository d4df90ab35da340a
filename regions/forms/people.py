"""People: inviting a colleague, and accepting an invitation with a new account."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from regions.forms.fields import plain_text
from regions.models import NO_CLIENT_DATA, Organisation


class InviteForm(forms.Form):
    """Invite someone into an organisation; ``organisations`` are those the person may invite into here."""

    email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        error_messages={
            "required": "Vul het e-mailadres van je collega in.",
            "invalid": "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.",
            "max_length": "Een e-mailadres heeft hoogstens 254 tekens.",
        },
    )
    organisation = forms.ModelChoiceField(
        label="Werkt voor",
        queryset=Organisation.objects.none(),
        empty_label="— kies de organisatie —",
        error_messages={
            "required": "Kies de organisatie waarvoor je collega werkt.",
            "invalid_choice": "Kies een organisatie uit de lijst.",
        },
    )
    first_name = plain_text(label="Voornaam", max_length=150, required=False)
    last_name = plain_text(label="Achternaam", max_length=150, required=False)
    reason = plain_text(
        label="Waarom (alleen als het Versnellingsteam moet goedkeuren)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Nodig als de organisatie nog niemand in het portaal heeft en ook partner is in een andere regio. "
        + NO_CLIENT_DATA,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        only = list(organisations[:2])
        if len(only) == 1:
            self.fields["organisation"].initial = only[0].pk


class AcceptNewAccountForm(forms.Form):
    """Someone without an account accepts an invitation: their name and a password."""

    first_name = plain_text(label="Voornaam", max_length=150, required=False)
    last_name = plain_text(label="Achternaam", max_length=150, required=False)
    new_password1 = forms.CharField(
        label="Wachtwoord",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Minstens 10 tekens; niet alleen cijfers en niet te lijken op je naam of e-mailadres.",
        error_messages={"required": "Kies een wachtwoord."},
    )
    new_password2 = forms.CharField(
        label="Wachtwoord nog een keer",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Typ het wachtwoord nog een keer."},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "De twee wachtwoorden zijn niet gelijk.")
        elif first:
            person = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, person)
            except ValidationError as error:
                self.add_error("new_password1", error)
        return data
