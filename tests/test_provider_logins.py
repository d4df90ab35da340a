"""Who a provider's person is in the portal (regions.services.logins), for the cases that need no provider: the whole
flow through a real OpenID provider is in tests/oidc/."""

import pytest

from regions.models import ProviderLink
from regions.services.logins import LINKED_ELSEWHERE, SEVERAL_ACCOUNTS, LoginRefused, person_for_provider_login
from tests import factories

ISSUER = "https://login.example.org/tenant/v2.0"


def login(subject: str, email: str, **claims):
    return person_for_provider_login(
        issuer=ISSUER, subject=subject, claims={"email": email, "email_verified": True, **claims}
    )


def test_an_address_of_two_active_accounts_matches_neither(db):
    factories.make_user(email="gedeeld@example.org")
    factories.make_user(email="Gedeeld@example.org")
    with pytest.raises(LoginRefused, match="meerdere accounts") as refusal:
        login("s-1", "gedeeld@example.org")
    assert refusal.value.messages == [SEVERAL_ACCOUNTS.format(email="gedeeld@example.org")]
    assert not ProviderLink.objects.exists()


def test_an_account_linked_to_one_subject_is_not_taken_by_another_of_the_same_provider(db):
    person = factories.make_user(email="iemand@example.org")
    assert login("s-1", "iemand@example.org") == person
    assert login("s-1", "ander-adres@example.org", email_verified=False) == person  # known by subject now
    with pytest.raises(LoginRefused) as refusal:
        login("s-2", "iemand@example.org")
    assert refusal.value.messages == [LINKED_ELSEWHERE]
    assert list(ProviderLink.objects.values_list("subject", flat=True)) == ["s-1"]
