"""Trust across regions as a state machine (hypothesis): three regions that share organisations, and every action of
the coalition taken by anyone, including people who may not take it.

The machine keeps its own account of who works where, changed only along the consented paths (an invitation from
the organisation's own people; from a trekker for an organisation with nobody yet, approved by the Versnellingsteam
when it partners elsewhere too; a region's own partnership decisions). After every step it recomputes from the raw
tables who may see and who may change each region and checks that against that account; whenever those tables
changed, it checks that the portal's own access answers say the same. Runs with ``TRUST_EXAMPLES`` examples of
``TRUST_STEPS`` steps (environment; 15 × 25 by default).
"""

import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from regions import permissions
from regions.models import Invitation, Membership, Partnership, Region
from regions.services import partnership_add, partnership_remove, partnership_set_trekker
from regions.services import people as services
from tests import factories

EXAMPLES = int(os.environ.get("TRUST_EXAMPLES", "15"))
STEPS = int(os.environ.get("TRUST_STEPS", "25"))
SHRINK = os.environ.get("TRUST_SHRINK") == "1"  # shrinking a failure to its shortest form can take minutes
REFUSED = (PermissionDenied, ValidationError)
USERS = ["u0", "u1", "u2", "u3", "stranger", "advisor", "admin"]
EMAILS = ["u0", "u1", "u2", "u3", "stranger", "advisor", "new1", "new2"]


class Trust(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.regions = [factories.make_region(name=f"Regio {n}") for n in range(3)]
        self.orgs = [factories.make_organisation(type_slug="gemeente", name=f"Organisatie {n}") for n in range(5)]
        # O0, O1, O2 are trekkers of R0, R1, R2; O3 partners in R0 and R1; O4 partners in R2 and has nobody yet.
        self.partners = {(0, 0): True, (1, 1): True, (2, 2): True, (0, 3): False, (1, 3): False, (2, 4): False}
        for (r, o), trekker in self.partners.items():
            Partnership.objects.create(region=self.regions[r], organisation=self.orgs[o], is_trekker=trekker)
        self.users = {
            name: factories.make_user(username=name, email=f"{name}@example.org")
            for name in ["u0", "u1", "u2", "u3", "stranger"]
        }
        self.users["advisor"] = factories.make_user(username="advisor", email="advisor@example.org")
        self.users["advisor"].groups.add(Group.objects.get(name="Versnellingsteam"))
        self.users["admin"] = factories.make_user(username="admin", email="admin@example.org", is_superuser=True)
        self.members = {("u0", 0), ("u1", 1), ("u2", 2), ("u3", 3)}
        for name, o in self.members:
            Membership.objects.create(user=self.users[name], organisation=self.orgs[o])
        self.active = set(self.users)
        self.invitations = {}  # id → the machine's own record
        self.sent = {}  # inviter → invitations sent or resent (the hourly limit)
        self.checked = None  # the tables for which the portal's access answers were last checked

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # --- the machine's own account ----------------------------------------------------------------------------

    def works_for(self, name, o):
        return (name, o) in self.members

    def trekker_of(self, name, r):
        return name in self.active and any(
            self.works_for(name, o) and t for (rr, o), t in self.partners.items() if rr == r
        )

    def is_advisor(self, name):
        return name in ("advisor", "admin")

    def regions_of(self, o):
        return {r for (r, oo) in self.partners if oo == o}

    def fresh(self, name):
        return get_user_model().objects.get(pk=self.users[name].pk)

    # --- rules ----------------------------------------------------------------------------------------------

    @rule(actor=st.sampled_from(USERS), r=st.integers(0, 2), o=st.integers(0, 4), trekker=st.booleans())
    def add_partner(self, actor, r, o, trekker):
        allowed = self.trekker_of(actor, r) and not self.is_advisor(actor)
        try:
            partnership_add(
                region=self.regions[r], organisation=self.orgs[o], user=self.fresh(actor), is_trekker=trekker
            )
        except REFUSED:
            assert not allowed
            return
        assert allowed, f"{actor} added a partner to region {r}"
        self.partners.setdefault((r, o), trekker)

    @rule(actor=st.sampled_from(USERS), r=st.integers(0, 2), o=st.integers(0, 4))
    def remove_partner(self, actor, r, o):
        partnership = Partnership.objects.filter(region=self.regions[r], organisation=self.orgs[o]).first()
        if partnership is None:
            return
        allowed = self.trekker_of(actor, r) and not self.is_advisor(actor)
        try:
            partnership_remove(partnership=partnership, user=self.fresh(actor))
        except PermissionDenied:
            assert not allowed
            return
        except ValidationError:  # the region's last trekker stays
            assert allowed and self.partners[(r, o)]
            return
        assert allowed, f"{actor} removed a partner of region {r}"
        del self.partners[(r, o)]

    @rule(actor=st.sampled_from(USERS), r=st.integers(0, 2), o=st.integers(0, 4), trekker=st.booleans())
    def make_trekker(self, actor, r, o, trekker):
        partnership = Partnership.objects.filter(region=self.regions[r], organisation=self.orgs[o]).first()
        if partnership is None:
            return
        allowed = self.trekker_of(actor, r) and not self.is_advisor(actor)
        try:
            partnership_set_trekker(partnership=partnership, is_trekker=trekker, user=self.fresh(actor))
        except PermissionDenied:
            assert not allowed
            return
        except ValidationError:
            assert allowed and not trekker
            return
        assert allowed
        self.partners[(r, o)] = trekker

    @rule(
        actor=st.sampled_from(USERS),
        o=st.integers(0, 4),
        r=st.one_of(st.none(), st.integers(0, 2)),
        who=st.sampled_from(EMAILS),
        reason=st.sampled_from(["", "Zij is onze contactpersoon."]),
    )
    def invite(self, actor, o, r, who, reason):
        email = f"{who}@example.org"
        own = actor in self.active and self.works_for(actor, o)
        nobody = not any(oo == o for _, oo in self.members)
        bootstrap = (
            not own
            and r is not None
            and (r, o) in self.partners
            and nobody
            and self.trekker_of(actor, r)
            and not self.is_advisor(actor)
        )
        deactivated = who in self.users and who not in self.active
        member = who in self.active and self.works_for(who, o)
        pending = any(
            i["org"] == o and i["email"] == email and i["status"] in ("open", "wait") for i in self.invitations.values()
        )
        refused = deactivated or member or pending
        approval = bootstrap and bool(self.regions_of(o) - {r})
        refused = refused or (approval and not reason) or self.sent.get(actor, 0) >= services.INVITATIONS_PER_HOUR
        region = self.regions[r] if r is not None else None
        try:
            invitation = services.invitation_send(
                organisation=self.orgs[o], email=email, user=self.fresh(actor), region=region, reason=reason
            )
        except REFUSED:
            assert not (own or bootstrap) or refused, f"{actor} could not invite {who} into {o}"
            return
        assert (own or bootstrap) and not refused, f"{actor} invited {who} into organisation {o}"
        self.sent[actor] = self.sent.get(actor, 0) + 1
        self.invitations[invitation.pk] = {
            "org": o,
            "email": email,
            "region": r,
            "by_trekker": bootstrap,
            "approved": False,
            "status": "wait" if approval else "open",
            "inviter": actor,
        }

    def pick(self, data):
        if not self.invitations:
            return None, None
        pk = data.draw(st.sampled_from(sorted(self.invitations)))
        return pk, self.invitations[pk]

    @rule(data=st.data(), actor=st.sampled_from(USERS))
    def accept(self, data, actor):
        pk, record = self.pick(data)
        if pk is None:
            return
        who = record["email"].split("@")[0]
        o, r = record["org"], record["region"]
        consented = record["status"] == "open" and (
            not record["by_trekker"]
            or (not any(oo == o for _, oo in self.members) and (record["approved"] or not (self.regions_of(o) - {r})))
        )
        invitation = Invitation.objects.get(pk=pk)
        if who in self.users:  # an existing account: only its owner accepts, logged in
            allowed = consented and actor == who and actor in self.active and not self.is_advisor(actor)
            try:
                services.invitation_accept(invitation=invitation, user=self.fresh(actor))
            except REFUSED:
                assert not allowed
                return
            assert allowed, f"{actor} accepted an invitation for {who}"
        else:
            try:
                person = services.invitation_accept_new(invitation=invitation, password="een-lang-wachtwoord-42")
            except REFUSED:
                assert not consented
                return
            assert consented
            self.users[who] = person
            self.active.add(who)
        record["status"] = "accepted"
        self.members.add((who, o))

    @rule(data=st.data(), actor=st.sampled_from(USERS), approve=st.booleans())
    def decide(self, data, actor, approve):
        pk, record = self.pick(data)
        if pk is None:
            return
        allowed = self.is_advisor(actor) and actor in self.active and record["status"] == "wait"
        service = services.invitation_approve if approve else services.invitation_refuse
        try:
            service(invitation=Invitation.objects.get(pk=pk), user=self.fresh(actor))
        except REFUSED:
            assert not allowed
            return
        assert allowed
        record["status"], record["approved"] = ("open", True) if approve else ("refused", False)

    @rule(data=st.data(), actor=st.sampled_from(USERS))
    def withdraw(self, data, actor):
        pk, record = self.pick(data)
        if pk is None:
            return
        manager = (actor in self.active and self.works_for(actor, record["org"])) or (
            record["by_trekker"] and record["inviter"] == actor
        )
        allowed = manager and record["status"] in ("open", "wait")
        try:
            services.invitation_withdraw(invitation=Invitation.objects.get(pk=pk), user=self.fresh(actor))
        except REFUSED:
            assert not allowed
            return
        assert allowed
        record["status"] = "withdrawn"

    @rule(actor=st.sampled_from(USERS), who=st.sampled_from(EMAILS), o=st.integers(0, 4))
    def remove_colleague(self, actor, who, o):
        membership = Membership.objects.filter(
            user_id=getattr(self.users.get(who), "pk", None), organisation=self.orgs[o]
        )
        membership = membership.first()
        if membership is None:
            return
        allowed = actor in self.active and (actor == who or self.works_for(actor, o))
        try:
            services.membership_remove(membership=membership, user=self.fresh(actor))
        except REFUSED:
            assert not allowed
            return
        assert allowed
        self.members.discard((who, o))

    @rule(who=st.sampled_from(["u0", "u1", "u2", "u3", "stranger"]))
    def deactivate_by_admin(self, who):
        get_user_model().objects.filter(pk=self.users[who].pk).update(is_active=False)
        self.active.discard(who)

    # --- the invariant ----------------------------------------------------------------------------------------

    @invariant()
    def access_only_through_consent(self):
        found = set(Membership.objects.values_list("user_id", "organisation_id"))
        org_index = {org.pk: n for n, org in enumerate(self.orgs)}
        names = {user.pk: name for name, user in self.users.items()}
        assert {(names[u], org_index[o]) for u, o in found} == self.members
        partnered = set(Partnership.objects.values_list("region_id", "organisation_id"))
        region_index = {region.pk: n for n, region in enumerate(self.regions)}
        assert {(region_index[r], org_index[o]) for r, o in partnered} == set(self.partners)
        # The portal's access answers follow from these tables and who is active, nothing else (nothing is cached):
        # they are asked again whenever one of these changed since they were last checked.
        active = set(get_user_model().objects.filter(is_active=True).values_list("pk", flat=True))
        if (found, partnered, active) == self.checked:
            return
        self.checked = (found, partnered, active)
        for name in self.users:
            user = self.fresh(name)
            if not user.is_active:  # cannot log in: no access, whatever the tables say
                assert name not in self.active
                continue
            expected_see = {
                r
                for r in range(3)
                if self.is_advisor(name) or any(self.works_for(name, o) for o in self.regions_of_r(r))
            }
            seen = {region_index[pk] for pk in Region.objects.visible_to(user).values_list("pk", flat=True)}
            assert seen == expected_see, (name, seen, expected_see)
            for r in range(3):
                may_change = permissions.can_change_progress(permissions.access_for(user, self.regions[r]))
                expected = not self.is_advisor(name) and any(self.works_for(name, o) for o in self.regions_of_r(r))
                assert may_change == expected, (name, r)

    def regions_of_r(self, r):
        return {o for (rr, o) in self.partners if rr == r}


@pytest.mark.django_db
def test_access_only_ever_comes_through_consent(guide):
    run_state_machine_as_test(
        Trust,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if SHRINK else [])],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
