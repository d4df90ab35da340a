"""The filters of /hulpmiddelen/, read from the query string as a form."""

from django import forms

from phases.models import PhaseResource
from wonen_eerst.filters import QueryFilterForm


class ResourceFilterForm(QueryFilterForm):
    """``?fase=2&onderdeel=kennis&uitgever=VNG&q=woning``: a value that is not a choice counts as not given."""

    fase = forms.ChoiceField(choices=[(str(n), str(n)) for n in range(1, 7)], required=False)
    onderdeel = forms.ChoiceField(choices=PhaseResource.Section.choices, required=False)
    uitgever = forms.CharField(required=False)
    q = forms.CharField(required=False)

    def filters(self) -> dict:
        values = self.values()
        return {**values, "q": values["q"][:100]}
