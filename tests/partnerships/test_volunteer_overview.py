"""The coordinators' volunteer overview and its exports: scoped to their own units, the
certificate status for the unit's coordinators only and never in an export."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership
from partnerships.models import VolunteerAgreement
from tests.factories import (
    InterestFactory,
    OpportunityFactory,
    UserFactory,
    VolunteerAgreementFactory,
)
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("volunteering:overview")
CSV = reverse("volunteering:export-csv")
XLSX = reverse("volunteering:export-xlsx")
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def active(unit, **kwargs):
    kwargs.setdefault("start_date", TODAY - datetime.timedelta(days=100))
    return VolunteerAgreementFactory(unit=unit, status="active", **kwargs)


def volunteer_named(name, **kwargs):
    return UserFactory(full_name=name, role=User.Role.VOLUNTEER, **kwargs)


# Who may see it.


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("admin", 200),
        ("staff", 403),
        ("volunteer", 403),
        ("organisation_contact", 403),
    ],
)
def test_the_overview_is_for_coordinators_and_administrators(
    client_for, users_by_role, role, status
):
    assert client_for(users_by_role[role]).get(OVERVIEW).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client_for):
    response = client_for(None).get(OVERVIEW)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_staff_of_the_unit_without_a_coordinator_membership_get_403(client_for, unit):
    person = UserFactory(role=User.Role.STAFF)
    Membership.objects.create(user=person, organisation=unit, capacity="staff")
    assert client_for(person).get(OVERVIEW).status_code == 403
    assert client_for(person).get(CSV).status_code == 403


def test_the_menu_shows_the_overview_to_coordinators_only(client_for, coordinator, staff_user):
    from django.utils import translation

    from volunteer_portal.menu import menu_for

    with translation.override("en"):
        labels = [str(e["label"]) for e in menu_for(coordinator, "/")]
        assert "Volunteer overview" in labels
        assert "Volunteer overview" not in [str(e["label"]) for e in menu_for(staff_user, "/")]
        here = reverse("volunteering:overview")
        entries = menu_for(coordinator, here, "volunteering:overview")
        assert [str(e["label"]) for e in entries if e["is_current"]] == ["Volunteer overview"]


# What it shows, and only of the coordinator's units.


def test_active_volunteers_per_unit_and_opportunity_of_own_units_only(
    client_for, coordinator, unit, other_unit
):
    mine = OpportunityFactory(organisation=unit, title="Besøgsven på Testparken")
    theirs = OpportunityFactory(organisation=other_unit, title="Cafévært i Andet")
    active(unit, opportunity=mine, volunteer=volunteer_named("Aase Aktiv"))
    active(unit, volunteer=volunteer_named("Bent Uden Opgave"))
    active(other_unit, opportunity=theirs, volunteer=volunteer_named("Carl Fremmed"))
    VolunteerAgreementFactory(unit=unit, opportunity=mine)  # a draft: not active

    response = client_for(coordinator).get(OVERVIEW)
    per_unit = {row["unit__name"]: row["volunteers"] for row in response.context["per_unit"]}
    assert per_unit == {unit.name: 2}
    per_opportunity = {
        row["opportunity__title"]: row["volunteers"] for row in response.context["per_opportunity"]
    }
    assert per_opportunity == {"Besøgsven på Testparken": 1}
    html = response.content.decode()
    assert "Cafévært i Andet" not in html and other_unit.name not in html
    assert "Carl Fremmed" not in html


def test_a_sub_units_volunteers_are_its_coordinators_too(client_for, coordinator, unit):
    from tests.factories import UnitFactory

    below = UnitFactory(parent=unit, name="Testparkens dagcenter")
    active(below)
    response = client_for(coordinator).get(OVERVIEW)
    assert [row["unit__name"] for row in response.context["per_unit"]] == [below.name]


def test_an_administrator_sees_every_unit(client_for, portal_admin, unit, other_unit):
    active(unit)
    active(other_unit)
    response = client_for(portal_admin).get(OVERVIEW)
    assert {row["unit__name"] for row in response.context["per_unit"]} == {
        unit.name,
        other_unit.name,
    }


def test_places_left_per_published_opportunity(client_for, coordinator, unit, other_unit):
    two = OpportunityFactory(organisation=unit, title="To pladser", volunteers_wanted=2)
    full = OpportunityFactory(organisation=unit, title="Fuldt hold", volunteers_wanted=1)
    OpportunityFactory(organisation=unit, title="Kladdeopgave", status="draft")
    OpportunityFactory(organisation=other_unit, title="Andres opgave")
    active(unit, opportunity=two)
    InterestFactory(opportunity=full)  # a new interest holds a place
    response = client_for(coordinator).get(OVERVIEW)
    rows = {o.title: (o.places_taken, o.places_left) for o in response.context["opportunities"]}
    assert rows == {"To pladser": (1, 1), "Fuldt hold": (1, 0)}


def test_interests_waiting_longer_than_the_service_goal(
    client_for, coordinator, unit, other_unit, settings
):
    settings.VOLUNTEER_SERVICE_GOAL_DAYS = 14
    opportunity = OpportunityFactory(organisation=unit)
    old = InterestFactory(
        opportunity=opportunity,
        volunteer=volunteer_named("Gitte Ventetid"),
        created_at=NOW - datetime.timedelta(days=15),
    )
    InterestFactory(
        opportunity=opportunity,
        volunteer=volunteer_named("Hans Frisk"),
        created_at=NOW - datetime.timedelta(days=13),
    )
    InterestFactory(
        opportunity=opportunity,
        status="dialogue",
        volunteer=volunteer_named("Ida Igang"),
        created_at=NOW - datetime.timedelta(days=30),
    )
    InterestFactory(
        opportunity=OpportunityFactory(organisation=other_unit),
        volunteer=volunteer_named("Jens Andetsteds"),
        created_at=NOW - datetime.timedelta(days=30),
    )
    response = client_for(coordinator).get(OVERVIEW)
    assert response.context["overdue"] == [old]
    html = response.content.decode()
    assert reverse("volunteering:interest-detail", kwargs={"pk": old.pk}) in html
    assert "Hans Frisk" not in html and "Ida Igang" not in html and "Jens Andetsteds" not in html


def test_the_service_goal_is_a_setting(client_for, coordinator, unit, settings):
    settings.VOLUNTEER_SERVICE_GOAL_DAYS = 5
    interest = InterestFactory(
        opportunity=OpportunityFactory(organisation=unit),
        created_at=NOW - datetime.timedelta(days=6),
    )
    assert client_for(coordinator).get(OVERVIEW).context["overdue"] == [interest]


def test_agreements_ending_within_30_days(client_for, coordinator, unit, other_unit):
    soon = active(unit, end_date=TODAY + datetime.timedelta(days=30))
    active(unit, end_date=TODAY + datetime.timedelta(days=31))
    active(unit)  # open-ended
    active(other_unit, end_date=TODAY + datetime.timedelta(days=3))
    VolunteerAgreementFactory(
        unit=unit, start_date=TODAY, end_date=TODAY + datetime.timedelta(days=3)
    )  # a draft
    response = client_for(coordinator).get(OVERVIEW)
    assert response.context["ending"] == [soon]
    assert reverse("volunteering:agreement-detail", kwargs={"pk": soon.pk}) in (
        response.content.decode()
    )


def certificate_cases(unit, other_unit):
    due = active(
        unit,
        child_certificate_required=True,
        child_certificate_assessed_on=TODAY - datetime.timedelta(days=700),
        child_certificate_renew_by=TODAY + datetime.timedelta(days=30),
        volunteer=volunteer_named("Karen Snart"),
    )
    overdue = active(
        unit,
        child_certificate_required=True,
        child_certificate_assessed_on=TODAY - datetime.timedelta(days=800),
        child_certificate_renew_by=TODAY - datetime.timedelta(days=10),
        volunteer=volunteer_named("Lars Forfalden"),
    )
    missing = VolunteerAgreementFactory(
        unit=unit,
        status="confirmed",
        child_certificate_required=True,
        volunteer=volunteer_named("Mona Mangler"),
    )
    active(
        unit,
        child_certificate_required=True,
        child_certificate_assessed_on=TODAY - datetime.timedelta(days=100),
        child_certificate_renew_by=TODAY + datetime.timedelta(days=61),
        volunteer=volunteer_named("Niels Nyligt"),
    )
    active(
        other_unit,
        child_certificate_required=True,
        child_certificate_assessed_on=TODAY - datetime.timedelta(days=800),
        child_certificate_renew_by=TODAY - datetime.timedelta(days=10),
        volunteer=volunteer_named("Ole Fremmed"),
    )
    return overdue, due, missing


def test_certificates_due_are_listed_for_the_units_coordinators(
    client_for, coordinator, unit, other_unit
):
    overdue, due, missing = certificate_cases(unit, other_unit)
    response = client_for(coordinator).get(OVERVIEW)
    assert set(response.context["certificates"]) == {overdue, due, missing}
    html = response.content.decode()
    assert 'id="certificates-due"' in html
    assert "Niels Nyligt" not in html and "Ole Fremmed" not in html


def test_an_administrator_without_a_coordinator_membership_sees_no_certificates(
    client_for, portal_admin, unit, other_unit
):
    certificate_cases(unit, other_unit)
    response = client_for(portal_admin).get(OVERVIEW)
    assert response.context["certificates"] == []
    html = response.content.decode()
    assert 'id="certificates-due"' not in html
    assert "Karen Snart" not in html and "Mona Mangler" not in html


def test_an_administrator_who_coordinates_a_unit_sees_only_that_units_certificates(
    client_for, unit, other_unit
):
    overdue, due, missing = certificate_cases(unit, other_unit)
    admin = UserFactory(role=User.Role.ADMIN, units=[unit])
    response = client_for(admin).get(OVERVIEW)
    assert set(response.context["certificates"]) == {overdue, due, missing}


def test_the_page_is_accessible_in_its_structure(client_for, coordinator, unit):
    active(unit, opportunity=OpportunityFactory(organisation=unit))
    html = client_for(coordinator).get(OVERVIEW).content.decode()
    assert html.count("<h1") == 1
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert "<caption" in html
    assert 'class="table-responsive" tabindex="0" role="region"' in html
    assert "style=" not in html


def test_the_query_count_does_not_grow_with_the_rows(
    client_for, coordinator, unit, django_assert_num_queries
):
    client = client_for(coordinator)

    def add_rows():
        opportunity = OpportunityFactory(organisation=unit)
        active(unit, opportunity=opportunity, end_date=TODAY + datetime.timedelta(days=5))
        active(
            unit,
            child_certificate_required=True,
            child_certificate_assessed_on=TODAY - datetime.timedelta(days=800),
            child_certificate_renew_by=TODAY - datetime.timedelta(days=1),
        )
        InterestFactory(opportunity=opportunity, created_at=NOW - datetime.timedelta(days=20))

    add_rows()
    client.get(OVERVIEW)  # warm the session and the caches
    with django_assert_num_queries(9) as few:
        client.get(OVERVIEW)
    for _ in range(4):
        add_rows()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(OVERVIEW)
    assert len(response.context["overdue"]) == 5


# The exports.


def test_the_export_holds_the_volunteers_of_own_units_only(
    client_for, coordinator, unit, other_unit
):
    opportunity = OpportunityFactory(organisation=unit, title="Højtlæsning for beboere")
    mine = active(
        unit,
        opportunity=opportunity,
        end_date=TODAY + datetime.timedelta(days=200),
        volunteer=volunteer_named("Pia Egen", email="pia@example.dk"),
        child_certificate_required=True,
        child_certificate_assessed_on=TODAY - datetime.timedelta(days=10),
        child_certificate_renew_by=TODAY + datetime.timedelta(days=720),
    )
    active(other_unit, volunteer=volunteer_named("Rasmus Fremmed", email="rasmus@example.dk"))
    text = client_for(coordinator).get(CSV).content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2  # the heading and one agreement
    row = lines[1]
    for value in (
        "Pia Egen",
        "pia@example.dk",
        unit.name,
        "Højtlæsning for beboere",
        str(mine.contact_person),
        mine.start_date.isoformat(),
        mine.end_date.isoformat(),
    ):
        assert value in row
    assert "Rasmus" not in text
    # The certificate status is not exported.
    assert mine.child_certificate_renew_by.isoformat() not in text
    assert mine.child_certificate_assessed_on.isoformat() not in text
    assert "ttest" not in text.lower() and "certificate" not in text.lower()


def test_an_ended_agreement_is_exported_with_the_day_it_ended(client_for, coordinator, unit):
    ended = active(unit, end_date=TODAY + datetime.timedelta(days=300))
    VolunteerAgreement.objects.filter(pk=ended.pk).update(
        status="ended", ended_on=TODAY - datetime.timedelta(days=3)
    )
    text = client_for(coordinator).get(CSV).content.decode("utf-8-sig")
    assert (TODAY - datetime.timedelta(days=3)).isoformat() in text
    assert (TODAY + datetime.timedelta(days=300)).isoformat() not in text


def test_certificates_not_yet_recorded_come_first(client_for, coordinator, unit, other_unit):
    overdue, due, missing = certificate_cases(unit, other_unit)
    response = client_for(coordinator).get(OVERVIEW)
    assert response.context["certificates"] == [missing, overdue, due]


def test_the_xlsx_export_holds_the_same(client_for, coordinator, unit, other_unit):
    active(unit, volunteer=volunteer_named("Pia Egen"))
    active(other_unit, volunteer=volunteer_named("Rasmus Fremmed"))
    response = client_for(coordinator).get(XLSX)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert names == ["Pia Egen"]
    assert sheet.max_column == 8


def test_the_exports_neutralise_formulas(client_for, coordinator, unit):
    active(unit, volunteer=volunteer_named('=HYPERLINK("http://x.example","klik")'))
    text = client_for(coordinator).get(CSV).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    sheet = openpyxl.load_workbook(io.BytesIO(client_for(coordinator).get(XLSX).content)).active
    cell = sheet.cell(row=2, column=1)
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


@pytest.mark.parametrize("role", ["staff", "admin", "volunteer", "organisation_contact"])
def test_the_exports_are_for_coordinators_only(client_for, users_by_role, role):
    client = client_for(users_by_role[role])
    assert client.get(CSV).status_code == 403
    assert client.get(XLSX).status_code == 403


def test_the_exports_need_a_login(client_for):
    assert client_for(None).get(CSV).status_code == 302


def test_an_administrator_who_coordinates_exports_only_that_unit(client_for, unit, other_unit):
    active(unit, volunteer=volunteer_named("Pia Egen"))
    active(other_unit, volunteer=volunteer_named("Rasmus Fremmed"))
    admin = UserFactory(role=User.Role.ADMIN, units=[unit])
    text = client_for(admin).get(CSV).content.decode("utf-8-sig")
    assert "Pia Egen" in text and "Rasmus" not in text


def test_the_export_refuses_a_post(client_for, coordinator):
    assert client_for(coordinator).post(CSV).status_code == 405


def test_the_overview_is_in_danish_by_default(client_for, coordinator):
    from django.utils import translation

    response = client_for(coordinator).get(OVERVIEW)
    with translation.override("da"):
        assert translation.gettext("Volunteer overview") in response.content.decode()
    assert timezone.localdate() == TODAY
