"""The portal's voice: it says je/jij/jouw to the reader, never u/uw. Finds u and uw in what a reader sees of a page
(its text, and the alt, title, aria-label and placeholder texts and button labels a screen reader or a hover shows),
or in an e-mail's text.

Used on every HTML page the test client receives (tests/conftest.py), every e-mail a test sends, every e-mail template
(tests/test_voice.py) and every page the browser tests visit (tests/browser/conftest.py).
"""

import re
from html import unescape
from html.parser import HTMLParser

# "u", "uw" (and "uzelf") as a word of their own; not a letter in a compound or a code such as "U-bocht", "uw-regio",
# "/u/" or "u@example.org".
FORMAL = re.compile(r"(?<![\w\-/@.'’])(?:u|uw|uzelf|U|Uw|Uzelf)(?![\w\-/@'’])")
# The same words in any case with only letters and digits ruled out around them: every u or uw a reader sees is one of
# these in the page's source too (after its character references), so a page whose source has none needs no parsing.
CANDIDATE = re.compile(r"(?<!\w)(?:u|uw|uzelf)(?!\w)", re.IGNORECASE)
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060]")  # soft hyphen and zero-width characters
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "placeholder"}
BUTTON_TYPES = {"submit", "button", "reset"}
HIDDEN_ELEMENTS = {"script", "style"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self._attributes(tag, dict(attrs))
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1

    def handle_startendtag(self, tag, attrs):
        self._attributes(tag, dict(attrs))

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def _attributes(self, tag, attrs):
        shown = [value for name, value in attrs.items() if name in SHOWN_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in BUTTON_TYPES and attrs.get("value"):
            shown.append(attrs["value"])
        self.parts.extend(f" {value} " for value in shown)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return INVISIBLE.sub("", "".join(parser.parts))


def formal_words(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Each u or uw in a plain text (an e-mail), with the words around it; those in ``allowed`` left out."""
    return [
        " ".join(text[max(0, match.start() - 40) : match.end() + 40].split())
        for match in FORMAL.finditer(text)
        if match.group() not in allowed
    ]


def formal_words_in_html(html: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Each u or uw a reader of this HTML sees or hears, with the words around it."""
    if not CANDIDATE.search(INVISIBLE.sub("", unescape(html))):
        return []
    return formal_words(visible_text(html), allowed=allowed)


def typed_formal_words(values) -> frozenset[str]:
    """The u and uw words in texts a test typed itself (form fields, a query): when the page shows them back, that
    is the reader's own text, not the portal speaking (the fuzz tests type any text at all)."""
    return frozenset(word for value in values for word in FORMAL.findall(str(value)))


def assert_page_says_je(html: str, where: str, *, typed: frozenset[str] = frozenset()) -> None:
    found = formal_words_in_html(html, allowed=typed)
    assert not found, f"{where} says u/uw to the reader: {found}"


def assert_mail_says_je(message, *, typed: frozenset[str] = frozenset()) -> None:
    found = formal_words(f"{message.subject}\n{message.body}", allowed=typed)
    assert not found, f"The e-mail {message.subject!r} says u/uw to the reader: {found}"
