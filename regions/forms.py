"""Forms of the coalition pages. They validate and say what is wrong, in Dutch, next to the field;
the writes happen in regions.services.

Render a field with ``{% include "regions/form_field.html" with field=form.name %}``.
"""

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from phases.models import OrganisationType, Phase
from regions.models import NO_CLIENT_DATA, Organisation, Partnership
from regions.selectors.checklists import journey

MARKUP = re.compile(r"<\s*/?\s*[a-z!?]|javascript\s*:", re.IGNORECASE)
REQUIRED = "Dit veld is verplicht."


def no_markup(value: str) -> None:
    """Plain text only: HTML tags and scripts are refused (output is escaped as well)."""
    if MARKUP.search(value or ""):
        raise ValidationError("Gebruik geen HTML-code of scripts, alleen gewone tekst.", code="markup")


class CountedTextarea(forms.Textarea):
    """A long text whose limit the portal checks when the form is sent, with its Dutch message.

    No ``maxlength``: with it a browser silently cuts pasted text and stops typing at the limit. The limit goes in
    ``data-maxlength`` instead, for static/js/text-limit.js to count the characters near it. Line breaks count as
    one character, as people see them (a browser sends two)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        if "maxlength" in attrs:
            attrs["data-maxlength"] = attrs.pop("maxlength")
        return attrs

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def too_long(max_length: int) -> str:
    """The message for a text over its limit (the count is the portal's, as the page's counter counts)."""
    return f"Gebruik hoogstens {max_length} tekens (nu %(show_value)d)."


def plain_text(*, label: str, max_length: int, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[no_markup],
        error_messages={
            "required": kwargs.pop("required_message", REQUIRED),
            "max_length": too_long(max_length),
        },
        **kwargs,
    )


class PartnerSearchForm(forms.Form):
    """Find the organisation meant among all in the portal, by a part of its name and its type (GET)."""

    zoek = forms.CharField(label="Zoek op naam", max_length=100, required=False)
    soort = forms.ModelChoiceField(
        label="Soort", queryset=OrganisationType.objects.all(), required=False, empty_label="alle soorten"
    )

    def matches(self, queryset):
        """The organisations that fit the search (all of them when it is empty or invalid)."""
        if not self.is_valid():
            return queryset
        if self.cleaned_data["zoek"]:
            queryset = queryset.filter(name__icontains=self.cleaned_data["zoek"])
        if self.cleaned_data["soort"]:
            queryset = queryset.filter(type=self.cleaned_data["soort"])
        return queryset


SEARCH_RESULTS = 50


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


FUTURE = "De datum kan niet in de toekomst liggen. Kies vandaag of een eerdere datum."


class PastDateField(forms.DateField):
    """A day that is today or earlier, written 2025-03-31 or 31-03-2025: every date a person gives here is about
    something that already happened (a phase began, the state at the end of a day)."""

    widget = DateInput
    input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
    default_error_messages = {
        "invalid": "Vul een geldige datum in, zoals 2025-03-31.",
        "required": "Vul de datum in.",
        "future": FUTURE,
    }

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")


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

    def __init__(self, *args, region, search: PartnerSearchForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        available = Organisation.objects.exclude(partnerships__region=region).select_related("type")
        self.fields["organisation"].queryset = available  # a POST may name any of them
        shown = list(search.matches(available).order_by("type__order", "name")[: SEARCH_RESULTS + 1])
        self.more_than_shown = len(shown) > SEARCH_RESULTS
        groups: dict[str, list] = {}
        for organisation in shown[:SEARCH_RESULTS]:
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
    # A partner is removed only with the confirmation page's answer (confirmed=ja); without it, that page is shown.
    confirmed = forms.CharField(required=False)

    @property
    def asks_confirmation(self) -> bool:
        return self.cleaned_data["action"] == "verwijderen" and self.cleaned_data["confirmed"] != "ja"


class RegionPhaseForm(forms.Form):
    """The region's current phase and the day it began.

    A new phase begins today unless the trekker says otherwise: with JavaScript the date turns to today as soon as
    another phase is chosen (static/js/phase-start.js); without it, another phase sent with the old phase's start
    date untouched comes back with today filled in, to check and send again. The phase's help text says how far the
    phase being left got."""

    phase = forms.TypedChoiceField(
        label="Huidige fase",
        coerce=int,
        error_messages={"required": "Kies de fase.", "invalid_choice": "Kies een fase van 1 tot en met 6."},
    )
    started_on = PastDateField(
        label="In deze fase sinds",
        widget=DateInput(attrs={"data-phase-start": ""}),
        help_text="De datum waarop de regio aan deze fase begon. Kies je een andere fase, dan is dat vandaag; "
        "pas de datum aan als die fase eerder begon.",
        show_hidden_initial=True,  # tells a date the trekker set from the one the page showed
    )

    def __init__(self, *args, region, **kwargs):
        kwargs.setdefault("initial", {"phase": region.current_phase.number, "started_on": region.phase_started_on})
        super().__init__(*args, **kwargs)
        self.region = region
        self.today = timezone.localdate()
        self.phases = {phase.number: phase for phase in Phase.objects.all()}
        self.fields["phase"].choices = [(n, str(phase)) for n, phase in self.phases.items()]
        self.fields["phase"].widget.attrs["data-current-phase"] = region.current_phase.number
        self.fields["phase"].help_text = self._leaving_text()
        self.fields["started_on"].widget.attrs.update(
            {"max": self.today.isoformat(), "data-started-on": region.phase_started_on.isoformat()}
        )

    def _leaving_text(self) -> str:
        phase = self.region.current_phase
        step = next(step for step in journey(self.region) if step.phase.pk == phase.pk)
        return format_html(
            "Nu fase {} {}: {} van {} punten afgevinkt. Kies je een andere fase, dan laat de regio fase {} zo achter.",
            phase.number,
            phase.name,
            step.done,
            step.total,
            phase.number,
        )

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on < datetime.date(2000, 1, 1):
            raise ValidationError("Kies een datum na 1 januari 2000.")
        return started_on

    def clean(self):
        data = super().clean()
        number, started_on = data.get("phase"), data.get("started_on")
        old_start = self.region.phase_started_on
        if (
            number not in (None, self.region.current_phase.number)
            and started_on == old_start != self.today
            and "started_on" not in self.changed_data
        ):
            self._show_today()
            self.add_error(
                "started_on",
                f"Deze datum is de begindatum van fase {self.region.current_phase.number} "
                f"({old_start:%d-%m-%Y}). Voor fase {number} staat nu vandaag ingevuld: "
                "pas de datum aan als die fase eerder begon, en sla opnieuw op.",
            )
        return data

    def _show_today(self) -> None:
        """The form comes back with today as the new phase's date, shown and sent as what the page showed."""
        self.data = self.data.copy()
        for name in (self.add_prefix("started_on"), self.add_initial_prefix("started_on")):
            self.data[name] = self.today.isoformat()

    @property
    def chosen_phase(self) -> Phase:
        return self.phases[self.cleaned_data["phase"]]


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


class RoleForm(forms.Form):
    role = plain_text(
        label="Rol in de coalitie",
        max_length=2000,
        widget=CountedTextarea(attrs={"rows": 5}),
        help_text=f"In eigen woorden: wat doet jullie organisatie in deze regio? {NO_CLIENT_DATA}",
        required_message="Beschrijf de rol; een lege rol wordt niet opgeslagen.",
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["role"].label = f"Rol in {region.name}"
