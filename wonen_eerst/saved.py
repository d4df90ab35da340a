"""The truth about a change when the answer to it fails: saved, or not.

A change is committed first and its answer (the page, the htmx fragment) is built afterwards. When building the
answer fails (the database connection drops while reading for it, say), the error must not suggest that the change
was lost. The services call ``saved_on_commit()`` inside the transaction of every change they record in the history;
once it commits, ``SavedDespiteError`` knows this request saved something, and turns a server error into an answer
that says so. The mark lives in a context variable for the request, set and reset by the middleware.
"""

from contextvars import ContextVar

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseServerError
from django.template import loader

_saved_in_request: ContextVar[list | None] = ContextVar("wonen_eerst_saved_in_request", default=None)

SAVED_EVENT = "wonen-eerst:opgeslagen-na-fout"
SAVED_MESSAGE = (
    "Je wijziging is opgeslagen. Daarna lukte het het portaal niet om de pagina bij te werken; "
    "de pagina is opnieuw geladen en laat zien wat er nu is opgeslagen."
)


def saved_on_commit() -> None:
    """Call inside the transaction of a change: once it commits, the request that made it counts as having saved
    something. Outside a request (a management command) this does nothing."""
    marks = _saved_in_request.get()
    if marks is not None:
        transaction.on_commit(lambda: marks.append(True))


class SavedDespiteError:
    """A server error in answer to a request that already saved a change says that the change was saved.

    For htmx: status 500 still, with ``HX-Trigger`` (htmx-errors.js says "Opgeslagen" and keeps text typed
    elsewhere on the page) and ``HX-Refresh`` (htmx reloads the page, which then shows the saved state and this
    message). Without JavaScript: an error page that says the change was saved and should not be sent again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        marks = []
        token = _saved_in_request.set(marks)
        try:
            response = self.get_response(request)
        finally:
            _saved_in_request.reset(token)
        if response.status_code < 500 or not marks:
            return response
        saved = HttpResponseServerError(loader.get_template("500_saved.html").render())
        if getattr(request, "htmx", False):
            messages.info(request, SAVED_MESSAGE)
            saved["HX-Trigger"] = SAVED_EVENT
            saved["HX-Refresh"] = "true"
        return saved
