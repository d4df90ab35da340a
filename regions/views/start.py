"""The start page after login (/mijn/): my regions, my organisations' actions and pending akkoord, what is new;
and switching the weekly summary off from its e-mail."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from regions import permissions
from regions.models import StartPage
from regions.selectors.start import start_items
from regions.services.start import digest_off_by_token, digest_set, start_page_seen

FIRST_VISIT_DAYS = 14  # on a first visit, "new" is what came in the last two weeks


class DigestForm(forms.Form):
    digest = forms.BooleanField(label="Stuur mij elke week een samenvatting per e-mail", required=False)


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    user = request.user
    if permissions.is_advisor(user):
        return redirect("regions:advisors")
    if request.method == "POST":
        form = DigestForm(request.POST)
        on = form.is_valid() and form.cleaned_data["digest"]
        digest_set(user=user, on=on)
        messages.success(
            request, "De wekelijkse samenvatting staat aan." if on else "De wekelijkse samenvatting staat uit."
        )
        return redirect("regions:start")
    previous = start_page_seen(user=user)
    since = previous or timezone.now() - datetime.timedelta(days=FIRST_VISIT_DAYS)
    items = start_items(user, today=timezone.localdate(), since=since)
    if len(items.regions) == 1 and not items.has_waiting and "toon" not in request.GET:
        return redirect(items.regions[0]["region"])
    digest = StartPage.objects.filter(user=user).values_list("digest", flat=True).first()
    context = {"items": items, "since": since, "digest_form": DigestForm(initial={"digest": digest is not False})}
    return render(request, "regions/start.html", context)


@require_GET
def digest_off(request, token):
    """The link in the weekly summary: switches it off in one click, no login needed."""
    if digest_off_by_token(token) is None:
        raise Http404("Deze link klopt niet.")
    return render(request, "regions/digest_off.html")


urlpatterns = [
    path("mijn/", start, name="start"),
    path("mijn/samenvatting-uit/<str:token>/", digest_off, name="digest_off"),
]
