"""The coalitions in /beheer/, for superusers and whoever holds the regions permissions.

The history (Activity, the phase changes) is shown, never edited: not even a superuser can add,
change or delete it here. Day-to-day changes to a region go through the portal's own pages, which
record them; the admin is for setting regions up and for repairs. So a partnership is added here (with
its line in the history) but its trekker flag, role and removal are the portal's: there the history
records them and a region always keeps a trekker. A superuser imports regions and their partners from a spreadsheet
under Regio's → Importeren (as ``manage.py import_regions`` does), with the same history.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

from phases.models import OrganisationType
from regions import permissions, regions_io, spreadsheets
from regions.forms.coalition import RegionImportForm
from regions.models import (
    Action,
    Activity,
    Agreement,
    Membership,
    Organisation,
    Partnership,
    PhaseChange,
    ProviderLink,
    Region,
    Review,
    SupportMessage,
    SupportRequest,
)
from regions.selectors.region_import import NOTHING_REMOVED, region_import_plan
from regions.services.coalition import partnership_add_in_admin
from regions.services.region_import import NOT_SUPERUSER, regions_import
from regions.views.shared import import_step
from wonen_eerst.admin_inlines import HelpTextInColumnHeader

IN_THE_PORTAL = (
    "Trekkerschap, rol en verwijderen van een partner gaan via de partnerpagina van de regio in het portaal: "
    "daar komen ze in de geschiedenis en houdt de regio altijd een trekker."
)
REGION_IMPORT_TEMPLATE = "admin/regions/region/import.html"
HAS_PARTNERSHIPS = (
    "is partner in een of meer regio's. Een trekker haalt haar daar weg op de partnerpagina van de regio (dat komt "
    "in de geschiedenis); daarna kan ze hier worden verwijderd."
)


class ReadOnlyAdminMixin:
    """Viewable with the view permission; no one adds, changes or deletes."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PartnershipInline(ReadOnlyAdminMixin, HelpTextInColumnHeader, admin.TabularInline):
    """The region's partners, shown; they are added under Partnerschappen and changed in the portal."""

    model = Partnership
    extra = 0
    fields = ["organisation", "is_trekker", "since", "role"]
    readonly_fields = fields
    verbose_name_plural = "partners (alleen-lezen: toevoegen onder Partnerschappen, wijzigen in het portaal)"


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

    def get_urls(self):
        view = self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.import_view))
        return [path("importeren/", view, name="regions_region_import"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_regions": permissions.can_import_regions(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload a file, see what it would change (or every refused row), confirm: all saved, or nothing."""
        if not permissions.can_import_regions(request.user):
            raise PermissionDenied(NOT_SUPERUSER)
        context = self.import_context(request)
        if request.method == "GET":
            return TemplateResponse(request, REGION_IMPORT_TEMPLATE, context)
        salt = f"regio-import:{request.user.pk}"
        step = import_step(
            request,
            form_class=RegionImportForm,
            layout=regions_io.LAYOUT,
            salt=salt,
            deserialise=regions_io.deserialise,
            check=regions_io.check_file,
        )
        checked = context["checked"] = step.checked
        context["form"] = step.form
        if checked.is_valid and step.confirming:
            plan = regions_import(rows=checked.rows, user=request.user)
            if not plan.errors:
                messages.success(request, f"Geïmporteerd: {plan.summary()}")
                return redirect("admin:regions_region_changelist")
            checked.errors = plan.errors  # the portal changed since the check: nothing was saved
        elif checked.is_valid:
            context["plan"] = region_import_plan(checked.rows)
            context["payload"] = spreadsheets.sign(regions_io.serialise(checked.raw), salt=salt)
            return TemplateResponse(request, REGION_IMPORT_TEMPLATE, context)
        return TemplateResponse(request, REGION_IMPORT_TEMPLATE, context, status=400)

    def import_context(self, request) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Regio's en partners importeren",
            "form": RegionImportForm(),
            "kinds": OrganisationType.objects.all(),
            "nothing_removed": NOTHING_REMOVED,
        }


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

    def get_deleted_objects(self, objs, request):
        """Deleting an organisation would remove it from its regions without history: refused while it is a partner."""
        partners = [organisation for organisation in objs if organisation.partnerships.exists()]
        if partners:
            return [], {}, set(), [f"{organisation} {HAS_PARTNERSHIPS}" for organisation in partners]
        return super().get_deleted_objects(objs, request)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "created_at"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ProviderLink)
class ProviderLinkAdmin(admin.ModelAdmin):
    """Who logs in with which organisation account; made at a person's first such login. Deleting a link makes the
    next login match the verified e-mail address again."""

    list_display = ["user", "issuer", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "issuer", "subject"]
    readonly_fields = ["user", "issuer", "subject", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """Adding a partner while a region is set up (its first trekker, say), with its line in the history; once added,
    only its start date is repaired here."""

    list_display = ["organisation", "region", "is_trekker", "since"]
    list_filter = ["is_trekker", "region"]
    list_select_related = ["organisation", "region"]
    search_fields = ["organisation__name", "region__name"]
    autocomplete_fields = ["region", "organisation"]
    fieldsets = [
        (None, {"fields": ["region", "organisation", "is_trekker", "since", "role"], "description": IN_THE_PORTAL})
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["region", "organisation", "is_trekker", "role"] if obj else ["role"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            partnership_add_in_admin(partnership=obj, user=request.user)


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


@admin.register(Action)
class ActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The coalitions' actions, to read: the regions change them on their checklists, with history."""

    list_display = ["what", "region", "owner", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["region", "owner"]
    search_fields = ["what", "region__name", "owner__name"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Each partner's akkoord on the items that need it, to read: partners give and withdraw it themselves."""

    list_display = ["item", "region", "organisation", "given_by", "given_at"]
    list_select_related = ["item", "region", "organisation", "given_by"]
    search_fields = ["region__name", "organisation__name"]
