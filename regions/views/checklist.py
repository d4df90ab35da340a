"""A region's checklists: ticking items off per phase, the history of every change, and the exports.

A region someone may not see is a 404; a change they may not make on a region they may see is a 403.
Pages that also answer htmx with a fragment send ``Vary: HX-Request``.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from phases.models import Phase
from regions import exports, permissions, services
from regions.forms.actions import (
    ActionForm,
    AgreementForm,
    action_initial,
    action_prefix,
    agreement_prefix,
    new_action_prefix,
)
from regions.forms.checklist import ActivityFilterForm, DayForm, NoteForm, TickForm
from regions.forms.obstacles import ObstacleOpenForm, ObstacleSolveForm, solve_prefix
from regions.models import Action, Organisation, Region
from regions.selectors import actions, checklists, durations, history, obstacles
from regions.selectors.access import RegionAccess, region_access
from regions.services import progress_set
from regions.views.shared import item_work

ACTIVITY_PAGE_SIZE = 25
RECENT_IN_PHASE = 5


def _entry(state, note_form=None, work=None) -> dict:
    """One item on the page: its state, the form for its note and link, and its actions and akkoorden."""
    initial = {"note": state.note, "link": state.link}
    entry = {"state": state, "note_form": note_form or NoteForm(prefix=f"punt-{state.item.pk}", initial=initial)}
    return entry | (work.for_item(state.item) if work else {})


def _phase_context(access: RegionAccess, phase: Phase, day=None, bound=None) -> dict:
    """The phase page, now or, with ``day``, everything on it as it stood at the end of that day."""
    region = access.region
    if day is None:
        journey, states = checklists.journey(region), checklists.checklist(region, phase)
    else:
        journey, states = checklists.journey_on(region, day), checklists.checklist_on(region, phase, day)
    work = item_work(access, [state.item for state in states], day=day, bound=bound)
    return {
        "region": region,
        "phase": phase,
        "items": [_entry(state, work=work) for state in states],
        "day": day,
        "before_start": day is not None and day < history.first_day(region),
        "can_change": day is None and permissions.can_change_progress(access),
        "can_manage": permissions.can_manage_coalition(access),
        **_progress_context(region, phase, journey, day),
        "recent": history.latest_changes(region, phase=phase, count=RECENT_IN_PHASE, day=day),
        "today": timezone.localdate(),
        **_obstacle_context(access, phase, day),
    }


def _obstacle_context(access: RegionAccess, phase: Phase, day=None) -> dict:
    """Beside "Waar loop je tegenaan?": the phase's questions, the region's obstacles and where help is; on a past
    day the obstacles as they stood then."""
    if day:
        return {"obstacles_then": [o for o in obstacles.obstacles_on(access.region, day) if o.phase_id == phase.pk]}
    found = obstacles.phase_obstacles(access.region, phase)
    for entry in found["questions"]:
        if entry.open_obstacle:
            entry.solve_form = ObstacleSolveForm(prefix=solve_prefix(entry.open_obstacle.pk))
        else:
            entry.open_form = ObstacleOpenForm(auto_id=f"vraag-{entry.question.pk}-%s")
    for obstacle in found["own_obstacles"]:
        obstacle.solve_form = ObstacleSolveForm(prefix=solve_prefix(obstacle.pk))
    return {
        "obstacle_questions": found["questions"],
        "own_obstacles": found["own_obstacles"],
        "solved_obstacles": found["solved_obstacles"],
        "can_mark": permissions.can_mark_obstacles(access),
    }


def _progress_context(region: Region, phase: Phase, journey: list, day=None) -> dict:
    """What the progress bar, the journey and the phase's duration show (on ``day``, as they were then); also sent
    out of band after a tick."""
    here = next(step for step in journey if step.phase.pk == phase.pk)
    if day is None:
        current, duration = region.current_phase, durations.duration_summary(region, timezone.localdate())
    else:
        phase_id, started_on = durations.phase_on(region, checklists.end_of_day(day))
        current = next(step.phase for step in journey if step.phase.pk == phase_id)
        duration = durations.duration_summary(region, day, phase=current, started_on=started_on)
    after = next((step.phase for step in journey if step.phase.number == phase.number + 1), None)
    return {
        "journey": journey,
        "here": here,
        "current_phase": current,
        "next_phase": after if day is None and here.is_complete and phase.pk == current.pk else None,
        "duration": duration,
    }


def _phase_or_404(number: int) -> Phase:
    """The phase with its checklist items."""
    phase = checklists.checklist_phase(number)
    if phase is None:
        raise Http404("Deze fase bestaat niet.")
    return phase


@login_required
@require_GET
def phase_checklist(request, slug, number):
    access = region_access(request, slug)
    phase = _phase_or_404(number)
    day_form = DayForm(request.GET)
    day = day_form.cleaned_data["datum"] if day_form.is_valid() else None
    context = {**_phase_context(access, phase, day), "day_form": day_form}
    response = render(request, "regions/phase_checklist.html", context, status=200 if day_form.is_valid() else 400)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def checklist_item(request, slug, number, item_id):
    """Tick, untick, or change the note and link of one item; htmx gets the item and, out of band,
    the progress bar and the journey; without JavaScript the browser goes back to the item."""
    access = region_access(request, slug)
    region = access.region
    item = checklists.checklist_item(number, item_id)
    if item is None:
        raise Http404("Dit punt staat niet op de checklist van deze fase.")
    if not permissions.can_change_progress(access):
        raise PermissionDenied("Alleen partners van deze regio kunnen de checklist aanpassen.")
    changes, refused = _requested_changes(request, item)
    if refused is not None:
        return _item_invalid(request, access, item, refused)
    if changes is None:
        return HttpResponseBadRequest("Onbekende actie.")
    try:
        row = progress_set(region=region, item=item, user=request.user, **changes)
    except ValidationError as refused:
        return HttpResponseBadRequest(refused.messages[0])
    if request.htmx:
        response = _tick_response(request, access, item, row, whole_item="note" in changes)
    else:
        response = redirect(reverse("regions:phase", args=[region.slug, number]) + f"#punt-{item.pk}")
    patch_vary_headers(response, ["HX-Request"])
    return response


def _requested_changes(request, item) -> tuple[dict | None, NoteForm | None]:
    """(changes for progress_set, None), or (None, the note form with its errors); (None, None) when the
    action is unknown."""
    prefix = f"punt-{item.pk}"
    if request.POST.get("actie") == "toelichting":
        form = NoteForm(request.POST, prefix=prefix)
        if not form.is_valid():
            return None, form
        return {"note": form.cleaned_data["note"], "link": form.cleaned_data["link"]}, None
    if request.POST.get("actie") == "vinken":
        form = TickForm(request.POST, prefix=prefix)
        return {"done": form.is_valid() and form.cleaned_data["done"]}, None
    return None, None


def _tick_response(request, access: RegionAccess, item, row, *, whole_item: bool):
    """The item's tick and who ticked it (after a tick) or the whole item (after a new note or link), and out of
    band the progress bar, the phase's step of the journey (the only one a tick changes), the phase's latest
    changes and the announcement for screen readers. A tick leaves the item's note form alone, and with it any
    text being typed there."""
    region = access.region
    state = checklists.ItemState.from_row(item, row)
    context = {"region": region, "phase": item.phase, "can_change": True, "oob": True, "saved": True}
    context |= {"entry": _entry(state)} if whole_item else {"state": state, "item": item}
    context["today"] = timezone.localdate()
    context["recent"] = history.latest_changes(region, phase=item.phase, count=RECENT_IN_PHASE)
    context |= _progress_context(region, item.phase, checklists.journey(region))
    context["can_manage"] = permissions.can_manage_coalition(access)
    return render(request, "regions/phase_checklist.html#tick-response", context)


def _item_invalid(request, access: RegionAccess, item, note_form):
    """The note or link is refused: the page (or, for htmx, the item) with Dutch errors and the input kept."""
    region = access.region
    if request.htmx:
        state = checklists.item_state(region, item)
        context = {"region": region, "phase": item.phase, "can_change": True}
        context["entry"] = _entry(state, note_form)
        response = render(request, "regions/phase_checklist.html#item", context)
    else:
        context = {**_phase_context(access, item.phase), "day_form": DayForm()}
        context["items"] = [
            _entry(entry["state"], note_form) if entry["state"].item.pk == item.pk else entry
            for entry in context["items"]
        ]
        response = render(request, "regions/phase_checklist.html", context, status=400)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def activity(request, slug):
    region = region_access(request, slug).region
    phases = list(Phase.objects.all())
    people = history.people_in_history(region)
    form = ActivityFilterForm(request.GET, phases=phases, people=people, kinds=history.KIND_CHOICES)
    filters = form.filters()
    entries = history.activities(region, phase=filters["fase"], actor=filters["persoon"], kind=filters["soort"])
    page = Paginator(entries, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("pagina"))
    phase_names = {phase.pk: str(phase) for phase in phases}
    for entry in page:
        entry.changes = history.changes(entry, phase_names)
    template = "regions/activity_list.html" + ("#results" if request.htmx and not request.htmx.boosted else "")
    response = render(request, template, {"region": region, "form": form, "page": page, "filters": filters})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def export(request, slug, what, fmt):
    """The region's own data out: its checklist state or its history, as CSV (for Excel) or JSON."""
    region = region_access(request, slug).region
    return exports.response(region, what=what, fmt=fmt)


def _item_or_404(number: int, item_id: int):
    item = checklists.checklist_item(number, item_id)
    if item is None:
        raise Http404("Dit punt staat niet op de checklist van deze fase.")
    return item


def _back_to(region, item, anchor: str):
    return redirect(reverse("regions:phase", args=[region.slug, item.phase.number]) + f"#{anchor}")


def _page_with_errors(request, access: RegionAccess, phase: Phase, prefix: str, form):
    """The phase page again with the refused form, its Dutch errors beside the fields and the input kept."""
    context = {**_phase_context(access, phase, bound={prefix: form}), "day_form": DayForm()}
    return render(request, "regions/phase_checklist.html", context, status=400)


def _action_form(access: RegionAccess, prefix: str, data=None, initial=None) -> ActionForm:
    """An action's form, with the region's partners and their people as the choices of owner and person."""
    partners, people = actions.partners_and_people(access.region)
    return ActionForm(data, prefix=prefix, initial=initial, owners=partners, people=people)


def _may_change_actions(access: RegionAccess) -> None:
    if not permissions.can_change_actions(access):
        raise PermissionDenied("Alleen medewerkers van de partners in deze regio beheren acties.")


def _action_or_404(access: RegionAccess, pk: int) -> Action:
    return get_object_or_404(Action.objects.select_related("item__phase", "region"), pk=pk, region=access.region)


@login_required
@require_GET
def action_new(request, slug, number, item_id):
    """The form for a new action under an item (see ``_action_form_page``)."""
    access = region_access(request, slug)
    item = _item_or_404(number, item_id)
    _may_change_actions(access)
    form = _action_form(access, new_action_prefix(item.pk))
    post_url = reverse("regions:action_create", args=[access.region.slug, item.phase.number, item.pk])
    return _action_form_page(request, access, item, form, post_url, heading="Actie toevoegen", button="Actie toevoegen")


@login_required
@require_GET
def action_edit(request, slug, pk):
    """The form to change an action, filled in with how it stands (see ``_action_form_page``)."""
    access = region_access(request, slug)
    action = _action_or_404(access, pk)
    _may_change_actions(access)
    form = _action_form(access, action_prefix(action.pk), initial=action_initial(action))
    post_url = reverse("regions:action_update", args=[access.region.slug, action.pk])
    return _action_form_page(
        request, access, action.item, form, post_url, heading="Actie wijzigen", button="Actie opslaan"
    )


def _action_form_page(request, access: RegionAccess, item, form, post_url: str, *, heading: str, button: str):
    """An action's form is not drawn on the phase page: htmx fetches it when its ``<details>`` opens; without
    JavaScript the link there opens it as a page of its own, which posts to the same view."""
    context = {
        "region": access.region,
        "phase": item.phase,
        "item": item,
        "form": form,
        "post_url": post_url,
        "heading": heading,
        "button": button,
    }
    template = "regions/item_work.html#action_form" if request.htmx else "regions/action_form.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _action_fields(form: ActionForm) -> dict:
    data = form.cleaned_data
    person = get_user_model().objects.filter(pk=data["person"]).first() if data["person"] else None
    owner = Organisation.objects.get(pk=data["owner"])
    return {
        "what": data["what"],
        "owner": owner,
        "person": person,
        "due_on": data["due_on"],
        "status": data["status"],
        "blocked_reason": data["blocked_reason"],
    }


@login_required
@require_POST
def action_create(request, slug, number, item_id):
    """Add an action under an item; back to the item, or the page with the form's errors."""
    access = region_access(request, slug)
    item = _item_or_404(number, item_id)
    _may_change_actions(access)
    prefix = new_action_prefix(item.pk)
    form = _action_form(access, prefix, request.POST)

    def save():
        services.action_create(region=access.region, item=item, user=request.user, **_action_fields(form))

    return _action_saved(request, access, item, prefix, form, save, "De actie is toegevoegd.")


@login_required
@require_POST
def action_update(request, slug, pk):
    """Change an action (its status, why it is blocked, owner, date); back to its item."""
    access = region_access(request, slug)
    action = _action_or_404(access, pk)
    _may_change_actions(access)
    prefix = action_prefix(action.pk)
    form = _action_form(access, prefix, request.POST)

    def save():
        services.action_update(action=action, user=request.user, **_action_fields(form))

    return _action_saved(request, access, action.item, prefix, form, save, "De actie is bijgewerkt.")


def _action_saved(request, access: RegionAccess, item, prefix: str, form, save, done: str):
    """Save a valid form (``save``); the refusals of the form or the service go next to the fields, input kept.
    htmx gets the item's actions again (with the message for screen readers); without JavaScript the browser goes
    back to the item's actions, or gets the page with the errors."""
    if form.is_valid():
        try:
            save()
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    ok = not form.errors
    if request.htmx:
        work = item_work(access, [item], bound={} if ok else {prefix: form})
        context = {"region": access.region, "phase": item.phase, "item": item, "entry": work.for_item(item)}
        response = render(request, "regions/item_work.html#actions", context | {"saved": done if ok else ""})
    elif ok:
        messages.success(request, done)
        response = _back_to(access.region, item, f"punt-{item.pk}-acties")
    else:
        response = _page_with_errors(request, access, item.phase, prefix, form)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def agreement(request, slug, number, item_id):
    """Give (``actie=geven``) or withdraw (``actie=intrekken``, saying why) an organisation's akkoord."""
    access = region_access(request, slug)
    item = _item_or_404(number, item_id)
    mine = [(pk, "") for pk in access.organisation_ids]
    if not item.needs_agreement or not mine or access.is_advisor:
        raise PermissionDenied("Alleen medewerkers van een partner geven akkoord, op een punt dat dat vraagt.")
    withdraw = request.POST.get("actie") == "intrekken"
    prefix = agreement_prefix(item.pk, withdraw=withdraw)
    form = AgreementForm(request.POST, prefix=prefix, organisations=mine, withdraw=withdraw)
    if not form.is_valid():
        return _page_with_errors(request, access, item.phase, prefix, form)
    organisation = Organisation.objects.get(pk=form.cleaned_data["organisation"])
    note = form.cleaned_data["note"]
    if withdraw:
        services.agreement_withdraw(
            region=access.region, item=item, organisation=organisation, user=request.user, reason=note
        )
        messages.success(request, f"Het akkoord van {organisation.name} is ingetrokken.")
    else:
        services.agreement_give(
            region=access.region, item=item, organisation=organisation, user=request.user, note=note
        )
        messages.success(request, f"{organisation.name} heeft akkoord gegeven.")
    return _back_to(access.region, item, f"punt-{item.pk}")


@login_required
@require_GET
def actions_export(request, slug, fmt):
    """The region's actions, as CSV (for Excel) or JSON."""
    return exports.actions_response(region_access(request, slug).region, fmt=fmt)


urlpatterns = [
    path("regios/<slug:slug>/fasen/<int:number>/punten/<int:item_id>/acties/", action_create, name="action_create"),
    path("regios/<slug:slug>/acties/<int:pk>/", action_update, name="action_update"),
    path("regios/<slug:slug>/fasen/<int:number>/punten/<int:item_id>/acties/nieuw/", action_new, name="action_new"),
    path("regios/<slug:slug>/acties/<int:pk>/wijzigen/", action_edit, name="action_edit"),
    path("regios/<slug:slug>/fasen/<int:number>/punten/<int:item_id>/akkoord/", agreement, name="agreement"),
    path("regios/<slug:slug>/acties.csv", actions_export, {"fmt": "csv"}, name="actions_csv"),
    path("regios/<slug:slug>/acties.json", actions_export, {"fmt": "json"}, name="actions_json"),
    path("regios/<slug:slug>/fasen/<int:number>/", phase_checklist, name="phase"),
    path("regios/<slug:slug>/fasen/<int:number>/punten/<int:item_id>/", checklist_item, name="checklist_item"),
    path("regios/<slug:slug>/activiteit/", activity, name="activity"),
    *(
        path(f"regios/<slug:slug>/export/{what}.{fmt}", export, {"what": what, "fmt": fmt}, name=f"export_{what}_{fmt}")
        for what in ("checklist", "activiteit")
        for fmt in ("csv", "json")
    ),
]
