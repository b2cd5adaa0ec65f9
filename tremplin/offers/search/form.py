"""The search's query string read into `Criteria`, and the filters as the page shows them
with their facet counts; both made from `filters.FILTERS`."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.translation import gettext_lazy as _

from tremplin.offers.search.filters import FILTERS
from tremplin.offers.search.query import SORTS, Criteria, FacetCount

SORT_LABELS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "start": _("Earliest start"),
}


class SearchForm(forms.Form):
    """The search's query string: words, filters, sort and page, all optional. A value
    that makes no sense is ignored rather than refused: a shared link always opens."""

    q = forms.CharField(label=_("Keywords"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(s, SORT_LABELS[s]) for s in SORTS]
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for f in FILTERS:
            self.fields[f.name] = copy.deepcopy(f.field)

    def criteria(self) -> Criteria:
        self.is_valid()  # what is invalid is left out of cleaned_data, hence ignored
        data = self.cleaned_data
        return Criteria(
            q=data.get("q") or "",
            filters={
                f.name: data[f.name]
                for f in FILTERS
                if data.get(f.name) not in f.field.empty_values
            },
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
        )


def panel(criteria: Criteria, facets: dict[str, list[FacetCount]]) -> dict[str, list]:
    """The filters as the page shows them, in the order of `FILTERS`, each with the value
    read (not the one typed, which may be nonsense).

    `groups`: the checkbox facets, every choice with its count. `fields`: the others, a
    facet with a `label` as a select of the values found (and the one chosen), the rest
    as an input or a select of their field's choices. Hidden filters (the organisation)
    are the template's to show. Built here rather than by the fields' widgets, whose
    templates would cost a millisecond a page.
    """
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    fields: list[dict[str, Any]] = []
    for f in FILTERS:
        widget = f.field.widget
        if widget.is_hidden:
            continue
        chosen = criteria.filters.get(f.name)
        if f.facet and f.facet.label is None:
            counts = dict(facets[f.name])
            options = [
                {
                    "name": f.name,
                    "value": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "checked": value in (chosen or ()),
                    "id": f"filter-{f.name}-{value}",
                }
                for value, label in f.field.choices
            ]
            groups.append((f.field.label, options))
            continue
        entry = {"name": f.name, "id": f"filter-{f.name}", "label": f.field.label}
        if f.facet:
            found = dict(facets[f.name])
            if chosen and chosen not in found:
                found = {chosen: 0, **found}
            entry["options"] = [
                {"value": "", "label": f.facet.anything, "selected": False},
                *(
                    {
                        "value": value,
                        "label": f"{f.facet.label(value)} ({count})",
                        "selected": value == chosen,
                    }
                    for value, count in found.items()
                ),
            ]
        elif isinstance(widget, forms.Select):
            entry["options"] = [
                {
                    "value": value,
                    "label": label,
                    "selected": chosen is not None and value == str(chosen),
                }
                for value, label in f.field.choices
            ]
        else:
            entry["type"] = widget.input_type
            entry["attrs"] = flatatt({**widget.attrs, **f.field.widget_attrs(widget)})
            entry["value"] = "" if chosen is None else widget.format_value(chosen)
        fields.append(entry)
    return {"groups": groups, "fields": fields}
