"""Searching the guide's resources: accents, capitals and hyphens don't matter, and a word part is enough.

Both sides are normalised the same way. A resource keeps a normalised copy of its title, description and
publisher (``Resource.search_text``); a query is normalised into words, and each word must occur somewhere in
that copy. These are plain substring tests, so SQLite and PostgreSQL give the same answers.

- Accents and case: "Financiën" is stored as "financien"; "FINANCIËN", "financien" and "financiën" all find it.
- Hyphens and apostrophes join, other punctuation separates: "ETHOS-telling" is stored as "ethostelling", so
  "ethos", "telling", "ethos-telling" and "ethostelling" all find it; "regio's" is stored as "regios".
- Dutch elided compounds ("dak- en thuisloze", "woon-, zorg- en welzijnsvisie", "woningbouw en -beheer")
  also store each word in full. Which part of "thuisloze" the "dak-" shares cannot be known without a
  dictionary, so every split is stored ("dakloze", "daksloze", …): "dakloze" finds "dak- en thuisloze". The
  extra forms are never shown; at worst a made-up word finds a resource.

When these rules change, add a migration that computes ``search_text`` again for every resource (like
``0007_resource_search_text``).
"""

import re
import unicodedata

# The part of a word left out of an elided compound has at least MIN_PART letters ("th" of "thuisloze"), the part
# borrowed from the full word at least MIN_SHARED ("loze").
MIN_PART = 2
MIN_SHARED = 3

_JOINERS = str.maketrans("", "", "-\u2010\u2011\u00ad'\u2019")  # hyphens, the soft hyphen, apostrophes
_CONNECTOR = r"(?:en|of|tot|&)"
# "dak- en thuisloze", "woon-, zorg- en welzijnsvisie": one or more stems ending in a hyphen, then the full word.
_ELIDED_END = re.compile(rf"((?:\b\w+-,?\s+)+){_CONNECTOR}\s+(\w+)")
# "woningbouw en -beheer": the full word first, then a tail that starts with a hyphen.
_ELIDED_START = re.compile(rf"(\w+)((?:,?\s+-\w+\b)*,?\s+{_CONNECTOR}\s+-\w+\b)")


def _fold(text: str) -> str:
    """Lower case without accents: "Financiën" → "financien"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _words(folded: str) -> str:
    """Hyphens and apostrophes removed, other punctuation as spaces, single spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", folded.translate(_JOINERS)).split())


def _completed_compounds(folded: str) -> list[str]:
    """Every way the elided compounds in the text can be written in full."""
    found = []
    for stems, full in _ELIDED_END.findall(folded):
        for stem in re.findall(r"(\w+)-", stems):
            found += [stem + full[cut:] for cut in range(MIN_PART, len(full) - MIN_SHARED + 1)]
    for full, tails in _ELIDED_START.findall(folded):
        for tail in re.findall(r"-(\w+)", tails):
            found += [full[:cut] + tail for cut in range(MIN_SHARED, len(full) - MIN_PART + 1)]
    return found


def search_text(*parts: str) -> str:
    """What a resource is searched in: its texts normalised, then its elided compounds written in full."""
    folded = [_fold(part) for part in parts if part]
    completed = dict.fromkeys(word for part in folded for word in _completed_compounds(part))
    return " ".join([*(_words(part) for part in folded), *completed])


def query_words(query: str) -> list[str]:
    """The words of a search, normalised like ``search_text``; each of them must occur."""
    return list(dict.fromkeys(_words(_fold(query)).split()))
