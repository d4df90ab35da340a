"""Regions and their coalitions: the partner organisations, their roles, their people, and invitations.

A region someone may not see is a 404 (fetched through ``visible_to``); a change they may not make on a
region they may see is a 403 (regions.permissions). Writes go through regions.services.coalition.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phases.models import OrganisationType
from regions import permissions
from regions.forms.coalition import PartnerAddForm, PartnerChangeForm, PartnerSearchForm, RegionPhaseForm, RoleForm
from regions.forms.obstacles import ObstacleOpenForm
from regions.models import Membership, Organisation, Partnership, Region
from regions.selectors.access import RegionAccess, region_access, user_organisation_ids
from regions.selectors.actions import region_work
from regions.selectors.advice import region_advice
from regions.selectors.durations import duration_summary
from regions.selectors.figures import key_figures
from regions.selectors.history import progress_summary
from regions.selectors.obstacles import region_summary as obstacle_summary
from regions.services import coalition as services


def _posted(request):
    """The form data of a POST (even an empty one), None for a GET: an empty POST must fail validation."""
    return request.POST if request.method == "POST" else None


def _region_to_change(request, slug) -> RegionAccess:
    """A region the user may see (else 404) and whose coalition they manage (else 403)."""
    access = region_access(request, slug)
    if not permissions.can_manage_coalition(access):
        raise PermissionDenied(services.NOT_TREKKER)
    return access


def _partner_groups(partnerships) -> tuple[list[dict], list[OrganisationType]]:
    """Partners grouped by the guide's organisation types, and the required types that are missing."""
    groups = [
        {"type": type_, "partnerships": [p for p in partnerships if p.organisation.type_id == type_.pk]}
        for type_ in OrganisationType.objects.all()
    ]
    missing = [g["type"] for g in groups if g["type"].required_in_coalition and not g["partnerships"]]
    return groups, missing


@login_required
@require_GET
def region_list(request):
    today = timezone.localdate()
    regions = [
        {"region": region, "duration": duration_summary(region, today)}
        for region in Region.objects.visible_to(request.user).with_overview()
    ]
    return render(
        request, "regions/region_list.html", {"regions": regions, "is_advisor": permissions.is_advisor(request.user)}
    )


@login_required
@require_GET
def region_detail(request, slug):
    access = region_access(request, slug)
    region = access.region
    partnerships = list(region.partnerships.select_related("organisation__type"))
    people = Membership.objects.people_by_organisation([partnership.organisation_id for partnership in partnerships])
    for partnership in partnerships:
        partnership.people = people.get(partnership.organisation_id, [])
    groups, missing = _partner_groups(partnerships)
    context = {
        "region": region,
        "duration": duration_summary(region, timezone.localdate()),
        "groups": groups,
        "missing_types": missing,
        "current_phase": region.current_phase,
        "my_organisation_ids": access.organisation_ids,
        "can_manage": permissions.can_manage_coalition(access),
        "can_change_progress": permissions.can_change_progress(access),
        **region_advice(access, summary=True),
        **progress_summary(region),
        "key_figures": key_figures(region),
        "can_mark": permissions.can_mark_obstacles(access),
        "obstacle_form": ObstacleOpenForm(auto_id="knelpunt-%s"),
        **obstacle_summary(region),
        **region_work(region, timezone.localdate()),
    }
    return render(request, "regions/region_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partners(request, slug):
    region = _region_to_change(request, slug).region
    search = PartnerSearchForm(request.GET)
    form = PartnerAddForm(_posted(request), region=region, search=search)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["organisation"]:
            partnership = services.partnership_add(
                region=region, organisation=data["organisation"], user=request.user, is_trekker=data["is_trekker"]
            )
        else:
            partnership = services.partnership_add_new_organisation(
                region=region,
                name=data["name"],
                organisation_type=data["type"],
                user=request.user,
                is_trekker=data["is_trekker"],
            )
        messages.success(request, f"{partnership.organisation} is nu partner in {region}.")
        return redirect("regions:partners", slug=region.slug)
    partnerships = list(region.partnerships.select_related("organisation__type"))
    groups, missing = _partner_groups(partnerships)
    context = {
        "region": region,
        "form": form,
        "search": search,
        "already_here": search.matches(Organisation.objects.filter(partnerships__region=region)) if search.data else [],
        "groups": groups,
        "missing_types": missing,
    }
    return render(request, "regions/partners.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def partner_change(request, slug, pk):
    access = _region_to_change(request, slug)
    region = access.region
    partnership = get_object_or_404(region.partnerships.select_related("organisation", "region"), organisation__pk=pk)
    form = PartnerChangeForm(request.POST)
    try:
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("action", ["Onbekende actie."])))
        elif form.asks_confirmation:
            own = partnership.organisation_id in access.organisation_ids
            return render(
                request, "regions/partner_remove.html", {"region": region, "partnership": partnership, "own": own}
            )
        elif form.cleaned_data["action"] == "verwijderen":
            services.partnership_remove(partnership=partnership, user=request.user)
            messages.success(request, f"{partnership.organisation} is geen partner meer in {region}.")
        else:
            is_trekker = form.cleaned_data["action"] == "trekker"
            services.partnership_set_trekker(partnership=partnership, is_trekker=is_trekker, user=request.user)
            messages.success(request, f"{partnership.organisation} is {'nu' if is_trekker else 'niet langer'} trekker.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    access = permissions.access_for(request.user, region)
    if permissions.can_manage_coalition(access):
        return redirect("regions:partners", slug=region.slug)
    return redirect(region if access.is_partner else "regions:list")


@login_required
@require_http_methods(["GET", "POST"])
def phase_set(request, slug):
    region = _region_to_change(request, slug).region
    form = RegionPhaseForm(_posted(request), region=region)
    if request.method == "POST" and form.is_valid():
        services.region_set_phase(
            region=region, phase=form.chosen_phase, started_on=form.cleaned_data["started_on"], user=request.user
        )
        messages.success(request, f"De huidige fase is nu {form.chosen_phase}.")
        return redirect(region)
    context = {"region": region, "form": form, "duration": duration_summary(region, timezone.localdate())}
    return render(request, "regions/partners_phase.html", context, status=400 if form.errors else 200)


def _organisation_rows(request, organisation, *, open_pk=None, form=None) -> list[dict]:
    """One row per region the user may see: the partnership and, for the organisation's own staff, a form."""
    can_edit = organisation.pk in user_organisation_ids(request.user)
    partnerships = Partnership.objects.filter(
        organisation=organisation, region__in=Region.objects.visible_to(request.user)
    ).select_related("region__current_phase")
    rows = []
    for partnership in partnerships.order_by("region__name"):
        is_open, row_form = partnership.pk == open_pk, None
        if can_edit:
            region, initial = partnership.region, {"role": partnership.role}
            auto_id = f"id_rol_{region.slug}_%s"
            row_form = form if is_open and form else RoleForm(initial=initial, auto_id=auto_id, region=region)
        rows.append({"partnership": partnership, "open": is_open, "form": row_form})
    return rows


@login_required
@require_GET
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user).select_related("type"), pk=pk)
    context = {
        "organisation": organisation,
        "rows": _organisation_rows(request, organisation),
        "people": organisation.memberships.filter(user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name"),
        "can_edit": organisation.pk in user_organisation_ids(request.user),
    }
    return render(request, "regions/organisation_detail.html", context)


@login_required
@require_POST
def organisation_role(request, pk, slug):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user).select_related("type"), pk=pk)
    partnership = get_object_or_404(
        Partnership.objects.filter(region__in=Region.objects.visible_to(request.user)).select_related("region"),
        organisation=organisation,
        region__slug=slug,
    )
    if not permissions.can_edit_role(request.user, partnership):
        raise PermissionDenied("Alleen medewerkers van deze organisatie kunnen haar rol beschrijven.")
    form = RoleForm(request.POST, auto_id=f"id_rol_{slug}_%s", region=partnership.region)
    saved = form.is_valid()
    if saved:
        services.partnership_set_role(partnership=partnership, role=form.cleaned_data["role"], user=request.user)
        if not request.htmx:
            messages.success(request, f"De rol van {organisation} in {partnership.region} is opgeslagen.")
            return redirect(f"{organisation.get_absolute_url()}#rol-{slug}")
    rows = _organisation_rows(request, organisation, open_pk=partnership.pk, form=None if saved else form)
    context = {"organisation": organisation, "rows": rows, "can_edit": True, "saved": saved}
    if request.htmx:
        context["row"] = next(row for row in rows if row["partnership"].pk == partnership.pk)
        response = render(request, "regions/organisation_detail.html#role-row", context)
    else:
        context["people"] = organisation.memberships.select_related("user")
        response = render(request, "regions/organisation_detail.html", context, status=400)
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns = [
    path("regios/", region_list, name="list"),
    path("regios/<slug:slug>/", region_detail, name="detail"),
    path("regios/<slug:slug>/partners/", partners, name="partners"),
    path("regios/<slug:slug>/partners/<int:pk>/", partner_change, name="partner"),
    path("regios/<slug:slug>/fase/", phase_set, name="phase_set"),
    path("organisaties/<int:pk>/", organisation_detail, name="organisation"),
    path("organisaties/<int:pk>/rol/<slug:slug>/", organisation_role, name="organisation_role"),
]
