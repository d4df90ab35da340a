"""The coalitions in /beheer/, for superusers and whoever holds the regions permissions.

The history (Activity, the phase changes) is shown, never edited: not even a superuser can add,
change or delete it here. Day-to-day changes to a region go through the portal's own pages, which
record them; the admin is for setting regions up and for repairs.
"""

from django.contrib import admin

from regions.models import (
    Activity,
    Membership,
    Organisation,
    Partnership,
    PhaseChange,
    Region,
    Review,
    SupportMessage,
    SupportRequest,
)


class ReadOnlyAdminMixin:
    """Viewable with the view permission; no one adds, changes or deletes."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HelpTextInColumnHeader:
    """For a tabular inline: a field's help text becomes part of its column's header, and the field has none.

    Django's tabular inline shows help text only as a tooltip in the column header, yet points every row's field
    (aria-describedby) at a help text element it never writes: a broken reference for screen readers, and invalid
    HTML."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.help_text:
            formfield.label = f"{formfield.label} ({formfield.help_text.rstrip('.')})"
            formfield.help_text = ""
        return formfield


class PartnershipInline(HelpTextInColumnHeader, admin.TabularInline):
    model = Partnership
    extra = 0
    fields = ["organisation", "is_trekker", "since", "role"]
    autocomplete_fields = ["organisation"]


class PhaseChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PhaseChange
    extra = 0
    fields = ["phase", "started_on", "changed_by", "changed_at"]
    readonly_fields = fields
    ordering = ["-started_on", "-changed_at"]
    verbose_name_plural = "fasewisselingen (geschiedenis, alleen-lezen)"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "centrumgemeente", "current_phase", "phase_started_on"]
    list_filter = ["current_phase"]
    list_select_related = ["current_phase"]
    search_fields = ["name", "centrumgemeente", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnershipInline, PhaseChangeInline]

    def get_readonly_fields(self, request, obj=None):
        # Once a region exists its phase changes through the portal, which keeps the phase history.
        return ["current_phase", "phase_started_on", "created_at"] if obj else ["created_at"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "created_at"]
    list_filter = ["type"]
    list_select_related = ["type"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "created_at"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "region", "is_trekker", "since"]
    list_filter = ["is_trekker", "region"]
    list_select_related = ["organisation", "region"]
    search_fields = ["organisation__name", "region__name"]
    autocomplete_fields = ["region", "organisation"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["region", "phase", "author", "created_at"]
    list_filter = ["phase"]
    list_select_related = ["region", "phase", "author"]
    search_fields = ["region__name", "text"]
    autocomplete_fields = ["region", "author"]
    date_hierarchy = "created_at"


class SupportMessageInline(admin.StackedInline):
    model = SupportMessage
    extra = 0
    fields = ["author", "text", "created_at"]
    autocomplete_fields = ["author"]
    ordering = ["created_at", "id"]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["region", "kind", "status", "requested_by", "assigned_to", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["region", "requested_by", "assigned_to"]
    search_fields = ["region__name", "description"]
    autocomplete_fields = ["region", "requested_by", "assigned_to"]
    date_hierarchy = "created_at"
    inlines = [SupportMessageInline]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The history of every region: read-only for everyone, superusers included."""

    list_display = ["created_at", "region", "kind", "actor", "summary"]
    list_filter = ["kind"]
    list_select_related = ["region", "actor"]
    search_fields = ["region__name", "summary"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "region",
        "actor",
        "created_at",
        "kind",
        "phase",
        "item",
        "organisation",
        "summary",
        "before",
        "after",
    ]
    fields = readonly_fields
