"""The Django admin at /beheer/: the Redactie edits the guide; the history is never edited."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from phases.admin import IN_USE
from phases.models import ChecklistItem, OrganisationType, Phase, Resource
from regions.models import Activity, ChecklistProgress
from tests import factories

SHOWN_IN_USE = escape(IN_USE)  # as the page shows it


def form_data(response) -> dict:
    """The POST data of an admin change form as it was shown: the main form and every inline formset."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            data[field.html_name] = field.value()
        for form in formset.forms:
            add(form)
    return data


@pytest.fixture
def editor_client(client, coalition):
    client.force_login(coalition.editor)
    return client


def test_editor_edits_a_phase_with_its_parts_inline_and_in_order(editor_client):
    phase = Phase.objects.get(number=2)
    url = reverse("admin:phases_phase_change", args=[phase.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    formsets = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert set(formsets) == {"roles", "questions", "phase_resources", "checklist_items"}
    items = [form.instance.text for form in formsets["checklist_items"].forms]
    assert items[0] == "Ambitie bij gemeenten en woningcorporaties om met Wonen Eerst aan de slag te gaan."
    assert items == list(ChecklistItem.objects.filter(phase=phase).order_by("order").values_list("text", flat=True))

    data = form_data(response)
    data["name"] = "Initiatief (bijgewerkt)"
    data["checklist_items-0-text"] = "Ambitie bij gemeenten en woningcorporaties, scherp geformuleerd."
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    phase.refresh_from_db()
    assert phase.name == "Initiatief (bijgewerkt)"
    assert phase.checklist_items.order_by("order").first().text.endswith("scherp geformuleerd.")
    assert phase.roles.count() == 2 and phase.phase_resources.count() == 14


def test_editor_finds_resources_with_the_phases_they_appear_in(editor_client):
    response = editor_client.get(reverse("admin:phases_resource_changelist"), {"q": "Kennisbank"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(Resource.objects.filter(label="Kennisbank"))
    assert "1 · Kennis en inspiratie, 2 · Kennis en inspiratie" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["phases_organisationtype_changelist", "phases_guidepage_changelist", "phases_checklistitem_changelist"]
)
def test_editor_opens_every_part_of_the_guide(editor_client, name):
    assert editor_client.get(reverse(f"admin:{name}")).status_code == 200


@pytest.mark.parametrize("model", ["region", "organisation", "membership", "partnership", "activity", "supportrequest"])
def test_editor_cannot_open_regions(editor_client, model):
    assert editor_client.get(reverse(f"admin:regions_{model}_changelist")).status_code == 403
    app_list = editor_client.get(reverse("admin:index")).context["app_list"]
    assert [app["app_label"] for app in app_list] == ["phases"]


def test_checklist_item_with_progress_in_a_region_cannot_be_deleted(editor_client, coalition):
    item = factories.item(phase=3)
    ChecklistProgress.objects.create(region=coalition.region, item=item, done=True)
    response = editor_client.post(reverse("admin:phases_checklistitem_delete", args=[item.pk]), {"post": "yes"})
    assert response.status_code == 200  # the page explains why, instead of deleting
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    assert SHOWN_IN_USE in response.content.decode()


def assert_names_no_region_data(content: str, coalition):
    for shown in (coalition.region.name, coalition.other_region.name, coalition.gemeente.name, "Voortgang:"):
        assert shown not in content


def test_phase_a_region_is_in_cannot_be_deleted_and_the_page_names_no_region(editor_client, coalition):
    phase = Phase.objects.get(number=3)  # Regio Noordkust's current phase, with its phase history
    url = reverse("admin:phases_phase_delete", args=[phase.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert SHOWN_IN_USE in content and 'name="post"' not in content  # why, and no button to delete anyway
    assert_names_no_region_data(content, coalition)
    assert editor_client.post(url, {"post": "yes"}).status_code == 200
    assert ChecklistItem.objects.filter(phase=phase).count() == 5


def test_phase_whose_items_regions_ticked_cannot_be_deleted_in_bulk_either(editor_client, coalition):
    phase = Phase.objects.get(number=5)  # no region is in phase 5, but one ticked an item of it
    ChecklistProgress.objects.create(region=coalition.other_region, item=factories.item(phase=5), done=True)
    bulk = {"action": "delete_selected", "_selected_action": [phase.pk], "post": "yes"}
    response = editor_client.post(reverse("admin:phases_phase_changelist"), bulk)
    assert response.status_code == 200
    assert SHOWN_IN_USE in response.content.decode()
    assert_names_no_region_data(response.content.decode(), coalition)
    assert Phase.objects.filter(pk=phase.pk).exists() and ChecklistProgress.objects.count() == 1


def test_checklist_item_in_a_region_history_cannot_be_deleted(editor_client, coalition):
    """No progress row any more, but the history still speaks of the item: deleting it would orphan those rows."""
    item = factories.item(phase=4)
    Activity.objects.create(region=coalition.region, kind=Activity.Kind.UNTICK, item=item, summary="Vinkje weg")
    url = reverse("admin:phases_checklistitem_delete", args=[item.pk])
    response = editor_client.get(url)
    assert SHOWN_IN_USE in response.content.decode()
    assert editor_client.post(url, {"post": "yes"}).status_code == 200
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    assert Activity.objects.get(summary="Vinkje weg").item_id == item.pk


def test_checklist_item_in_a_region_history_cannot_be_deleted_in_the_phase_inline(editor_client, coalition):
    item = factories.item(phase=4, index=1)
    Activity.objects.create(region=coalition.region, kind=Activity.Kind.NOTE, item=item, summary="Toelichting")
    url = reverse("admin:phases_phase_change", args=[item.phase_id])
    data = form_data(editor_client.get(url))
    index = next(key for key, value in data.items() if key.startswith("checklist_items-") and value == item.pk)
    data[index.replace("-id", "-DELETE")] = "on"
    response = editor_client.post(url, data)
    assert response.status_code == 200  # the form again, with the reason
    assert "kan niet weg" in response.content.decode() and SHOWN_IN_USE in response.content.decode()
    assert ChecklistItem.objects.filter(pk=item.pk).exists()


def test_a_part_of_the_guide_no_region_works_with_can_be_deleted(editor_client, coalition):
    item = ChecklistItem.objects.create(phase=Phase.objects.get(number=6), order=99, text="Een punt te veel.")
    url = reverse("admin:phases_checklistitem_delete", args=[item.pk])
    assert "Een punt te veel." in editor_client.get(url).content.decode()
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()


def test_organisation_type_delete_page_names_no_organisation(editor_client, coalition):
    kind = OrganisationType.objects.get(slug="gemeente")
    response = editor_client.get(reverse("admin:phases_organisationtype_delete", args=[kind.pk]))
    assert response.status_code == 200 and SHOWN_IN_USE in response.content.decode()
    assert_names_no_region_data(response.content.decode(), coalition)


@pytest.fixture
def activity(coalition):
    return Activity.objects.create(
        region=coalition.region, actor=coalition.trekker_user, kind=Activity.Kind.TICK, summary="Punt afgevinkt"
    )


def test_superuser_sees_activity_but_cannot_change_or_delete_it(client, coalition, activity):
    client.force_login(coalition.superuser)
    change_url = reverse("admin:regions_activity_change", args=[activity.pk])
    assert client.get(reverse("admin:regions_activity_changelist")).status_code == 200
    response = client.get(change_url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"] and not response.context["has_delete_permission"]

    assert client.post(change_url, {"summary": "Herschreven", "kind": "note"}).status_code == 403
    assert client.post(reverse("admin:regions_activity_delete", args=[activity.pk]), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"}
    assert client.post(reverse("admin:regions_activity_changelist"), bulk).status_code in (200, 302)
    assert client.get(reverse("admin:regions_activity_add")).status_code == 403
    activity.refresh_from_db()
    assert activity.summary == "Punt afgevinkt"


def test_superuser_manages_a_region_but_its_phase_history_is_read_only(client, coalition):
    client.force_login(coalition.superuser)
    response = client.get(reverse("admin:regions_region_change", args=[coalition.region.pk]))
    assert response.status_code == 200
    inlines = {inline.formset.prefix: inline for inline in response.context["inline_admin_formsets"]}
    for name in ("partnerships", "phase_changes"):  # partners change in the portal (tests/test_regions_admin.py)
        shown = inlines[name]
        assert not (shown.has_add_permission or shown.has_change_permission or shown.has_delete_permission)
    assert "current_phase" in response.context["adminform"].readonly_fields


def test_editor_links_a_question_to_help_and_resources(editor_client):
    from phases.models import Question

    question = Question.objects.get(phase__number=4, order=3)
    url = reverse("admin:phases_question_change", args=[question.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    data = form_data(response)
    data["help_kind"] = "juridisch"
    data["resources"] = [str(pk) for pk in Resource.objects.filter(label="Kennisbank").values_list("pk", flat=True)]
    assert editor_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.help_kind == "juridisch"
    assert [r.label for r in question.resources.all()] == ["Kennisbank"]
    listing = editor_client.get(reverse("admin:phases_question_changelist"), {"help_kind__exact": "juridisch"})
    assert question.text in listing.content.decode()


def test_a_question_a_region_marked_cannot_be_deleted(editor_client, coalition):
    from phases.models import Question
    from regions.services.obstacles import obstacle_open

    question = Question.objects.get(phase__number=3, order=1)
    obstacle_open(region=coalition.region, user=coalition.partner_user, phase=question.phase, question=question)
    response = editor_client.get(reverse("admin:phases_question_delete", args=[question.pk]))
    assert IN_USE in response.content.decode() or escape(IN_USE) in response.content.decode()
    assert coalition.region.name not in response.content.decode()
