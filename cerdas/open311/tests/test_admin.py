"""The extra questions are kept in the admin, inline on their category."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cerdas.complaints.models import AttributeType, CategoryAttribute

SIZES = [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}]


def _category_form(city, *questions: dict) -> dict:
    data = {
        "code": city.road.code,
        "name": city.road.name,
        "description": "",
        "icon": city.road.icon,
        "default_agency": city.pupr.pk,
        "policy": city.policy.pk,
        "default_privacy": "publik",
        "is_active": "on",
        "sort_order": "100",
        "attributes-TOTAL_FORMS": str(len(questions)),
        "attributes-INITIAL_FORMS": "0",
        "attributes-MIN_NUM_FORMS": "0",
        "attributes-MAX_NUM_FORMS": "1000",
    }
    for i, question in enumerate(questions):
        for field, value in question.items():
            data[f"attributes-{i}-{field}"] = value
    return data


def _question(order, code, datatype="string", values="[]", **extra) -> dict:
    return {
        "order": str(order),
        "code": code,
        "datatype": datatype,
        "description": f"Pertanyaan {code}?",
        "datatype_description": "",
        "variable": "on",
        "values": values,
        **extra,
    }


def test_admin_adds_questions_inline_on_the_category(client, city):
    client.force_login(city.admin)
    url = reverse("admin:complaints_category_change", args=[city.road.pk])
    page = client.get(url)
    assert page.status_code == 200 and "pertanyaan tambahan" in page.content.decode().lower()
    data = _category_form(
        city,
        _question(1, "ukuran", "singlevaluelist", json.dumps(SIZES), required="on"),
        _question(2, "jalan"),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(city.road.attributes.values_list("code", "required")) == [
        ("ukuran", True),
        ("jalan", False),
    ]


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ([_question(1, "a"), _question(1, "b")], "Urutan 1 dipakai dua kali"),
        ([_question(1, "a"), _question(2, "a")], "data ganda untuk code"),
        ([_question(1, "pilih", "singlevaluelist", "[]")], "minimal satu pilihan"),
        ([_question(1, "_catatan")], "diawali huruf atau angka"),  # "_": Cerdas's own notes
    ],
)
def test_admin_refuses_inconsistent_questions(client, city, questions, message):
    client.force_login(city.admin)
    url = reverse("admin:complaints_category_change", args=[city.road.pk])
    response = client.post(url, _category_form(city, *questions))
    assert response.status_code == 200  # the form again, with the error
    assert message in response.content.decode()
    assert not CategoryAttribute.objects.exists()


@pytest.mark.parametrize(
    ("datatype", "values"),
    [
        (AttributeType.STRING, SIZES),  # choices on a free-text question
        (AttributeType.MULTI, [{"key": "a", "name": "A"}, {"key": "a", "name": "B"}]),
        (AttributeType.MULTI, [{"key": "a"}]),
        (AttributeType.SINGLE, "kecil,besar"),
    ],
)
def test_choices_must_fit_the_datatype(city, datatype, values):
    question = CategoryAttribute(
        category=city.road, code="q", datatype=datatype, description="?", values=values
    )
    with pytest.raises(ValidationError):
        question.full_clean()
