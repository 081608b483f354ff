"""Ids no column can hold, as a hostile form posts them, are invalid choices, never a crash."""

import importlib

import pytest
from django import forms as django_forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.forms import ModelMultipleChoiceField
from members.models import Sector
from tests.factories import SectorFactory

pytestmark = pytest.mark.django_db

HUGE = 10**40


def test_the_field_refuses_an_id_no_column_can_hold_as_an_invalid_choice():
    sector = SectorFactory()
    field = ModelMultipleChoiceField(queryset=Sector.objects.all())

    with pytest.raises(ValidationError) as refused:
        field.clean([str(sector.pk), str(HUGE)])

    assert refused.value.code == "invalid_choice"
    assert list(field.clean([str(sector.pk)])) == [sector]


def _portal_form_classes():
    for config in apps.get_app_configs():
        if "site-packages" in config.path or not config.path.startswith(str(settings.BASE_DIR)):
            continue
        for module_name in ("forms", "panel_forms", "public_forms"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, django_forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    yield value


def test_every_multiple_choice_of_objects_in_the_portal_is_the_refusing_field():
    plain = [
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in _portal_form_classes()
        for name, field in getattr(form_class, "base_fields", {}).items()
        if isinstance(field, django_forms.ModelMultipleChoiceField)
        and not isinstance(field, ModelMultipleChoiceField)
    ]

    assert not plain


def test_a_multiple_choice_of_objects_refuses_an_out_of_range_id(client):
    SectorFactory()

    response = client.post(reverse("join:apply"), {"sectors": [str(HUGE)]})

    assert response.status_code == 200
    assert "sectors" in response.context["form"].errors
