"""Forms of the checklist pages: ticking an item, its note and link, the phase change, a past date."""

import datetime

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from regions.forms import CountedTextarea, DateInput
from regions.models import NO_CLIENT_DATA

LINK_ERROR = "Geef een webadres dat begint met https:// of http://."


class WebLinkField(forms.URLField):
    """A web address: http or https only (no javascript:, data:, ftp: …)."""

    default_validators = [URLValidator(schemes=["http", "https"], message=LINK_ERROR)]


class TickForm(forms.Form):
    done = forms.BooleanField(label="Afgerond", required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=2000,
        widget=CountedTextarea(attrs={"rows": 3}),
        help_text=f"Wat is er gedaan en waar is het vastgelegd? {NO_CLIENT_DATA}",
        error_messages={
            "max_length": "Een toelichting heeft hoogstens %(limit_value)d tekens (nu %(show_value)d). "
            "Zet de rest in het document en link ernaar."
        },
    )
    link = WebLinkField(
        label="Link naar het document",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": LINK_ERROR, "max_length": "Een link heeft hoogstens %(limit_value)d tekens."},
        help_text="Bijvoorbeeld een document op het samenwerkingsplatform van de regio.",
    )


class PhaseStartForm(forms.Form):
    started_on = forms.DateField(
        label="Begonnen op",
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=DateInput(),
        error_messages={"required": "Vul de datum in.", "invalid": "Geef een datum als 31-12-2025."},
    )

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > timezone.localdate():
            raise forms.ValidationError("De datum kan niet in de toekomst liggen.")
        return started_on


class DayForm(forms.Form):
    """``?datum=JJJJ-MM-DD``: the checklist as it stood at the end of that day."""

    datum = forms.DateField(
        label="Stand op",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        error_messages={"invalid": "Geef een datum als JJJJ-MM-DD, bijvoorbeeld 2025-03-01."},
    )

    def clean_datum(self) -> datetime.date | None:
        day = self.cleaned_data["datum"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Die datum ligt in de toekomst; kies vandaag of een dag ervoor.")
        return day


class ActivityFilterForm(forms.Form):
    """The history's filters; unknown values are ignored rather than refused."""

    fase = forms.TypedChoiceField(label="Fase", required=False, coerce=int, empty_value=None)
    persoon = forms.TypedChoiceField(label="Persoon", required=False, coerce=int, empty_value=None)
    soort = forms.ChoiceField(label="Soort wijziging", required=False)

    def __init__(self, data, *, phases, people, kinds):
        super().__init__(data)
        self.fields["fase"].choices = [("", "Alle fasen"), *((p.number, f"Fase {p.number} {p.name}") for p in phases)]
        self.fields["persoon"].choices = [("", "Iedereen"), *people]
        self.fields["soort"].choices = [("", "Alle soorten"), *kinds]

    def filters(self) -> dict:
        """The valid filters; an invalid one counts as not given."""
        self.is_valid()
        return {name: None if name in self.errors else self.cleaned_data.get(name) for name in self.fields}
