"""Middleware of the portal itself."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect

NOT_SAVED = (
    "Je laatste wijziging is niet opgeslagen. Ga hieronder eerst verder; daarna kom je terug op de pagina waar je was."
)


class HtmxRedirects:
    """A redirect in answer to htmx (the login page after the session ran out, the two-factor step) becomes a
    redirect of the whole page. Without this, htmx follows it itself and swaps the login page into the spot of a
    checklist item. The ``next`` it carries becomes the page the person was on, not the address of the fragment,
    and after a change that was sent (a POST) a message says it was not saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not (request.htmx and response.status_code in (301, 302, 303, 307, 308)):
            return response
        if request.method == "POST":
            messages.warning(request, NOT_SAVED)
        return HttpResponseClientRedirect(_back_to_page(response["Location"], request))


def _back_to_page(location: str, request) -> str:
    """``location`` with its ``next`` (the fragment's address) replaced by the page htmx was called from."""
    page = request.htmx.current_url_abs_path
    parts = urlsplit(location)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if page is None or not any(key == "next" for key, _ in query):
        return location
    query = [(key, page if key == "next" else value) for key, value in query]
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
