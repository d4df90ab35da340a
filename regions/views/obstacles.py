"""A region's obstacles (knelpunten) and the Versnellingsteam's view of them across regions.

Partner staff mark, solve and reopen obstacles with plain forms (redirect after POST); advisors read them; another
region's obstacles are a 404. Trekkers decide whether other regions may see what the region solved and what helped.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from regions import exports, permissions
from regions.forms.checklist import DayForm
from regions.forms.obstacles import ObstacleOpenForm, ObstacleSolveForm, SharingForm, solve_prefix
from regions.selectors import obstacles as selectors
from regions.selectors.access import RegionAccess, region_access
from regions.services.obstacles import (
    ObstacleRefused,
    obstacle_open,
    obstacle_reopen,
    obstacle_sharing_set,
    obstacle_solve,
)
from regions.views.shared import advisor_required

BACK = {"fase", "lijst"}  # where a form sends the browser back to: the phase page or the obstacles page


def _back(request, access: RegionAccess, obstacle=None, phase_number=None) -> str:
    region = access.region
    anchor = f"#knelpunt-{obstacle.pk}" if obstacle is not None else "#knelpunten"
    if request.POST.get("terug") == "fase" and phase_number:
        return reverse("regions:phase", args=[region.slug, phase_number]) + anchor
    return reverse("regions:obstacles", args=[region.slug]) + anchor


def _page(request, access: RegionAccess, *, status=200, **forms):
    region = access.region
    day_form = DayForm(request.GET if "datum" in request.GET else None)
    day = day_form.cleaned_data["datum"] if day_form.is_bound and day_form.is_valid() else None
    obstacles = selectors.region_obstacles(region)
    solve_forms = forms.pop("solve_forms", {})
    learned = selectors.learned_elsewhere(region, [o.question_id for o in obstacles if o.is_open and o.question_id])
    for obstacle in obstacles:
        obstacle.learned = learned.get(obstacle.question_id, [])
        obstacle.solve_form = solve_forms.get(obstacle.pk) or ObstacleSolveForm(prefix=solve_prefix(obstacle.pk))
    context = {
        "region": region,
        "obstacles": obstacles,
        "day": day,
        "day_form": day_form,
        "obstacles_then": selectors.obstacles_on(region, day) if day else None,
        "can_mark": permissions.can_mark_obstacles(access),
        "can_share": permissions.can_share_obstacles(access),
        "open_form": forms.get("open_form") or ObstacleOpenForm(initial={"phase": region.current_phase.number}),
        "sharing_form": SharingForm(initial={"share": region.shares_solved_obstacles}),
    }
    return render(request, "regions/obstacles.html", context, status=400 if day_form.errors else status)


@login_required
@require_GET
def obstacle_list(request, slug):
    return _page(request, region_access(request, slug))


def _markable(request, slug) -> RegionAccess:
    access = region_access(request, slug)
    if not permissions.can_mark_obstacles(access):
        raise PermissionDenied("Alleen medewerkers van de partners in deze regio geven knelpunten aan.")
    return access


@login_required
@require_POST
def obstacle_new(request, slug):
    access = _markable(request, slug)
    form = ObstacleOpenForm(request.POST)
    if not form.is_valid():
        return _page(request, access, status=400, open_form=form)
    data = form.cleaned_data
    try:
        obstacle = obstacle_open(region=access.region, user=request.user, **data)
    except ObstacleRefused as error:
        messages.error(request, str(error))
        return redirect(_back(request, access, phase_number=data["phase"].number))
    messages.success(request, f"Knelpunt aangegeven: {obstacle.title}.")
    return redirect(_back(request, access, obstacle, obstacle.phase.number))


def _obstacle(access: RegionAccess, pk: int):
    obstacle = selectors.obstacle_for(access.region, pk)
    if obstacle is None:
        raise Http404("Dit knelpunt bestaat niet in deze regio.")
    return obstacle


@login_required
@require_POST
def obstacle_solved(request, slug, pk):
    access = _markable(request, slug)
    obstacle = _obstacle(access, pk)
    form = ObstacleSolveForm(request.POST, prefix=solve_prefix(obstacle.pk))
    if not form.is_valid():
        return _page(request, access, status=400, solve_forms={obstacle.pk: form})
    try:
        obstacle_solve(obstacle=obstacle, user=request.user, what_helped=form.cleaned_data["what_helped"])
    except ObstacleRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Knelpunt opgelost: {obstacle.title}.")
    return redirect(_back(request, access, obstacle, obstacle.phase.number))


@login_required
@require_POST
def obstacle_reopened(request, slug, pk):
    access = _markable(request, slug)
    obstacle = _obstacle(access, pk)
    try:
        obstacle_reopen(obstacle=obstacle, user=request.user)
    except ObstacleRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Knelpunt staat weer open: {obstacle.title}.")
    return redirect(_back(request, access, obstacle, obstacle.phase.number))


@login_required
@require_POST
def sharing(request, slug):
    access = region_access(request, slug)
    form = SharingForm(request.POST)
    form.is_valid()  # a checkbox: absent is "no"
    share = bool(form.cleaned_data.get("share"))
    obstacle_sharing_set(region=access.region, user=request.user, share=share)
    messages.success(
        request,
        "Andere regio's zien nu welke knelpunten jullie oplosten en wat hielp."
        if share
        else "Andere regio's zien jullie opgeloste knelpunten niet meer.",
    )
    return redirect(reverse("regions:obstacles", args=[access.region.slug]) + "#delen")


@login_required
@require_GET
def export(request, slug, fmt):
    return exports.response(region_access(request, slug).region, what="knelpunten", fmt=fmt)


@require_GET
@advisor_required
def national(request):
    return render(request, "regions/obstacles_national.html", selectors.national_counts())


@require_GET
@advisor_required
def national_csv(request):
    data = selectors.national_counts()
    return exports.obstacle_counts_response(data)


urlpatterns = [
    path("regios/<slug:slug>/knelpunten/", obstacle_list, name="obstacles"),
    path("regios/<slug:slug>/knelpunten/nieuw/", obstacle_new, name="obstacle_create"),
    path("regios/<slug:slug>/knelpunten/<int:pk>/opgelost/", obstacle_solved, name="obstacle_solve"),
    path("regios/<slug:slug>/knelpunten/<int:pk>/heropenen/", obstacle_reopened, name="obstacle_reopen"),
    path("regios/<slug:slug>/knelpunten/delen/", sharing, name="obstacle_sharing"),
    path("regios/<slug:slug>/export/knelpunten.csv", export, {"fmt": "csv"}, name="export_knelpunten_csv"),
    path("regios/<slug:slug>/export/knelpunten.json", export, {"fmt": "json"}, name="export_knelpunten_json"),
    path("versnellingsteam/knelpunten/", national, name="obstacles_national"),
    path("versnellingsteam/knelpunten.csv", national_csv, name="obstacles_national_csv"),
]
