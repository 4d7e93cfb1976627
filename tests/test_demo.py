import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from volunteer_portal.demo import DEMO_PASSWORD
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

OUR_APPS = {"volunteer_portal", "organisations", "initiatives", "partnerships"}


def snapshot():
    """Every row of our models, with every field value: loading twice must change nothing."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            rows[model.__name__] = sorted(
                # PostgreSQL reads binary columns (the logo) as memoryview: compare the bytes.
                str(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in model.objects.values_list()
            )
    return rows


def test_demo_data_loads_and_a_second_load_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert first["Organisation"], "the demo has organisations"
    # The volunteer flow is in the snapshot too (partnerships/demo_volunteering.py).
    for model in ("Opportunity", "VolunteerProfile", "Interest", "VolunteerAgreement"):
        assert first[model], f"the demo has a {model}"


def test_demo_accounts_one_per_role_with_the_documented_password(settings):
    settings.DEBUG = True
    call_command("load_demo")
    expected = {
        "admin@example.dk": "admin",
        "medarbejder@example.dk": "staff",
        "koordinator@example.dk": "coordinator",
        "frivillig@example.dk": "volunteer",
        "forening@example.dk": "organisation_contact",
    }
    for email, role in expected.items():
        user = User.objects.get(email=email)
        assert user.role == role
        assert user.check_password(DEMO_PASSWORD)
    coordinator_units = set(
        User.objects.get(email="koordinator@example.dk")
        .memberships.filter(capacity="coordinator")
        .values_list("organisation__slug", flat=True)
    )
    assert {"plejecenter-broparken", "islev-bibliotek"} <= coordinator_units


def test_demo_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()


def test_the_demo_coordinator_can_report_on_an_initiative_of_their_unit(settings):
    """The demo shows the progress-note right: Jobcentret is an actor in initiative 5."""
    from initiatives.models import Initiative

    settings.DEBUG = True
    call_command("load_demo")
    coordinator = User.objects.get(email="koordinator@example.dk")
    five = Initiative.objects.get(plan__slug="roedovre-2020-2022", number=5)
    assert coordinator.has_perm("initiatives.add_progress_note", five)
    assert not coordinator.has_perm("initiatives.change_initiative", five)
