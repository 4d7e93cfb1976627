"""Recording a referral (brobygning): only the date, the unit, the activity and a note are
kept; the unit is one of the staff member's own; a CPR-like note, a future date and a unit
outside the allowed ones are refused with a clear message and the typed text kept."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from organisations.forms.referral import ReferralForm, referring_units
from organisations.models import Membership, Referral
from organisations.services.referrals import record_referral
from tests.factories import ActivityFactory, OrganisationFactory, UnitFactory, UserFactory
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


def shown(msgid, **params):
    """A message as the page shows it: in the current language (Danish where the catalogue
    has it) and escaped."""
    return escape(gettext(msgid) % params if params else gettext(msgid))


CPR_REFUSED = (
    "The text looks like it holds a CPR number. Leave out the citizen's CPR "
    "number, name and anything else that identifies them."
)


@pytest.fixture
def activity():
    return ActivityFactory(title="Gå-gruppen")


@pytest.fixture
def partner_contact():
    user = UserFactory(role=User.Role.ORGANISATION_CONTACT)
    Membership.objects.create(user=user, organisation=OrganisationFactory(), capacity="contact")
    return user


def staff_of(*units, capacity="staff"):
    user = UserFactory(role=User.Role.STAFF if capacity == "staff" else User.Role.COORDINATOR)
    for unit in units:
        Membership.objects.create(user=user, organisation=unit, capacity=capacity)
    return user


def refer_url(activity, **query):
    url = reverse("organisations:referral-create", kwargs={"pk": activity.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# The service.


def test_record_referral_keeps_date_unit_activity_and_note(activity, unit, staff_user):
    referral = record_referral(
        activity=activity, unit=unit, referred_on=TODAY, note="Følges første gang", by=staff_user
    )
    referral.refresh_from_db()
    assert (referral.activity, referral.unit, referral.referred_on, referral.note) == (
        activity,
        unit,
        TODAY,
        "Følges første gang",
    )


def test_record_referral_writes_no_audit_entry(activity, unit, staff_user):
    """The audit log would name who referred; a referral must not."""
    record_referral(activity=activity, unit=unit, referred_on=TODAY, by=staff_user)
    assert not LogEntry.objects.filter(content_type__model="referral").exists()


def test_record_referral_refuses_a_cpr_like_note(activity, unit, staff_user):
    with pytest.raises(ValidationError) as error:
        record_referral(
            activity=activity,
            unit=unit,
            referred_on=TODAY,
            note="Borger 010203-1234",
            by=staff_user,
        )
    assert error.value.message_dict["note"]
    assert not Referral.objects.exists()


def test_record_referral_refuses_a_civil_society_organisation_as_unit(activity, staff_user):
    with pytest.raises(ValidationError) as error:
        record_referral(
            activity=activity, unit=OrganisationFactory(), referred_on=TODAY, by=staff_user
        )
    assert "unit" in error.value.message_dict


def test_record_referral_refuses_an_unpublished_activity(unit, staff_user):
    with pytest.raises(ValidationError):
        record_referral(
            activity=ActivityFactory(is_published=False),
            unit=unit,
            referred_on=TODAY,
            by=staff_user,
        )


# Which units a person refers from.


def test_a_staff_member_refers_from_their_own_units_only(unit, other_unit):
    user = staff_of(unit)
    assert list(referring_units(user)) == [unit]


def test_a_coordinator_refers_from_the_units_they_coordinate(unit, other_unit):
    user = staff_of(unit, other_unit, capacity="coordinator")
    assert set(referring_units(user)) == {unit, other_unit}


def test_without_a_unit_and_as_admin_every_active_municipal_unit_is_offered(
    unit, other_unit, staff_user, portal_admin
):
    closed = UnitFactory(is_active=False)
    OrganisationFactory()  # a civil-society organisation is no referring unit
    municipal = {unit, other_unit, unit.parent, other_unit.parent, closed.parent}
    assert set(referring_units(staff_user)) == municipal
    Membership.objects.create(user=portal_admin, organisation=unit, capacity="staff")
    assert set(referring_units(portal_admin)) == municipal


def test_the_only_unit_is_chosen_in_advance(unit, other_unit):
    form = ReferralForm(instance=Referral(activity=ActivityFactory()), user=staff_of(unit))
    assert form["unit"].value() == unit.pk
    two = ReferralForm(
        instance=Referral(activity=ActivityFactory()), user=staff_of(unit, other_unit)
    )
    assert two["unit"].value() is None


# The page.


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False)
def test_the_form_starts_today_with_the_unit_chosen(client_for, activity, unit):
    response = client_for(staff_of(unit)).get(refer_url(activity))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["referred_on"].value() == TODAY
    assert form["unit"].value() == unit.pk
    assert 'max="2026-03-10"' in response.content.decode()


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False)
def test_recording_a_referral_saves_it_and_returns_to_the_search(client_for, activity, unit):
    back = reverse("organisations:bridge") + "?q=g%C3%A5&area=3"
    response = client_for(staff_of(unit)).post(
        refer_url(activity),
        {"referred_on": "2026-03-09", "unit": unit.pk, "note": "Ønsker følge", "next": back},
        follow=True,
    )
    assert response.redirect_chain == [(back, 302)]
    referral = Referral.objects.get()
    assert (referral.activity, referral.unit, referral.referred_on, referral.note) == (
        activity,
        unit,
        datetime.date(2026, 3, 9),
        "Ønsker følge",
    )
    recorded = shown("The referral to “%(activity)s” has been recorded.", activity="Gå-gruppen")
    assert recorded in response.content.decode()


def test_a_cpr_like_note_is_refused_with_the_reason_and_the_text_kept(client_for, activity, unit):
    note = "Borgeren 0102031234 vil gerne prøve"
    response = client_for(staff_of(unit)).post(
        refer_url(activity), {"referred_on": "2026-01-05", "unit": unit.pk, "note": note}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert shown(CPR_REFUSED) in page
    assert note in page  # what was typed is still there to correct
    assert 'value="2026-01-05"' in page
    assert page.count("data-error-summary") == 1
    assert not Referral.objects.exists()


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False)
def test_a_date_in_the_future_is_refused(client_for, activity, unit):
    response = client_for(staff_of(unit)).post(
        refer_url(activity), {"referred_on": "2026-03-11", "unit": unit.pk}
    )
    assert response.context["form"].errors["referred_on"] == [
        gettext("The date of a referral cannot be in the future.")
    ]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("tampered", ["other", "civil", "nonsense"])
def test_a_unit_outside_the_allowed_ones_is_a_form_error(
    tampered, client_for, activity, unit, other_unit
):
    value = {"other": other_unit.pk, "civil": OrganisationFactory().pk, "nonsense": "1; drop"}[
        tampered
    ]
    response = client_for(staff_of(unit)).post(
        refer_url(activity), {"referred_on": "2026-01-05", "unit": value, "note": "Hej"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_a_next_address_outside_the_portal_is_ignored(client_for, activity, unit, target):
    response = client_for(staff_of(unit)).post(
        refer_url(activity), {"referred_on": "2026-01-05", "unit": unit.pk, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:bridge")


def test_the_referral_stores_nothing_about_the_person(client_for, activity, unit):
    user = staff_of(unit)
    client_for(user).post(refer_url(activity), {"referred_on": "2026-01-05", "unit": unit.pk})
    row = Referral.objects.values().get()
    assert set(row) == {"id", "activity_id", "unit_id", "referred_on", "note"}
    assert not LogEntry.objects.filter(content_type__model="referral").exists()


def test_an_unpublished_activity_answers_404(client_for, unit):
    draft = ActivityFactory(is_published=False)
    assert client_for(staff_of(unit)).get(refer_url(draft)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("volunteer", 403),
        ("contact", 403),
        ("staff", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_may_record_a_referral(
    role, status, client_for, users_by_role, partner_contact, activity
):
    user = partner_contact if role == "contact" else users_by_role.get(role)
    client = client_for(user)
    response = client.get(refer_url(activity))
    assert response.status_code == status
    if role is None:
        assert response["Location"].startswith(reverse("account_login"))
    posted = client.post(refer_url(activity), {"referred_on": "2026-01-05", "note": "x"})
    assert posted.status_code == status
    assert not Referral.objects.exists()
