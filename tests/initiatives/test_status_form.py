"""The status form starts at the current status: a click on its button alone changes nothing
and says so, instead of moving the initiative to whatever status came first in the list."""

import pytest
from django.urls import reverse

from initiatives.forms import StatusForm
from initiatives.models import Initiative, StatusChange
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative():
    return InitiativeFactory(plan__slug="plan", number=1)


def status_url(initiative):
    kwargs = {"slug": initiative.plan.slug, "number": initiative.number}
    return reverse("initiatives:initiative-status", kwargs=kwargs)


def test_the_form_starts_at_the_current_status_first_in_the_list(initiative):
    form = StatusForm(initiative=initiative)
    assert form["status"].value() == "planned"
    values = [value for value, _label in form.fields["status"].widget.choices]
    assert values == ["planned", "in_progress", "postponed", "cancelled"]


def test_the_current_status_is_labelled_as_such(initiative, staff_user, client_for):
    page = client_for(staff_user).get("/en" + initiative.get_absolute_url()).content.decode()
    assert '<option value="planned" selected>Planned (current)</option>' in page
    assert page.count(" selected>") == 1


def test_submitting_the_current_status_is_an_error_not_a_change(initiative, staff_user, client_for):
    response = client_for(staff_user).post(
        "/en" + status_url(initiative), {"status": "planned", "comment": "Uændret"}
    )
    assert response.status_code == 200
    assert response.context["status_form"].errors["status"] == ["Choose a new status."]
    assert "Uændret" in response.text  # the comment is kept
    assert 'href="#id_status" data-field="id_status">Status: Choose a new status.</a>' in (
        response.text
    )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PLANNED
    assert not StatusChange.objects.exists()


def test_a_new_status_still_changes_it(initiative, staff_user, client_for):
    response = client_for(staff_user).post(status_url(initiative), {"status": "in_progress"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.IN_PROGRESS
    form = StatusForm(initiative=initiative)
    assert form["status"].value() == "in_progress"
    assert form.fields["status"].widget.choices[0][0] == "in_progress"
