"""The demo's volunteer flow: every state present, places consistent, nothing mailed, and a
second load changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership
from partnerships.models import Interest, Kind, Opportunity, VolunteerAgreement, VolunteerProfile
from partnerships.services.places import taken_places
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def counts():
    return {
        "opportunities": Opportunity.objects.count(),
        "interests": sorted(Interest.objects.values_list("status", flat=True)),
        "agreements": sorted(VolunteerAgreement.objects.values_list("status", flat=True)),
        "profiles": VolunteerProfile.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_every_state_of_interests_and_agreements_is_in_the_demo(demo):
    assert set(Interest.objects.values_list("status", flat=True)) == set(Interest.Status.values)
    assert set(VolunteerAgreement.objects.values_list("status", flat=True)) == set(
        VolunteerAgreement.Status.values
    )
    declined = Interest.objects.get(status=Interest.Status.DECLINED)
    assert declined.declined_reason
    ended = VolunteerAgreement.objects.get(status=VolunteerAgreement.Status.ENDED)
    assert ended.ended_reason and ended.ended_on


def test_opportunities_of_all_five_kinds_at_care_homes_libraries_the_job_centre_and_associations(
    demo,
):
    published = Opportunity.objects.published()
    assert set(published.values_list("kind", flat=True)) == set(Kind.values)
    owners = set(published.values_list("organisation__slug", flat=True))
    assert {"plejecenter-broparken", "islev-bibliotek", "jobcentret"} <= owners
    assert published.filter(organisation__is_non_profit=True).count() >= 2
    assert published.filter(works_with_children=True).exists()
    assert Opportunity.objects.filter(status=Opportunity.Status.DRAFT).exists()


def test_the_demo_volunteer_has_one_active_agreement_and_one_open_interest(demo):
    frida = User.objects.get(email="frivillig@example.dk")
    assert frida.volunteer_agreements.filter(status="active").count() == 1
    assert frida.interests.open().count() == 1
    assert frida.volunteer_profile.consent_given_at is not None
    assert frida.volunteer_profile.presentation


def test_several_invented_volunteers_with_profiles(demo):
    profiles = VolunteerProfile.objects.select_related("user")
    assert profiles.count() >= 7
    for profile in profiles:
        assert profile.user.email.endswith("@example.dk")
        assert profile.user.role == User.Role.VOLUNTEER
        assert profile.consent_given_at is not None


def test_the_full_opportunity_has_a_waiting_list_and_no_more_places_taken_than_wanted(demo):
    full = Opportunity.objects.get(title="Sprogcafé: dansk i praksis")
    assert taken_places(full) == full.volunteers_wanted
    assert full.interests.waiting_in_order().exists()
    assert full.interests.filter(status=Interest.Status.LAPSED).exists()
    assert full.initiatives.filter(number=5).exists(), "it serves an initiative of the plan"
    for opportunity in Opportunity.objects.all():
        assert taken_places(opportunity) <= opportunity.volunteers_wanted, opportunity.title


def test_contact_persons_are_staff_of_the_home_unit_and_one_certificate_is_recorded(demo):
    for agreement in VolunteerAgreement.objects.all():
        agreement.full_clean()  # the contact person is a staff member of the unit
        assert agreement.contact_person.role == User.Role.STAFF
        if agreement.opportunity_id and agreement.opportunity.works_with_children:
            assert agreement.child_certificate_required
    recorded = VolunteerAgreement.objects.filter(child_certificate_assessed_on__isnull=False)
    assert recorded.count() == 1
    assert recorded.get().child_certificate_assessed_by.email == "koordinator@example.dk"


def test_the_demo_coordinators_overview_has_something_in_every_section(demo, client_for):
    coordinator = User.objects.get(email="koordinator@example.dk")
    context = client_for(coordinator).get(reverse("volunteering:overview")).context
    assert context["per_unit"] and context["per_opportunity"]
    assert any(o.places_left == 0 for o in context["opportunities"])
    assert context["overdue"], "a new interest older than the service goal"
    assert context["ending"], "an agreement ending within 30 days"
    assert len(context["certificates"]) == 2  # due for renewal, and required not recorded
    assert timezone.localdate() - context["overdue"][0].created_at.date() > datetime.timedelta(
        days=14
    )


def test_the_demo_queues_no_mail(settings, django_capture_on_commit_callbacks):
    from volunteer_portal.tasks import send_mail

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Interest.objects.exists()
    assert not [c for c in callbacks if getattr(c, "func", None) == send_mail.enqueue]


def test_the_demo_mail_is_held_back_only_while_it_loads(settings, mailoutbox):
    from volunteer_portal import mail

    original = mail.enqueue_mail
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.enqueue_mail is original


def test_loading_twice_changes_nothing(demo, settings):
    first = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first
