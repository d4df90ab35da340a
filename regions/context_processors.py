"""What every page needs to know about the signed-in person, as regions.permissions answers it."""

from django.utils.functional import SimpleLazyObject

from regions import permissions


def roles(request) -> dict:
    """``is_advisor`` for the main menu; asked only when a template uses it."""
    return {"is_advisor": SimpleLazyObject(lambda: permissions.is_advisor(request.user))}
