"""The coalitions: regions, their partner organisations, people, progress, history and advice.

No personal data of clients is ever stored here; free-text fields say so where people type.
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from phases.models import ChecklistItem, Indicator, OrganisationType, Phase, Question

NO_CLIENT_DATA = "Geen persoonsgegevens van cliënten of bewoners."
ADVISOR_PERMISSION = "regions.view_all_regions"


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Regions a user may see: advisors and superusers all; partner staff their own; others none."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.has_perm(ADVISOR_PERMISSION):
            return self
        return self.filter(
            Exists(Partnership.objects.filter(region=OuterRef("pk"), organisation__memberships__user=user))
        )

    def with_overview(self):
        return self.select_related("current_phase").prefetch_related(
            models.Prefetch(
                "partnerships",
                queryset=Partnership.objects.filter(is_trekker=True).select_related("organisation__type"),
                to_attr="trekker_partnerships",
            )
        )


class Region(models.Model):
    name = models.CharField("naam", max_length=120, unique=True)
    slug = models.SlugField("adres", max_length=120, unique=True)
    centrumgemeente = models.CharField("centrumgemeente", max_length=120)
    current_phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="regions", verbose_name="huidige fase"
    )
    phase_started_on = models.DateField("in deze fase sinds")
    created_at = models.DateTimeField("aangemaakt", default=timezone.now)
    shares_solved_obstacles = models.BooleanField(
        "andere regio's mogen zien welke knelpunten wij oplosten en wat hielp",
        default=False,
        help_text="Een keuze van de trekkers; staat in de geschiedenis.",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        permissions = [("view_all_regions", "Mag alle regio's inzien (Versnellingsteam)")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:detail", args=[self.slug])


class PhaseChange(models.Model):
    """The region's phase history: one row each time its current phase is set."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("begonnen op")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["region", "-started_on", "-changed_at"]
        verbose_name = "fasewisseling"
        verbose_name_plural = "fasewisselingen"

    def __str__(self):
        return f"{self.region}: {self.phase} vanaf {self.started_on:%d-%m-%Y}"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations a user may see: their own, and the partners of the regions they may see."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(ADVISOR_PERMISSION):
            return self
        return self.filter(
            Exists(Membership.objects.filter(organisation=OuterRef("pk"), user=user))
            | Exists(
                Partnership.objects.filter(organisation=OuterRef("pk"), region__in=Region.objects.visible_to(user))
            )
        )


class Organisation(models.Model):
    name = models.CharField("naam", max_length=160)
    type = models.ForeignKey(
        OrganisationType, on_delete=models.PROTECT, related_name="organisations", verbose_name="soort"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        constraints = [models.UniqueConstraint(fields=["name", "type"], name="unique_organisation_name_type")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:organisation", args=[self.pk])


class Partnership(models.Model):
    """An organisation taking part in a region's coalition, with its role in its own words."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="partnerships", verbose_name="regio")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships", verbose_name="organisatie"
    )
    role = models.TextField("rol in de coalitie", blank=True, max_length=2000, help_text=NO_CLIENT_DATA)
    is_trekker = models.BooleanField("trekker", default=False)
    since = models.DateField("partner sinds", default=timezone.localdate)

    class Meta:
        ordering = ["organisation__type__order", "organisation__name"]
        verbose_name = "partnerschap"
        verbose_name_plural = "partnerschappen"
        constraints = [models.UniqueConstraint(fields=["region", "organisation"], name="unique_partner_per_region")]

    def __str__(self):
        return f"{self.organisation} in {self.region}"


class Person(NamedTuple):
    """Someone as a region page lists them: the name, and whether they have accepted their invitation."""

    name: str
    is_active: bool


class MembershipQuerySet(models.QuerySet):
    def people_by_organisation(self, organisation_ids) -> dict[int, list[Person]]:
        """Organisation id → its people, by first name: one query of plain values, however many people."""
        rows = (
            self.filter(organisation_id__in=organisation_ids, user__is_active=True)
            .order_by("user__first_name", "user__last_name", "user__username")
            .values_list("organisation_id", "user__first_name", "user__last_name", "user__username", "user__is_active")
        )
        people = {}
        for organisation_id, first_name, last_name, username, is_active in rows:
            name = f"{first_name} {last_name}".strip() or username  # as User.get_full_name, else the username
            people.setdefault(organisation_id, []).append(Person(name, is_active))
        return people


class Membership(models.Model):
    """A person works for an organisation; a person may work for several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name", "user__username"]
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} bij {self.organisation}"


class ProviderLink(models.Model):
    """A person's account at their organisation's OpenID provider: after the first login, the provider's issuer and
    subject (``sub``) say who logs in, never the e-mail address (regions.services.logins)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_links")
    issuer = models.CharField("uitgever (issuer)", max_length=255)
    subject = models.CharField("kenmerk bij de uitgever (sub)", max_length=255)
    created_at = models.DateTimeField("gekoppeld op", default=timezone.now)

    class Meta:
        verbose_name = "koppeling met organisatie-account"
        verbose_name_plural = "koppelingen met organisatie-accounts"
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_provider_subject")]

    def __str__(self):
        return f"{self.user} via {self.issuer}"


class ChecklistProgress(models.Model):
    """The state of one checklist item in one region."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="progress")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="progress")
    done = models.BooleanField("afgerond", default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField("toelichting", blank=True, max_length=2000, help_text=NO_CLIENT_DATA)
    link = models.URLField("link naar het document", blank=True, max_length=500)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "voortgang"
        verbose_name_plural = "voortgang"
        constraints = [models.UniqueConstraint(fields=["region", "item"], name="unique_progress_per_region_item")]

    def __str__(self):
        return f"{self.region}: {self.item} ({'afgerond' if self.done else 'open'})"


class Activity(models.Model):
    """One change in a region, written by the services, never edited."""

    class Kind(models.TextChoices):
        TICK = "tick", "Punt afgevinkt"
        UNTICK = "untick", "Vinkje weggehaald"
        NOTE = "note", "Toelichting gewijzigd"
        LINK = "link", "Link gewijzigd"
        PHASE = "phase", "Fase gewijzigd"
        PARTNER_ADDED = "partner_added", "Partner toegevoegd"
        PARTNER_REMOVED = "partner_removed", "Partner verwijderd"
        TREKKER = "trekker", "Trekkerschap gewijzigd"
        ROLE = "role", "Rol gewijzigd"
        INVITED = "invited", "Collega uitgenodigd"
        INVITATION = "invitation", "Uitnodiging gewijzigd"
        MEMBER_JOINED = "member_joined", "Medewerker erbij"
        MEMBER_LEFT = "member_left", "Medewerker weg"
        REVIEW = "review", "Advies van het Versnellingsteam"
        SUPPORT = "support", "Ondersteuningsvraag"
        FIGURE = "figure", "Kengetal ingevuld"
        TARGET = "target", "Doel gesteld"
        OBSTACLE = "obstacle", "Knelpunt"
        SHARING = "sharing", "Delen van opgeloste knelpunten"
        ACTION_ADDED = "action_added", "Actie toegevoegd"
        ACTION = "action", "Actie gewijzigd"
        AGREED = "agreed", "Akkoord gegeven"
        AGREEMENT_WITHDRAWN = "agreement_withdrawn", "Akkoord ingetrokken"
        REGION = "region", "Regio aangemaakt of gewijzigd"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    phase = models.ForeignKey(Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    item = models.ForeignKey(ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    summary = models.CharField(max_length=300)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"
        indexes = [
            models.Index(fields=["region", "-created_at", "-id"], name="activity_region_recent"),
            models.Index(fields=["region", "item", "created_at"], name="activity_region_item_time"),
        ]

    def __str__(self):
        return self.summary


class Review(models.Model):
    """Advice from the Versnellingsteam on a region, optionally for one phase."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="reviews")
    phase = models.ForeignKey(Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("advies", max_length=5000, help_text=NO_CLIENT_DATA)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "advies"
        verbose_name_plural = "adviezen"

    def __str__(self):
        return f"Advies voor {self.region} ({self.created_at:%d-%m-%Y})"


class SupportRequest(models.Model):
    class Kind(models.TextChoices):
        DRAAGVLAK = "draagvlak", "Ambtelijk en/of bestuurlijk draagvlak creëren"
        KEUZES = "keuzes", "Meedenken over operationele, tactische en strategische keuzes"
        JURIDISCH = "juridisch", "Inhoudelijk advies rond juridische vraagstukken"
        CASUISTIEK = "casuistiek", "Interveniëren op casuïstiek die vastloopt"
        ANDERS = "anders", "Anders"

    class Status(models.TextChoices):
        NEW = "nieuw", "Nieuw"
        IN_PROGRESS = "in_behandeling", "In behandeling"
        CLOSED = "afgerond", "Afgerond"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="support_requests")
    kind = models.CharField("soort hulp", max_length=20, choices=Kind.choices)
    description = models.TextField("beschrijving", max_length=5000, help_text=NO_CLIENT_DATA)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    obstacle = models.ForeignKey(
        "Obstacle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name="knelpunt",
    )
    created_at = models.DateTimeField(default=timezone.now)
    taken_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "ondersteuningsvraag"
        verbose_name_plural = "ondersteuningsvragen"
        indexes = [
            models.Index(fields=["status", "created_at"], name="support_status_created"),
            # The inbox's "afgerond" tab, newest first: a page reads its rows of this index, not every closed request.
            models.Index(fields=["status", "-closed_at", "-id"], name="support_status_closed"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.region}"


class SupportMessage(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("bericht", max_length=5000, help_text=NO_CLIENT_DATA)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "bericht"
        verbose_name_plural = "berichten"

    def __str__(self):
        return f"Bericht bij {self.request}"


class Reminder(models.Model):
    """A reminder e-mailed to a region's trekkers about a signal; never twice within its period."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="reminders")
    signal = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["region", "signal", "-sent_at"], name="reminder_region_signal")]

    def __str__(self):
        return f"{self.region}: {self.signal} ({self.sent_at:%d-%m-%Y})"


class Invitation(models.Model):
    """An e-mail address invited to work for an organisation; the only way a person joins one.

    Sent by someone who works for the organisation, or, for an organisation with nobody in the portal yet, by a
    trekker of a region where it is a partner (``by_trekker``): when that organisation is also a partner in another
    region, the Versnellingsteam approves it first. Only a hash of the link's secret is stored.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AWAITING_APPROVAL = "wacht_op_goedkeuring", "Wacht op goedkeuring"
        ACCEPTED = "aanvaard", "Aanvaard"
        WITHDRAWN = "ingetrokken", "Ingetrokken"
        REFUSED = "geweigerd", "Geweigerd"
        EXPIRED = "verlopen", "Verlopen"

    email = models.EmailField("e-mailadres")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name="organisatie"
    )
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations", verbose_name="regio"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="uitgenodigd door",
    )
    by_trekker = models.BooleanField("door een trekker (de organisatie had nog niemand)", default=False)
    first_name = models.CharField("voornaam", max_length=150, blank=True)
    last_name = models.CharField("achternaam", max_length=150, blank=True)
    reason = models.TextField("waarom", max_length=1000, blank=True, help_text=NO_CLIENT_DATA)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.OPEN)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "uitnodiging"
        verbose_name_plural = "uitnodigingen"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=models.Q(status__in=["open", "wacht_op_goedkeuring"]),
                name="one_pending_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} voor {self.organisation}"

    @property
    def inviter_name(self) -> str:
        inviter = self.invited_by
        return (inviter.get_full_name() or inviter.username) if inviter else "onbekend"

    @property
    def expires_at(self):
        return self.sent_at + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT) if self.sent_at else None

    @property
    def state(self) -> str:
        """The status as people see it: an open invitation whose link ran out is *verlopen*."""
        if self.status == self.Status.OPEN and self.expires_at and self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.status

    def get_state_display(self) -> str:
        return self.Status(self.state).label


class ThrottleEvent(models.Model):
    """One use of something limited per hour (an invitation sent, a password-reset e-mail), under a key."""

    key = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="throttle_key_at")]

    def __str__(self):
        return f"{self.key} {self.at:%d-%m-%Y %H:%M}"


class StoredReport(models.Model):
    """A region's current full progress report as PDF, rendered in the background after a change (regions.tasks).

    ``html_hash`` identifies the HTML (and stylesheet) it was made from: the stored PDF is served only while the
    report would come out the same, so it can never be out of date.
    """

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="stored_report")
    html_hash = models.CharField(max_length=64)
    rendered_at = models.DateTimeField(default=timezone.now)
    pdf = models.BinaryField()

    class Meta:
        verbose_name = "opgeslagen voortgangsrapport"
        verbose_name_plural = "opgeslagen voortgangsrapporten"

    def __str__(self):
        return f"Voortgangsrapport {self.region} ({self.rendered_at:%d-%m-%Y %H:%M})"


class IndicatorValue(models.Model):
    """A region's value of a key figure for one period: an aggregate number, never a list of people. Each change
    is in the history (``Activity.Kind.FIGURE``, before and after), so the figures on a past date are known."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="indicator_values", verbose_name="regio")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values", verbose_name="kengetal")
    period = models.CharField("periode", max_length=7, help_text="Zoals 2026-H1 (halfjaar), 2026-Q3, 2026-03 of 2026.")
    value = models.PositiveIntegerField("waarde")
    source = models.CharField("bron", max_length=300, help_text=NO_CLIENT_DATA)
    measured_on = models.DateField("gemeten op")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["region", "indicator", "period"]
        verbose_name = "waarde van een kengetal"
        verbose_name_plural = "waarden van kengetallen"
        constraints = [
            models.UniqueConstraint(fields=["region", "indicator", "period"], name="unique_value_per_region_period")
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="value_indicator_period")]

    def __str__(self):
        return f"{self.region}: {self.indicator} {self.period} = {self.value}"


class IndicatorTarget(models.Model):
    """The value a region aims for in a year, set by its trekkers; in the history as ``Activity.Kind.TARGET``."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="indicator_targets", verbose_name="regio")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name="kengetal")
    year = models.PositiveSmallIntegerField("jaar")
    value = models.PositiveIntegerField("doel")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["region", "indicator", "year"]
        verbose_name = "doel voor een kengetal"
        verbose_name_plural = "doelen voor kengetallen"
        constraints = [
            models.UniqueConstraint(fields=["region", "indicator", "year"], name="unique_target_per_region_year")
        ]

    def __str__(self):
        return f"{self.region}: {self.indicator} {self.year} doel {self.value}"


class ObstacleQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Obstacle.Status.OPEN)

    def solved(self):
        return self.filter(status=Obstacle.Status.SOLVED)


class Obstacle(models.Model):
    """Something a region runs into: one of the guide's "Waar loop je tegenaan?" questions, or its own words.

    Open until its partners mark it *opgelost* with what helped; every step is in the history (before and after),
    so the obstacles on a past date are known."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SOLVED = "opgelost", "Opgelost"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="obstacles", verbose_name="regio")
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obstacles",
        verbose_name="vraag uit de gids",
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name="fase")
    text = models.CharField(
        "knelpunt in eigen woorden", max_length=300, blank=True, help_text="Alleen als het geen vraag uit de gids is."
    )
    note = models.TextField("toelichting", max_length=2000, blank=True, help_text=NO_CLIENT_DATA)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    what_helped = models.TextField("wat hielp", max_length=2000, blank=True, help_text=NO_CLIENT_DATA)
    opened_at = models.DateTimeField("aangegeven op", default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    solved_at = models.DateTimeField("opgelost op", null=True, blank=True)
    solved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ObstacleQuerySet.as_manager()

    class Meta:
        ordering = ["phase__number", "-opened_at", "-id"]
        verbose_name = "knelpunt"
        verbose_name_plural = "knelpunten"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False) | ~models.Q(text=""), name="obstacle_question_or_text"
            ),
            models.UniqueConstraint(
                fields=["region", "question"],
                condition=models.Q(status="open", question__isnull=False),
                name="one_open_obstacle_per_question",
            ),
        ]
        indexes = [models.Index(fields=["question", "status"], name="obstacle_question_status")]

    def __str__(self):
        return f"{self.region}: {self.title}"

    @property
    def title(self) -> str:
        return self.question.text if self.question_id else self.text

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Action(models.Model):
    """Work under a checklist item: what, which partner organisation owns it (optionally one of its people), by
    when, and how it stands. Every change is in the history (``Activity.Kind.ACTION_ADDED`` / ``ACTION``, with the
    full state before and after), so the actions on a past date are known."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BUSY = "bezig", "Bezig"
        BLOCKED = "geblokkeerd", "Geblokkeerd"
        DONE = "klaar", "Klaar"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="actions", verbose_name="regio")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="actions", verbose_name="punt")
    what = models.CharField("wat", max_length=300, help_text=NO_CLIENT_DATA)
    owner = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="actions", verbose_name="eigenaar (organisatie)"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="persoon",
    )
    due_on = models.DateField("klaar op")
    status = models.CharField("stand", max_length=12, choices=Status.choices, default=Status.OPEN)
    blocked_reason = models.TextField("waarom geblokkeerd", max_length=1000, blank=True, help_text=NO_CLIENT_DATA)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "actie"
        verbose_name_plural = "acties"
        indexes = [models.Index(fields=["region", "status", "due_on"], name="action_region_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="geblokkeerd") | ~models.Q(blocked_reason=""),
                name="blocked_action_has_reason",
            )
        ]

    def __str__(self):
        return f"{self.region}: {self.what}"


class Agreement(models.Model):
    """A partner organisation's akkoord on a checklist item that needs the agreement of every partner. Withdrawing
    deletes the row; the history keeps who gave and withdrew it, when and why."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="agreements", verbose_name="regio")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="agreements", verbose_name="punt")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="agreements", verbose_name="organisatie"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)
    note = models.TextField("toelichting", max_length=1000, blank=True, help_text=NO_CLIENT_DATA)

    class Meta:
        ordering = ["given_at", "id"]
        verbose_name = "akkoord"
        verbose_name_plural = "akkoorden"
        constraints = [
            models.UniqueConstraint(fields=["region", "item", "organisation"], name="one_agreement_per_partner")
        ]

    def __str__(self):
        return f"{self.organisation} akkoord met {self.item} in {self.region}"


class StartPage(models.Model):
    """A person's own start page (/mijn/): when they last saw it (what is new is what came after), and the weekly
    summary by e-mail, on unless they switched it off, with when it was last sent (never twice in a week)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="start_page")
    seen_at = models.DateTimeField("laatst bekeken", null=True, blank=True)
    digest = models.BooleanField("wekelijkse samenvatting per e-mail", default=True)
    digest_sent_at = models.DateTimeField("samenvatting laatst verstuurd", null=True, blank=True)

    class Meta:
        verbose_name = "startpagina"
        verbose_name_plural = "startpagina's"

    def __str__(self):
        return f"Startpagina van {self.user}"
