"""The fields every form shares: plain text without markup, long text with a live count, dates in the past."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from regions.spreadsheets import MAX_BYTES

MARKUP = re.compile(r"<\s*/?\s*[a-z!?]|javascript\s*:", re.IGNORECASE)
REQUIRED = "Dit veld is verplicht."


def no_markup(value: str) -> None:
    """Plain text only: HTML tags and scripts are refused (output is escaped as well)."""
    if MARKUP.search(value or ""):
        raise ValidationError("Gebruik geen HTML-code of scripts, alleen gewone tekst.", code="markup")


class CountedTextarea(forms.Textarea):
    """A long text whose limit the portal checks when the form is sent, with its Dutch message.

    No ``maxlength``: with it a browser silently cuts pasted text and stops typing at the limit. The limit goes in
    ``data-maxlength`` instead, for static/js/text-limit.js to count the characters near it. Line breaks count as
    one character, as people see them (a browser sends two)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        if "maxlength" in attrs:
            attrs["data-maxlength"] = attrs.pop("maxlength")
        return attrs

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def too_long(max_length: int) -> str:
    """The message for a text over its limit (the count is the portal's, as the page's counter counts)."""
    return f"Gebruik hoogstens {max_length} tekens (nu %(show_value)d)."


def plain_text(*, label: str, max_length: int, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[no_markup],
        error_messages={
            "required": kwargs.pop("required_message", REQUIRED),
            "max_length": too_long(max_length),
        },
        **kwargs,
    )


class DateInput(forms.DateInput):
    """``<input type="date">``, whose value HTML allows only as a date written "2026-03-01" (or empty). A date the
    form received in another accepted format (14-03-2026) is written that way; text that is no date is left out, as
    the browser would drop it anyway, and the form's error next to the field says what was wrong."""

    input_type = "date"
    accepted = ("%Y-%m-%d", "%d-%m-%Y")

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            value = self._as_date(value)
        return super().format_value(value)

    def _as_date(self, text: str) -> datetime.date | None:
        for pattern in self.accepted:
            try:
                return datetime.datetime.strptime(text.strip(), pattern).date()
            except ValueError:
                continue
        return None


FUTURE = "De datum kan niet in de toekomst liggen. Kies vandaag of een eerdere datum."


class PastDateField(forms.DateField):
    """A day that is today or earlier, written 2025-03-31 or 31-03-2025: every date a person gives here is about
    something that already happened (a phase began, the state at the end of a day)."""

    widget = DateInput
    input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
    default_error_messages = {
        "invalid": "Vul een geldige datum in, zoals 2025-03-31.",
        "required": "Vul de datum in.",
        "future": FUTURE,
    }

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")


class SpreadsheetField(forms.FileField):
    """The file of an import: a CSV file or an Excel workbook (.xlsx) of 2 MB at most; ``in_parts`` names what is
    imported in the message for a file too large ("Importeer de kengetallen in delen.")."""

    widget = forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"})
    default_error_messages = {
        "required": "Kies een bestand.",
        "empty": "Het gekozen bestand is leeg.",
        "invalid": "Kies een bestand.",
        "kind": "Kies een CSV-bestand (.csv) of een Excelbestand (.xlsx).",
    }

    def __init__(self, *, in_parts: str, **kwargs):
        super().__init__(**kwargs)
        self.in_parts = in_parts

    def validate(self, value):
        super().validate(value)
        if value.size > MAX_BYTES:
            raise ValidationError(f"Het bestand is groter dan 2 MB. Importeer {self.in_parts} in delen.", code="size")
        if not value.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(self.error_messages["kind"], code="kind")
