"""The guide in /beheer/: the Redactie keeps its text, checklists and resources current."""

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Count, Prefetch, QuerySet
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator

from phases.models import (
    ChecklistItem,
    GuidePage,
    Indicator,
    OrganisationType,
    Phase,
    PhaseResource,
    PhaseRole,
    Question,
    Resource,
)
from wonen_eerst.admin_inlines import HelpTextInColumnHeader

IN_USE = (
    "Regio's werken hiermee: hun voortgang, geschiedenis, fase of organisaties verwijzen ernaar en zouden verloren "
    "gaan of hun verband kwijtraken. Pas de tekst aan in plaats van het te verwijderen."
)


def in_use_outside_guide(obj) -> bool:
    """True when deleting ``obj`` would delete, orphan (set to null) or be blocked by rows outside the guide: the
    regions' progress, history, phase or organisations. The guide never imports the regions, so this asks Django's
    delete collector (as the admin's own confirmation page does) which rows the deletion would reach."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    reached = [*collector.data, *(type(row) for row in collector.protected)]
    reached += [field.model for (field, _), batches in collector.field_updates.items() if any(map(_filled, batches))]
    return any(model._meta.app_label != Phase._meta.app_label for model in reached)


def _filled(rows) -> bool:
    return rows.exists() if isinstance(rows, QuerySet) else bool(rows)


class GuardedInlineFormSet(BaseInlineFormSet):
    """Deleting a part of the guide in an inline: refused, with the reason, when regions work with it."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and in_use_outside_guide(form.instance):
                raise ValidationError(f"“{Truncator(form.instance).chars(60)}” kan niet weg. {IN_USE}")


class GuardedDeleteMixin:
    """The delete confirmation (one object or the bulk action) of a part of the guide.

    When regions work with an object, the deletion is refused with the reason, and the page names no region, no
    region's progress and no organisation: the Redactie may not see the regions. Otherwise Django's own page,
    which then lists only parts of the guide."""

    def get_deleted_objects(self, objs, request):
        in_use = [obj for obj in objs if in_use_outside_guide(obj)]
        if in_use:
            return [], {}, set(), [f"{obj}: {IN_USE}" for obj in in_use]
        return super().get_deleted_objects(objs, request)


class PhaseRoleInline(admin.StackedInline):
    model = PhaseRole
    formset = GuardedInlineFormSet
    extra = 0
    ordering = ["order"]
    fields = ["order", "organisation_type", "text"]


class QuestionInline(HelpTextInColumnHeader, admin.TabularInline):
    model = Question
    formset = GuardedInlineFormSet
    extra = 0
    ordering = ["order"]
    fields = ["order", "text", "help_kind", "resources"]
    autocomplete_fields = ["resources"]


class PhaseResourceInline(HelpTextInColumnHeader, admin.TabularInline):
    model = PhaseResource
    formset = GuardedInlineFormSet
    extra = 0
    ordering = ["section", "order"]
    fields = ["section", "order", "resource"]
    autocomplete_fields = ["resource"]


class ResourcePhaseInline(HelpTextInColumnHeader, admin.TabularInline):
    """On a resource: the phases and sections it appears in."""

    model = PhaseResource
    formset = GuardedInlineFormSet
    extra = 0
    ordering = ["phase__number", "section"]
    fields = ["phase", "section", "order"]
    verbose_name_plural = "komt voor in de fasen"


class ChecklistItemInline(HelpTextInColumnHeader, admin.TabularInline):
    model = ChecklistItem
    formset = GuardedInlineFormSet
    extra = 0
    ordering = ["order"]
    fields = ["order", "text", "needs_agreement"]


@admin.register(Phase)
class PhaseAdmin(GuardedDeleteMixin, admin.ModelAdmin):
    list_display = ["number", "name", "themes", "duration_label"]
    list_display_links = ["number", "name"]
    ordering = ["number"]
    fieldsets = [
        (None, {"fields": ["number", "name", "themes", "description"]}),
        ("Tijdsduur", {"fields": ["duration_min_months", "duration_max_months", "duration_note"]}),
        ("Kader (zoals Pilot Wonen Eerst in fase 2)", {"fields": ["callout_title", "callout_text"]}),
    ]
    inlines = [PhaseRoleInline, QuestionInline, PhaseResourceInline, ChecklistItemInline]

    @admin.display(description="tijdsduur")
    def duration_label(self, obj):
        return obj.duration_label


@admin.register(OrganisationType)
class OrganisationTypeAdmin(GuardedDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "optional", "required_in_coalition", "order"]
    list_editable = ["order"]
    ordering = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Question)
class QuestionAdmin(GuardedDeleteMixin, admin.ModelAdmin):
    """The obstacles under "Waar loop je tegenaan?": which help and which resources a region that marks one sees."""

    list_display = ["text", "phase", "help_kind", "resource_count"]
    list_filter = ["phase", "help_kind"]
    search_fields = ["text"]
    fields = ["phase", "order", "text", "help_kind", "resources"]
    autocomplete_fields = ["resources"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("phase").annotate(resource_total=Count("resources"))

    @admin.display(description="hulpmiddelen", ordering="resource_total")
    def resource_count(self, obj):
        return obj.resource_total


@admin.register(Resource)
class ResourceAdmin(GuardedDeleteMixin, admin.ModelAdmin):
    list_display = ["label", "description", "publisher", "has_url", "phase_list"]
    list_filter = ["phase_links__phase", "phase_links__section", "publisher"]
    search_fields = ["label", "description", "publisher", "url"]
    inlines = [ResourcePhaseInline]

    def get_queryset(self, request):
        links = PhaseResource.objects.select_related("phase").order_by("phase__number")
        return super().get_queryset(request).prefetch_related(Prefetch("phase_links", queryset=links))

    @admin.display(description="webadres", boolean=True)
    def has_url(self, obj):
        return bool(obj.url)

    @admin.display(description="in de fasen")
    def phase_list(self, obj):
        return ", ".join(f"{link.phase.number} · {link.get_section_display()}" for link in obj.phase_links.all())


@admin.register(ChecklistItem)
class ChecklistItemAdmin(GuardedDeleteMixin, admin.ModelAdmin):
    list_display = ["text", "phase", "order", "needs_agreement"]
    list_filter = ["phase", "needs_agreement"]
    list_select_related = ["phase"]
    search_fields = ["text"]
    ordering = ["phase__number", "order"]


@admin.register(GuidePage)
class GuidePageAdmin(GuardedDeleteMixin, admin.ModelAdmin):
    list_display = ["title", "nav_title", "slug", "order"]
    list_editable = ["order"]
    ordering = ["order"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]


INDICATOR_IN_USE = (
    "Regio's hebben waarden of doelen ingevuld voor dit kengetal; zet 'in gebruik' uit in plaats van het te "
    "verwijderen."
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """The key figures regions keep (kengetallen). Their values are the regions' own and never shown here."""

    list_display = ["name", "unit", "kind", "frequency", "phase", "group", "is_key", "active", "order"]
    list_editable = ["order"]
    list_filter = ["kind", "frequency", "phase", "group", "is_key", "active"]
    list_select_related = ["phase"]
    search_fields = ["name", "slug", "definition", "source_note"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "definition", "unit", "source_note"]}),
        ("Hoe het getal werkt", {"fields": ["kind", "frequency", "higher_is_better", "summable"]}),
        ("Plaats in het portaal", {"fields": ["phase", "group", "is_key", "active", "order"]}),
    ]

    def get_deleted_objects(self, objs, request):
        """The regions' values are not listed (the Redactie does not see them): one sentence says why not."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, [INDICATOR_IN_USE] if protected else protected
