"""The Versnellingsteam's advice and the regions' support requests: *nieuw → in behandeling → afgerond*.

Each function checks permission, changes the data, records an ``Activity`` and, once the transaction is
committed, e-mails the other side (``wonen_eerst.mail``): the advisors when the region writes, the requester and
the region's trekkers when an advisor acts. E-mails carry a link, never the text itself.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from phases.models import Phase
from regions import permissions
from regions.models import Activity, Obstacle, Region, Review, SupportMessage, SupportRequest
from regions.selectors.overview import ADVISOR_SIDE
from regions.services.history import activity_record
from wonen_eerst.mail import send_mail_later

Status = SupportRequest.Status
ONLY_PARTNERS = "Alleen partners van deze regio kunnen hulp vragen aan het Versnellingsteam."
ONLY_ADVISORS = "Alleen leden van het Versnellingsteam kunnen dit doen."
ONLY_THREAD = "Alleen partners van deze regio en het Versnellingsteam kunnen hier reageren."


class StepNotAllowed(Exception):
    """A step the request's status does not allow now; the message is Dutch and meant for the user."""


def _name(user) -> str:
    return user.get_full_name() or user.username


def site_url(path: str) -> str:
    return settings.WONEN_EERST_SITE_URL.rstrip("/") + path


def advisor_recipients():
    """Active members of the Versnellingsteam (by the permission, as ``is_advisor``), with an e-mail address."""
    return permissions.advisor_users().exclude(email="")


def trekker_recipients(region: Region):
    """Active staff of the region's trekker organisations, with an e-mail address."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation__partnerships__region=region,
            memberships__organisation__partnerships__is_trekker=True,
        )
        .exclude(email="")
        .distinct()
    )


def addressees(recipients, *, exclude=None) -> list:
    """The people an e-mail about an action goes to: active, with an e-mail address, not the person acting; each
    once, by name. What the services send and what the pages say was sent both come from here."""
    people = {}
    for user in recipients:
        if user is None or not user.is_active or not user.email or (exclude is not None and user.pk == exclude.pk):
            continue
        people.setdefault(user.pk, user)
    return sorted(people.values(), key=lambda user: (_name(user).lower(), user.pk))


def review_addressees(region: Region, *, author) -> list:
    """Who is e-mailed about advice on the region: the staff of its trekkers."""
    return addressees(trekker_recipients(region), exclude=author)


def region_addressees(support_request: SupportRequest, *, actor) -> list:
    """Who is e-mailed when an advisor acts on a request: the region's trekkers and whoever asked."""
    return addressees([*trekker_recipients(support_request.region), support_request.requested_by], exclude=actor)


def advisor_addressees(support_request: SupportRequest, *, actor) -> list:
    """Who is e-mailed when the region writes: the advisor who has the request, else the whole Versnellingsteam."""
    recipients = [support_request.assigned_to] if support_request.assigned_to else advisor_recipients()
    return addressees(recipients, exclude=actor)


def reply_addressees(support_request: SupportRequest, *, user) -> list:
    """Who is e-mailed about a reply in the thread: the other side."""
    side = region_addressees if permissions.can_advise(user) else advisor_addressees
    return side(support_request, actor=user)


def send_notification(*, recipients, subject: str, template: str, context: dict, exclude=None) -> int:
    """One e-mail per recipient (no one sees the others' addresses), sent once the transaction commits; returns
    how many there are."""
    addresses = [u.email for u in recipients if exclude is None or u.pk != exclude.pk]
    if not any(addresses):
        return 0
    return send_mail_later(subject, render_to_string(template, context), addresses)


def _request_context(support_request: SupportRequest, actor) -> dict:
    url = reverse("regions:support_detail", args=[support_request.region.slug, support_request.pk])
    return {"request": support_request, "region": support_request.region, "actor": _name(actor), "url": site_url(url)}


def _notify(support_request: SupportRequest, people: list, *, actor, subject: str, template: str) -> None:
    send_notification(
        recipients=people, subject=subject, template=template, context=_request_context(support_request, actor)
    )


def _record(support_request: SupportRequest, *, user, summary: str, before: dict | None, side: str) -> None:
    activity_record(
        region=support_request.region,
        actor=user,
        kind=Activity.Kind.SUPPORT,
        summary=summary,
        before=before,
        after={"request": support_request.pk, "status": support_request.status, "side": side},
    )


def _locked(support_request: SupportRequest) -> SupportRequest:
    return (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("region", "requested_by", "assigned_to")
        .get(pk=support_request.pk)
    )


@transaction.atomic
def support_request_create(
    *, region: Region, user, kind: str, description: str, obstacle: Obstacle | None = None
) -> SupportRequest:
    """Partner staff ask the Versnellingsteam for help, possibly about one of the region's obstacles; the advisors
    are told by e-mail."""
    if not permissions.can_request_support(permissions.access_for(user, region)):
        raise PermissionDenied(ONLY_PARTNERS)
    if obstacle is not None and obstacle.region_id != region.pk:
        raise PermissionDenied("Dit knelpunt hoort niet bij deze regio.")
    support_request = SupportRequest.objects.create(
        region=region, kind=kind, description=description, requested_by=user, obstacle=obstacle
    )
    _record(
        support_request,
        user=user,
        summary=f"Hulpvraag gesteld: {support_request.get_kind_display()}",
        before=None,
        side="regio",
    )
    _notify(
        support_request,
        advisor_addressees(support_request, actor=user),
        actor=user,
        subject=f"Nieuwe hulpvraag van {region}: {support_request.get_kind_display()}",
        template="regions/email/support_created.txt",
    )
    return support_request


@transaction.atomic
def support_request_take(*, support_request: SupportRequest, user) -> SupportRequest:
    """An advisor takes a new request: it is assigned to them and is *in behandeling*."""
    if not permissions.can_advise(user):
        raise PermissionDenied(ONLY_ADVISORS)
    support_request = _locked(support_request)
    if support_request.status == Status.CLOSED:
        raise StepNotAllowed("Deze hulpvraag is al afgerond; oppakken kan niet meer.")
    if support_request.status == Status.IN_PROGRESS:
        holder = "jou" if support_request.assigned_to_id == user.pk else _name(support_request.assigned_to)
        raise StepNotAllowed(f"Deze hulpvraag is al opgepakt door {holder}.")
    before = {"status": support_request.status, "assigned_to": None}
    support_request.status = Status.IN_PROGRESS
    support_request.assigned_to = user
    support_request.taken_at = timezone.now()
    support_request.save(update_fields=["status", "assigned_to", "taken_at"])
    _record(
        support_request, user=user, summary=f"Hulpvraag opgepakt door {_name(user)}", before=before, side=ADVISOR_SIDE
    )
    _notify(
        support_request,
        region_addressees(support_request, actor=user),
        actor=user,
        subject=f"Je hulpvraag is opgepakt door het Versnellingsteam ({support_request.region})",
        template="regions/email/support_taken.txt",
    )
    return support_request


@transaction.atomic
def support_request_reply(*, support_request: SupportRequest, user, text: str) -> SupportMessage:
    """A message in the thread, from an advisor or from the region's partner staff; the other side is told."""
    support_request = _locked(support_request)
    access = permissions.access_for(user, support_request.region)
    advisor = access.is_advisor
    if not permissions.can_reply_to_support(access):
        raise PermissionDenied(ONLY_THREAD)
    if support_request.status == Status.CLOSED:
        raise StepNotAllowed("Deze hulpvraag is afgerond; reageren kan niet meer. Stel gerust een nieuwe hulpvraag.")
    message = SupportMessage.objects.create(request=support_request, author=user, text=text)
    side = ADVISOR_SIDE if advisor else "regio"
    _record(support_request, user=user, summary="Reactie bij hulpvraag", before=None, side=side)
    subject = f"Nieuwe reactie bij de hulpvraag van {support_request.region}"
    people = reply_addressees(support_request, user=user)
    _notify(support_request, people, actor=user, subject=subject, template="regions/email/support_message.txt")
    return message


@transaction.atomic
def support_request_close(*, support_request: SupportRequest, user) -> SupportRequest:
    """An advisor closes the request (*afgerond*); nobody can reply to it any more."""
    if not permissions.can_advise(user):
        raise PermissionDenied(ONLY_ADVISORS)
    support_request = _locked(support_request)
    if support_request.status == Status.CLOSED:
        raise StepNotAllowed("Deze hulpvraag is al afgerond.")
    before = {"status": support_request.status, "assigned_to": support_request.assigned_to_id}
    support_request.status = Status.CLOSED
    support_request.closed_at = timezone.now()
    if support_request.assigned_to_id is None:
        support_request.assigned_to = user
    support_request.save(update_fields=["status", "closed_at", "assigned_to"])
    _record(support_request, user=user, summary="Hulpvraag afgerond", before=before, side=ADVISOR_SIDE)
    _notify(
        support_request,
        region_addressees(support_request, actor=user),
        actor=user,
        subject=f"Je hulpvraag is afgerond ({support_request.region})",
        template="regions/email/support_closed.txt",
    )
    return support_request


@transaction.atomic
def review_create(*, region: Region, user, text: str, phase: Phase | None = None) -> Review:
    """An advisor's advice on a region, optionally for one phase; in its history and e-mailed to the trekkers."""
    if not permissions.can_advise(user):
        raise PermissionDenied(ONLY_ADVISORS)
    review = Review.objects.create(region=region, phase=phase, author=user, text=text)
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.REVIEW,
        summary=f"Advies van het Versnellingsteam{f' bij {phase}' if phase else ''}",
        after={"review": review.pk, "side": ADVISOR_SIDE},
        phase_id=phase.pk if phase else None,
    )
    send_notification(
        recipients=review_addressees(region, author=user),
        subject=f"Advies van het Versnellingsteam voor {region}",
        template="regions/email/review_created.txt",
        context={"review": review, "region": region, "actor": _name(user), "url": site_url(region.get_absolute_url())},
    )
    return review
