from datetime import date

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# The day the accessibility statement was last brought up to date (the model statement asks for it).
ACCESSIBILITY_STATEMENT_DATE = date(2026, 12, 5)


@require_GET
def accessibility(request):
    return render(request, "accessibility.html", {"statement_date": ACCESSIBILITY_STATEMENT_DATE})


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 after one cheap query, 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 (any database failure means unhealthy)
        return HttpResponse("database onbereikbaar\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the error may come from them or from the database.
    return HttpResponseServerError(loader.get_template("500.html").render())
