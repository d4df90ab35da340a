"""Middleware of the portal itself."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect

NOT_SAVED = (
    "Je laatste wijziging is niet opgeslagen. Ga hieronder eerst verder; daarna kom je terug op de pagina waar je was."
)


class BackToThePage:
    """A step that comes first (the login page after the session ran out, the two-factor step) leads back to the
    page the person was on, and after a change that was sent (a POST) it says the change was not saved.

    Such a redirect carries ``next`` = the address asked for. For htmx that is a fragment's address, and htmx would
    follow the redirect itself and swap the login page into the spot of a checklist item: it becomes a redirect
    of the whole page (``HX-Redirect``), back to the page htmx was called from. For a form sent without JavaScript
    to an address that only takes POST, ``next`` becomes the page the form was on (the same-origin Referer).
    Any other redirect in answer to htmx also moves the whole page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        location = response["Location"]
        asked_first = ("next", request.get_full_path()) in parse_qsl(urlsplit(location).query)
        not_saved = asked_first and request.method == "POST"
        if not_saved:
            messages.warning(request, NOT_SAVED)
        if request.htmx:
            page = request.htmx.current_url_abs_path if asked_first else None
            return HttpResponseClientRedirect(_with_next(location, page))
        if not_saved:
            response["Location"] = _with_next(location, _same_origin_path(request.headers.get("Referer"), request))
        return response


def _same_origin_path(url: str | None, request) -> str | None:
    """The path and query of ``url`` when it is on this site, else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != request.scheme or parts.netloc != request.get_host():
        return None
    return urlunsplit(parts._replace(scheme="", netloc=""))


def _with_next(location: str, page: str | None) -> str:
    """``location`` with its ``next`` replaced by ``page`` (unchanged when there is no page)."""
    if page is None:
        return location
    parts = urlsplit(location)
    query = [(key, page if key == "next" else value) for key, value in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query)))


class MethodNotAllowedPage:
    """An address opened with a method it does not take (a bookmarked logout link, a form's address typed in) gets
    a Dutch page instead of the empty 405 that Django's method checks return; the status and ``Allow`` stay.
    htmx requests keep the empty response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.htmx:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page


class NoStoreWhenSignedIn:
    """Every answer to a signed-in person (pages, fragments, exports, the two-step setup page with its secret) is
    ``Cache-Control: private, no-store``: no shared cache keeps it, and the browser keeps no copy on disk for the
    next person at the same computer. An answer that declares itself ``public`` (the guide as PDF: the same for
    everyone) keeps its caching, and so does everything for people who are not signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RefuseNulBytes:
    """A request with a NUL character in its address, query string, form data or cookies gets the Dutch 400 page.

    No browser sends one unless it was typed in on purpose, and PostgreSQL cannot hold it in a text value: the first
    query that used it (a search, a filter, the session) would fail with a server error. Refusing it here, before
    anything reads the request, covers every view, form and filter at once; forms' own CharFields refuse it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return HttpResponseBadRequest(loader.get_template("400.html").render())
        return self.get_response(request)


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
        return True
    sent = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    return any(
        "\x00" in key or any("\x00" in value for value in values) for data in sent for key, values in data.lists()
    )
