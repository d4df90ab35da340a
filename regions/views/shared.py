"""What the region views share: the Versnellingsteam's door, the message that says who was e-mailed, and the steps
of an import (a file checked and previewed, then confirmed)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.utils import timezone

from regions import permissions, spreadsheets
from regions.forms.actions import action_prefix, agreement_prefix, new_action_prefix
from regions.selectors import actions
from regions.selectors.checklists import person_name

NAMES_SHOWN = 5


def say_who_is_emailed(request, done: str, people: list, *, nobody: str, then: str = "") -> None:
    """The message after an action: what was done and, by name, who gets an e-mail about it; or, as a warning, that
    nobody does and why (``nobody``). ``then`` closes either."""
    if not people:
        messages.warning(request, " ".join(filter(None, [done, nobody, then])))
        return
    names = [person_name(user) for user in people]
    if len(names) > NAMES_SHOWN:
        names = [*names[:NAMES_SHOWN], f"{len(names) - NAMES_SHOWN} anderen"]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
    told = f"{listed} {'krijgt' if len(people) == 1 else 'krijgen'} er een e-mail over."
    messages.success(request, " ".join(filter(None, [done, told, then])))


@dataclass
class ImportStep:
    """One POST of an import page: the file's form, the rows checked, and whether this was the confirmation."""

    form: object
    checked: spreadsheets.Checked
    confirming: bool


def import_step(
    request,
    *,
    form_class,
    layout: spreadsheets.Layout,
    salt: str,
    deserialise: Callable[[str], list],
    check: Callable[[list], spreadsheets.Checked],
) -> ImportStep:
    """``stap=controleren``: the uploaded file read and checked, for a preview or a report of every refused row.
    ``stap=opslaan``: the rows the preview showed (signed with ``salt``, so for this page and person only, an hour
    at most), checked again against the data as it is now. The caller saves ``checked.rows`` only when valid."""
    confirming = request.POST.get("stap") == "opslaan"
    form = form_class() if confirming else form_class(request.POST, request.FILES)
    if confirming:
        try:
            raw_rows = deserialise(spreadsheets.unsign(request.POST.get("regels"), salt=salt))
        except (ValueError, TypeError):  # expired, changed, or signed yet not rows
            return ImportStep(form, spreadsheets.Checked(file_error=spreadsheets.EXPIRED), confirming)
    elif not form.is_valid():  # the form says why, next to its field
        return ImportStep(form, spreadsheets.Checked(), confirming)
    else:
        upload = form.cleaned_data["file"]
        try:
            raw_rows = spreadsheets.read_rows(upload.name, upload.read(), layout)
        except spreadsheets.FileRefused as error:
            return ImportStep(form, spreadsheets.Checked(file_error=str(error)), confirming)
    return ImportStep(form, check(raw_rows), confirming)


def advisor_required(view):
    """The Versnellingsteam only; for everyone else, anonymous included, the page does not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_advisor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class ItemWork:
    """The actions and akkoorden under each item of a checklist page: the data read once for the page
    (``coalition_work``). An action's form is fetched when its ``<details>`` opens (``action_form_page``); only a
    form refused with errors (``bound``: prefix → form) is drawn on the page itself."""

    def __init__(self, access, items, *, day=None, bound=None):
        self.access = access
        self.day = day
        self.data = actions.coalition_work(access.region, items, today=timezone.localdate(), day=day)
        self.can_change = day is None and permissions.can_change_actions(access)
        self.bound = bound or {}

    def for_item(self, item) -> dict:
        rows = [
            {"action": action, "form": self.bound.get(action_prefix(action.pk))}
            for action in self.data.actions.get(item.pk, [])
        ]
        work = {
            "actions": rows,
            "can_change": self.can_change,
            "new_action_form": self.bound.get(new_action_prefix(item.pk)),
        }
        if item.needs_agreement:
            given = self.data.agreements.get(item.pk, {})
            mine = self.access.organisation_ids if self.day is None and not self.access.is_advisor else frozenset()
            prefixes = [agreement_prefix(item.pk, withdraw=withdraw) for withdraw in (False, True)]
            refused = next((self.bound[prefix] for prefix in prefixes if prefix in self.bound), None)
            work["agreement"] = [
                {"organisation_id": pk, "name": name, "given": given.get(pk), "mine": pk in mine}
                for pk, name in self.data.partners
            ]
            work["agreement_form"] = refused
        return work


def item_work(access, items, *, day=None, bound=None) -> ItemWork:
    return ItemWork(access, items, day=day, bound=bound)
