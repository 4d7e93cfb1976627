import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["volunteer", "staff", "coordinator", "admin"])
def test_each_role_sees_and_edits_only_their_own_profile(role, users_by_role, client_for):
    user = users_by_role[role]
    client = client_for(user)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    assert user.email in response.content.decode()
    response = client.post(reverse("profile"), {"full_name": "Nyt Navn", "language": "da"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Nyt Navn"
    others = [u for r, u in users_by_role.items() if r != role]
    assert all(o.full_name != "Nyt Navn" for o in others)


def test_empty_name_gives_a_danish_error(client_for, volunteer):
    response = client_for(volunteer).post(reverse("profile"), {"full_name": "", "language": "da"})
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()


def test_a_cpr_number_in_the_name_is_refused(client_for, volunteer):
    name = volunteer.full_name
    response = client_for(volunteer).post(
        reverse("profile"), {"full_name": "Frida 0101901234", "language": "da"}
    )
    assert "full_name" in response.context["form"].errors
    volunteer.refresh_from_db()
    assert volunteer.full_name == name


def test_coordinator_profile_lists_their_units(client_for, coordinator, unit):
    response = client_for(coordinator).get(reverse("profile"))
    assert unit.name in response.content.decode()


def test_profile_shows_and_changes_the_preferred_language(client_for, volunteer):
    client = client_for(volunteer)
    assert 'name="language"' in client.get(reverse("profile")).content.decode()
    response = client.post(reverse("profile"), {"full_name": "Frivillig", "language": "en"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.language == "en"
