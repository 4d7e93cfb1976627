"""The directory's choices of areas, target groups and challenges are Danish content from the
database: on the English pages each such option says lang="da", so a screen reader reads
"Ældre" and "Rødovre Nord" in Danish; the English "All areas" and the like do not."""

import re

import pytest
from django.utils import translation

from organisations.filters import ActivityCheckFilter, ActivityFilter, OrganisationFilter
from organisations.models import Activity, Area, Challenge, Organisation, TargetGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def choices():
    return {
        "area": Area.objects.create(name="Rødovre Nord"),
        "target_group": TargetGroup.objects.create(name="Ældre"),
        "challenge": Challenge.objects.create(name="Ensomhed"),
    }


def _options(html):
    return re.findall(r"<option[^>]*>[^<]*</option>", html)


@pytest.mark.parametrize(
    "filterset, queryset, names",
    [
        (ActivityFilter, Activity.objects.all, ["area", "target_group", "challenge"]),
        (OrganisationFilter, Organisation.objects.all, ["area"]),
        (ActivityCheckFilter, Activity.objects.all, ["area"]),
    ],
)
def test_database_choices_are_marked_danish_and_the_empty_choice_is_not(
    filterset, queryset, names, choices
):
    with translation.override("en"):
        form = filterset(data={}, queryset=queryset()).form
        for name in names:
            options = _options(str(form[name]))
            empty, chosen = options[0], options[1:]
            assert 'value=""' in empty and "lang=" not in empty, empty
            assert chosen == [
                f'<option value="{choices[name].pk}" lang="da">{choices[name].name}</option>'
            ]
