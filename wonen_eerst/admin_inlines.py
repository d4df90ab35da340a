"""What every tabular inline of the admin needs, in the guide and the coalitions alike."""


class HelpTextInColumnHeader:
    """For a tabular inline: a field's help text becomes part of its column's header, and the field has none.

    Django's tabular inline shows help text only as a tooltip in the column header, yet points every row's field
    (aria-describedby) at a help text element it never writes: a broken reference for screen readers, and invalid
    HTML."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.help_text:
            formfield.label = f"{formfield.label} ({formfield.help_text.rstrip('.')})"
            formfield.help_text = ""
        return formfield
