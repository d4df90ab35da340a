"""The coalition: partners (found by a search), trekkers, the current phase, an organisation's role; and the file
of regions and partners a superuser imports in /beheer/."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from phases.models import OrganisationType, Phase
from regions.forms.fields import CountedTextarea, DateInput, PastDateField, SpreadsheetField, plain_text
from regions.models import NO_CLIENT_DATA, Organisation, Partnership
from regions.selectors.checklists import journey


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


class RegionImportForm(forms.Form):
    file = SpreadsheetField(
        label="Bestand",
        help_text="Een CSV-bestand of een Excelbestand (.xlsx) met een regel per partner, hoogstens 2 MB.",
        in_parts="de regio's",
    )
