"""Forms for a region's obstacles (knelpunten): mark one, solve it with what helped, and the trekkers' consent."""

from django import forms

from phases.models import Phase, Question
from regions.forms.fields import CountedTextarea, too_long
from regions.models import NO_CLIENT_DATA

NOTE_MAX = 2000  # as a checklist item's note


class ObstacleOpenForm(forms.Form):
    """One of the guide's questions (hidden, from the button beside it) or an obstacle in the region's own words."""

    question = forms.ModelChoiceField(
        queryset=Question.objects.select_related("phase"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Deze vraag staat niet (meer) in de gids. Laad de pagina opnieuw."},
    )
    phase = forms.ModelChoiceField(
        label="Fase",
        queryset=Phase.objects.all(),
        to_field_name="number",
        empty_label=None,
        error_messages={"required": "Kies de fase.", "invalid_choice": "Kies een van de zes fasen."},
    )
    text = forms.CharField(
        label="Knelpunt in eigen woorden",
        max_length=300,
        required=False,
        error_messages={"max_length": too_long(300)},
    )
    note = forms.CharField(
        label="Korte toelichting",
        help_text=f"Wat speelt er? {NO_CLIENT_DATA}",
        max_length=NOTE_MAX,
        required=False,
        widget=CountedTextarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long(NOTE_MAX)},
    )

    def clean(self):
        data = super().clean()
        if not data.get("question") and not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", "Beschrijf het knelpunt in eigen woorden.")
        return data


class ObstacleSolveForm(forms.Form):
    what_helped = forms.CharField(
        label="Wat hielp?",
        help_text=f"Zo leren jullie later, en met jullie toestemming andere regio's, ervan. {NO_CLIENT_DATA}",
        max_length=NOTE_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf kort op wat hielp.", "max_length": too_long(NOTE_MAX)},
    )


def solve_prefix(obstacle_id: int) -> str:
    """The prefix of the form that marks an obstacle solved."""
    return f"knelpunt-{obstacle_id}"


class SharingForm(forms.Form):
    share = forms.BooleanField(
        label="Andere regio's mogen zien welke knelpunten wij oplosten en wat hielp",
        help_text="Met de naam van de regio. Open knelpunten en toelichtingen blijven binnen de regio.",
        required=False,
    )
