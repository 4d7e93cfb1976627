"""Every model is in the admin, and every admin list, search and form page works."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

OUR_APPS = {"volunteer_portal", "organisations", "initiatives", "partnerships"}


def our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_registered_in_the_admin():
    missing = [m.__name__ for m in our_models() if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m.__name__)
def test_admin_changelist_search_and_add_pages_work(model, client_for, portal_admin):
    client = client_for(portal_admin)
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    # A singleton's list leads straight to its one change page (the municipality).
    assert client.get(changelist, follow=True).status_code == 200
    if admin.site._registry[model].search_fields:
        assert client.get(changelist, {"q": "x"}).status_code == 200
    if admin.site._registry[model].has_add_permission(_request(portal_admin)):
        assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.parametrize("role", ["volunteer", "staff", "coordinator"])
def test_only_admins_reach_django_admin(role, users_by_role, client_for):
    response = client_for(users_by_role[role]).get(reverse("admin:index"))
    assert response.status_code == 302
