"""Support requests: a region asks the Versnellingsteam for help; advisors take, answer and close them.

The region's own pages live under /regios/<slug>/hulpvragen/; the advisors' inbox under /versnellingsteam/.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regions import permissions
from regions.forms.advice import InboxFilterForm, SupportMessageForm, SupportRequestForm
from regions.models import SupportRequest
from regions.selectors.access import region_access
from regions.selectors.advice import INBOX_STATUSES, region_advice, requests_with_thread_info, thread
from regions.selectors.obstacles import obstacle_for
from regions.services.advice import (
    StepNotAllowed,
    advisor_addressees,
    region_addressees,
    reply_addressees,
    support_request_close,
    support_request_create,
    support_request_reply,
    support_request_take,
)
from regions.views.shared import advisor_required, say_who_is_emailed

Status = SupportRequest.Status
INBOX_PAGE_SIZE = 25  # requests per page of the inbox; years of closed requests stay a short page
REGION_NOBODY = (
    "Niemand krijgt er een e-mail over: bij de trekkers en de vraagsteller heeft niemand een actief account met "
    "e-mailadres. Ze zien het op de pagina van de hulpvraag."
)
TEAM_NOBODY = (
    "Niemand krijgt er een e-mail over: in het Versnellingsteam heeft niemand een actief account met e-mailadres. "
    "Het staat wel in hun overzicht van hulpvragen."
)


def _denied(request, error):
    return render(request, "regions/support_denied.html", {"message": str(error)}, status=403)


@require_GET
@login_required
def support_list(request, slug):
    access = region_access(request, slug)
    return render(request, "regions/support_list.html", {"region": access.region, **region_advice(access)})


@require_http_methods(["GET", "POST"])
@login_required
def support_new(request, slug):
    access = region_access(request, slug)
    region = access.region
    if not permissions.can_request_support(access):
        return _denied(request, "Alleen partners van deze regio kunnen hulp vragen aan het Versnellingsteam.")
    form = SupportRequestForm(request.POST or None, region=region, initial=_support_initial(request, region))
    if request.method == "POST" and form.is_valid():
        support_request = support_request_create(region=region, user=request.user, **form.cleaned_data)
        later = "Je krijgt een e-mail zodra iemand hem oppakt." if request.user.email else ""
        people = advisor_addressees(support_request, actor=request.user)
        say_who_is_emailed(request, "Je hulpvraag is verstuurd.", people, nobody=TEAM_NOBODY, then=later)
        return redirect("regions:support_detail", region.slug, support_request.pk)
    value = str((form["obstacle"].value() if form.is_bound else form.initial.get("obstacle")) or "")
    obstacle = obstacle_for(region, int(value)) if value.isdigit() and len(value) < 10 else None
    return render(request, "regions/support_form.html", {"region": region, "form": form, "obstacle": obstacle})


def _support_initial(request, region) -> dict:
    """``?soort=…&knelpunt=…``: the kind of help and the obstacle filled in, from a click on an obstacle. An
    unknown kind or someone else's obstacle is left out; the person still writes the request."""
    initial = {}
    if request.GET.get("soort") in SupportRequest.Kind.values:
        initial["kind"] = request.GET["soort"]
    obstacle = request.GET.get("knelpunt", "")
    if obstacle.isdigit() and len(obstacle) < 10 and obstacle_for(region, int(obstacle)) is not None:
        initial["obstacle"] = int(obstacle)
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def support_detail(request, slug, pk):
    access = region_access(request, slug)
    support_request = get_object_or_404(requests_with_thread_info(), region=access.region, pk=pk)
    form = SupportMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support_request_reply(support_request=support_request, user=request.user, text=form.cleaned_data["text"])
        except PermissionDenied as error:
            return _denied(request, error)
        except StepNotAllowed as error:
            messages.error(request, str(error))
        else:
            people = reply_addressees(support_request, user=request.user)
            nobody = REGION_NOBODY if permissions.can_advise(request.user) else TEAM_NOBODY
            say_who_is_emailed(request, "Je reactie is geplaatst.", people, nobody=nobody)
        return redirect(f"{support_request_url(support_request)}#draad")
    return render(request, "regions/support_detail.html", _detail_context(access, support_request, form))


def _detail_context(access, support_request, form) -> dict:
    may_advise = access.is_advisor
    return {
        "region": access.region,
        "support_request": support_request,
        "thread": thread(support_request),
        "form": form,
        "may_reply": support_request.status != Status.CLOSED and permissions.can_reply_to_support(access),
        "may_advise": may_advise,
        "menu_section": "versnellingsteam" if may_advise else "regios",  # as the breadcrumb starts
    }


def support_request_url(support_request) -> str:
    return reverse("regions:support_detail", args=[support_request.region.slug, support_request.pk])


def _step(request, slug, pk, service, done_message):
    """Take or close: the service checks; a wrong step is a Dutch message and no change."""
    region = region_access(request, slug).region
    support_request = get_object_or_404(SupportRequest.objects.select_related("region"), region=region, pk=pk)
    try:
        service(support_request=support_request, user=request.user)
    except PermissionDenied as error:
        return _denied(request, error)
    except StepNotAllowed as error:
        messages.error(request, str(error))
    else:
        people = region_addressees(support_request, actor=request.user)
        say_who_is_emailed(request, done_message, people, nobody=REGION_NOBODY)
    return redirect(support_request_url(support_request))


@require_POST
@login_required
def support_take(request, slug, pk):
    return _step(request, slug, pk, support_request_take, "Je hebt de hulpvraag opgepakt.")


@require_POST
@login_required
def support_close(request, slug, pk):
    return _step(request, slug, pk, support_request_close, "De hulpvraag is afgerond.")


@require_GET
@advisor_required
def inbox(request):
    query = InboxFilterForm(request.GET).values()
    status, mine = query["status"], query["van"] == "mij"
    requests = requests_with_thread_info().filter(status__in=INBOX_STATUSES[status][1])
    if mine:
        requests = requests.filter(assigned_to=request.user)
    requests = requests.order_by(*(("-closed_at", "-pk") if status == Status.CLOSED else ("created_at", "pk")))
    counts = SupportRequest.objects.aggregate(
        **{key: Count("pk", filter=Q(status__in=statuses)) for key, (_, statuses) in INBOX_STATUSES.items()}
    )
    tabs = [(key, label, counts[key]) for key, (label, _) in INBOX_STATUSES.items()]
    page = Paginator(requests, INBOX_PAGE_SIZE).get_page(query["pagina"])
    context = {"page": page, "requests": page.object_list, "tabs": tabs, "status": status, "mine": mine}
    return render(request, "regions/support_inbox.html", context)


urlpatterns = [
    path("regios/<slug:slug>/hulpvragen/", support_list, name="support_list"),
    path("regios/<slug:slug>/hulpvragen/nieuw/", support_new, name="support_create"),
    path("regios/<slug:slug>/hulpvragen/<int:pk>/", support_detail, name="support_detail"),
    path("regios/<slug:slug>/hulpvragen/<int:pk>/oppakken/", support_take, name="support_take"),
    path("regios/<slug:slug>/hulpvragen/<int:pk>/afronden/", support_close, name="support_close"),
    path("versnellingsteam/hulpvragen/", inbox, name="support_inbox"),
]
