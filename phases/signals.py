"""The guide's pages are kept in the cache per phase and per ``Phase.guide_changed_at``: any change to the
guide's content (in the admin, or by code) moves that moment for every phase, in the same transaction, so
every web worker on every machine builds the pages again on the next request. The same moment dates the size of
the guide PDF that /fasen/ shows, which is why a guide page counts too.

Loading a fixture or a backup (``loaddata``, a raw save) keeps the timestamps it brings.

A resource's search text is derived from its other fields just before every save, raw ones too: ``loaddata``
never calls ``Model.save()``, and ``fixtures/guide.json`` does not carry the search text.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from phases.models import (
    ChecklistItem,
    GuidePage,
    OrganisationType,
    Phase,
    PhaseResource,
    PhaseRole,
    Question,
    Resource,
)

GUIDE_MODELS = (OrganisationType, Phase, PhaseRole, Question, Resource, PhaseResource, ChecklistItem, GuidePage)


def guide_changed(sender, raw=False, **kwargs):
    if not raw:
        Phase.objects.update(guide_changed_at=timezone.now())


def keep_search_text(sender, instance, **kwargs):
    instance.update_search_text()


def connect():
    pre_save.connect(keep_search_text, sender=Resource, dispatch_uid="resource_search_text")
    for model in GUIDE_MODELS:
        post_save.connect(guide_changed, sender=model, dispatch_uid=f"guide_changed_save_{model.__name__}")
        post_delete.connect(guide_changed, sender=model, dispatch_uid=f"guide_changed_delete_{model.__name__}")
