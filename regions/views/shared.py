"""What the region views share: the Versnellingsteam's door, and the message that says who was e-mailed."""

from functools import wraps

from django.contrib import messages
from django.http import Http404

from regions import permissions

NAMES_SHOWN = 5


def say_who_is_emailed(request, done: str, people: list, *, nobody: str, then: str = "") -> None:
    """The message after an action: what was done and, by name, who gets an e-mail about it; or, as a warning, that
    nobody does and why (``nobody``). ``then`` closes either."""
    if not people:
        messages.warning(request, " ".join(filter(None, [done, nobody, then])))
        return
    names = [user.get_full_name() or user.username for user in people]
    if len(names) > NAMES_SHOWN:
        names = [*names[:NAMES_SHOWN], f"{len(names) - NAMES_SHOWN} anderen"]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
    told = f"{listed} {'krijgt' if len(people) == 1 else 'krijgen'} er een e-mail over."
    messages.success(request, " ".join(filter(None, [done, told, then])))


def advisor_required(view):
    """The Versnellingsteam only; for everyone else, anonymous included, the page does not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_advisor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
