"""A plan or organisation never gets a short name that one of the portal's own pages uses
(/plans/new/, /organisations/my-units/): not in the plan pages, not in Django admin, and not
when the name is made from an organisation's name."""

import contextlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve, reverse

from initiatives import urls as plan_urls
from initiatives.models import ActionPlan
from organisations import urls as organisation_urls
from organisations.models import Organisation
from tests.factories import ActionPlanFactory, OrganisationFactory
from tests.formdata import admin_change_data
from volunteer_portal.slugs import NotAPortalAddress, fixed_first_segments

pytestmark = pytest.mark.django_db

REFUSED = "bruges allerede af portalen"  # Danish for "is already used by the portal"

APPS = [
    (plan_urls, "/plans/", "initiatives:plan-detail"),
    (organisation_urls, "/organisations/", "organisations:organisation-detail"),
]


def _fixed_words(module):
    """Every fixed first part of the app's addresses, read here without the helper."""
    words = set()
    for pattern in module.urlpatterns:
        first = str(pattern.pattern).split("/")[0]
        if first and not first.startswith("<"):
            words.add(first)
    return words


def test_the_fixed_words_include_the_known_pages():
    assert {"new", "overview"} <= fixed_first_segments("initiatives.urls")
    assert {"my-units"} <= fixed_first_segments("organisations.urls")


@pytest.mark.parametrize(("module", "prefix", "detail"), APPS, ids=["plans", "organisations"])
def test_every_fixed_page_of_the_app_is_refused_as_a_slug(module, prefix, detail):
    validator = NotAPortalAddress(module.__name__)
    for word in _fixed_words(module):
        with pytest.raises(ValidationError) as refused:
            validator(word)
        assert refused.value.code == "reserved_slug"
        # The reason: the fixed page is found first, so an object with this slug is unreachable.
        with contextlib.suppress(Resolver404):  # a page such as export.csv has no slash
            assert resolve(f"{prefix}{word}/").view_name != detail


def test_ordinary_slugs_pass():
    NotAPortalAddress("initiatives.urls")("roedovre-2024")
    NotAPortalAddress("organisations.urls")("my-units-2")


def test_a_plan_slug_is_refused_by_the_model():
    plan = ActionPlanFactory.build(slug="overview")
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert "slug" in refused.value.message_dict


@pytest.mark.parametrize("slug", ["new", "overview"])
def test_django_admin_refuses_a_fixed_address_as_a_plan_slug(slug, portal_admin, client_for):
    plan = ActionPlanFactory(slug="handleplan")
    url = reverse("admin:initiatives_actionplan_change", args=[plan.pk])
    client = client_for(portal_admin)
    data = {**admin_change_data(client.get(url)), "slug": slug}
    response = client.post(url, data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert ActionPlan.objects.get(pk=plan.pk).slug == "handleplan"


def test_django_admin_refuses_a_fixed_address_as_an_organisation_slug(portal_admin, client_for):
    client = client_for(portal_admin)
    url = reverse("admin:organisations_organisation_add")
    data = {**admin_change_data(client.get(url)), "name": "Mine enheder", "slug": "my-units"}
    data["kind"] = Organisation.Kind.HUMANITARIAN
    response = client.post(url, data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Organisation.objects.filter(name="Mine enheder").exists()


def test_a_made_up_organisation_slug_steps_around_a_fixed_address():
    assert OrganisationFactory(name="My units").slug == "my-units-2"
    # /organisations/overview/ is the staff overview (the plans have an overview page too).
    assert OrganisationFactory(name="Overview").slug == "overview-2"
