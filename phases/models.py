"""The guide "Samen bouwen aan Wonen Eerst": reference content, public, editable in the admin."""

from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from phases import search


class OrganisationTypeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class OrganisationType(models.Model):
    slug = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=120)
    description = models.TextField("beschrijving", help_text="Tekst uit de gids; alinea's met een witregel.")
    optional = models.BooleanField("indien nodig", default=False)
    required_in_coalition = models.BooleanField(
        "nodig in elke coalitie",
        default=False,
        help_text="De gids noemt deze organisatie nodig; een regio zonder zo'n partner krijgt een waarschuwing.",
    )
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    objects = OrganisationTypeManager()

    class Meta:
        ordering = ["order"]
        verbose_name = "organisatietype"
        verbose_name_plural = "organisatietypen"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class PhaseQuerySet(models.QuerySet):
    def get_by_natural_key(self, number):
        """For loaddata with --natural-foreign (backups): a phase is known by its number."""
        return self.get(number=number)

    def with_counts(self):
        """Each phase with item_count and resource_count, in one query."""
        return self.annotate(
            item_count=models.Count("checklist_items", distinct=True),
            resource_count=models.Count("phase_resources", distinct=True),
        )

    def with_guide(self):
        """Everything a phase page shows, in a constant number of queries."""
        return self.prefetch_related(*guide_lookups())


class Phase(models.Model):
    number = models.PositiveSmallIntegerField("fase", unique=True)
    name = models.CharField("naam", max_length=80)
    themes = models.CharField("thema's", max_length=200, help_text="Zoals in de gids: 'Draagvlak · Verbinding'.")
    description = models.TextField("beschrijving")
    duration_min_months = models.PositiveSmallIntegerField("duur minimaal (maanden)", null=True, blank=True)
    duration_max_months = models.PositiveSmallIntegerField("duur maximaal (maanden)", null=True, blank=True)
    duration_note = models.TextField("toelichting op de duur")
    callout_title = models.CharField("kader: titel", max_length=120, blank=True)
    callout_text = models.TextField("kader: tekst", blank=True)
    guide_changed_at = models.DateTimeField(
        "gids gewijzigd",
        default=timezone.now,
        editable=False,
        help_text="Wanneer de gids het laatst is gewijzigd; de pagina's van de fase worden dan opnieuw opgebouwd.",
    )

    objects = PhaseQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = "fase"
        verbose_name_plural = "fasen"
        constraints = [
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=6), name="phase_number_1_to_6"),
        ]

    def __str__(self):
        return f"Fase {self.number} {self.name}"

    def get_absolute_url(self):
        return reverse("phases:detail", args=[self.number])

    def natural_key(self):
        return (self.number,)

    @property
    def is_ongoing(self) -> bool:
        """Phase 6 has no typical end: *doorlopend*."""
        return self.duration_max_months is None

    @property
    def duration_label(self) -> str:
        if self.is_ongoing:
            return "doorlopend"
        return f"{self.duration_min_months} tot {self.duration_max_months} maanden"

    def load_guide(self) -> "Phase":
        """This phase with its roles, questions, resources and checklist (what ``with_guide`` prefetches);
        loaded in a constant number of queries when they were not prefetched yet."""
        prefetch_related_objects([self], *guide_lookups())
        return self

    @property
    def knowledge_links(self) -> list["PhaseResource"]:
        return [link for link in self.phase_resources.all() if link.section == PhaseResource.Section.KNOWLEDGE]

    @property
    def get_started_links(self) -> list["PhaseResource"]:
        return [link for link in self.phase_resources.all() if link.section == PhaseResource.Section.GET_STARTED]


def guide_lookups() -> list:
    return [
        Prefetch("roles", queryset=PhaseRole.objects.select_related("organisation_type")),
        "questions",
        Prefetch("phase_resources", queryset=PhaseResource.objects.select_related("resource")),
        "checklist_items",
    ]


class PhaseRole(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="roles", verbose_name="fase")
    organisation_type = models.ForeignKey(
        OrganisationType, on_delete=models.PROTECT, related_name="phase_roles", verbose_name="organisatietype"
    )
    text = models.TextField("rol", help_text="Tekst uit de gids; **vet** voor de organisatie die de rol heeft.")
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["phase__number", "order"]
        verbose_name = "rol in een fase"
        verbose_name_plural = "rollen in de fasen"

    def __str__(self):
        return f"{self.phase}: {self.organisation_type}"


class HelpKind(models.TextChoices):
    """The Landelijk Versnellingsteam's four kinds of help, as the guide names them (the same values as a support
    request's kind in ``regions``, which the guide never imports)."""

    DRAAGVLAK = "draagvlak", "Ambtelijk en/of bestuurlijk draagvlak creëren"
    KEUZES = "keuzes", "Meedenken over operationele, tactische en strategische keuzes"
    JURIDISCH = "juridisch", "Inhoudelijk advies rond juridische vraagstukken"
    CASUISTIEK = "casuistiek", "Interveniëren op casuïstiek die vastloopt"


class Question(models.Model):
    """A question under "Waar loop je tegenaan?": an obstacle a region may mark, linked by editors to what helps."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="questions", verbose_name="fase")
    text = models.CharField("vraag", max_length=300)
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    help_kind = models.CharField(
        "hulp van het Versnellingsteam",
        max_length=20,
        choices=HelpKind.choices,
        blank=True,
        help_text="De soort hulp die een regio met dit knelpunt met één klik aanvraagt.",
    )
    resources = models.ManyToManyField(
        "Resource",
        blank=True,
        related_name="questions",
        verbose_name="hulpmiddelen die helpen",
        help_text="Getoond aan een regio die dit knelpunt aangeeft.",
    )

    class Meta:
        ordering = ["phase__number", "order"]
        verbose_name = "vraag (Waar loop je tegenaan?)"
        verbose_name_plural = "vragen (Waar loop je tegenaan?)"

    def __str__(self):
        return self.text


class ResourceQuerySet(models.QuerySet):
    def filtered(self, *, phase="", section="", publisher="", text=""):
        """Resources matching the /hulpmiddelen/ filters, with their phases, in two queries. Every word of ``text``
        must occur in the title, description or publisher, as ``phases.search`` describes."""
        links = PhaseResource.objects.all()
        if phase:
            links = links.filter(phase__number=int(phase))
        if section:
            links = links.filter(section=section)
        qs = self.filter(pk__in=links.values("resource"))
        if publisher:
            qs = qs.filter(publisher=publisher)
        for word in search.query_words(text):
            qs = qs.filter(search_text__contains=word)
        return qs.prefetch_related(
            Prefetch("phase_links", queryset=PhaseResource.objects.select_related("phase").order_by("phase__number"))
        )

    def publishers(self) -> list[str]:
        return list(self.exclude(publisher="").order_by("publisher").values_list("publisher", flat=True).distinct())


class Resource(models.Model):
    """A tool, example or source; one record however many phases mention it."""

    label = models.CharField("linktekst", max_length=200)
    description = models.CharField("omschrijving", max_length=400, blank=True)
    publisher = models.CharField("uitgever", max_length=120, blank=True)
    url = models.URLField(
        "webadres", blank=True, help_text="Leeg zolang het adres niet bekend is; de site toont dan 'nog geen link'."
    )
    search_text = models.TextField(
        "zoektekst",
        blank=True,
        default="",
        editable=False,
        help_text="Linktekst, omschrijving en uitgever zoals de zoekfunctie ze leest; bij elke opslag bijgewerkt.",
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["label", "description"]
        verbose_name = "hulpmiddel"
        verbose_name_plural = "hulpmiddelen"

    def __str__(self):
        text = f"{self.label} {self.description}".strip()
        return f"{text} ({self.publisher})" if self.publisher else text

    def update_search_text(self) -> None:
        self.search_text = search.search_text(self.label, self.description, self.publisher)


class PhaseResource(models.Model):
    class Section(models.TextChoices):
        KNOWLEDGE = "kennis", "Kennis en inspiratie"
        GET_STARTED = "aan-de-slag", "Aan de slag"

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="phase_resources", verbose_name="fase")
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="phase_links", verbose_name="hulpmiddel"
    )
    section = models.CharField("onderdeel", max_length=20, choices=Section.choices)
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["phase__number", "section", "order"]
        verbose_name = "hulpmiddel in een fase"
        verbose_name_plural = "hulpmiddelen in de fasen"
        constraints = [
            models.UniqueConstraint(fields=["phase", "resource", "section"], name="unique_resource_per_phase_section")
        ]

    def __str__(self):
        return f"{self.phase} · {self.get_section_display()} · {self.resource}"


class ChecklistItem(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="checklist_items", verbose_name="fase")
    text = models.TextField("tekst")
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    needs_agreement = models.BooleanField(
        "akkoord van alle partners nodig (pas afgerond als elke partner akkoord gaf)",
        default=False,
    )

    class Meta:
        ordering = ["phase__number", "order"]
        verbose_name = "checklistpunt"
        verbose_name_plural = "checklistpunten"

    def __str__(self):
        return self.text


class GuidePage(models.Model):
    slug = models.SlugField("adres", unique=True)
    title = models.CharField("titel", max_length=200)
    nav_title = models.CharField("titel in het menu", max_length=60)
    body = models.TextField(
        "tekst",
        help_text=(
            "Alinea's scheiden met een witregel. '## ' begint een kop, '- ' een opsommingspunt, "
            "**vet** en [tekst](mailto:…) of [tekst](https://…) voor een link."
        ),
    )
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "gidspagina"
        verbose_name_plural = "gidspagina's"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("phases:page", args=[self.slug])


class IndicatorQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        """For loaddata (fixtures/indicators.json): an indicator is known by its slug."""
        return self.get(slug=slug)

    def active(self):
        return self.filter(active=True)


class Indicator(models.Model):
    """A key figure the regions keep over time (kengetal): defined here by the editors, its values and targets
    per region live in ``regions``. Only aggregate numbers: never a list of people."""

    class Kind(models.TextChoices):
        PER_PERIOD = "per_periode", "Aantal per periode"
        ON_DATE = "stand", "Aantal op een datum"
        CUMULATIVE = "cumulatief", "Cumulatief (opgeteld sinds de start)"

    class Frequency(models.TextChoices):
        HALF_YEAR = "halfjaar", "Per halfjaar"
        QUARTER = "kwartaal", "Per kwartaal"
        MONTH = "maand", "Per maand"
        YEAR = "jaar", "Per jaar"

    name = models.CharField("naam", max_length=200, help_text="In de woorden van de bron, als die er is.")
    slug = models.SlugField("code", max_length=80, unique=True, help_text="Staat in de export en de import.")
    definition = models.TextField("definitie", help_text="Wat telt mee en wat niet.")
    unit = models.CharField("eenheid", max_length=40, help_text="Meervoud, zoals 'woningen' of 'mensen'.")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices, default=Kind.ON_DATE)
    frequency = models.CharField(
        "periode",
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.HALF_YEAR,
        help_text="Hoe vaak regio's een waarde invullen; het dashboard van de VNG vraagt het per halfjaar.",
    )
    higher_is_better = models.BooleanField("hoger is beter", default=True)
    summable = models.BooleanField(
        "optelbaar", default=True, help_text="Het landelijk totaal per periode is de som van de regio's."
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators", verbose_name="fase"
    )
    group = models.CharField(
        "groep", max_length=120, blank=True, help_text="Kengetallen met dezelfde groep staan bij elkaar."
    )
    source_note = models.TextField("bron", blank=True, help_text="Waar het getal vandaan komt en hoe het geteld wordt.")
    is_key = models.BooleanField("kerncijfer", default=False, help_text="Staat op de pagina van de regio.")
    active = models.BooleanField("in gebruik", default=True, help_text="Uit: regio's vullen het niet meer in.")
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "kengetal"
        verbose_name_plural = "kengetallen"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)
