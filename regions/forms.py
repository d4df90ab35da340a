"""Forms of the coalition pages. They validate and say what is wrong, in Dutch, next to the field;
the writes happen in regions.services.

Render a field with ``{% include "regions/form_field.html" with field=form.name %}``.
"""

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from phases.models import OrganisationType, Phase
from regions.models import NO_CLIENT_DATA, Organisation, Partnership

MARKUP = re.compile(r"<\s*/?\s*[a-z!?]|javascript\s*:", re.IGNORECASE)
REQUIRED = "Dit veld is verplicht."


def no_markup(value: str) -> None:
    """Plain text only: HTML tags and scripts are refused (output is escaped as well)."""
    if MARKUP.search(value or ""):
        raise ValidationError("Gebruik geen HTML-code of scripts, alleen gewone tekst.", code="markup")


def plain_text(*, label: str, max_length: int, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[no_markup],
        error_messages={
            "required": kwargs.pop("required_message", REQUIRED),
            "max_length": f"Gebruik hoogstens {max_length} tekens (nu %(show_value)d).",
        },
        **kwargs,
    )


class DateInput(forms.DateInput):
    """``<input type="date">``, whose value HTML allows only as a date written "2026-03-01" (or empty). A date the
    form received in another accepted format (14-03-2026) is written that way; text that is no date is left out, as
    the browser would drop it anyway, and the form's error next to the field says what was wrong."""

    input_type = "date"
    accepted = ("%Y-%m-%d", "%d-%m-%Y")

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            value = self._as_date(value)
        return super().format_value(value)

    def _as_date(self, text: str) -> datetime.date | None:
        for pattern in self.accepted:
            try:
                return datetime.datetime.strptime(text.strip(), pattern).date()
            except ValueError:
                continue
        return None


class PartnerAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Bestaande organisatie",
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Kies een organisatie uit de lijst."},
    )
    name = plain_text(
        label="Of een nieuwe organisatie: naam",
        max_length=160,
        required=False,
        help_text="Alleen als de organisatie nog niet in de lijst staat.",
    )
    type = forms.ModelChoiceField(
        label="Soort organisatie (bij een nieuwe organisatie)",
        queryset=OrganisationType.objects.all(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Kies een van de vijf soorten organisaties."},
    )
    is_trekker = forms.BooleanField(label="Deze organisatie is trekker in de regio", required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        available = Organisation.objects.exclude(partnerships__region=region).select_related("type")
        self.fields["organisation"].queryset = available
        groups: dict[str, list] = {}
        for organisation in available.order_by("type__order", "name"):
            groups.setdefault(organisation.type.name, []).append((organisation.pk, organisation.name))
        self.fields["organisation"].choices = [("", "— kies een organisatie —"), *groups.items()]

    def clean(self):
        data = super().clean()
        organisation, name, type_ = data.get("organisation"), data.get("name"), data.get("type")
        if self.errors:
            return data
        if organisation and name:
            self.add_error("name", "Kies een bestaande organisatie óf vul een nieuwe naam in, niet allebei.")
        elif not organisation and not name:
            self.add_error("organisation", "Kies een bestaande organisatie of vul de naam van een nieuwe in.")
        elif name and not type_:
            self.add_error("type", "Kies de soort organisatie.")
        elif (
            name
            and Partnership.objects.filter(
                region=self.region, organisation__name__iexact=name, organisation__type=type_
            ).exists()
        ):
            self.add_error("name", f"{name} is al partner in deze regio.")
        return data


class PartnerChangeForm(forms.Form):
    ACTIONS = [("trekker", "Maak trekker"), ("geen-trekker", "Niet langer trekker"), ("verwijderen", "Verwijderen")]
    action = forms.ChoiceField(
        choices=ACTIONS,
        error_messages={"required": "Kies wat er moet gebeuren.", "invalid_choice": "Onbekende actie."},
    )


class RegionPhaseForm(forms.Form):
    phase = forms.TypedChoiceField(
        label="Huidige fase",
        coerce=int,
        error_messages={"required": "Kies de fase.", "invalid_choice": "Kies een fase van 1 tot en met 6."},
    )
    started_on = forms.DateField(
        label="In deze fase sinds",
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=DateInput(),
        help_text="De datum waarop de regio aan deze fase begon.",
        error_messages={
            "required": "Vul de datum in.",
            "invalid": "Vul een geldige datum in, zoals 14-03-2025.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.phases = {phase.number: phase for phase in Phase.objects.all()}
        self.fields["phase"].choices = [(n, str(phase)) for n, phase in self.phases.items()]

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > timezone.localdate():
            raise ValidationError("De datum kan niet in de toekomst liggen.")
        if started_on < datetime.date(2000, 1, 1):
            raise ValidationError("Kies een datum na 1 januari 2000.")
        return started_on

    @property
    def chosen_phase(self) -> Phase:
        return self.phases[self.cleaned_data["phase"]]


class InviteForm(forms.Form):
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
            "invalid_choice": "Kies een partnerorganisatie van deze regio.",
        },
    )
    first_name = plain_text(label="Voornaam", max_length=150, required=False)
    last_name = plain_text(label="Achternaam", max_length=150, required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(partnerships__region=region)

    def clean(self):
        data = super().clean()
        email, organisation = data.get("email"), data.get("organisation")
        if email and organisation:
            member = (
                get_user_model()
                .objects.filter(email__iexact=email, is_active=True, memberships__organisation=organisation)
                .exists()
            )
            if member:
                self.add_error("email", f"Deze persoon werkt al voor {organisation} en kan al inloggen.")
        return data


class RoleForm(forms.Form):
    role = plain_text(
        label="Rol in de coalitie",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"In eigen woorden: wat doet jullie organisatie in deze regio? {NO_CLIENT_DATA}",
        required_message="Beschrijf de rol; een lege rol wordt niet opgeslagen.",
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["role"].label = f"Rol in {region.name}"


class AcceptInvitationForm(SetPasswordForm):
    first_name = plain_text(label="Voornaam", max_length=150, required=False)
    last_name = plain_text(label="Achternaam", max_length=150, required=False)

    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.order_fields(self.field_order)
