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

    def narrowed_by(self) -> list[str]:
        """The filters in force besides the search words, named as the page names them."""
        values = self.values()
        return [
            label
            for label in [
                values["fase"] and f"fase {values['fase']}",
                values["onderdeel"] and PhaseResource.Section(values["onderdeel"]).label,
                values["uitgever"] and f"uitgever {values['uitgever']}",
            ]
            if label
        ]
