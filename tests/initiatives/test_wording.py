"""The plan pages' words read as a Danish municipal site writes them: no '---------' as an
empty choice, a contributing actor that is a partner (not a donor), plain labels and errors."""

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.forms import InitiativeForm
from initiatives.models import InitiativeActor
from tests.factories import ActionPlanFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(db):
    plan = ActionPlanFactory(slug="plan", start_year=2020, end_year=2022)
    return InitiativeFactory(plan=plan, number=1)


def test_actor_rows_offer_a_readable_empty_choice(initiative, client_for, staff_user):
    url = reverse("initiatives:initiative-update", kwargs={"slug": "plan", "number": 1})
    html = client_for(staff_user).get("/en" + url).text
    assert '<option value="" selected>Choose an organisation or unit</option>' in html
    assert "---------" not in html


def test_overview_filters_offer_no_dashes(initiative, client_for, staff_user):
    url = reverse("initiatives:overview", kwargs={"slug": "plan"})
    assert "---------" not in client_for(staff_user).get(url).text


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("Runs in year", "År"),
        ("The end cannot be before the start.", "Slutåret kan ikke ligge før startåret."),
        ("Progress", "Fremdrift"),
    ],
)
def test_danish_says_it_plainly(english, danish):
    with translation.override("da"):
        assert translation.gettext(english) == danish


def test_contributor_role_reads_as_partner_not_donor_in_danish():
    with translation.override("da"):
        assert str(InitiativeActor.Role.CONTRIBUTOR.label) == "Samarbejdspartner"


def test_years_in_the_wrong_order_are_explained_in_danish(initiative):
    data = {"number": 2, "title": "Ny", "start_year": 2022, "end_year": 2021}
    with translation.override("da"):
        form = InitiativeForm(data=data, plan=initiative.plan)
        assert form.errors["end_year"] == ["Slutåret kan ikke ligge før startåret."]
