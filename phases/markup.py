"""The small text format of the guide's long texts, rendered to safe HTML.

Blocks are separated by a blank line. A block starting with '## ' is a heading; lines starting with
'- ' (or '  - ' one level deeper) form a list, '1. ' a numbered list; anything else is a paragraph.
Inline: **bold** and [text](mailto:… or https://…). Everything else is escaped.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\(((?:mailto:|https://)[^)\s]+)\)")


def inline(text: str) -> str:
    html = escape(text)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _LINK.sub(r'<a class="utrecht-link" href="\2">\1</a>', html)


def _list(lines: list[str], tag: str) -> str:
    css = "utrecht-ordered-list" if tag == "ol" else "utrecht-unordered-list"
    out, nested = [f'<{tag} class="{css}">'], []
    for line in lines:
        if line.startswith("  - "):
            nested.append(line[4:])
            continue
        if nested:
            out[-1] = out[-1].removesuffix("</li>") + _list([f"- {n}" for n in nested], "ul") + "</li>"
            nested = []
        text = re.sub(r"^(- |\d+\. )", "", line)
        out.append(f'<li class="{css}__item">{inline(text)}</li>')
    if nested:
        out[-1] = out[-1].removesuffix("</li>") + _list([f"- {n}" for n in nested], "ul") + "</li>"
    out.append(f"</{tag}>")
    return "".join(out)


def render(text: str, heading_level: int = 2) -> SafeString:
    parts = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.strip("\n").split("\n")]
        first = lines[0]
        if first.startswith("## "):
            title = first[3:].strip()
            anchor = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            level = heading_level
            parts.append(f'<h{level} class="utrecht-heading-{level}" id="{anchor}">{inline(title)}</h{level}>')
        elif first.startswith("- "):
            parts.append(_list(lines, "ul"))
        elif re.match(r"\d+\. ", first):
            parts.append(_list(lines, "ol"))
        else:
            parts.append(f'<p class="utrecht-paragraph">{inline(" ".join(lines))}</p>')
    return mark_safe("\n".join(parts))  # noqa: S308 (every piece of text passed through escape())


def section(text: str, heading: str) -> str:
    """The blocks under one '## heading', as source text."""
    match = re.search(rf"^## {re.escape(heading)}\s*\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    return match.group(1).strip() if match else ""
