import datetime

import factory
from allauth.account.models import EmailAddress

from organisations.models import Activity, Membership, Organisation
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
        """``units=[...]``: the person coordinates these units (coordinator memberships)."""
        if create and extracted:
            for unit in extracted:
                Membership.objects.create(user=self, organisation=unit, capacity="coordinator")
        if create:
            self.save()
            # Accounts made by the municipality have a confirmed address, as allauth requires.
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


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


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Aktivitet nr. {n}")
    is_published = True


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "initiatives.ActionPlan"

    title = factory.Sequence(lambda n: f"Handleplan {n}")
    slug = factory.Sequence(lambda n: f"handleplan-{n}")
    start_year = 2020
    end_year = 2022
    vision = "Flere med i fællesskaberne."
    introduction = "Planen omsætter politikken til praksis."
    status = "published"


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "initiatives.StrategicGoal"

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Strategimål {n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "initiatives.Initiative"

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Indsats {n}")
    description = "Vi vil styrke samarbejdet."
    purpose = "Formålet er at styrke fællesskabet."
    start_year = 2020
    end_year = 2021


def image_bytes(kind="PNG", size=(40, 48)):
    """A small real image, such as a logo, in the given Pillow format."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (190, 20, 30)).save(buffer, format=kind)
    return buffer.getvalue()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteer_portal.Municipality"
        django_get_or_create = ["id"]

    id = 1
    name = "Testrup Kommune"
    address = "Testrup Rådhus\nRådhuspladsen 1\n2600 Testrup"
    phone = "36 37 70 00"
    email = "kommunen@testrup.dk"
    website = "https://www.testrup.dk"
    digital_post_url = "https://post.borger.dk"
    accessibility_statement_url = "https://www.was.digst.dk/testrup-dk"
    privacy_notice = "Testrup Kommune er dataansvarlig.\n\nDu kan klage til Datatilsynet."
    logo_alt = "Testrup Kommunes byvåben"


def make_plan_with_goals(slug="plan"):
    """A 2020-2022 plan with the two strategic goals of the Rødovre plan."""
    plan = ActionPlanFactory(slug=slug, start_year=2020, end_year=2022)
    StrategicGoalFactory(plan=plan, number=1, title="Gode rammer")
    StrategicGoalFactory(plan=plan, number=2, title="Synlighed og netværk")
    return plan


def make_initiative_with_rows(plan):
    """Initiative 1 of ``plan`` serving goal 2, with an actor and two milestones."""
    import datetime

    from initiatives.models import InitiativeActor

    initiative = InitiativeFactory(plan=plan, number=1, title="Flere med i foreningerne")
    initiative.goals.set([plan.goals.get(number=2)])
    InitiativeActor.objects.create(initiative=initiative, name="Lokale foreninger")
    initiative.milestones.create(date=datetime.date(2020, 5, 1), title="Temamøde")
    initiative.milestones.create(date=datetime.date(2020, 9, 1), title="Evaluering")
    return initiative


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Agreement"

    title = factory.Sequence(lambda n: f"Samarbejdsaftale {n}")
    responsible_unit = factory.SubFactory(UnitFactory)
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    purpose = "At styrke det frivillige sociale arbejde."


class OpportunityFactory(factory.django.DjangoModelFactory):
    """A published opportunity of a municipal unit, wanting two volunteers."""

    class Meta:
        model = "partnerships.Opportunity"

    title = factory.Sequence(lambda n: f"Frivilligopgave {n}")
    description = "Hjælp til fællesspisning om tirsdagen."
    kind = "company"
    organisation = factory.SubFactory(UnitFactory)
    volunteers_wanted = 2
    status = "published"


class InterestFactory(factory.django.DjangoModelFactory):
    """A new interest of a volunteer in an opportunity (made directly, not through the
    service: for lists and permissions; the services' tests register through the service)."""

    class Meta:
        model = "partnerships.Interest"

    volunteer = factory.SubFactory(UserFactory)
    opportunity = factory.SubFactory(OpportunityFactory)
    organisation = factory.LazyAttribute(lambda o: o.opportunity.organisation)
    message = "Jeg vil gerne hjælpe."
    status = "new"


def staff_member(unit, **kwargs):
    """A staff member of ``unit``, who can be a volunteer's contact person there."""
    user = UserFactory(role=User.Role.STAFF, **kwargs)
    Membership.objects.create(user=user, organisation=unit, capacity="staff")
    return user


class VolunteerAgreementFactory(factory.django.DjangoModelFactory):
    """A draft volunteer agreement at a unit, with a staff member there as contact person."""

    class Meta:
        model = "partnerships.VolunteerAgreement"

    volunteer = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    contact_person = factory.LazyAttribute(lambda o: staff_member(o.unit))
    tasks = "Besøgsven for en beboer, en gang om ugen."
    start_date = datetime.date(2027, 1, 4)
    status = "draft"
