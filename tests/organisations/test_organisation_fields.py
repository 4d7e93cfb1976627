"""An organisation's CVR number, phone numbers, area and its two groups of contact details:
bad input gets a clear error, and the staff contact never reaches a visitor."""

import pytest
from django.core.exceptions import ValidationError

from organisations.models import Area, Organisation
from tests.factories import OrganisationFactory, UserFactory
from volunteer_portal.models import User
from volunteer_portal.validators import cvr_validator, is_valid_cvr

pytestmark = pytest.mark.django_db


def error_codes(excinfo, field):
    return [e.code for e in excinfo.value.error_dict[field]]


@pytest.mark.parametrize("cvr", ["12345674", "29403473", "10150817", "1234 5674"])
def test_cvr_that_passes_the_modulus_11_check_is_accepted(cvr):
    assert is_valid_cvr(cvr)
    cvr_validator(cvr)


@pytest.mark.parametrize(
    ("cvr", "code"),
    [
        ("12345678", "cvr_checksum"),
        ("87654321", "cvr_checksum"),
        ("1234567", "cvr_format"),
        ("123456789", "cvr_format"),
        ("1234567a", "cvr_format"),
        ("ABCDEFGH", "cvr_format"),
        ("١٢٣٤٥٦٧٤", "cvr_format"),  # Arabic-Indic digits are digits to Python, not to CVR
    ],
)
def test_cvr_that_fails_gets_its_own_error(cvr, code):
    with pytest.raises(ValidationError) as excinfo:
        cvr_validator(cvr)
    assert excinfo.value.code == code


def test_organisation_keeps_the_cvr_digits_and_refuses_a_bad_one():
    organisation = Organisation(name="Forening", kind="humanitarian", cvr="12 34 56 74")
    organisation.full_clean()
    assert organisation.cvr == "12345674"
    organisation.cvr = "12345678"
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert error_codes(excinfo, "cvr") == ["cvr_checksum"]
    assert organisation.cvr == "12345678", "the input is kept to be corrected"


def test_cvr_is_optional():
    Organisation(name="Strikkeklubben", kind="community").full_clean()


@pytest.mark.parametrize("phone", ["36 37 70 00", "+45 36377000", "36377000"])
def test_danish_phone_numbers_are_accepted(phone):
    Organisation(name="F", kind="humanitarian", phone=phone, staff_contact_phone=phone).full_clean()


@pytest.mark.parametrize("phone", ["1234567", "+46 36 37 70 00", "36-37-70-00", "ring til os"])
def test_phone_that_is_not_danish_is_refused_on_both_contacts(phone):
    organisation = Organisation(name="F", kind="humanitarian", phone=phone)
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert error_codes(excinfo, "phone") == ["invalid_phone"]
    organisation = Organisation(name="F", kind="humanitarian", staff_contact_phone=phone)
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert error_codes(excinfo, "staff_contact_phone") == ["invalid_phone"]


def test_phone_error_is_in_danish():
    with pytest.raises(ValidationError) as excinfo:
        Organisation(name="F", kind="humanitarian", phone="123").full_clean()
    assert "dansk telefonnummer" in str(excinfo.value.error_dict["phone"][0].message).lower()


def test_network_or_programme_is_a_civil_society_kind():
    network = OrganisationFactory(kind=Organisation.Kind.NETWORK)
    assert not network.is_municipal
    assert network in Organisation.objects.civil_society()


def test_an_area_in_use_cannot_be_deleted_by_accident():
    from django.db.models import ProtectedError

    area = Area.objects.create(name="Islev")
    OrganisationFactory(area=area)
    with pytest.raises(ProtectedError):
        area.delete()


STAFF_ONLY = {
    "staff_contact_name": "Hemmelig Hansen",
    "staff_contact_email": "hemmelig@forening.example.dk",
    "staff_contact_phone": "20 30 40 50",
}


@pytest.fixture
def organisation():
    return OrganisationFactory(
        name="Besøgsforeningen",
        contact_name="Åben Andersen",
        email="info@forening.example.dk",
        phone="36 37 70 00",
        **STAFF_ONLY,
    )


@pytest.mark.parametrize("role", [None, "volunteer", "organisation_contact"])
def test_staff_contact_is_hidden_from_visitors_volunteers_and_contacts(
    role, organisation, client_for
):
    user = UserFactory(role=role) if role else None
    response = client_for(user).get(organisation.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Åben Andersen" in content and "info@forening.example.dk" in content
    for value in STAFF_ONLY.values():
        assert value not in content
    assert response.context["can_view_staff_contact"] is False


@pytest.mark.parametrize("role", [User.Role.STAFF, User.Role.COORDINATOR, User.Role.ADMIN])
def test_staff_contact_is_shown_to_municipal_users(role, organisation, client_for):
    response = client_for(UserFactory(role=role)).get(organisation.get_absolute_url())
    content = response.content.decode()
    for value in STAFF_ONLY.values():
        assert value in content
    assert "Åben Andersen" in content
