"""The guide in /beheer/: the Redactie keeps its text, checklists and resources current."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet

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

IN_USE = "Regio's hebben dit punt al afgevinkt of toegelicht; pas de tekst aan in plaats van het te verwijderen."


def _item_in_use(item) -> bool:
    """True when regions keep progress on this checklist item (deleting it would delete their progress)."""
    progress = getattr(item, "progress", None)  # reverse relation defined by the regions app
    return progress is not None and progress.exists()


class ChecklistItemFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and _item_in_use(form.instance):
                raise ValidationError(f"“{form.instance.text[:60]}…”: {IN_USE}")


class PhaseRoleInline(admin.StackedInline):
    model = PhaseRole
    extra = 0
    ordering = ["order"]
    fields = ["order", "organisation_type", "text"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    ordering = ["order"]
    fields = ["order", "text"]


class PhaseResourceInline(admin.TabularInline):
    model = PhaseResource
    extra = 0
    ordering = ["section", "order"]
    fields = ["section", "order", "resource"]
    autocomplete_fields = ["resource"]


class ResourcePhaseInline(admin.TabularInline):
    """On a resource: the phases and sections it appears in."""

    model = PhaseResource
    extra = 0
    ordering = ["phase__number", "section"]
    fields = ["phase", "section", "order"]
    verbose_name_plural = "komt voor in de fasen"


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    formset = ChecklistItemFormSet
    extra = 0
    ordering = ["order"]
    fields = ["order", "text"]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
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
class OrganisationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "optional", "required_in_coalition", "order"]
    list_editable = ["order"]
    ordering = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
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
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "phase", "order"]
    list_filter = ["phase"]
    list_select_related = ["phase"]
    search_fields = ["text"]
    ordering = ["phase__number", "order"]

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected) + [f"{item}: {IN_USE}" for item in objs if _item_in_use(item)]
        return deleted, model_count, perms_needed, protected


@admin.register(GuidePage)
class GuidePageAdmin(admin.ModelAdmin):
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
