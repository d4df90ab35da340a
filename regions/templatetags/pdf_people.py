"""Filters for the PDFs: people by name, and free text without e-mail addresses (regions.report)."""

from django import template

from regions.report import shown_name, without_email

register = template.Library()

register.filter("person", shown_name)
register.filter("without_email", without_email)
