import pytest
from django.core.exceptions import ValidationError

from organisations.models import Organisation
from tests.factories import AdministrationFactory, OrganisationFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_slug_transliterates_danish_letters_and_stays_unique():
    first = OrganisationFactory(name="Rødovre Ældre Sagen på Åen")
    second = OrganisationFactory(name="Rødovre Ældre Sagen på Åen")
    assert first.slug == "roedovre-aeldre-sagen-paa-aaen"
    assert second.slug == "roedovre-aeldre-sagen-paa-aaen-2"


def test_centre_and_unit_must_belong_to_an_administration():
    centre = Organisation(name="Plejecenter", kind="centre")
    with pytest.raises(ValidationError) as error:
        centre.full_clean()
    assert "parent" in error.value.message_dict


def test_administration_cannot_sit_under_a_unit():
    unit = UnitFactory()
    administration = Organisation(name="Forvaltning", kind="administration", parent=unit)
    with pytest.raises(ValidationError):
        administration.full_clean()


def test_unit_under_centre_under_administration_is_valid_and_knows_its_ancestors():
    administration = AdministrationFactory()
    centre = UnitFactory(kind="centre", parent=administration)
    unit = Organisation(name="Afsnit A", kind="unit", parent=centre)
    unit.full_clean()
    unit.save()
    assert unit.ancestors() == [administration, centre]
    assert unit.is_municipal and not OrganisationFactory().is_municipal


def test_dashes_between_years_survive_in_the_address():
    from organisations.models import danish_slugify

    assert danish_slugify("Rødovre 2023–2025") == "roedovre-2023-2025"
