"""Forms of the key figures: a value for a period, a target for a year, the import's file, and the
Versnellingsteam's filters. They apply the same rules as the services (``regions.services.figures``) and say what
is wrong in Dutch, next to the field, with the input kept."""

import datetime

from django import forms

from phases.models import Indicator
from regions.figures_io import whole_number
from regions.forms.fields import SpreadsheetField, plain_text
from regions.models import NO_CLIENT_DATA
from regions.periods import form_years, recent_periods
from regions.services.figures import target_problems, value_problems

SOURCE_HELP = f"Waar komt het getal vandaan, zoals 'registratie woningcorporaties'. {NO_CLIENT_DATA}"


class WholeNumberField(forms.CharField):
    """A count: digits only, from 0 to 1 000 000; "12,5", "1.200", "-3" and text are refused with the reason."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        number, problem = whole_number(text)
        if problem:
            raise forms.ValidationError(problem, code="invalid")
        return number


class ValueForm(forms.Form):
    period = forms.ChoiceField(label="Periode", error_messages={"invalid_choice": "Kies een periode uit de lijst."})
    value = WholeNumberField(label="Aantal", error_messages={"required": "Vul een aantal in."})
    source = plain_text(label="Bron", max_length=300, help_text=SOURCE_HELP, required_message="Vul de bron in.")
    measured_on = forms.DateField(
        label="Gemeten op",
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de datum van de meting in.", "invalid": "Geef een datum als 30-06-2026."},
    )

    def __init__(self, *args, indicator: Indicator, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.today = indicator, today
        periods = recent_periods(indicator.frequency, today)
        self.fields["period"].choices = [(p.code, p.label) for p in periods]
        self.fields["period"].initial = periods[0].code
        self.fields["measured_on"].initial = today
        self.fields["value"].label = f"Aantal {indicator.unit}"
        self.fields["value"].help_text = "Een heel getal: alleen het aantal, nooit een lijst van mensen."

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        problems = value_problems(
            indicator=self.indicator,
            period=data["period"],
            value=data["value"],
            measured_on=data["measured_on"],
            today=self.today,
        )
        for name, message in problems.items():
            self.add_error(None if name == "indicator" else name, message)
        return data


class TargetForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Jaar", coerce=int, error_messages={"invalid_choice": "Kies een jaar uit de lijst."}
    )
    value = WholeNumberField(label="Doel", error_messages={"required": "Vul het doel in als aantal."})

    def __init__(self, *args, indicator: Indicator, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.today = indicator, today
        self.fields["year"].choices = [(year, str(year)) for year in form_years(today)]
        self.fields["year"].initial = today.year
        if indicator.kind == Indicator.Kind.PER_PERIOD:
            self.fields["value"].label = f"Doel: {indicator.unit} per {indicator.frequency}"
            self.fields[
                "value"
            ].help_text = f"Het aantal dat de regio elk {indicator.frequency} van dat jaar wil halen."
        else:
            self.fields["value"].label = f"Doel: {indicator.unit} aan het eind van het jaar"
            self.fields["value"].help_text = "Het aantal dat de regio aan het eind van dat jaar wil bereiken."

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        problems = target_problems(indicator=self.indicator, year=data["year"], value=data["value"], today=self.today)
        for name, message in problems.items():
            self.add_error(None if name == "indicator" else name, message)
        return data


class ImportForm(forms.Form):
    file = SpreadsheetField(
        label="Bestand",
        help_text="Een CSV-bestand of een Excelbestand (.xlsx) met de kolommen van de export, hoogstens 2 MB.",
        in_parts="de kengetallen",
    )


class NationalFilterForm(forms.Form):
    """The Versnellingsteam's filters; a value that is not valid counts as not given."""

    kengetal = forms.ChoiceField(label="Kengetal", required=False)
    fase = forms.TypedChoiceField(label="Fase van de regio", required=False, coerce=int, empty_value=None)
    q = forms.CharField(label="Zoek op regio of centrumgemeente", required=False, max_length=100)
    zonder = forms.BooleanField(label="Alleen regio's zonder kengetallen over de vorige periode", required=False)

    def __init__(self, data, *, indicators, phases):
        super().__init__(data)
        self.indicators = {indicator.slug: indicator for indicator in indicators}
        self.fields["kengetal"].choices = [("", "Alle kengetallen"), *((i.slug, i.name) for i in indicators)]
        self.fields["fase"].choices = [("", "Alle fasen"), *((p.number, f"Fase {p.number} {p.name}") for p in phases)]

    def filters(self) -> dict:
        self.is_valid()
        data = {name: None if name in self.errors else self.cleaned_data.get(name) for name in self.fields}
        return {
            "indicator": self.indicators.get(data["kengetal"] or ""),
            "phase": data["fase"],
            "text": (data["q"] or "").strip(),
            "silent_only": bool(data["zonder"]),
        }
