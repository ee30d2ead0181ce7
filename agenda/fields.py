"""A small model field for "several of these choices", portable to SQLite.

JSONField ``contains`` lookups do not work on SQLite, and ArrayField is
PostgreSQL-only; a comma-joined CharField is enough for a handful of codes
(weekdays, language codes) and can still be filtered with ``__contains``.
"""

from django import forms
from django.db import models


def _split(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [part for part in str(value).split(",") if part]


class ChoiceListField(models.CharField):
    """A list of choice codes, stored as ``"a,b,c"``."""

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return _split(value)

    def to_python(self, value):
        return _split(value)

    def get_prep_value(self, value):
        if isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        return "" if value is None else str(value)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {str(code) for code, _label in self.item_choices}
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise forms.ValidationError(f"Unknown choice: {', '.join(unknown)}")
        if not self.blank and not value:
            raise forms.ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value):
        # The stored string, not the list, is what max_length limits.
        return super().run_validators(self.get_prep_value(value))

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.item_choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("max_length", "empty_value"):
            defaults.pop(key, None)
        return form_class(**defaults)
