"""Forms of the checklist pages: ticking an item, its note and link, the phase change, a past date."""

from django import forms
from django.core.validators import URLValidator

from regions.forms.fields import CountedTextarea, PastDateField
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


class DayForm(forms.Form):
    """``?datum=JJJJ-MM-DD``: the checklist as it stood at the end of that day."""

    datum = PastDateField(label="Stand op", required=False, input_formats=["%Y-%m-%d"])


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
