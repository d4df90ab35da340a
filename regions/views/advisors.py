"""The Versnellingsteam's workspace: every region at a glance, the CSV export, and writing advice."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from regions.exports import csv_safe
from regions.forms.advice import OverviewFilterForm, ReviewForm
from regions.selectors.access import region_access
from regions.selectors.obstacles import questions_by_phase
from regions.selectors.overview import ANY_SIGNAL, SORTS, Filters, region_overview, signal_labels
from regions.services.advice import review_addressees, review_create
from regions.views.shared import advisor_required, say_who_is_emailed

SORT_LABELS = {
    "naam": "Regio",
    "fase": "Fase",
    "duur": "In fase",
    "activiteit": "Laatste activiteit",
    "hulpvragen": "Open hulpvragen",
    "signalen": "Signalen",
}


def sort_columns(filters: Filters) -> dict[str, dict]:
    """Per sortable column: its label, the sort a click asks for, and aria-sort for the current one."""
    columns = {}
    for key, label in SORT_LABELS.items():
        descending_first = SORTS[key][0].startswith("-")
        current = filters.sort.removeprefix("-") == key
        reversed_ = filters.sort.startswith("-")
        aria = ("descending" if descending_first != reversed_ else "ascending") if current else ""
        columns[key] = {"label": label, "next": f"-{key}" if filters.sort == key else key, "aria": aria}
    return columns


@require_GET
@advisor_required
def overview(request):
    filters = OverviewFilterForm(request.GET).filters()
    template = "regions/advisors.html"
    if request.htmx and not request.htmx.boosted:
        template += "#table"
    context = {
        "overview": region_overview(filters=filters),
        "filters": filters,
        "columns": sort_columns(filters),
        "signal_choices": [(ANY_SIGNAL, "Met een signaal"), *signal_labels().items()],
        "obstacle_choices": questions_by_phase(),
    }
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@advisor_required
def export_csv(request):
    data = region_overview(filters=OverviewFilterForm(request.GET).filters(), per_page=None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="regios-{data.today:%Y-%m-%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    phase_headers = [f"Fase {p.number} afgevinkt" for p in data.phases]
    writer.writerow(
        ["Regio", "Centrumgemeente", "Fase", "In fase sinds", "Maanden in fase", "Typische duur (maanden)"]
        + phase_headers
        + ["Laatste activiteit", "Open hulpvragen", "Open knelpunten", "Signalen"]
    )
    for row in data.rows:
        region, phase = row.region, row.region.current_phase
        writer.writerow(
            [csv_safe(region.name), csv_safe(region.centrumgemeente), f"{phase.number} {phase.name}"]
            + [f"{region.phase_started_on:%d-%m-%Y}", row.months, phase.duration_label]
            + [f"{cell.done}/{cell.total}" for cell in row.cells]
            + [f"{row.last_active:%d-%m-%Y}", row.open_requests]
            + [csv_safe(" | ".join(obstacle.title for obstacle in row.open_obstacles))]
            + [" | ".join(text for _, text in row.signal_texts)]
        )
    return response


@require_http_methods(["GET", "POST"])
@advisor_required
def review_new(request, slug):
    region = region_access(request, slug).region
    form = ReviewForm(request.POST or None, initial={"phase": region.current_phase})
    if request.method == "POST" and form.is_valid():
        try:
            review_create(region=region, user=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            return render(request, "regions/support_denied.html", {"message": str(error)}, status=403)
        nobody = "Niemand krijgt er een e-mail over: bij de trekkers heeft niemand een actief account met e-mailadres."
        people = review_addressees(region, author=request.user)
        say_who_is_emailed(request, f"Je advies voor {region} is geplaatst.", people, nobody=nobody)
        return redirect(f"{region.get_absolute_url()}#advies")
    context = {"region": region, "form": form, "addressees": review_addressees(region, author=request.user)}
    return render(request, "regions/review_form.html", context)


urlpatterns = [
    path("versnellingsteam/", overview, name="advisors"),
    path("versnellingsteam/export.csv", export_csv, name="advisors_csv"),
    path("regios/<slug:slug>/advies/nieuw/", review_new, name="review_create"),
]
