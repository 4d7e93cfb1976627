"""The error summary (GOV.UK's pattern) on every form page: each error listed at the top with
a link to its field, formset rows included, and "Error: " before the page title."""

import html
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from tests.factories import ActionPlanFactory, InitiativeFactory, StrategicGoalFactory
from volunteer_portal.templatetags.error_summary import summary_items

pytestmark = pytest.mark.django_db


def summary(response):
    """(link target or None, text) of each item of the page's error summary."""
    page = response.content.decode()
    match = re.search(r"<div class=\"error-summary[^>]*>(.*?)</div>", page, re.DOTALL)
    assert match, "no error summary on the page"
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.DOTALL)
    result = []
    for item in items:
        link = re.match(r'<a href="#([^"]+)"[^>]*>(.*)</a>$', item.strip(), re.DOTALL)
        target, text = (link.group(1), link.group(2)) if link else (None, item)
        result.append((target, html.unescape(" ".join(re.sub("<[^>]+>", "", text).split()))))
    return result


def ids_on(response):
    return set(re.findall(r'\bid="([^"]+)"', response.content.decode()))


def title(response):
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode()).group(1))


@pytest.fixture
def plan():
    plan = ActionPlanFactory(slug="plan")
    StrategicGoalFactory(plan=plan, number=1, title="Gode rammer")
    return plan


@pytest.fixture
def initiative(plan):
    return InitiativeFactory(plan=plan, number=1, title="Flere med i foreningerne")


def initiative_post(initiative, **overrides):
    data = {
        "number": initiative.number,
        "title": initiative.title,
        "start_year": 2020,
        "end_year": 2021,
        "version": initiative.version,
        "actors-TOTAL_FORMS": 2,
        "actors-INITIAL_FORMS": 0,
        "actors-0-role": "participant",
        "actors-1-role": "participant",
        "milestones-TOTAL_FORMS": 1,
        "milestones-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_the_long_form_lists_every_error_with_a_link_to_its_field(
    initiative, staff_user, client_for
):
    url = "/en" + reverse("initiatives:initiative-update", kwargs={"slug": "plan", "number": 1})
    data = initiative_post(
        initiative,
        title="",
        end_year=2019,
        **{
            "actors-1-name": "Lokale foreninger",
            "actors-1-role": "nonsense",
            "milestones-0-title": "Temamøde",
        },
    )
    response = client_for(staff_user).post(url, data)
    assert response.status_code == 200
    items = summary(response)
    assert items == [
        ("id_title", "Title: This field is required."),
        ("id_end_year", "End year: The end cannot be before the start."),
        (
            "id_actors-1-role",
            "Actor 2, Role: Select a valid choice. nonsense is not one of the available choices.",
        ),
        ("id_milestones-0-date", "Milestone 1, Date: This field is required."),
    ]
    # Every link leads to an element of the page, and the fields say which error is theirs.
    assert {target for target, _text in items} <= ids_on(response)
    assert 'aria-describedby="id_title_error"' in response.text
    assert title(response).startswith("Error: Edit initiative")


def danish_prefix():
    """ "Fejl: " once the catalogue has it."""
    with translation.override("da"):
        return pgettext("page title", "Error:") + " "


def test_danish_pages_say_fejl_in_the_title(initiative, staff_user, client_for):
    url = reverse("initiatives:initiative-update", kwargs={"slug": "plan", "number": 1})
    response = client_for(staff_user).post(url, initiative_post(initiative, title=""))
    assert title(response).startswith(danish_prefix() + "Redigér indsats")


def test_a_page_without_errors_has_no_summary_and_no_prefix(initiative, staff_user, client_for):
    url = "/en" + reverse("initiatives:initiative-update", kwargs={"slug": "plan", "number": 1})
    response = client_for(staff_user).get(url)
    assert "data-error-summary" not in response.text
    assert title(response).startswith("Edit initiative")


def test_an_error_of_a_whole_formset_leads_to_its_section(plan, initiative, staff_user, client_for):
    goal = plan.goals.get()
    initiative.goals.set([goal])
    url = "/en" + reverse("initiatives:plan-update", kwargs={"slug": "plan"})
    data = {
        "title": plan.title,
        "slug": plan.slug,
        "version": plan.version,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "goals-TOTAL_FORMS": 1,
        "goals-INITIAL_FORMS": 1,
        "goals-0-id": goal.pk,
        "goals-0-number": 1,
        "goals-0-title": goal.title,
        "goals-0-DELETE": "on",
    }
    response = client_for(staff_user).post(url, data)
    ((target, text),) = summary(response)
    assert target == "goals-heading" and target in ids_on(response)
    assert text.startswith("Strategic goal 1 is served by initiatives.")


@pytest.mark.parametrize(
    ("url_name", "kwargs", "data", "expected"),
    [
        ("progress-note-create", {"number": 1}, {"date": "", "text": "x"}, "id_date"),
        ("plan-start-from", {}, {"title": "", "slug": "ny"}, "id_title"),
    ],
)
def test_other_form_pages_have_the_summary_too(
    url_name, kwargs, data, expected, initiative, staff_user, client_for
):
    url = reverse(f"initiatives:{url_name}", kwargs={"slug": "plan", **kwargs})
    response = client_for(staff_user).post(url, data)
    assert response.status_code == 200
    assert expected in [target for target, _text in summary(response)]
    assert title(response).startswith(danish_prefix())


def test_the_renumber_page_links_an_error_of_the_whole_form_to_its_first_field(
    plan, initiative, staff_user, client_for
):
    other = InitiativeFactory(plan=plan, number=2)
    url = "/en" + reverse("initiatives:plan-renumber", kwargs={"slug": "plan"})
    data = {f"number_{initiative.pk}": 1, f"number_{other.pk}": 1}
    response = client_for(staff_user).post(url, data)
    assert summary(response) == [
        (f"id_number_{initiative.pk}", "Two initiatives cannot have the same number.")
    ]


def test_the_login_page_lists_its_error(client, staff_user):
    response = client.post(
        "/en" + reverse("account_login"), {"login": staff_user.email, "password": "forkert"}
    )
    ((target, text),) = summary(response)
    assert target == "id_login" and target in ids_on(response)
    assert "not correct" in text
    assert title(response).startswith("Error: Log in")


def test_a_general_error_is_said_once_in_the_summary_not_again_above_the_form(
    plan, initiative, staff_user, client, client_for
):
    renumber = "/en" + reverse("initiatives:plan-renumber", kwargs={"slug": "plan"})
    response = client.post(
        "/en" + reverse("account_login"), {"login": staff_user.email, "password": "forkert"}
    )
    page = html.unescape(response.content.decode())
    assert page.count("you specified are not correct") == 1
    assert "alert-block" not in page  # crispy's alert of general errors
    other = InitiativeFactory(plan=plan, number=2)
    data = {f"number_{initiative.pk}": 1, f"number_{other.pk}": 1}
    page = client_for(staff_user).post(renumber, data).content.decode()
    assert page.count("Two initiatives cannot have the same number.") == 1


def test_a_form_shown_without_the_summary_keeps_its_general_errors():
    from crispy_forms.utils import render_crispy_form

    class Form(forms.Form):
        name = forms.CharField(required=False)

        def clean(self):
            raise forms.ValidationError("Noget er galt.")

    form = Form({"name": "x"})
    assert "Noget er galt." in render_crispy_form(form)
    summary_items([form])  # what the error summary does when it lists the form
    assert "Noget er galt." not in render_crispy_form(form)


def test_the_profile_page_has_the_summary(staff_user, client_for):
    response = client_for(staff_user).post(
        "/en" + reverse("profile"), {"full_name": "", "language": "klingon"}
    )
    assert response.status_code == 200
    assert "id_language" in [target for target, _text in summary(response)]


def test_a_group_of_checkboxes_links_to_its_first_box():
    class Form(forms.Form):
        goals = forms.MultipleChoiceField(
            label="strategic goals",
            choices=[("1", "A"), ("2", "B")],
            widget=forms.CheckboxSelectMultiple,
        )
        version = forms.IntegerField(widget=forms.HiddenInput)

    form = Form({"version": "x"})
    assert [(i.target, i.label) for i in summary_items([form])] == [
        ("id_goals_0", "Strategic goals"),
        ("id_goals_0", ""),  # a hidden field's error leads to the form's first field
    ]


def test_unbound_forms_have_nothing_to_say():
    class Form(forms.Form):
        name = forms.CharField()

    assert summary_items([Form(), [Form()]]) == []
