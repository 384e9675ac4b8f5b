"""`cerdas check` says loudly what a city lacks before it can take reports."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cerdas.areas.models import Area
from cerdas.city.services import city_setup
from cerdas.complaints.models import Category, DeadlinePolicy

pytestmark = pytest.mark.django_db


def check() -> str:
    out = StringIO()
    call_command("check", stdout=out, stderr=out)
    return out.getvalue()


def test_a_city_without_areas_agencies_categories_or_policy_fails(settings):
    settings.CERDAS_CITY_CODE = "71.72"  # Kota Bitung: nothing loaded for it
    DeadlinePolicy.objects.all().delete()
    with pytest.raises(SystemCheckError) as failure:
        check()
    text = str(failure.value)
    for code in ("cerdas.E001", "cerdas.E002", "cerdas.E003", "cerdas.E004"):
        assert code in text
    assert "cerdas city setup --code 71.72" in text


def test_a_set_up_city_passes_and_losing_its_last_category_fails(settings):
    city_setup(code="14.72")
    settings.CERDAS_CITY_CODE = "14.72"
    assert "no issues" in check()
    Category.objects.update(is_active=False)
    with pytest.raises(SystemCheckError, match="cerdas.E003"):
        check()


def test_polygons_of_another_city_do_not_count(settings):
    city_setup(code="14.72")
    settings.CERDAS_CITY_CODE = "71.05"
    assert not Area.objects.in_city("71.05").exists()
    with pytest.raises(SystemCheckError, match="cerdas.E001"):
        check()


def test_other_commands_do_not_ask_the_database(settings):
    settings.CERDAS_CITY_CODE = "71.72"
    call_command("city", "show", stdout=StringIO())  # runs the system checks first
