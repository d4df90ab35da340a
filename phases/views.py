from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from phases import markup
from phases.forms import ResourceFilterForm
from phases.models import GuidePage, OrganisationType, Phase, PhaseResource, Resource
from wonen_eerst.pdf import pdf_response, render_pdf


@require_GET
def home(request):
    explanation = GuidePage.objects.filter(slug="toelichting").values_list("body", flat=True).first() or ""
    return render(
        request,
        "phases/home.html",
        {
            "phases": Phase.objects.all(),
            "what_is": markup.section(explanation, "Wat is Wonen Eerst?"),
        },
    )


@require_GET
def phase_list(request):
    phases = Phase.objects.with_counts()
    # The guide PDF's size only once this worker has made the PDF of this version of the guide: never a guess.
    size = cache.get(pdf_size_key(phases))
    return render(request, "phases/phase_list.html", {"phases": phases, "guide_pdf_size": size})


@require_GET
def phase_detail(request, number):
    phase = get_object_or_404(Phase, number=number)
    neighbours = {p.number: p for p in Phase.objects.filter(number__in=[number - 1, number + 1])}
    context = {"phase": phase, "previous": neighbours.get(number - 1), "next": neighbours.get(number + 1)}
    return render(request, "phases/phase_detail.html", context)


@require_GET
def resource_list(request):
    form = ResourceFilterForm(request.GET)
    filters = form.filters()
    resources = Resource.objects.filtered(
        phase=filters["fase"], section=filters["onderdeel"], publisher=filters["uitgever"], text=filters["q"]
    )
    template = "phases/resource_list.html"
    # Only the results for a filter click; the whole page for a normal load and for htmx's history restore.
    if request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request:
        template += "#results"
    response = render(
        request,
        template,
        {
            "resources": resources,
            "filters": filters,
            "narrowed_by": form.narrowed_by(),
            "phases": Phase.objects.only("number", "name"),
            "sections": PhaseResource.Section.choices,
            "publishers": Resource.objects.publishers(),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def guide_index(request):
    """/over/, the main menu's "Over Wonen Eerst": the first of the guide pages, in the order the editors set."""
    first = GuidePage.objects.only("slug").first()
    if first is None:
        raise Http404("De gids is nog niet geladen.")
    return redirect(first)


@require_GET
def guide_page(request, slug):
    page = get_object_or_404(GuidePage, slug=slug)
    organisation_types = OrganisationType.objects.all() if slug == "organisaties" else None
    return render(
        request,
        "phases/guide_page.html",
        {"page": page, "pages": GuidePage.objects.only("slug", "nav_title"), "organisation_types": organisation_types},
    )


@require_GET
def guide_pdf(request):
    """The whole guide as one PDF, for people who print; made once per content version (cached)."""
    context = {
        "title": "Samen bouwen aan Wonen Eerst — de gids",
        "pages": GuidePage.objects.all(),
        "organisation_types": OrganisationType.objects.all(),
        "phases": Phase.objects.with_guide(),
        "today": timezone.localdate(),
    }
    pdf = render_pdf("pdf/guide.html", context, cache_seconds=24 * 3600)
    cache.set(pdf_size_key(context["phases"]), len(pdf), 24 * 3600)
    response = pdf_response(pdf, "gids-samen-bouwen-aan-wonen-eerst.pdf", as_attachment=False)
    patch_cache_control(response, public=True, max_age=600)
    return response


def pdf_size_key(phases) -> str:
    """The cache key of the guide PDF's size in bytes: per version of the guide (any edit moves guide_changed_at)."""
    return "guide-pdf-size:" + max((phase.guide_changed_at.isoformat() for phase in phases), default="")
