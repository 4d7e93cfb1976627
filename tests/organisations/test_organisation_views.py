import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UnitFactory, UserFactory
from tests.queries import assert_own_num_queries
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

LIST_URL = reverse("organisations:organisation-list")


def test_directory_filters_by_kind_sector_and_search(client):
    OrganisationFactory(name="Røde Kors Rødovre", kind="humanitarian")
    OrganisationFactory(name="Spejderne", kind="adult_education")
    UnitFactory(name="Islev Bibliotek")
    names = lambda response: [o.name for o in response.context["object_list"]]  # noqa: E731
    assert names(client.get(LIST_URL, {"kind": "adult_education"})) == ["Spejderne"]
    assert "Islev Bibliotek" in names(client.get(LIST_URL, {"sector": "municipal"}))
    assert "Islev Bibliotek" not in names(client.get(LIST_URL, {"sector": "civil"}))
    assert names(client.get(LIST_URL, {"q": "røde"})) == ["Røde Kors Rødovre"]


def test_directory_is_paged_and_keeps_the_filter_in_page_links(client):
    for n in range(30):
        OrganisationFactory(name=f"Forening {n:02}", kind="community")
    response = client.get(LIST_URL, {"kind": "community"})
    assert len(response.context["object_list"]) == 25
    assert "?kind=community&amp;page=2" in response.content.decode()
    response = client.get(LIST_URL, {"kind": "community", "page": 2})
    assert len(response.context["object_list"]) == 5


@pytest.mark.parametrize(("page", "shown"), [("abc", 25), ("99", 5), ("2", 5)])
def test_a_stale_or_odd_page_number_shows_the_nearest_page(client, page, shown):
    for n in range(30):
        OrganisationFactory(name=f"Forening {n:02}", kind="community")
    response = client.get(LIST_URL, {"page": page})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == shown


def test_invalid_filter_value_gives_a_danish_error_not_a_crash(client):
    response = client.get(LIST_URL, {"kind": "nonsense"})
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_directory_query_count_does_not_grow_with_rows(rows, client, django_assert_num_queries):
    for _ in range(rows):
        UnitFactory()
    with assert_own_num_queries(3):  # count, page, the areas to filter by
        response = client.get(LIST_URL)
    assert response.status_code == 200


def test_inactive_organisation_is_404_for_the_public_but_visible_to_staff(
    client, client_for, staff_user
):
    organisation = OrganisationFactory(is_active=False)
    url = organisation.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client_for(staff_user).get(url).status_code == 200


def test_unit_page_shows_its_place_in_the_hierarchy(client, unit):
    response = client.get(unit.get_absolute_url())
    content = response.content.decode()
    assert unit.parent.name in content


class TestMyUnits:
    url = reverse("organisations:my-units")

    def test_anonymous_is_sent_to_log_in(self, client):
        response = client.get(self.url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]

    @pytest.mark.parametrize("role", ["volunteer", "staff"])
    def test_non_coordinators_are_refused(self, role, users_by_role, client_for):
        assert client_for(users_by_role[role]).get(self.url).status_code == 403

    def test_coordinator_sees_only_own_units(self, coordinator, unit, other_unit, client_for):
        response = client_for(coordinator).get(self.url)
        assert response.status_code == 200
        assert list(response.context["units"]) == [unit]

    @pytest.mark.parametrize("rows", [1, 10])
    def test_query_count_does_not_grow_with_units(
        self, rows, client_for, django_assert_num_queries
    ):
        coordinator = UserFactory(role=User.Role.COORDINATOR, units=UnitFactory.create_batch(rows))
        client = client_for(coordinator)
        with django_assert_num_queries(4):  # session, user, memberships, units
            response = client.get(self.url)
        assert len(response.context["units"]) == rows
        assert response.content.decode().count("list-group-item") == rows


def test_directory_sorts_names_regardless_of_case(client):
    for name in ["SIND", "Sammen om Familien", "Røde Kors"]:
        OrganisationFactory(name=name)
    names = [o.name for o in client.get(LIST_URL).context["object_list"]]
    assert names == ["Røde Kors", "Sammen om Familien", "SIND"]
