"""Logging in with the organisation's own account (OpenID Connect): who the provider's person is in the portal.

After the first login a person is known by the provider's issuer and subject (``ProviderLink``), never by e-mail.
The first time, the provider's *verified* e-mail address finds them: an existing active account is linked to it, or
an open invitation to that address is accepted through the people services (which make the account, check every
rule of the invitation and record it in the history). Nobody else gets an account, and a deactivated account is
refused.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from regions.models import Invitation, ProviderLink
from regions.services import people

NOT_VERIFIED = (
    "Je organisatie heeft niet bevestigd dat dit jouw e-mailadres is, dus het portaal kan je niet herkennen. Log in "
    "met je gebruikersnaam en wachtwoord, of vraag de beheerder van je organisatie-account om je e-mailadres te "
    "laten bevestigen."
)
NO_INVITATION = (
    "Voor {email} is er in het portaal geen account en geen open uitnodiging. Je hebt een uitnodiging nodig: vraag "
    "een collega die al in het portaal werkt, of de trekker van je regio, om je uit te nodigen. Daarna kun je hier "
    "inloggen met je organisatie-account."
)
INVITATION_NOT_NOW = "Er is een uitnodiging voor {email}, maar die kan nu niet worden aanvaard. {reasons}"
DEACTIVATED = "Je account in het portaal is uitgeschakeld. Neem contact op met beheer."
SEVERAL_ACCOUNTS = (
    "Er zijn meerdere accounts met het e-mailadres {email}. Log in met je gebruikersnaam en wachtwoord, of neem "
    "contact op met beheer."
)
LINKED_ELSEWHERE = (
    "Je account in het portaal is al gekoppeld aan een ander account bij je organisatie. Neem contact op met beheer."
)

NAME_CLAIMS = {"first_name": "given_name", "last_name": "family_name"}


class LoginRefused(ValidationError):
    """The provider's person cannot log in to the portal; the message is Dutch and meant for them."""


@transaction.atomic
def person_for_provider_login(*, issuer: str, subject: str, claims: dict):
    """The active account of the person the provider vouches for (linked on their first login), or LoginRefused."""
    link = ProviderLink.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    person = link.user if link else _first_login(issuer=issuer, subject=subject, claims=claims)
    if not person.is_active:
        raise LoginRefused(DEACTIVATED)
    return person


def _first_login(*, issuer: str, subject: str, claims: dict):
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip() or claims.get("email_verified") is not True:
        raise LoginRefused(NOT_VERIFIED)
    email = email.strip()
    accounts = list(get_user_model().objects.filter(email__iexact=email))
    person = _existing_account(accounts, email, issuer) if accounts else _invited(email, claims)
    ProviderLink.objects.create(user=person, issuer=issuer, subject=subject)
    return person


def _existing_account(accounts: list, email: str, issuer: str):
    active = [account for account in accounts if account.is_active]
    if not active:
        raise LoginRefused(DEACTIVATED)
    if len(active) > 1:
        raise LoginRefused(SEVERAL_ACCOUNTS.format(email=email))
    if ProviderLink.objects.filter(user=active[0], issuer=issuer).exists():
        raise LoginRefused(LINKED_ELSEWHERE)
    return active[0]


def _invited(email: str, claims: dict):
    """A new account through the first invitation to the address that may be accepted now."""
    names = {field: str(claims.get(claim) or "")[:150] for field, claim in NAME_CLAIMS.items()}
    reasons = []
    invitations = Invitation.objects.filter(email__iexact=email, status__in=people.PENDING).order_by("created_at", "pk")
    for invitation in invitations:
        try:
            return people.invitation_accept_new(invitation=invitation, password=None, **names)
        except people.InvitationRefused as refusal:
            reasons.append(f"{invitation.organisation}: {' '.join(refusal.messages)}")
    if reasons:
        raise LoginRefused(INVITATION_NOT_NOW.format(email=email, reasons=" ".join(reasons)))
    raise LoginRefused(NO_INVITATION.format(email=email))
