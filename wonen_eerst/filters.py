"""Filters in a page's query string, read the same way everywhere: as a Django form."""

from django import forms


class QueryFilterForm(forms.Form):
    """A filter form for ``request.GET``. A value that is not one of a field's choices (or otherwise invalid) counts as
    not given: the field's initial value, else "". Filters never fail a page; they narrow it or they don't."""

    def values(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {name: data.get(name) or field.initial or "" for name, field in self.fields.items()}
