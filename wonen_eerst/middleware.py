"""Middleware of the portal itself."""

from django.shortcuts import render


class MethodNotAllowedPage:
    """An address opened with a method it does not take (a bookmarked logout link, a form's address typed in) gets
    a Dutch page instead of the empty 405 that Django's method checks return; the status and ``Allow`` stay.
    htmx requests keep the empty response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.headers.get("HX-Request"):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page
