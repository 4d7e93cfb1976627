import factory

from organisations.models import Organisation
from volunteer_portal.models import User

TEST_PASSWORD = "test-password-2026"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    full_name = factory.Faker("name", locale="da_DK")
    role = User.Role.VOLUNTEER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Forening nr. {n}")
    kind = Organisation.Kind.HUMANITARIAN


class AdministrationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Forvaltning {n}")
    kind = Organisation.Kind.ADMINISTRATION


class UnitFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Enhed {n}")
    kind = Organisation.Kind.UNIT
    parent = factory.SubFactory(AdministrationFactory)
