"""The advice side of a region: the Versnellingsteam's reviews and the region's support requests with their threads."""

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from regions import permissions
from regions.models import Review, SupportMessage, SupportRequest
from regions.selectors.access import RegionAccess
from regions.selectors.overview import waiting_before

Status = SupportRequest.Status
REGION_PAGE_REVIEWS = 3
# The inbox's tabs: key in the query string → (label, the statuses it shows).
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
    return SupportRequest.objects.select_related(
        "region", "requested_by", "assigned_to", "obstacle__question"
    ).annotate(
        message_count=Coalesce(Subquery(messages_of.annotate(n=Count("pk")).values("n")), 0),
        waits_too_long=Case(
            When(status=Status.NEW, created_at__lt=cutoff, then=True), default=False, output_field=BooleanField()
        ),
    )


def region_advice(access: RegionAccess, *, summary: bool = False) -> dict:
    """The advice section: reviews and support requests (two queries). As a ``summary`` (the region page) only
    the newest reviews and the open requests, so the page stays short after years of advice; the region's
    hulpvragen page has them all."""
    region = access.region
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
        "may_request_support": permissions.can_request_support(access),
        "may_advise": access.is_advisor,
    }


def thread(support_request):
    """The messages of a request, each marked ``from_team`` when its author is of the Versnellingsteam."""
    from_team = Exists(permissions.advisor_users().filter(pk=OuterRef("author")))
    return support_request.messages.select_related("author").annotate(from_team=from_team)
