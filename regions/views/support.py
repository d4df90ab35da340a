"""Support requests: a region asks the Versnellingsteam for help; advisors take, answer and close them.

The region's own pages live under /regios/<slug>/hulpvragen/; the advisors' inbox under /versnellingsteam/.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regions import permissions
from regions.forms_advice import SupportMessageForm, SupportRequestForm
from regions.models import Region, Review, SupportMessage, SupportRequest
from regions.overview import waiting_before
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
from regions.views.advisors import advisor_required, say_who_is_emailed

Status = SupportRequest.Status
REGION_NOBODY = (
    "Niemand krijgt er een e-mail over: bij de trekkers en de vraagsteller heeft niemand een actief account met "
    "e-mailadres. Ze zien het op de pagina van de hulpvraag."
)
TEAM_NOBODY = (
    "Niemand krijgt er een e-mail over: in het Versnellingsteam heeft niemand een actief account met e-mailadres. "
    "Het staat wel in hun overzicht van hulpvragen."
)
INBOX_STATUSES = {
    "open": ("Open", [Status.NEW, Status.IN_PROGRESS]),
    Status.NEW: ("Nieuw", [Status.NEW]),
    Status.IN_PROGRESS: ("In behandeling", [Status.IN_PROGRESS]),
    Status.CLOSED: ("Afgerond", [Status.CLOSED]),
}


def requests_with_thread_info(today=None):
    """Support requests with region and people, their number of messages and whether they wait too long."""
    cutoff = waiting_before(today or timezone.localdate())
    # Counted per listed request (a subquery), not by grouping every matching request with its messages before a
    # page of them is taken.
    messages_of = SupportMessage.objects.filter(request=OuterRef("pk")).values("request")
    return SupportRequest.objects.select_related("region", "requested_by", "assigned_to").annotate(
        message_count=Coalesce(Subquery(messages_of.annotate(n=Count("pk")).values("n")), 0),
        waits_too_long=Case(
            When(status=Status.NEW, created_at__lt=cutoff, then=True), default=False, output_field=BooleanField()
        ),
    )


REGION_PAGE_REVIEWS = 3
INBOX_PAGE_SIZE = 25  # requests per page of the inbox; years of closed requests stay a short page


def region_advice_context(user, region: Region, *, summary: bool = False) -> dict:
    """The advice section: reviews and support requests (two queries). As a ``summary`` (the region page) only
    the newest reviews and the open requests, so the page stays short after years of advice; the region's
    hulpvragen page has them all."""
    reviews = Review.objects.filter(region=region).select_related("author", "phase")
    support_requests = requests_with_thread_info().filter(region=region)
    if summary:
        reviews = list(reviews[: REGION_PAGE_REVIEWS + 1])
        support_requests = support_requests.exclude(status=Status.CLOSED)
    return {
        "reviews": reviews[:REGION_PAGE_REVIEWS] if summary else reviews,
        "more_reviews": summary and len(reviews) > REGION_PAGE_REVIEWS,
        "summary": summary,
        "support_requests": support_requests,
        "may_request_support": permissions.can_request_support(user, region),
        "may_advise": permissions.can_advise(user),
    }


def _region(request, slug) -> Region:
    return get_object_or_404(Region.objects.visible_to(request.user), slug=slug)


def _denied(request, error):
    return render(request, "regions/support_denied.html", {"message": str(error)}, status=403)


@require_GET
@login_required
def support_list(request, slug):
    region = _region(request, slug)
    return render(
        request, "regions/support_list.html", {"region": region, **region_advice_context(request.user, region)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def support_new(request, slug):
    region = _region(request, slug)
    if not permissions.can_request_support(request.user, region):
        return _denied(request, "Alleen partners van deze regio kunnen hulp vragen aan het Versnellingsteam.")
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        support_request = support_request_create(region=region, user=request.user, **form.cleaned_data)
        later = "U krijgt een e-mail zodra iemand hem oppakt." if request.user.email else ""
        people = advisor_addressees(support_request, actor=request.user)
        say_who_is_emailed(request, "Uw hulpvraag is verstuurd.", people, nobody=TEAM_NOBODY, then=later)
        return redirect("regions:support_detail", region.slug, support_request.pk)
    return render(request, "regions/support_form.html", {"region": region, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def support_detail(request, slug, pk):
    region = _region(request, slug)
    support_request = get_object_or_404(requests_with_thread_info(), region=region, pk=pk)
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
            say_who_is_emailed(request, "Uw reactie is geplaatst.", people, nobody=nobody)
        return redirect(f"{support_request_url(support_request)}#draad")
    return render(request, "regions/support_detail.html", _detail_context(request, support_request, form))


def _detail_context(request, support_request, form) -> dict:
    user, region = request.user, support_request.region
    may_advise = permissions.can_advise(user)
    return {
        "region": region,
        "support_request": support_request,
        "thread": support_request.messages.select_related("author").annotate(
            from_team=Exists(Group.objects.filter(user=OuterRef("author"), permissions__codename="view_all_regions"))
        ),
        "form": form,
        "may_reply": support_request.status != Status.CLOSED
        and (may_advise or permissions.is_partner_staff(user, region)),
        "may_advise": may_advise,
        "menu_section": "versnellingsteam" if may_advise else "regios",  # as the breadcrumb starts
    }


def support_request_url(support_request) -> str:
    return reverse("regions:support_detail", args=[support_request.region.slug, support_request.pk])


def _step(request, slug, pk, service, done_message):
    """Take or close: the service checks; a wrong step is a Dutch message and no change."""
    region = _region(request, slug)
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
    return _step(request, slug, pk, support_request_take, "U heeft de hulpvraag opgepakt.")


@require_POST
@login_required
def support_close(request, slug, pk):
    return _step(request, slug, pk, support_request_close, "De hulpvraag is afgerond.")


@require_GET
@advisor_required
def inbox(request):
    status = request.GET.get("status", "open")
    status = status if status in INBOX_STATUSES else "open"
    mine = request.GET.get("van") == "mij"
    requests = requests_with_thread_info().filter(status__in=INBOX_STATUSES[status][1])
    if mine:
        requests = requests.filter(assigned_to=request.user)
    requests = requests.order_by(*(("-closed_at", "-pk") if status == Status.CLOSED else ("created_at", "pk")))
    counts = SupportRequest.objects.aggregate(
        **{key: Count("pk", filter=Q(status__in=statuses)) for key, (_, statuses) in INBOX_STATUSES.items()}
    )
    tabs = [(key, label, counts[key]) for key, (label, _) in INBOX_STATUSES.items()]
    page = Paginator(requests, INBOX_PAGE_SIZE).get_page(request.GET.get("pagina"))
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
