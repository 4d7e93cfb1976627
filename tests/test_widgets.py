"""FastSelect writes the same ``<select>`` as Django's templates, only cheaper."""

import re

import pytest
from django import forms

from organisations.models import Organisation
from tests.factories import OrganisationFactory
from volunteer_portal.widgets import FastSelect

CHOICES = [
    ("", "Alle aktører"),
    ("org-1", "Røde Kors <Rødovre>"),
    ("org-2", 'Ældre Sagen "Islev"'),
    ("name-Lokale & frivillige", "Lokale & frivillige"),
]
GROUPED = [("", "Alle"), ("Enheder", [("1", "Plejecenter"), ("2", "Bibliotek")]), ("3", "Andet")]


def normalised(html):
    return re.sub(r">\s+<", "><", str(html).strip())


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", [None, "", "org-2", "2", "name-Lokale & frivillige"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_actor", "class": "form-select", "aria-describedby": "x", "required": True}],
)
def test_it_writes_what_djangos_select_writes(choices, value, attrs):
    expected = forms.Select(choices=choices).render("actor", value, attrs=attrs)
    written = FastSelect(choices=choices).render("actor", value, attrs=attrs)
    assert normalised(written) == normalised(expected)


def test_an_option_is_selected_and_labels_are_escaped():
    html = FastSelect(choices=CHOICES).render("actor", "org-1")
    assert '<option value="org-1" selected>Røde Kors &lt;Rødovre&gt;</option>' in html
    assert html.count(" selected") == 1
    assert "&quot;Islev&quot;" in html


class DanishMixin:
    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["lang"] = "da"
        return option


class DanishFast(DanishMixin, FastSelect):
    pass


class DanishDjango(DanishMixin, forms.Select):
    pass


def test_options_from_a_subclass_keep_their_attributes():
    html = DanishFast(choices=CHOICES).render("actor", "")
    assert normalised(html) == normalised(DanishDjango(choices=CHOICES).render("actor", ""))
    assert html.count('lang="da"') == len(CHOICES)


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "picked", "999999"])
def test_model_choices_from_values_write_what_djangos_select_writes(value):
    OrganisationFactory(name="Røde Kors <Rødovre>")
    picked = OrganisationFactory(name='Ældre Sagen "Islev" & co')
    value = str(picked.pk) if value == "picked" else value
    queryset = Organisation.objects.order_by("name")
    django_field = forms.ModelChoiceField(queryset=queryset, empty_label="Alle")
    fast_field = forms.ModelChoiceField(
        queryset=queryset, empty_label="Alle", widget=FastSelect(label_fields=["name"])
    )
    attrs = {"id": "id_partner", "class": "form-select"}
    expected = django_field.widget.render("partner", value, attrs=attrs)
    written = fast_field.widget.render("partner", value, attrs=attrs)
    assert normalised(written) == normalised(expected)
    assert "&lt;Rødovre&gt;" in written


class DanishExceptEmpty(forms.Select):
    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) != "":
            option["attrs"]["lang"] = "da"
        return option


@pytest.mark.django_db
def test_danish_model_choices_from_values_say_their_language():
    from organisations.filters import DanishChoicesSelect

    picked = OrganisationFactory(name="Ældre Sagen")
    OrganisationFactory(name="Bådlauget")
    queryset = Organisation.objects.all()
    expected = forms.ModelChoiceField(
        queryset=queryset, empty_label="Alle", widget=DanishExceptEmpty
    ).widget.render("unit", str(picked.pk))
    written = forms.ModelChoiceField(
        queryset=queryset, empty_label="Alle", widget=DanishChoicesSelect
    ).widget.render("unit", str(picked.pk))
    assert normalised(written) == normalised(expected)
    assert written.count('lang="da"') == 2
