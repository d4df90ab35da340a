from django import template
from django.utils.safestring import mark_safe

from phases import markup

register = template.Library()


@register.filter
def guide_markup(text, heading_level=2):
    """Render the guide's text format (see phases.markup) as safe HTML."""
    return markup.render(text or "", int(heading_level))


@register.filter
def guide_inline(text):
    """Render **bold** and links in a one-paragraph text."""
    return mark_safe(markup.inline(text or ""))  # noqa: S308 (escaped in markup.inline)
