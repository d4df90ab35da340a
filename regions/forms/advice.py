"""Forms for support requests, their threads and the Versnellingsteam's advice."""

from django import forms

from phases.models import Phase
from regions.forms.fields import CountedTextarea, too_long
from regions.models import NO_CLIENT_DATA, Obstacle, SupportRequest
from regions.selectors.advice import INBOX_STATUSES
from regions.selectors.overview import ANY_SIGNAL, SIGNAL_KEYS, SORTS, Filters
from wonen_eerst.filters import QueryFilterForm

TEXT_ROWS = 6


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Waar wil je hulp bij?",
        choices=SupportRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies waar je hulp bij wilt."},
    )
    description = forms.CharField(
        label="Beschrijf je vraag",
        help_text=f"Wat speelt er, wat heb je al geprobeerd, en wat zou helpen? {NO_CLIENT_DATA}",
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": TEXT_ROWS}),
        error_messages={
            "required": "Beschrijf je vraag, zodat het Versnellingsteam weet waar het om gaat.",
            "max_length": too_long(5000),
        },
    )
    obstacle = forms.ModelChoiceField(
        queryset=Obstacle.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Dit knelpunt hoort niet (meer) bij deze regio; de hulpvraag kan wel zonder."
        },
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["obstacle"].queryset = Obstacle.objects.filter(region=region).select_related("question")


class SupportMessageForm(forms.Form):
    text = forms.CharField(
        label="Je reactie",
        help_text=NO_CLIENT_DATA,
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": 4}),
        error_messages={"required": "Schrijf een reactie voordat je verstuurt.", "max_length": too_long(5000)},
    )


class ReviewForm(forms.Form):
    phase = forms.ModelChoiceField(
        label="Bij welke fase hoort dit advies?",
        queryset=Phase.objects.all(),
        required=False,
        empty_label="Bij de regio als geheel",
    )
    text = forms.CharField(
        label="Advies",
        help_text=f"Het eigenaarschap blijft bij de regio: geef een handreiking. {NO_CLIENT_DATA}",
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": TEXT_ROWS}),
        error_messages={"required": "Schrijf het advies voordat je het plaatst.", "max_length": too_long(5000)},
    )


class OverviewFilterForm(QueryFilterForm):
    """The Versnellingsteam's overview: ``?fase=3&signaal=duur&q=kust&sorteer=-duur&pagina=2``."""

    fase = forms.ChoiceField(choices=[(str(n), str(n)) for n in range(1, 7)], required=False)
    signaal = forms.ChoiceField(choices=[(key, key) for key in (*SIGNAL_KEYS, ANY_SIGNAL)], required=False)
    q = forms.CharField(required=False)
    sorteer = forms.ChoiceField(
        choices=[(f"{way}{key}", key) for key in SORTS for way in ("", "-")], required=False, initial="naam"
    )
    pagina = forms.CharField(max_length=10, required=False, initial="1")
    knelpunt = forms.IntegerField(min_value=1, max_value=10**9, required=False)

    def filters(self) -> Filters:
        values = self.values()
        return Filters(
            obstacle=values["knelpunt"] or None,
            phase=values["fase"],
            signal=values["signaal"],
            text=values["q"][:100],
            sort=values["sorteer"],
            page=values["pagina"],
        )


class InboxFilterForm(QueryFilterForm):
    """The inbox of support requests: ``?status=nieuw&van=mij&pagina=2``."""

    status = forms.ChoiceField(choices=[(key, key) for key in INBOX_STATUSES], required=False, initial="open")
    van = forms.ChoiceField(choices=[("mij", "mij")], required=False)
    pagina = forms.CharField(max_length=10, required=False, initial="1")
