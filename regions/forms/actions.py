"""Forms of the coalition's work: an action under a checklist item, and an organisation's akkoord."""

from django import forms

from regions.forms.fields import CountedTextarea, DateInput, plain_text, too_long
from regions.models import NO_CLIENT_DATA, Action
from regions.services.actions import BLOCKED_REASON_REQUIRED


class ActionForm(forms.Form):
    """What, which partner, optionally who of it, by when, and how it stands. The choices of owner and person are
    the region's partners and their people, read once per page and handed to every form."""

    what = plain_text(label="Wat", max_length=300, help_text=NO_CLIENT_DATA)
    owner = forms.TypedChoiceField(
        label="Eigenaar (organisatie)", coerce=int, error_messages={"required": "Kies een van de partners."}
    )
    person = forms.TypedChoiceField(label="Persoon (optioneel)", coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(
        label="Klaar op",
        widget=DateInput,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"required": "Vul de datum in.", "invalid": "Vul een geldige datum in, zoals 2026-03-31."},
    )
    status = forms.ChoiceField(label="Stand", choices=Action.Status.choices, initial=Action.Status.OPEN)
    blocked_reason = forms.CharField(
        label="Waarom geblokkeerd",
        required=False,
        max_length=1000,
        widget=CountedTextarea(attrs={"rows": 2}),
        help_text=f"Alleen nodig als de actie geblokkeerd is. {NO_CLIENT_DATA}",
        error_messages={"max_length": too_long(1000)},
    )

    def __init__(self, *args, owners, people, **kwargs):
        """``owners``: (organisation id, name) of the region's partners; ``people``: (user id, "name (organisation)",
        organisation id) of their staff."""
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Kies een partner"), *owners]
        self.fields["person"].choices = [("", "Niemand in het bijzonder"), *((pk, name) for pk, name, _ in people)]
        self.people_by_id = {pk: organisation_id for pk, _, organisation_id in people}

    def clean(self):
        data = super().clean()
        if data.get("status") == Action.Status.BLOCKED and not (data.get("blocked_reason") or "").strip():
            self.add_error("blocked_reason", BLOCKED_REASON_REQUIRED)
        person, owner = data.get("person"), data.get("owner")
        if person is not None and owner is not None and self.people_by_id.get(person) != owner:
            self.add_error("person", "Kies iemand van de organisatie die eigenaar is, of niemand.")
        return data


def new_action_prefix(item_id: int) -> str:
    """The prefix of the form for a new action under an item."""
    return f"punt-{item_id}-actie"


def action_prefix(action_id: int) -> str:
    """The prefix of the form that changes an action."""
    return f"actie-{action_id}"


def agreement_prefix(item_id: int, *, withdraw: bool) -> str:
    """The prefix of the form that gives, or withdraws, an akkoord on an item."""
    return f"punt-{item_id}-{'intrekken' if withdraw else 'akkoord'}"


def action_initial(action) -> dict:
    """An action as its form starts out when it is changed."""
    return {
        "what": action.what,
        "owner": action.owner_id,
        "person": action.person_id,
        "due_on": action.due_on,
        "status": action.status,
        "blocked_reason": action.blocked_reason,
    }


class AgreementForm(forms.Form):
    """Give (with an optional note) or withdraw (saying why) an organisation's akkoord."""

    organisation = forms.TypedChoiceField(label="Organisatie", coerce=int)
    note = forms.CharField(
        label="Toelichting of reden",
        required=False,
        max_length=1000,
        widget=CountedTextarea(attrs={"rows": 2}),
        help_text=NO_CLIENT_DATA,
        error_messages={"max_length": too_long(1000)},
    )

    def __init__(self, *args, organisations, withdraw: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = list(organisations)
        self.withdraw = withdraw

    def clean(self):
        data = super().clean()
        if self.withdraw and not (data.get("note") or "").strip():
            self.add_error("note", "Schrijf op waarom jullie het akkoord intrekken.")
        return data
