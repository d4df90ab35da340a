"""A person's own start page and weekly summary: when they last looked, and whether they want the e-mail."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone

from regions.models import StartPage

DIGEST_OFF_SALT = "wonen-eerst.digest-off"


@transaction.atomic
def start_page_seen(*, user):
    """Record that ``user`` looks at their start page now; returns when they looked before (None the first time)."""
    page, _ = StartPage.objects.select_for_update().get_or_create(user=user)
    previous = page.seen_at
    page.seen_at = timezone.now()
    page.save(update_fields=["seen_at"])
    return previous


def digest_set(*, user, on: bool) -> StartPage:
    """Switch the weekly summary on or off for ``user``."""
    page, _ = StartPage.objects.update_or_create(user=user, defaults={"digest": on})
    return page


def digest_off_token(user) -> str:
    """The secret in the link of every summary that switches it off in one click."""
    return signing.dumps(user.pk, salt=DIGEST_OFF_SALT)


def digest_off_by_token(token: str):
    """Switch the summary off for the person the link was made for; None when the link is not genuine."""
    try:
        pk = signing.loads(token, salt=DIGEST_OFF_SALT)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is not None:
        digest_set(user=user, on=False)
    return user
