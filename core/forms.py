"""Form helpers every app's views use."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils.translation import gettext

from .uploads import validate_image


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where the form has them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects that refuses ids no column can hold as invalid choices.

    Django checks the chosen ids with an `in` lookup; on SQLite an id of 40 digits, as a hostile
    form posts it, raised OverflowError there (a server error instead of "not one of the available
    choices"). Every multiple choice of objects in the portal is this field.
    """

    def _check_values(self, value: Any) -> models.QuerySet[Any]:
        key = self.to_field_name or "pk"
        queryset = self.queryset
        assert queryset is not None  # the field is always given one
        meta = queryset.model._meta
        column = meta.pk if key == "pk" else meta.get_field(key)
        if isinstance(column, models.IntegerField):
            connection = connections[queryset.db]
            low, high = connection.ops.integer_field_range(column.get_internal_type())
            for chosen in value:
                try:
                    number = int(chosen)
                except (TypeError, ValueError):
                    continue  # Django's own check names it an invalid value
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": chosen},
                    )
        # Django's private check, which django-stubs does not declare.
        return super()._check_values(value)  # type: ignore[misc]


def formfield_assuming_https(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Read a typed "klaster.pl" as https://klaster.pl, as Django 6 will by default."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class LogoValidationMixin:
    """For a form with a `logo` image field."""

    cleaned_data: dict[str, Any]

    def clean_logo(self) -> Any:
        """Check a new logo by its content: a PNG, JPEG or WebP image within the size limit."""
        logo = self.cleaned_data.get("logo")
        # Only a new upload has a content type; the stored logo was checked when it came.
        if logo and hasattr(logo, "content_type"):
            validate_image(logo, max_bytes=settings.LOGO_MAX_BYTES)
        return logo


# --- Translated fields and date-time inputs, as every app's forms show them --------------------

# What a browser's date-time picker sends, and what a person types where there is none.
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date and time picker, in the format it sends: 2026-12-07T10:30."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def translated_field_names(*fields: str) -> list[str]:
    """Each of `fields` in every language, as modeltranslation names them: title_pl, title_en..."""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


def translations_label(form: forms.BaseForm, field: str, label: Any = None) -> None:
    """Label each language version of a translated field, e.g. "Title (German)".

    `label` has a `%(language)s` placeholder; by default it is the model field's name.
    """
    if label is None:
        verbose_name = form._meta.model._meta.get_field(field).verbose_name  # type: ignore[attr-defined]
        label = gettext("%(field)s (%(language)s)") % {
            "field": str(verbose_name).capitalize(),
            "language": "%(language)s",
        }
    for code, language in settings.LANGUAGES:
        name = f"{field}_{code}"
        if name in form.fields:
            form.fields[name].label = label % {"language": gettext(str(language))}
