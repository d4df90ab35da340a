"""One-time, expiring invitation links, built on Django's password-reset token machinery.

The token hashes the user's id, password hash, active flag and e-mail address with a timestamp, signed
with SECRET_KEY. Setting a password (accepting the invitation) changes the hash, so a used link no
longer verifies; after ``settings.PASSWORD_RESET_TIMEOUT`` seconds it expires.
"""

from enum import Enum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "regions.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"

    def is_expired_but_genuine(self, user, token) -> bool:
        """True for a token this generator made for ``user`` that is only too old."""
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        genuine = any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )
        if not genuine:
            return False
        return (self._num_seconds(self._now()) - ts) > settings.PASSWORD_RESET_TIMEOUT


invitation_token = InvitationTokenGenerator()


def valid_days() -> int:
    """How many days an invitation link stays valid."""
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)


class LinkState(Enum):
    VALID = "geldig"
    EXPIRED = "verlopen"
    INVALID = "ongeldig"  # used, forged or incomplete: these cannot be told apart without leaking


def invitation_uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def invitation_check(uidb64: str, token: str):
    """The invited user and the state of the link; the user is None unless the link is valid."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None, LinkState.INVALID
    if len(token) > 100:
        return None, LinkState.INVALID
    if invitation_token.check_token(user, token):
        return user, LinkState.VALID
    if invitation_token.is_expired_but_genuine(user, token):
        return None, LinkState.EXPIRED
    return None, LinkState.INVALID
