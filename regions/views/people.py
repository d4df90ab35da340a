"""People of an organisation: inviting colleagues, accepting an invitation, the organisation's own people page,
and the Versnellingsteam's approvals. Writes go through regions.services.people.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regions import permissions
from regions.forms.people import AcceptNewAccountForm, InviteForm
from regions.models import Invitation, Membership, Organisation
from regions.selectors import people as selectors
from regions.selectors.access import region_access
from regions.services import people as services
from regions.views.shared import advisor_required

LOGIN_BACKEND = "wonen_eerst.security.UsernameOrEmailBackend"  # one of settings.AUTHENTICATION_BACKENDS


def _send(request, form, *, region=None) -> Invitation | None:
    """Send the invitation of a valid form; a refusal becomes the form's error. Returns the invitation or None."""
    data = form.cleaned_data
    try:
        invitation = services.invitation_send(
            organisation=data["organisation"],
            email=data["email"],
            user=request.user,
            region=region,
            reason=data.get("reason", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
    except (services.InvitationRefused, PermissionDenied) as error:
        form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        return None
    if invitation.status == Invitation.Status.AWAITING_APPROVAL:
        messages.success(
            request,
            f"De uitnodiging voor {invitation.email} wacht op goedkeuring van het Versnellingsteam. "
            "Er is nog geen e-mail verstuurd; dat gebeurt zodra het Versnellingsteam haar goedkeurt.",
        )
    else:
        messages.success(request, f"De uitnodiging is verstuurd naar {invitation.email}.")
    return invitation


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, slug):
    """Invite a colleague from a region: into one's own organisation, or (a trekker) the first person of a partner
    organisation that has nobody in the portal yet."""
    access = region_access(request, slug)
    organisations = selectors.organisations_to_invite_into(access)
    if not organisations.exists():
        raise PermissionDenied(
            "Alleen medewerkers van een partnerorganisatie in deze regio kunnen collega's uitnodigen."
        )
    form = InviteForm(request.POST if request.method == "POST" else None, organisations=organisations)
    if request.method == "POST" and form.is_valid() and _send(request, form, region=access.region):
        return redirect("regions:invite", slug=access.region.slug)
    context = {
        "region": access.region,
        "form": form,
        "pending": selectors.pending_invitations(organisations),
        "days": services.valid_days(),
    }
    return render(request, "regions/invite.html", context, status=400 if form.errors else 200)


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link in the e-mail. Someone without an account chooses a password; the owner of an existing account
    accepts while logged in as themselves; someone logged in as another person is asked first."""
    found = services.invitation_by_token(token)
    if found is None:
        return render(request, "regions/invitation.html", {"state": "ongeldig"}, status=400)
    context = {"invitation": found, "token": token, "days": services.valid_days(), "state": found.state}
    if found.state != Invitation.Status.OPEN:
        return render(request, "regions/invitation.html", context, status=400)
    account = services.account_for(found)
    if request.user.is_authenticated:
        return _accept_existing(request, found, context)
    if account is not None:
        return render(request, "regions/invitation.html", {**context, "needs_login": True})
    form = AcceptNewAccountForm(request.POST if request.method == "POST" else None, email=found.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.invitation_accept_new(
                invitation=found,
                password=data["new_password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except services.InvitationRefused as error:
            form.add_error(None, " ".join(error.messages))
        else:
            login(request, person, backend=LOGIN_BACKEND)
            messages.success(request, f"Welkom! Je account is klaar. Je gebruikersnaam is {person.username}.")
            return redirect(found.region or "regions:list")
    return render(request, "regions/invitation.html", {**context, "form": form}, status=400 if form.errors else 200)


def _accept_existing(request, found: Invitation, context: dict):
    if request.user.email.lower() != found.email.lower():
        return render(request, "regions/invitation.html", {**context, "other_account": True})
    if request.method != "POST":
        return render(request, "regions/invitation.html", {**context, "may_accept": True})
    try:
        services.invitation_accept(invitation=found, user=request.user)
    except (services.InvitationRefused, PermissionDenied) as error:
        reason = " ".join(getattr(error, "messages", [str(error)]))
        return render(request, "regions/invitation.html", {**context, "refused": reason}, status=400)
    messages.success(request, f"Je werkt nu ook voor {found.organisation} in het portaal.")
    return redirect(found.region or "regions:list")


def _own_organisation(request, pk) -> Organisation:
    """An organisation the signed-in person works for; any other is a 404."""
    organisation = get_object_or_404(Organisation.objects.select_related("type"), pk=pk)
    if not permissions.can_manage_people(request.user, organisation):
        raise Http404("Deze pagina is alleen voor medewerkers van de organisatie.")
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def people(request, pk):
    """An organisation's people and open invitations, managed by its own staff."""
    organisation = _own_organisation(request, pk)
    organisations = Organisation.objects.filter(pk=organisation.pk)
    form = InviteForm(request.POST if request.method == "POST" else None, organisations=organisations)
    form.fields["organisation"].initial = organisation.pk
    if request.method == "POST" and form.is_valid() and _send(request, form):
        return redirect("regions:people", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "members": selectors.members(organisation),
        "invitations": selectors.pending_invitations([organisation]),
        "regions": services.regions_of(organisation),
        "days": services.valid_days(),
    }
    return render(request, "regions/people.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def invitation_change(request, pk, invitation_id):
    """Resend or withdraw an open invitation of the organisation."""
    organisation = _own_organisation(request, pk)
    found = get_object_or_404(Invitation, organisation=organisation, pk=invitation_id)
    action = request.POST.get("actie")
    try:
        if action == "opnieuw":
            services.invitation_resend(invitation=found, user=request.user)
            messages.success(request, f"De uitnodiging is opnieuw verstuurd naar {found.email}, met een nieuwe link.")
        elif action == "intrekken":
            services.invitation_withdraw(invitation=found, user=request.user)
            messages.success(request, f"De uitnodiging voor {found.email} is ingetrokken; de link werkt niet meer.")
        else:
            messages.error(request, "Onbekende actie; er is niets gewijzigd.")
    except services.InvitationRefused as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("regions:people", args=[organisation.pk]) + "#uitnodigingen")


@login_required
@require_POST
def member_remove(request, pk, membership_id):
    """Remove a colleague from the organisation, or leave it; asks for confirmation first."""
    organisation = get_object_or_404(Organisation, pk=pk)
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=membership_id)
    leaving = membership.user_id == request.user.pk
    if membership.organisation_id != organisation.pk or not (
        leaving or permissions.can_manage_people(request.user, organisation)
    ):
        raise Http404("Deze medewerker bestaat niet of je mag hem niet verwijderen.")
    context = {"organisation": organisation, "membership": membership, "leaving": leaving}
    if request.POST.get("bevestigd") != "ja":
        context["regions"] = services.regions_of(organisation)
        return render(request, "regions/member_remove.html", context)
    services.membership_remove(membership=membership, user=request.user)
    if leaving:
        messages.success(request, f"Je werkt in het portaal niet meer voor {organisation}.")
        return redirect("regions:list")
    name = services.name_of(membership.user)
    messages.success(request, f"{name} werkt in het portaal niet meer voor {organisation}.")
    return redirect("regions:people", pk=organisation.pk)


@require_GET
@advisor_required
def approvals(request):
    """The Versnellingsteam's queue: trekkers' invitations that would reach another region too."""
    return render(request, "regions/approvals.html", {"rows": selectors.approval_queue()})


@require_POST
@advisor_required
def approval_decide(request, invitation_id):
    found = get_object_or_404(Invitation, pk=invitation_id)
    action = request.POST.get("actie")
    try:
        if action == "goedkeuren":
            services.invitation_approve(invitation=found, user=request.user)
            messages.success(request, f"Goedgekeurd: de uitnodiging is verstuurd naar {found.email}.")
        elif action == "afwijzen":
            services.invitation_refuse(invitation=found, user=request.user)
            messages.success(request, f"Afgewezen: er gaat geen uitnodiging naar {found.email}.")
        else:
            messages.error(request, "Onbekende actie; er is niets gewijzigd.")
    except services.InvitationRefused as error:
        messages.error(request, " ".join(error.messages))
    return redirect("regions:approvals")


urlpatterns = [
    path("regios/<slug:slug>/uitnodigen/", invite, name="invite"),
    path("uitnodiging/<str:token>/", invitation, name="invitation"),
    path("organisaties/<int:pk>/mensen/", people, name="people"),
    path(
        "organisaties/<int:pk>/mensen/uitnodigingen/<int:invitation_id>/", invitation_change, name="invitation_change"
    ),
    path("organisaties/<int:pk>/mensen/<int:membership_id>/verwijderen/", member_remove, name="member_remove"),
    path("versnellingsteam/uitnodigingen/", approvals, name="approvals"),
    path("versnellingsteam/uitnodigingen/<int:invitation_id>/", approval_decide, name="approval_decide"),
]
