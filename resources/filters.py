"""The library's facets (substance, way of use, topic, audience, format) as a django-filter FilterSet.

Each facet is a multiple choice of its terms' slugs in the library's
language: any of the chosen terms within a facet, every facet together. A
term is matched through its translation key, so a resource tagged with the
default language's term is found by the translated term's slug. Unknown
values are set aside (``ignored()``) and never an error: an old or mistyped
address still shows the library.
"""

from __future__ import annotations

import django_filters
from django import forms

from .models import FACETS, ResourcePage


class KnownChoicesField(forms.MultipleChoiceField):
    """Keeps the known values and sets the others aside in ``ignored``, instead of failing."""

    ignored: list = []

    def clean(self, value):
        value = [v for v in (value or []) if isinstance(v, str)]
        known = {str(slug) for slug, _name in self.choices}
        self.ignored = [v for v in value if v not in known]
        return super().clean([v for v in value if v in known])


class FacetFilter(django_filters.MultipleChoiceFilter):
    field_class = KnownChoicesField


class LibraryFilterSet(django_filters.FilterSet):
    """One filter per facet of ``models.FACETS``; ``terms``: each facet's terms by
    parameter (selectors.facet_terms), the choices of its filter."""

    substance = FacetFilter(field_name="substances", method="filter_facet")
    use = FacetFilter(field_name="ways_of_use", method="filter_facet")
    topic = FacetFilter(field_name="topics", method="filter_facet")
    audience = FacetFilter(field_name="audiences", method="filter_facet")
    format = FacetFilter(field_name="formats", method="filter_facet")

    class Meta:
        model = ResourcePage
        fields: list = []

    def __init__(self, data=None, queryset=None, *, terms: dict, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.terms = terms
        for param, _field_name, _model in FACETS:
            self.filters[param].extra["choices"] = [(t.slug, t.name) for t in terms[param]]

    def filter_facet(self, queryset, field_name, value):
        param = next(param for param, name, _model in FACETS if name == field_name)
        return queryset.filter(**{f"{field_name}__translation_key__in": self.chosen_keys(param)})

    def chosen_keys(self, param: str) -> set:
        by_slug = {t.slug: t for t in self.terms[param]}
        return {by_slug[slug].translation_key for slug in self.form.cleaned_data.get(param) or []}

    def ignored(self) -> list[str]:
        """The unknown values, facet by facet, in the order they were given."""
        return [value for param, _f, _m in FACETS for value in self.form.fields[param].ignored]
