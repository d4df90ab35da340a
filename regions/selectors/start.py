"""A person's start page (/mijn/) and the weekly summary: their regions with phase and time against the guide, their
organisations' open actions, the items waiting for their organisations' akkoord, and what is new since a moment
(advice, answers to support requests). A fixed number of queries, however many regions, actions or partners."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When

from phases.models import ChecklistItem
from regions.models import Action, Agreement, Partnership, Review, SupportMessage
from regions.selectors.actions import ActionView
from regions.selectors.durations import duration_summary


@dataclass
class StartItems:
    regions: list = field(default_factory=list)  # {"region", "duration"} per region
    actions: list = field(default_factory=list)  # {"action", "item", "phase", "region"}: open, overdue first
    waiting: list = field(default_factory=list)  # {"region", "item", "organisation"} without our akkoord yet
    advice: list = field(default_factory=list)  # reviews since ``since``
    answers: list = field(default_factory=list)  # messages by others in our support requests since ``since``

    @property
    def overdue(self) -> list:
        return [row for row in self.actions if row["action"].is_overdue]

    @property
    def has_news(self) -> bool:
        return bool(self.advice or self.answers)

    @property
    def has_waiting(self) -> bool:
        return bool(self.actions or self.waiting or self.advice or self.answers)


def start_items(user, *, today: datetime.date, since: datetime.datetime | None) -> StartItems:
    """Everything on the start page of ``user``: six queries."""
    partnerships = list(
        Partnership.objects.filter(organisation__memberships__user=user)
        .select_related("region__current_phase", "organisation")
        .order_by("region__name", "organisation__name")
    )
    if not partnerships:
        return StartItems()
    regions = list({p.region_id: p.region for p in partnerships}.values())
    organisation_ids = {p.organisation_id for p in partnerships}
    result = StartItems(regions=[{"region": r, "duration": duration_summary(r, today)} for r in regions])

    actions = (
        Action.objects.filter(region__in=regions, owner_id__in=organisation_ids)
        .exclude(status=Action.Status.DONE)
        .select_related("owner", "person", "item__phase", "region")
        .annotate(late=Case(When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("late", "due_on", "id")
    )
    result.actions = [
        {"action": ActionView.from_row(a, today), "item": a.item, "phase": a.item.phase, "region": a.region}
        for a in actions
    ]

    items = list(ChecklistItem.objects.filter(needs_agreement=True).select_related("phase"))
    agreed = set(
        Agreement.objects.filter(region__in=regions, organisation_id__in=organisation_ids).values_list(
            "region_id", "item_id", "organisation_id"
        )
    )
    result.waiting = [
        {"region": p.region, "item": item, "organisation": p.organisation}
        for p in partnerships
        for item in items
        if item.phase.number <= p.region.current_phase.number
        and (p.region_id, item.pk, p.organisation_id) not in agreed
    ]
    if since is not None:
        result.advice = list(
            Review.objects.filter(region__in=regions, created_at__gt=since).select_related("region", "author")
        )
        result.answers = list(
            SupportMessage.objects.filter(request__region__in=regions, created_at__gt=since)
            .exclude(author=user)
            .select_related("request__region", "author")
        )
    return result
