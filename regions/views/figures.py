"""A region's key figures (kengetallen): values per period and targets per year with their charts, the figures on
a past date, the export and the import; and the Versnellingsteam's view across regions.

A region someone may not see is a 404; a change they may not make on a region they may see is a 403. The page
also answers htmx with one figure's card (``Vary: HX-Request``); every form works without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from phases.models import Indicator, Phase
from regions import figures_io, permissions, spreadsheets
from regions.figures_io import csv_lines
from regions.forms.checklist import DayForm
from regions.forms.figures import ImportForm, NationalFilterForm, TargetForm, ValueForm
from regions.selectors.access import RegionAccess, region_access
from regions.selectors.figures import grouped, import_preview, national_figures, region_figures
from regions.services.figures import (
    NOT_PARTNER,
    NOT_TREKKER,
    figures_import,
    indicator_target_set,
    indicator_value_set,
)
from regions.views.shared import advisor_required, import_step

ACTIONS = {"waarde": (ValueForm, permissions.can_enter_figures), "doel": (TargetForm, permissions.can_set_targets)}
IMPORT_SALT = "kengetallen-import"
IMPORT_TEMPLATE = "regions/figures_import.html"


OPEN = {"invullen": "waarde", "doel": "doel"}  # ?invullen=<figure> opens the value form, ?doel=<figure> the target's


def _form(action: str, indicator, data=None, *, autofocus: bool = False):
    form_class = ACTIONS[action][0]
    form = form_class(data, prefix=f"{action}-{indicator.pk}", indicator=indicator, today=timezone.localdate())
    if autofocus:  # opened on request: the first field takes the focus (htmx focuses it after the swap)
        next(iter(form.fields.values())).widget.attrs["autofocus"] = True
    return form


def _opened(request, access: RegionAccess) -> tuple[str, str] | None:
    """(figure's slug, action) of the form asked for, when the user may use it."""
    for param, action in OPEN.items():
        slug = request.GET.get(param, "")
        if slug and ACTIONS[action][1](access):
            return slug, action
    return None


def _flags(access: RegionAccess) -> dict:
    return {"can_enter": permissions.can_enter_figures(access), "can_set_targets": permissions.can_set_targets(access)}


def _page_context(access: RegionAccess, *, day=None, forms=None) -> dict:
    """The page: every figure's card; ``forms`` = (figure's id, {action: form}) shows forms in that one card. The
    forms are rendered only when asked for: a page of cards with two forms each costs ten times as much."""
    region, groups = access.region, []
    for name, series_list in grouped(region_figures(region, day=day)):
        cards = [{"series": s, "forms": forms[1] if forms and forms[0] == s.indicator.pk else {}} for s in series_list]
        groups.append((name, cards))
    return {"region": region, "groups": groups, "day": day, **_flags(access)}


@login_required
@require_http_methods(["GET", "POST"])
def figures(request, slug):
    access = region_access(request, slug)
    response = _figures_post(request, access) if request.method == "POST" else _figures_get(request, access)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _figures_get(request, access: RegionAccess):
    """The page, on a past date with ``?datum=``; with ``?invullen=`` or ``?doel=`` the form asked for in its card
    (for htmx only that card)."""
    day_form = DayForm(request.GET)
    day = day_form.cleaned_data["datum"] if day_form.is_valid() else None
    opened = None if day else _opened(request, access)
    indicator = Indicator.objects.active().filter(slug=opened[0]).first() if opened else None
    forms = (indicator.pk, {opened[1]: _form(opened[1], indicator, autofocus=True)}) if indicator else None
    context = {**_page_context(access, day=day, forms=forms), "day_form": day_form}
    if request.htmx and indicator:
        context["entry"] = next(card for _, cards in context["groups"] for card in cards if card["forms"])
        return render(request, "regions/figures.html#card", context)
    return render(request, "regions/figures.html", context, status=200 if day_form.is_valid() else 400)


def _figures_post(request, access: RegionAccess):
    """A value (``actie=waarde``) or a target (``actie=doel``) for one figure (``kengetal``, its id)."""
    region = access.region
    if not any(allowed(access) for _, allowed in ACTIONS.values()):
        raise PermissionDenied(NOT_PARTNER)
    action = request.POST.get("actie")
    if action not in ACTIONS:
        return HttpResponseBadRequest("Onbekende actie.")
    if not ACTIONS[action][1](access):
        raise PermissionDenied(NOT_TREKKER)
    indicator = Indicator.objects.active().filter(pk=_int(request.POST.get("kengetal"))).first()
    if indicator is None:
        return HttpResponseBadRequest("Onbekend kengetal.")
    form = _form(action, indicator, request.POST)
    saved = form.is_valid() and _save(request, region, indicator, action, form)
    if saved and not request.htmx:
        messages.success(request, saved)
        return redirect(reverse("regions:figures", args=[region.slug]) + f"#kengetal-{indicator.slug}")
    forms = {} if saved else {action: form}
    if request.htmx:
        series = next(s for s in region_figures(region) if s.indicator.pk == indicator.pk)
        context = {"region": region, "entry": {"series": series, "forms": forms}, "saved": saved}
        return render(request, "regions/figures.html#card-response", context | _flags(access))
    context = {**_page_context(access, forms=(indicator.pk, forms)), "day_form": DayForm()}
    return render(request, "regions/figures.html", context, status=400)


def _int(text) -> int | None:
    return int(text) if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) < 12 else None


def _save(request, region, indicator, action, form) -> str:
    """Save through the service: the message that says what was saved, or "" with the refusal on the form."""
    data = form.cleaned_data
    try:
        if action == "waarde":
            indicator_value_set(region=region, indicator=indicator, user=request.user, **data)
            label = dict(form.fields["period"].choices)[data["period"]]
            return f"Opgeslagen: {indicator.name}, {label}: {data['value']} {indicator.unit}."
        indicator_target_set(region=region, indicator=indicator, user=request.user, **data)
        return f"Opgeslagen: doel voor {indicator.name} in {data['year']}: {data['value']} {indicator.unit}."
    except ValidationError as error:
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
        return ""


@login_required
@require_GET
def figures_export(request, slug, fmt):
    """The region's figures out: every value and target, as CSV (for Excel) or JSON."""
    return figures_io.export_response(region_access(request, slug).region, fmt)


@login_required
@require_http_methods(["GET", "POST"])
def figures_upload(request, slug):
    """Import a CSV or Excel file in the export's shape: first a check with a preview (or a report of every refused
    row), then, on confirmation, all rows saved at once, or none."""
    access = region_access(request, slug)
    region = access.region
    if not permissions.can_enter_figures(access):
        raise PermissionDenied(NOT_PARTNER)
    context = {"region": region, "form": ImportForm(), **_flags(access)}
    if request.method == "GET":
        return render(request, IMPORT_TEMPLATE, context)
    salt = f"{IMPORT_SALT}:{region.pk}:{request.user.pk}"
    step = import_step(
        request,
        form_class=ImportForm,
        layout=figures_io.LAYOUT,
        salt=salt,
        deserialise=figures_io.deserialise,
        check=lambda raw_rows: _check(access, raw_rows),
    )
    checked = context["checked"] = step.checked
    context["form"] = step.form
    if not checked.is_valid:
        return render(request, IMPORT_TEMPLATE, context, status=400)
    if step.confirming:
        messages.success(request, _imported(figures_import(region=region, rows=checked.rows, user=request.user)))
        return redirect("regions:figures", slug=region.slug)
    context["preview"] = import_preview(region, checked.rows)
    context["payload"] = spreadsheets.sign(figures_io.serialise(checked.raw), salt=salt)
    return render(request, IMPORT_TEMPLATE, context)


def _imported(saved: dict[str, int]) -> str:
    """ "Geïmporteerd: 3 waarden en 1 doel opgeslagen; 2 regels waren al zo."."""
    values, targets, same = saved["waarden"], saved["doelen"], saved["ongewijzigd"]
    text = f"Geïmporteerd: {values} {'waarde' if values == 1 else 'waarden'}"
    text += f" en {targets} {'doel' if targets == 1 else 'doelen'} opgeslagen"
    if same:
        text += f"; {same} regel{' was' if same == 1 else 's waren'} al zo"
    return text + "."


def _check(access: RegionAccess, raw_rows):
    may_set_targets = permissions.can_set_targets(access)
    return figures_io.check_rows(raw_rows, may_set_targets=may_set_targets, today=timezone.localdate())


# --- The Versnellingsteam -----------------------------------------------------------------------------------------


def _national(request):
    form = NationalFilterForm(
        request.GET, indicators=list(Indicator.objects.active()), phases=list(Phase.objects.all())
    )
    return form, national_figures(today=timezone.localdate(), **form.filters())


@require_GET
@advisor_required
def national(request):
    form, data = _national(request)
    template = "regions/figures_national.html" + ("#results" if request.htmx and not request.htmx.boosted else "")
    response = render(request, template, {"form": form, "national": data, "menu_section": "versnellingsteam"})
    patch_vary_headers(response, ["HX-Request"])
    return response


NATIONAL_COLUMNS = {
    "regio": "Regio",
    "centrumgemeente": "Centrumgemeente",
    "fase": "Fase",
    "kengetal": "Kengetal",
    "code": "Code",
    "eenheid": "Eenheid",
    "laatste_periode": "Laatste periode",
    "laatste_waarde": "Laatste waarde",
    "gemeten_op": "Gemeten op",
    "vorige_periode": "Vorige periode",
    "waarde_vorige_periode": "Waarde vorige periode",
    "doel": "Doel dit jaar",
}


def _national_rows(data):
    for block in data.indicators:
        for row in block.rows:
            latest, last = row.latest, row.last_period
            yield {
                "regio": row.region.name,
                "centrumgemeente": row.region.centrumgemeente,
                "fase": row.region.current_phase.number,
                "kengetal": block.indicator.name,
                "code": block.indicator.slug,
                "eenheid": block.indicator.unit,
                "laatste_periode": latest.period.code if latest else "",
                "laatste_waarde": latest.value if latest else None,
                "gemeten_op": latest.measured_on.isoformat() if latest and latest.measured_on else "",
                "vorige_periode": block.last_period.code,
                "waarde_vorige_periode": last.value if last else None,
                "doel": row.target,
            }


@require_GET
@advisor_required
def national_csv(request):
    """The same tables as one CSV: a row per region and figure, with the page's filters."""
    _, data = _national(request)
    rows = csv_lines(NATIONAL_COLUMNS, _national_rows(data))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kengetallen-regios-{data.today:%Y-%m-%d}.csv"'
    return response


urlpatterns = [
    path("regios/<slug:slug>/kengetallen/", figures, name="figures"),
    path("regios/<slug:slug>/kengetallen/importeren/", figures_upload, name="figures_import"),
    path("regios/<slug:slug>/kengetallen.csv", figures_export, {"fmt": "csv"}, name="figures_csv"),
    path("regios/<slug:slug>/kengetallen.json", figures_export, {"fmt": "json"}, name="figures_json"),
    path("versnellingsteam/kengetallen/", national, name="advisors_figures"),
    path("versnellingsteam/kengetallen.csv", national_csv, name="advisors_figures_csv"),
]
