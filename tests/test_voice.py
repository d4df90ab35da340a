"""The portal says je/jij/jouw, never u/uw. The check every test runs on every page and e-mail (tests/voice.py,
tests/conftest.py) finds what it should and nothing else; every e-mail template says je; Django's own Dutch texts
that say u are said with je in wonen_eerst/locale/nl (compiled as written) or never shown."""

import ast
import datetime
import gettext
import re
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.core.mail import EmailMessage
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string
from django.urls import path
from django.utils import translation

from tests import factories
from tests.voice import assert_mail_says_je, formal_words, formal_words_in_html

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
LOCALE = ROOT / "wonen_eerst" / "locale" / "nl" / "LC_MESSAGES"
DJANGO = Path(django.__file__).parent
EMAIL_TEMPLATES = [
    *sorted(f"regions/email/{file.name}" for file in (TEMPLATES / "regions" / "email").iterdir()),
    "registration/password_reset_email.html",  # Django's PasswordResetView, with the portal's template
    "registration/password_reset_subject.txt",
]
# Django's Dutch texts with u or uw that the portal never shows, and why.
NEVER_SHOWN = {
    "You are seeing this message because this HTTPS site requires": "CSRF failure: 403_csrf.html has its own words",
    "If you have configured your browser to disable “Referer”": "CSRF failure, as above",
    'If you are using the <meta name="referrer"': "CSRF failure, as above",
    "You are seeing this message because this site requires a CSRF cookie": "CSRF failure, as above",
    "If you have configured your browser to disable cookies": "CSRF failure, as above",
    "You are seeing this page because <a href=": "only with DEBUG on and no URLs at all",
    # The admin's registration/ pages: the portal's own templates of the same names replace them (checked below).
    "Your password was changed.": "admin registration/password_change_done.html",
    "Please enter your old password, for security’s sake": "admin registration/password_change_form.html",
    "Your password has been set.": "admin registration/password_reset_complete.html",
    "We’ve emailed you instructions": "admin registration/password_reset_done.html",
    "If you don’t receive an email": "admin registration/password_reset_done.html",
    "You're receiving this email because": "admin registration/password_reset_email.html",
    "Your username, in case you’ve forgotten:": "admin registration/password_reset_email.html",
    "Forgotten your password? Enter your email address below": "admin registration/password_reset_form.html",
}


@pytest.mark.parametrize(
    "html",
    [
        "<p>Weet u het zeker?</p>",
        "<p>Uw hulpvraag is verstuurd.</p>",
        "<h1>Wat kunt u doen?</h1>",
        "<p>Deze vraag is opgepakt door <strong>u</strong>.</p>",
        "<p>Weet&nbsp;u het zeker?</p>",
        "<p>Kom je er niet uit? Dan helpen wij u.</p>",
        "<title>Uw regio</title>",
        '<svg role="img" aria-label="QR-code voor uw app"></svg>',
        '<img src="kaart.png" alt="Kaart van uw regio">',
        '<input type="submit" value="Verstuur uw vraag">',
        "<p>Geef het ons door als uzelf iets ziet.</p>",
    ],
)
def test_the_check_finds_u_and_uw(html):
    assert formal_words_in_html(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>Weet je het zeker? Dit is jouw regio en jullie plan; kijk zelf.</p>",
        "<p>Nu uit, een uur, duw, Utrecht, het UWV, Uwe, u2, uu</p>",
        "<p>Neem de U-bocht naar de uw-regio-pagina.</p>",
        '<p><a class="utrecht-link" href="/u/uw/">Naar de uitleg</a> of mail u@example.org</p>',
        "<script>const u = 1;</script><style>.u { color: red; }</style>",
        '<input type="text" name="u" value="wat je typt">',
        "<h1>Toegankelijkheids&shy;verklaring</h1>",
    ],
)
def test_the_check_leaves_other_words_alone(html):
    assert formal_words_in_html(html) == []


def _question(request):
    return HttpResponse(f"<p>Weet {request.GET.get('wie', 'u')} het zeker?</p>")


urlpatterns = [path("vraag/", _question)]


@pytest.mark.urls("tests.test_voice")
def test_every_page_the_test_client_receives_is_checked(client, db):
    with pytest.raises(AssertionError, match=r"GET /vraag/ says u/uw to the reader: \['Weet u het zeker\?'\]"):
        client.get("/vraag/")
    assert client.get("/vraag/", {"wie": "je"}).status_code == 200
    # What the reader typed is their own text: shown back to them, it is not the portal speaking.
    assert client.get("/vraag/", {"wie": "u"}).status_code == 200


def test_every_email_a_test_sends_is_checked():
    with pytest.raises(AssertionError, match="says u/uw"):
        assert_mail_says_je(EmailMessage("Uw week in het portaal", "Beste collega,"))
    with pytest.raises(AssertionError, match="says u/uw"):
        assert_mail_says_je(EmailMessage("Je week in het portaal", "Alles staat op uw startpagina."))
    assert_mail_says_je(EmailMessage("Je week in het portaal", "Alles staat op je startpagina."))


class Anything(datetime.date):
    """Whatever a template asks of it: every attribute and item exists, a list holds one, its text is "Voorbeeld",
    and as a date it is 5 January 2026."""

    def __new__(cls):
        return super().__new__(cls, 2026, 1, 5)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return Anything()

    def __getitem__(self, key):
        return Anything()

    def __iter__(self):
        return iter([Anything()])

    def __len__(self):
        return 1

    def __str__(self):
        return "Voorbeeld"


class EveryVariable(dict):
    """A template context in which every variable is there (``Anything``), so every ``{% if %}`` shows its text."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        return Anything()


@pytest.mark.parametrize("name", EMAIL_TEMPLATES)
def test_every_email_template_says_je(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    words = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", " ", source, flags=re.DOTALL)  # every branch's text
    assert formal_words(words) == [], name
    rendered = render_to_string(name, EveryVariable(uid="MQ", token="abc-123"))
    assert rendered.strip() and formal_words(rendered) == [], rendered


def _po_entries(file: Path) -> list[dict]:
    """The entries of a .po file, each as {"msgid": …, "msgid_plural": …, "msgstr": … or "msgstr[0]": …}."""
    entries, entry, field = [], {}, None
    for line in [*file.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, field = {}, None
        elif not line.startswith("#"):
            keyword = re.match(r"(msgid_plural|msgid|msgstr(?:\[\d+\])?) ", line)
            if keyword:
                field = keyword.group(1)
                entry[field] = ast.literal_eval(line[keyword.end() :])
            else:
                entry[field] += ast.literal_eval(line)
    return entries


def _po_catalog(file: Path) -> dict:
    """What gettext reads from the compiled file: msgid → text, and (msgid, n) → plural form n."""
    catalog = {}
    for entry in _po_entries(file):
        if "msgid_plural" in entry:
            catalog |= {(entry["msgid"], int(key[7:-1])): text for key, text in entry.items() if key[:7] == "msgstr["}
        else:
            catalog[entry["msgid"]] = entry["msgstr"]
    return catalog


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_translations_are_their_po_file_compiled(domain):
    with (LOCALE / f"{domain}.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    assert catalog == _po_catalog(LOCALE / f"{domain}.po"), (
        f"compile it again, in {LOCALE}: msgfmt -o {domain}.mo {domain}.po"
    )


def test_django_uses_the_portals_texts():
    with translation.override("nl"):
        for entry in _po_entries(LOCALE / "django.po")[1:]:
            if "msgid_plural" in entry:
                for n, form in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                    assert translation.ngettext(entry["msgid"], entry["msgid_plural"], n) == entry[form]
            else:
                assert translation.gettext(entry["msgid"]) == entry["msgstr"]
            assert formal_words(entry.get("msgstr") or entry["msgstr[1]"]) == []


def _django_dutch_catalogs():
    """Every Dutch catalogue of Django and of the installed apps."""
    folders = [DJANGO / "conf" / "locale", *(Path(app.path) / "locale" for app in apps.get_app_configs())]
    for folder in folders:
        for file in sorted((folder / "nl" / "LC_MESSAGES").glob("*.mo")):
            with file.open("rb") as compiled:
                yield file, gettext.GNUTranslations(compiled)._catalog


def test_every_dutch_text_of_django_that_says_u_is_said_with_je_or_never_shown():
    ours = {entry["msgid"] for domain in ("django", "djangojs") for entry in _po_entries(LOCALE / f"{domain}.po")}
    formal = set()
    for _file, catalog in _django_dutch_catalogs():
        for key, text in catalog.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if formal_words(text) and msgid not in ours and not msgid.startswith(tuple(NEVER_SHOWN)):
                formal.add(msgid)
    assert not formal, (
        "Say these with je in wonen_eerst/locale/nl/LC_MESSAGES, or explain in NEVER_SHOWN why nobody sees them"
    )
    admin_registration = DJANGO / "contrib" / "admin" / "templates" / "registration"
    for file in admin_registration.iterdir():
        origin = get_template(f"registration/{file.name}").origin.name
        assert origin == str(TEMPLATES / "registration" / file.name), "the portal's template replaces the admin's"


def test_the_admin_says_je(client, db):
    client.force_login(factories.make_user(is_superuser=True))
    other = factories.make_user()
    page = client.get(f"/beheer/auth/user/{other.pk}/delete/").content.decode()
    assert "Weet je zeker dat je" in page
    script = client.get("/beheer/jsi18n/").content.decode()
    assert "Je kunt er een aantal kiezen" in script and "Let op: je loopt" in script
