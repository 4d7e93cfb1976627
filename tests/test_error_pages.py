import pytest
from django.conf.urls.i18n import i18n_patterns
from django.test import Client, override_settings
from django.urls import path

from volunteer_portal.urls import urlpatterns as portal_urls

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [
    *portal_urls,
    *i18n_patterns(path("broken/", broken_view), prefix_default_language=False),
]
handler403 = "volunteer_portal.views.permission_denied"
handler404 = "volunteer_portal.views.page_not_found"
handler500 = "volunteer_portal.views.server_error"


@pytest.mark.parametrize(
    ("prefix", "text"), [("", "Siden blev ikke fundet"), ("/en", "Page not found")]
)
def test_404_page_speaks_the_language_of_the_address(client, prefix, text):
    response = client.get(f"{prefix}/organisations/no-such-organisation/")
    assert response.status_code == 404
    assert text in response.content.decode()


def test_403_page_is_a_real_403_in_danish(client_for, volunteer):
    response = client_for(volunteer).get("/organisations/my-units/")
    assert response.status_code == 403
    assert "Adgang nægtet" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("prefix", "text"), [("", "Noget gik galt"), ("/en", "Something went wrong")]
)
def test_500_page_renders_without_the_database_or_context(prefix, text):
    client = Client(raise_request_exception=False)
    response = client.get(f"{prefix}/broken/")
    assert response.status_code == 500
    assert text in response.content.decode()
