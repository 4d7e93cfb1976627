"""Memberships: who acts for which unit or organisation, and in which capacity. Checked with
each kind of member, loaded once per request, and refused where a capacity does not fit."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from organisations.models import Membership, Organisation
from tests.factories import AdministrationFactory, OrganisationFactory, UnitFactory, UserFactory
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

C = Membership.Capacity


@pytest.fixture
def tree():
    """An administration with a centre, a unit under the centre, and a partner association."""
    administration = AdministrationFactory(name="Social- og Sundhedsforvaltningen")
    centre = OrganisationFactory(name="Center for Pleje", kind="centre", parent=administration)
    unit = UnitFactory(name="Plejecenter Broparken", parent=centre)
    other_unit = UnitFactory(name="Hjemmeplejen", parent=administration)
    association = OrganisationFactory(name="Ældre Sagen", kind="humanitarian")
    other_association = OrganisationFactory(name="Røde Kors", kind="humanitarian")
    return {
        "administration": administration,
        "centre": centre,
        "unit": unit,
        "other_unit": other_unit,
        "association": association,
        "other_association": other_association,
    }


def member(role, organisation, capacity):
    user = UserFactory(role=role)
    Membership.objects.create(user=user, organisation=organisation, capacity=capacity)
    return User.objects.get(pk=user.pk)  # fresh, as a request loads it


@pytest.fixture
def cast(tree):
    return {
        "unit coordinator": member(User.Role.COORDINATOR, tree["unit"], C.COORDINATOR),
        "centre coordinator": member(User.Role.COORDINATOR, tree["centre"], C.COORDINATOR),
        "staff member": member(User.Role.STAFF, tree["unit"], C.STAFF),
        "organisation contact": member(
            User.Role.ORGANISATION_CONTACT, tree["association"], C.CONTACT
        ),
        "volunteer": UserFactory(role=User.Role.VOLUNTEER),
        "admin": UserFactory(role=User.Role.ADMIN),
        "anonymous": AnonymousUser(),
    }


# Who acts for which unit (organisations.act_for_unit): coordinators reach down the tree.
ACTS_FOR_UNIT = {
    "unit coordinator": {"unit"},
    "centre coordinator": {"centre", "unit"},
    "staff member": set(),
    "organisation contact": set(),
    "volunteer": set(),
    "admin": {"administration", "centre", "unit", "other_unit", "association"},
    "anonymous": set(),
}


@pytest.mark.parametrize("who", sorted(ACTS_FOR_UNIT))
def test_act_for_unit_follows_the_memberships(who, cast, tree):
    user = cast[who]
    allowed = {
        key
        for key in ACTS_FOR_UNIT["admin"]
        if user.has_perm("organisations.act_for_unit", tree[key])
    }
    assert allowed == ACTS_FOR_UNIT[who]


@pytest.mark.parametrize("who", sorted(ACTS_FOR_UNIT))
def test_each_capacity_answers_for_its_own_organisations(who, cast, tree):
    from organisations.permissions import coordinates_unit, is_contact_of, is_staff_member_of

    user = cast[who]
    assert is_staff_member_of(user, tree["unit"]) is (who == "staff member")
    assert is_staff_member_of(user, tree["other_unit"]) is False
    assert is_contact_of(user, tree["association"]) is (who == "organisation contact")
    assert is_contact_of(user, tree["other_association"]) is False
    assert coordinates_unit(user, tree["unit"]) is (
        who in ("unit coordinator", "centre coordinator")
    )
    assert coordinates_unit(user, tree["administration"]) is False


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("unit coordinator", True),
        ("centre coordinator", True),
        ("staff member", True),
        ("organisation contact", False),
        ("volunteer", False),
        ("admin", False),
        ("anonymous", False),
    ],
)
def test_my_units_is_for_coordinators_only(who, sees, cast, client_for):
    user = cast[who]
    client = client_for(None if who == "anonymous" else user)
    response = client.get(reverse("organisations:my-units"))
    expected = 200 if who.endswith("coordinator") else (302 if who == "anonymous" else 403)
    assert response.status_code == expected


def test_an_organisation_contact_sees_nothing_municipal(cast, client_for):
    from tests.factories import ActionPlanFactory

    contact = cast["organisation contact"]
    draft = ActionPlanFactory(status="draft")
    client = client_for(contact)
    assert not contact.is_municipal
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("initiatives:overview-index")).status_code == 403


def test_my_units_lists_the_coordinated_units(cast, tree, client_for):
    response = client_for(cast["centre coordinator"]).get(reverse("organisations:my-units"))
    assert list(response.context["units"]) == [tree["centre"]]


def test_memberships_are_loaded_in_one_query_however_many_checks(cast, tree):
    user = User.objects.get(pk=cast["centre coordinator"].pk)
    organisations = list(Organisation.objects.all())
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            for organisation in organisations:
                user.has_perm("organisations.act_for_unit", organisation)
        assert user.is_coordinator
    assert len(queries) == 1


def test_a_page_asks_for_the_memberships_once(cast, client_for):
    client = client_for(cast["unit coordinator"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("organisations:my-units"))
    assert response.status_code == 200
    membership_queries = [q for q in queries if "organisations_membership" in q["sql"]]
    assert len(membership_queries) == 1


@pytest.mark.parametrize(
    ("role", "organisation", "capacity", "code"),
    [
        (User.Role.VOLUNTEER, "unit", C.STAFF, "not_a_municipal_account"),
        (User.Role.VOLUNTEER, "unit", C.COORDINATOR, "not_a_municipal_account"),
        (User.Role.ORGANISATION_CONTACT, "unit", C.STAFF, "not_a_municipal_account"),
        (
            User.Role.COORDINATOR,
            "association",
            C.COORDINATOR,
            "municipal_capacity_outside_municipality",
        ),
        (User.Role.STAFF, "association", C.STAFF, "municipal_capacity_outside_municipality"),
        (User.Role.ORGANISATION_CONTACT, "unit", C.CONTACT, "contact_in_municipality"),
        (User.Role.VOLUNTEER, "association", C.CONTACT, "not_a_contact_account"),
    ],
)
def test_a_capacity_that_does_not_fit_is_refused(role, organisation, capacity, code, tree):
    membership = Membership(
        user=UserFactory(role=role), organisation=tree[organisation], capacity=capacity
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert code in [e.code for errors in error.value.error_dict.values() for e in errors]


def test_a_duplicate_membership_is_refused_with_a_clear_message(tree):
    user = UserFactory(role=User.Role.COORDINATOR)
    Membership.objects.create(user=user, organisation=tree["unit"], capacity=C.COORDINATOR)
    duplicate = Membership(user=user, organisation=tree["unit"], capacity=C.COORDINATOR)
    with translation.override("da"), pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Plejecenter Broparken" in " ".join(error.value.messages)


def test_fitting_memberships_are_accepted(tree):
    coordinator = UserFactory(role=User.Role.COORDINATOR)
    contact = UserFactory(role=User.Role.ORGANISATION_CONTACT)
    for user, organisation, capacity in [
        (coordinator, tree["unit"], C.COORDINATOR),
        (coordinator, tree["unit"], C.STAFF),
        (contact, tree["association"], C.CONTACT),
    ]:
        Membership(user=user, organisation=organisation, capacity=capacity).full_clean()


def test_the_admin_edits_memberships_on_the_person_and_refuses_a_misfit(tree, client_for):
    admin = UserFactory(role=User.Role.ADMIN)
    volunteer = UserFactory(role=User.Role.VOLUNTEER, email="frida@example.dk")
    url = reverse("admin:volunteer_portal_user_change", args=[volunteer.pk])
    client = client_for(admin)
    form = client.get(url).context["adminform"].form
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and k != "password"},
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-organisation": str(tree["unit"].pk),
        "memberships-0-capacity": "staff",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 200  # shown again with the error
    assert not Membership.objects.filter(user=volunteer).exists()
    data["role"] = User.Role.STAFF
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert Membership.objects.filter(user=volunteer, capacity="staff").exists()


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_turns_coordinator_links_into_memberships():
    from django.db.migrations.executor import MigrationExecutor

    before = [
        ("organisations", "0002_organisation_order_ignores_case"),
        ("volunteer_portal", "0001_initial"),
    ]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        unit = old.get_model("organisations", "Organisation").objects.create(
            name="Islev Bibliotek", slug="islev-bibliotek", kind="unit"
        )
        user = old.get_model("volunteer_portal", "User").objects.create(
            email="k@example.dk", role="coordinator"
        )
        user.units.add(unit)
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        membership = Membership.objects.get()
        assert (membership.user_id, membership.organisation_id, membership.capacity) == (
            user.pk,
            unit.pk,
            "coordinator",
        )
    finally:
        MigrationExecutor(connection).migrate(latest)
