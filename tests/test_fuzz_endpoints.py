"""Property-based tests (hypothesis): arbitrary text, numbers and ids posted to every form and htmx endpoint, and
arbitrary query strings sent to every page and form, as every kind of user. Never a server error; never a change by
someone who may not make it; a NUL character anywhere is a 400.

CI runs them on SQLite and on PostgreSQL, where a NUL character that reached a query would be a server error.
"""

import datetime
import os
import string
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phases.models import OrganisationType, Phase
from regions.models import (
    Action,
    Activity,
    Agreement,
    ChecklistProgress,
    IndicatorTarget,
    IndicatorValue,
    Invitation,
    Membership,
    Obstacle,
    Organisation,
    Partnership,
    PhaseChange,
    Review,
    SupportMessage,
    SupportRequest,
)
from regions.services import action_create
from regions.services.advice import support_request_create
from regions.services.obstacles import obstacle_open
from tests.factories import item

ROLES = ["anonymous", "partner", "trekker", "other", "advisor", "editor"]
WATCHED = [
    Activity,
    ChecklistProgress,
    Invitation,
    Obstacle,
    Partnership,
    PhaseChange,
    Review,
    SupportRequest,
    SupportMessage,
    Organisation,
    Membership,
    IndicatorValue,
    IndicatorTarget,
    Action,
    Agreement,
]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# In `region` the trekker_user manages the coalition and partner_user is partner staff; other_user is
# staff of the trekker in `other_region`. Advisors see everything and change no region's progress.

# Text as people and attackers type it: any printable or control character (no lone surrogates, which
# no browser can send), markup, very long strings, NUL bytes.
any_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
with_nul = st.builds(lambda before, after: f"{before}\x00{after}", any_text, any_text)
text = st.one_of(
    any_text,
    with_nul,
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "javascript:alert(1)", "' OR 1=1 --", "x" * 6000]),
)
number = st.one_of(st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True)).map(str)
value = st.one_of(text, number, st.booleans().map(str), st.just("on"))
path_int = st.one_of(st.integers(min_value=0, max_value=2**70), st.integers(min_value=0, max_value=50))
slug_text = st.text(string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=40)


@pytest.fixture
def world(coalition):
    """The coalition plus a support request, with a logged-in client per role."""
    request = support_request_create(
        region=coalition.region, kind="juridisch", description="Vraag over toewijzing.", user=coalition.trekker_user
    )
    users = {
        "anonymous": AnonymousUser(),
        "partner": coalition.partner_user,
        "trekker": coalition.trekker_user,
        "other": coalition.other_user,
        "advisor": coalition.advisor,
        "editor": coalition.editor,
    }
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        if user.is_authenticated:
            clients[role].force_login(user)
    coalition.clients = clients
    coalition.support_request = request
    coalition.obstacle = obstacle_open(
        region=coalition.region, user=coalition.partner_user, phase=coalition.region.current_phase, text="Knelpunt."
    )
    coalition.slugs = [coalition.region.slug, coalition.other_region.slug]
    coalition.org_ids = [coalition.gemeente.pk, coalition.corporatie.pk, coalition.zorg.pk]
    return coalition


def counts() -> dict:
    """The number of rows in each watched table, in one query."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in WATCHED]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables))
        return dict(zip((model.__name__ for model in WATCHED), cursor.fetchone(), strict=True))


def has_nul(*texts) -> bool:
    return any("\x00" in str(text) for text in texts)


def check(world, role, method, url, data=None, *, allowed, htmx=False, query=None):
    """One request: never a 500; a NUL character anywhere is a 400 that changes nothing; for a role not in
    ``allowed``, nothing in the database changed."""
    fields = [*(data or {}).items(), *(query or {}).items()]
    # An uploaded file's name is the multipart parser's business: it drops a name it cannot use.
    nul = has_nul(url, *(part for field in fields for part in field if isinstance(part, str)))
    before = counts() if nul or role not in allowed else None
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    client = world.clients[role]
    if query:
        url += "?" + urlencode(query)
    response = client.post(url, data or {}, **headers) if method == "POST" else client.get(url, data or {}, **headers)
    assert response.status_code < 500, (role, url, data, response.status_code)
    if nul:
        assert response.status_code == 400, (role, url, data, response.status_code)
        assert counts() == before, (role, url, data)
    elif role not in allowed:
        assert counts() == before, (role, url, data)
        if method == "POST":
            # to the login: a 302, or for htmx a 200 that sends the whole page there (HX-Redirect)
            login = response.status_code == 302 or (htmx and "HX-Redirect" in response)
            assert login or response.status_code in (400, 403, 404, 405), (role, url, response.status_code)
    mail.outbox.clear()
    return response


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    slug=st.one_of(st.sampled_from(["regio-x"]), slug_text),
    number=path_int,
    item_index=st.integers(0, 5),
    item_id=path_int,
    actie=st.one_of(st.sampled_from(["vinken", "toelichting"]), text),
    done=value,
    note=text,
    link=st.one_of(text, st.just("https://example.org/verslag")),
    htmx=st.booleans(),
)
def test_checklist_item(world, role, slug, number, item_index, item_id, actie, done, note, link, htmx):
    real = item(phase=3, index=item_index % 3)
    slug = world.region.slug if slug == "regio-x" else slug
    if item_index < 4:
        number, item_id = real.phase.number, real.pk
    url = f"/regios/{slug}/fasen/{number}/punten/{item_id}/"
    prefix = f"punt-{item_id}"
    data = {"actie": actie, f"{prefix}-done": done, f"{prefix}-note": note, f"{prefix}-link": link}
    allowed = {world.region.slug: {"partner", "trekker"}, world.other_region.slug: {"other"}}.get(slug, set())
    check(world, role, "POST", url, data, allowed=allowed, htmx=htmx)


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    target=st.sampled_from(["new", "existing", "agreement"]),
    what=text,
    owner=st.one_of(st.sampled_from(["own"]), value),
    person=value,
    due_on=st.one_of(st.just("2026-03-01"), value),
    status=st.one_of(st.sampled_from(["open", "bezig", "geblokkeerd", "klaar"]), value),
    reason=text,
    actie=st.one_of(st.sampled_from(["geven", "intrekken"]), text),
)
def test_actions_and_agreements(world, role, target, what, owner, person, due_on, status, reason, actie):
    """Adding and changing an action, giving and withdrawing akkoord: never a 500, nothing changed by outsiders."""
    region = world.region
    point = item(phase=3, index=0 if target != "agreement" else 2)
    owner = str(world.gemeente.pk) if owner == "own" else owner
    if target == "existing":
        action = Action.objects.filter(region=region).first() or action_create(
            region=region,
            item=point,
            user=world.trekker_user,
            what="x",
            owner=world.gemeente,
            due_on=datetime.date.today(),
        )
        url, prefix = f"/regios/{region.slug}/acties/{action.pk}/", f"actie-{action.pk}"
    elif target == "new":
        url, prefix = f"/regios/{region.slug}/fasen/3/punten/{point.pk}/acties/", f"punt-{point.pk}-actie"
    else:
        url, prefix = (
            f"/regios/{region.slug}/fasen/3/punten/{point.pk}/akkoord/",
            f"punt-{point.pk}-{'intrekken' if actie == 'intrekken' else 'akkoord'}",
        )
    data = {f"{prefix}-what": what, f"{prefix}-owner": owner, f"{prefix}-person": person, f"{prefix}-due_on": due_on}
    data |= {f"{prefix}-status": status, f"{prefix}-blocked_reason": reason, "actie": actie}
    data |= {f"{prefix}-organisation": owner, f"{prefix}-note": reason}
    check(world, role, "POST", url, data, allowed={"partner", "trekker"})


@FUZZ
@given(
    role=st.sampled_from(ROLES), org=st.integers(0, 3), slug_pick=st.integers(0, 2), role_text=text, htmx=st.booleans()
)
def test_organisation_role(world, role, org, slug_pick, role_text, htmx):
    org_id = world.org_ids[org] if org < 3 else 10**12
    slug = world.slugs[slug_pick] if slug_pick < 2 else "bestaat-niet"
    allowed = {(0, 0): {"trekker"}, (1, 0): {"partner"}, (2, 1): {"other"}}.get((org, slug_pick), set())
    check(world, role, "POST", f"/organisaties/{org_id}/rol/{slug}/", {"role": role_text}, allowed=allowed, htmx=htmx)


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    own=st.booleans(),
    organisation=st.one_of(st.sampled_from(["", "existing"]), number, text),
    name=text,
    type_=st.one_of(st.sampled_from(["gemeente", "1", "2"]), value),
    trekker=value,
)
def test_partner_add(world, role, own, organisation, name, type_, trekker):
    if organisation == "existing":
        organisation = str(
            Organisation.objects.get_or_create(name="Zorg Elders", type=OrganisationType.objects.first())[0].pk
        )
    slug = world.region.slug if own else world.other_region.slug
    data = {"organisation": organisation, "name": name, "type": type_, "is_trekker": trekker}
    check(world, role, "POST", f"/regios/{slug}/partners/", data, allowed={"trekker"} if own else {"other"})


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    own=st.booleans(),
    pick=st.integers(0, 3),
    action=st.one_of(st.sampled_from(["trekker", "geen-trekker", "verwijderen"]), text),
    confirmed=st.one_of(st.none(), value),
)
def test_partner_change(world, role, own, pick, action, confirmed):
    pk = world.org_ids[pick] if pick < 3 else 2**65
    slug = world.region.slug if own else world.other_region.slug
    data = {"action": action} | ({} if confirmed is None else {"confirmed": confirmed})
    check(world, role, "POST", f"/regios/{slug}/partners/{pk}/", data, allowed={"trekker"} if own else {"other"})


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    own=st.booleans(),
    phase=st.one_of(st.integers(0, 8).map(str), value),
    started_on=st.one_of(st.dates().map(str), text),
)
def test_phase_set(world, role, own, phase, started_on):
    slug = world.region.slug if own else world.other_region.slug
    data = {"phase": phase, "started_on": started_on}
    check(world, role, "POST", f"/regios/{slug}/fase/", data, allowed={"trekker"} if own else {"other"})


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    own=st.booleans(),
    organisation=st.one_of(st.sampled_from(["0", "1", "2"]), number),
    email=st.one_of(st.emails().map(str), text),
    first=text,
    last=text,
)
def test_invite(world, role, own, organisation, email, first, last):
    if organisation in ("0", "1", "2"):
        organisation = str(world.org_ids[int(organisation)])
    slug = world.region.slug if own else world.other_region.slug
    data = {"organisation": organisation, "email": email, "first_name": first, "last_name": last}
    allowed = {"partner", "trekker"} if own else {"other"}
    check(world, role, "POST", f"/regios/{slug}/uitnodigen/", data, allowed=allowed)


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    organisation=st.one_of(st.sampled_from(["0", "1", "2"]), number),
    email=st.one_of(st.emails().map(str), text),
    action=st.one_of(st.sampled_from(["opnieuw", "intrekken"]), text),
    confirmed=st.one_of(st.just("ja"), text),
    first=text,
)
def test_people_pages(world, role, organisation, email, action, confirmed, first):
    """An organisation's people page, its invitations and its colleagues: only its own staff change anything."""
    index = int(organisation) if organisation in ("0", "1", "2") else None
    pk = world.org_ids[index] if index is not None else organisation
    allowed = {("trekker", 0), ("partner", 1), ("other", 2)}
    own = {role} if (role, index) in allowed else set()
    check(world, role, "POST", f"/organisaties/{pk}/mensen/", {"email": email, "first_name": first}, allowed=own)
    pending = Invitation.objects.create(email="open@example.org", organisation_id=world.corporatie.pk)
    url = f"/organisaties/{pk}/mensen/uitnodigingen/{pending.pk}/"
    check(world, role, "POST", url, {"actie": action}, allowed=own if index == 1 else set())
    colleague = Membership.objects.filter(organisation_id=world.corporatie.pk).exclude(user=world.partner_user).first()
    if colleague is not None:
        url = f"/organisaties/{pk}/mensen/{colleague.pk}/verwijderen/"
        check(world, role, "POST", url, {"bevestigd": confirmed}, allowed=own if index == 1 else set())
    Invitation.objects.filter(pk=pending.pk).delete()


@FUZZ
@given(role=st.sampled_from(ROLES), action=st.one_of(st.sampled_from(["goedkeuren", "afwijzen"]), text))
def test_approvals(world, role, action):
    waiting = Invitation.objects.create(
        email="eerste@example.org", organisation_id=world.zorg.pk, region=world.region, status="wacht_op_goedkeuring"
    )
    check(world, role, "POST", f"/versnellingsteam/uitnodigingen/{waiting.pk}/", {"actie": action}, allowed={"advisor"})
    Invitation.objects.filter(pk=waiting.pk).delete()


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    own=st.booleans(),
    kind=st.one_of(st.sampled_from(SupportRequest.Kind.values), text),
    description=text,
)
def test_support_request_new(world, role, own, kind, description):
    slug = world.region.slug if own else world.other_region.slug
    data = {"kind": kind, "description": description}
    check(
        world,
        role,
        "POST",
        f"/regios/{slug}/hulpvragen/nieuw/",
        data,
        allowed={"partner", "trekker"} if own else {"other"},
    )


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    step=st.sampled_from(["", "oppakken/", "afronden/"]),
    real=st.booleans(),
    pk=path_int,
    message=text,
)
def test_support_thread_and_steps(world, role, step, real, pk, message):
    pk = world.support_request.pk if real else pk
    real = pk == world.support_request.pk
    url = f"/regios/{world.region.slug}/hulpvragen/{pk}/{step}"
    allowed = ({"partner", "trekker", "advisor"} if step == "" else {"advisor"}) if real else set()
    check(world, role, "POST", url, {"text": message}, allowed=allowed)


@FUZZ
@given(role=st.sampled_from(ROLES), own=st.booleans(), phase=st.one_of(st.integers(-1, 8).map(str), value), review=text)
def test_review_new(world, role, own, phase, review):
    if phase.lstrip("-").isdecimal() and 1 <= int(phase) <= 6:
        phase = str(Phase.objects.get(number=int(phase)).pk)
    slug = world.region.slug if own else "bestaat-niet"
    check(
        world,
        role,
        "POST",
        f"/regios/{slug}/advies/nieuw/",
        {"phase": phase, "text": review},
        allowed={"advisor"} if own else set(),
    )


@FUZZ
@given(role=st.sampled_from(ROLES), token=slug_text, password=text, first=text, last=text)
def test_invitation_with_forged_links(world, role, token, password, first, last):
    data = {"new_password1": password, "new_password2": password, "first_name": first, "last_name": last}
    check(world, role, "POST", f"/uitnodiging/{token}/", data, allowed=set())


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    page=st.sampled_from(
        ["phase", "activity", "pdf", "advisors", "csv", "resources", "inbox", "support", "figures", "national", "ncsv"]
    ),
    params=st.dictionaries(
        st.one_of(
            any_text,
            st.sampled_from(
                [
                    "datum",
                    "fase",
                    "persoon",
                    "soort",
                    "pagina",
                    "kort",
                    "q",
                    "sorteer",
                    "signaal",
                    "status",
                    "uitgever",
                    "onderdeel",
                    "richting",
                    "kengetal",
                    "zonder",
                ]
            ),
        ),
        value,
        max_size=4,
    ),
    htmx=st.booleans(),
)
def test_pages_with_arbitrary_query_strings(world, role, page, params, htmx):
    slug = world.region.slug
    url = {
        "phase": f"/regios/{slug}/fasen/3/",
        "activity": f"/regios/{slug}/activiteit/",
        "pdf": f"/regios/{slug}/voortgang.pdf",
        "advisors": "/versnellingsteam/",
        "csv": "/versnellingsteam/export.csv",
        "resources": "/hulpmiddelen/",
        "inbox": "/versnellingsteam/hulpvragen/",
        "support": f"/regios/{slug}/hulpvragen/",
        "figures": f"/regios/{slug}/kengetallen/",
        "national": "/versnellingsteam/kengetallen/",
        "ncsv": "/versnellingsteam/kengetallen.csv",
    }[page]
    check(world, role, "GET", url, params, allowed=set(), htmx=htmx)


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    form=st.sampled_from(
        ["tick", "note", "role", "partner", "phase", "support", "review", "login", "obstacle", "solve", "share"]
    ),
    query=st.dictionaries(st.one_of(any_text, st.sampled_from(["next", "datum", "q"])), value, max_size=3),
    field=text,
    htmx=st.booleans(),
)
def test_forms_with_arbitrary_query_strings(world, role, form, query, field, htmx):
    """Every kind of form, sent to its address with any query string added (and one field of any text)."""
    slug = world.region.slug
    point = item(phase=3, index=0)
    prefix = f"punt-{point.pk}"
    url, data, allowed = {
        "tick": (f"/regios/{slug}/fasen/3/punten/{point.pk}/", {"actie": "vinken", f"{prefix}-done": field}, "pt"),
        "note": (f"/regios/{slug}/fasen/3/punten/{point.pk}/", {"actie": "toelichting", f"{prefix}-note": field}, "pt"),
        "role": (f"/organisaties/{world.gemeente.pk}/rol/{slug}/", {"role": field}, "t"),
        "partner": (f"/regios/{slug}/partners/", {"name": field, "type": "1"}, "t"),
        "phase": (f"/regios/{slug}/fase/", {"phase": "4", "started_on": field}, "t"),
        "support": (f"/regios/{slug}/hulpvragen/nieuw/", {"kind": "juridisch", "description": field}, "pt"),
        "review": (f"/regios/{slug}/advies/nieuw/", {"text": field}, "a"),
        "login": ("/account/inloggen/", {"username": field, "password": field}, "*"),
        "obstacle": (f"/regios/{slug}/knelpunten/nieuw/", {"phase": "3", "text": field, "terug": field}, "pt"),
        "solve": (
            f"/regios/{slug}/knelpunten/{world.obstacle.pk}/opgelost/",
            {f"knelpunt-{world.obstacle.pk}-what_helped": field},
            "pt",
        ),
        "share": (f"/regios/{slug}/knelpunten/delen/", {"share": field}, "t"),
    }[form]
    roles = {"p": ["partner"], "t": ["trekker"], "a": ["advisor"], "*": ROLES}  # login is open to everyone
    allowed = {name for key in allowed for name in roles[key]}
    check(world, role, "POST", url, data, allowed=allowed, htmx=htmx, query=query)


@FUZZ
@given(role=st.sampled_from(ROLES[1:]), page=st.sampled_from(["", "controle/", "instellen/"]), code=value)
def test_two_factor_forms(world, role, page, code):
    check(world, role, "POST", f"/account/tweestaps/{page}", {"code": code}, allowed=set(ROLES))


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    own=st.booleans(),
    actie=st.one_of(st.sampled_from(["waarde", "doel"]), text),
    pick=st.integers(0, 3),
    period=st.one_of(st.sampled_from(["2025-H1", "2025-H2", "2026-H1", "2031-H1", "2026"]), text),
    amount=st.one_of(st.integers(-5, 2_000_000).map(str), value),
    source=text,
    measured_on=st.one_of(st.dates().map(str), text),
    year=st.one_of(st.integers(2010, 2040).map(str), value),
    htmx=st.booleans(),
)
def test_figures_entry(world, indicators, role, own, actie, pick, period, amount, source, measured_on, year, htmx):
    choices = [
        indicators["woningen-beschikbaar"].pk,
        indicators["mensen-wachtend"].pk,
        indicators["ethos-noodopvang"].pk,
    ]
    indicator_id = choices[pick] if pick < 3 else 2**40
    slug = world.region.slug if own else world.other_region.slug
    prefix = f"{actie}-{indicator_id}"
    data = {
        "actie": actie,
        "kengetal": str(indicator_id),
        f"{prefix}-period": period,
        f"{prefix}-value": amount,
        f"{prefix}-source": source,
        f"{prefix}-measured_on": measured_on,
        f"{prefix}-year": year,
    }
    if not own:
        allowed = {"other"}
    else:
        allowed = {"partner", "trekker"} if actie == "waarde" else {"trekker"} if actie == "doel" else set()
    check(world, role, "POST", f"/regios/{slug}/kengetallen/", data, allowed=allowed, htmx=htmx)


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    own=st.booleans(),
    stap=st.one_of(st.sampled_from(["controleren", "opslaan"]), text),
    name=st.one_of(st.sampled_from(["kengetallen.csv", "kengetallen.xlsx", "x.pdf", ""]), text),
    content=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(str.encode),
        st.sampled_from(
            [
                b"Kengetal;Periode;Waarde;Bron;Gemeten op\r\nwoningen-beschikbaar;2025-H2;12;Bron;2025-12-31\r\n",
                b"Kengetal,Soort,Periode,Waarde\nwoningen-beschikbaar,doel,2026,-1\n",
                b"PK\x03\x04",
            ]
        ),
    ),
    regels=text,
)
def test_figures_import(world, indicators, role, own, stap, name, content, regels):
    from django.core.files.uploadedfile import SimpleUploadedFile

    slug = world.region.slug if own else world.other_region.slug
    data = {"stap": stap, "regels": regels}
    if name:
        # A browser sends a file's own name, never a path; Django refuses to make an upload of "", "." or "..".
        filename = os.path.basename(name[:100])
        data["file"] = SimpleUploadedFile(filename if filename not in ("", ".", "..") else "bestand", content)
    allowed = {"partner", "trekker"} if own else {"other"}
    # a check never saves; a confirmation only with the signed rows of a check, which arbitrary text never is
    check(world, role, "POST", f"/regios/{slug}/kengetallen/importeren/", data, allowed=allowed)
    assert not IndicatorValue.objects.exists() and not IndicatorTarget.objects.exists()


@FUZZ
@given(
    role=st.sampled_from(ROLES),
    own=st.booleans(),
    step=st.sampled_from(["nieuw/", "opgelost/", "heropenen/", "delen/"]),
    real=st.booleans(),
    pk=path_int,
    question=st.one_of(path_int.map(str), text),
    phase=value,
    words=text,
    note=text,
    terug=st.one_of(st.sampled_from(["fase", "lijst"]), text),
    htmx=st.booleans(),
)
def test_obstacle_forms(world, role, own, step, real, pk, question, phase, words, note, terug, htmx):
    """Marking, solving, reopening and the consent: any input, never a 500; only the region's own partners (and for
    the consent its trekkers) change anything."""
    slug = world.region.slug if own else world.other_region.slug
    pk = world.obstacle.pk if real else pk
    url = (
        f"/regios/{slug}/knelpunten/{step}"
        if step in ("nieuw/", "delen/")
        else f"/regios/{slug}/knelpunten/{pk}/{step}"
    )
    data = {
        "question": question,
        "phase": phase,
        "text": words,
        "note": note,
        f"knelpunt-{pk}-what_helped": note,
        "share": words,
        "terug": terug,
    }
    allowed = ({"trekker"} if step == "delen/" else {"partner", "trekker"}) if own else {"other"}
    check(world, role, "POST", url, data, allowed=allowed, htmx=htmx)


@FUZZ
@given(role=st.sampled_from(ROLES), soort=value, knelpunt=st.one_of(path_int.map(str), text), datum=value)
def test_obstacle_pages_with_any_query(world, role, soort, knelpunt, datum):
    slug = world.region.slug
    for url, query in (
        (f"/regios/{slug}/hulpvragen/nieuw/", {"soort": soort, "knelpunt": knelpunt}),
        (f"/regios/{slug}/knelpunten/", {"datum": datum}),
        ("/versnellingsteam/", {"knelpunt": knelpunt}),
    ):
        check(world, role, "GET", url, query, allowed=set())
