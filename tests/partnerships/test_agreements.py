"""Agreements: the status through the shared state machinery, renewal as a chain, and who may
see them (municipal users all; a partner's contact its public agreements; others nothing)."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext

from initiatives.models import InitiativeActor
from organisations.models import Membership
from partnerships.models import Agreement, AgreementDocument
from partnerships.services import agreements as services
from tests.factories import (
    ActionPlanFactory,
    AgreementFactory,
    InitiativeFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.sample_files import PDF
from volunteer_portal.transitions import DomainError, TransitionNotAllowed

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
LIST_URL = reverse("partnerships:agreement-list")


@pytest.fixture
def partner():
    return OrganisationFactory(name="Rødovre Frivilligcenter", kind="volunteer_centre")


@pytest.fixture
def agreement(partner):
    agreement = AgreementFactory(
        title="Samarbejdsaftale med Frivilligcentret",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    agreement.partners.add(partner)
    return agreement


def test_activate_needs_a_partner(staff_user):
    lonely = AgreementFactory()
    with pytest.raises(DomainError):
        services.activate(lonely, by=staff_user)
    lonely.refresh_from_db()
    assert lonely.status == Agreement.Status.DRAFT


def test_activating_an_agreement_ending_soon_marks_it_expiring(agreement, staff_user):
    agreement.end_date = datetime.date.today() + datetime.timedelta(days=40)
    agreement.save()
    services.activate(agreement, by=staff_user)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.EXPIRING
    assert agreement.status_changed_at is not None


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (TODAY + datetime.timedelta(days=91), "active"),
        (TODAY + datetime.timedelta(days=90), "expiring"),
        (TODAY, "expiring"),
        (TODAY - datetime.timedelta(days=1), "expired"),
    ],
)
def test_the_daily_pass_follows_the_end_date(agreement, staff_user, end, expected):
    Agreement.objects.filter(pk=agreement.pk).update(status="active", end_date=end)
    services.refresh_all_statuses(by=staff_user, today=TODAY)
    agreement.refresh_from_db()
    assert agreement.status == expected


def test_the_daily_pass_changes_nothing_the_second_time(agreement, staff_user):
    Agreement.objects.filter(pk=agreement.pk).update(status="active", end_date=TODAY)
    assert services.refresh_all_statuses(by=staff_user, today=TODAY) == 1
    assert services.refresh_all_statuses(by=staff_user, today=TODAY) == 0


def test_ending_early_needs_a_reason_and_keeps_it(agreement, staff_user):
    services.activate(agreement, by=staff_user)
    with pytest.raises(DomainError):
        services.end_early(agreement, reason="  ", by=staff_user)
    services.end_early(agreement, reason="Foreningen er nedlagt.", by=staff_user)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_reason) == ("ended", "Foreningen er nedlagt.")
    with pytest.raises(TransitionNotAllowed):
        services.activate(agreement, by=staff_user)


def test_a_draft_cannot_end_early(agreement, staff_user):
    with pytest.raises(TransitionNotAllowed):
        services.end_early(agreement, reason="Ingen grund", by=staff_user)


def test_renewal_makes_next_years_draft_linked_to_this_one(agreement, staff_user, partner):
    initiative = InitiativeFactory()
    agreement.initiatives.add(initiative)
    Agreement.objects.filter(pk=agreement.pk).update(status="active")
    renewal = services.renew(agreement, by=staff_user)
    assert renewal.renewal_of == agreement
    assert (renewal.start_date, renewal.end_date) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
    )
    assert renewal.status == "draft"
    assert list(renewal.partners.all()) == [partner]
    assert list(renewal.initiatives.all()) == [initiative]
    assert renewal.title == agreement.title
    agreement.refresh_from_db()
    assert agreement.renewal == renewal


def test_a_multi_year_agreement_renews_for_as_long_again(partner, staff_user):
    long = AgreementFactory(
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        term="multi_year",
        status="active",
    )
    renewal = services.renew(long, by=staff_user)
    assert renewal.start_date == datetime.date(2027, 1, 1)
    assert renewal.end_date - renewal.start_date == long.end_date - long.start_date


def test_an_agreement_is_renewed_once_only(agreement, staff_user):
    Agreement.objects.filter(pk=agreement.pk).update(status="active")
    services.renew(agreement, by=staff_user)
    with pytest.raises(DomainError) as refused:
        services.renew(agreement, by=staff_user)
    assert str(refused.value) == gettext("This agreement has already been renewed.")
    assert Agreement.objects.filter(renewal_of=agreement).count() == 1


def test_a_draft_cannot_be_renewed(agreement, staff_user):
    with pytest.raises(DomainError):
        services.renew(agreement, by=staff_user)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_people_renewing_at_once_make_one_renewal(staff_user):
    agreement = AgreementFactory(status="active")
    agreement.partners.add(OrganisationFactory())
    outcomes = []

    def renew():
        try:
            services.renew(Agreement.objects.get(pk=agreement.pk), by=staff_user)
            outcomes.append("renewed")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=renew) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "renewed"]
    assert Agreement.objects.filter(renewal_of=agreement).count() == 1


def test_end_before_start_is_refused_by_the_model_and_the_database(agreement):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    agreement.end_date = agreement.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "end_date" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


# Who may see what


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("volunteer", 403),
        ("organisation_contact", 403),
        ("staff", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_the_list_is_for_municipal_users(agreement, users_by_role, client_for, role, status):
    response = client_for(users_by_role.get(role)).get(LIST_URL)
    assert response.status_code == status


def test_the_list_filters_and_keeps_queries_constant(
    partner, client_for, staff_user, django_assert_num_queries
):
    for n in range(6):
        made = AgreementFactory(kind="partnership" if n % 2 else "cooperation")
        made.partners.add(partner)
    client = client_for(staff_user)
    client.get(LIST_URL, {"kind": "partnership"})
    # session, user, memberships, count, page, partners, and the filter form from the cache
    # (its versions, the form) instead of its four lists (units, partners, initiatives, pools)
    with django_assert_num_queries(8):
        response = client.get(LIST_URL, {"kind": "partnership"})
    assert len(response.context["object_list"]) == 3


def test_the_partner_filter_offers_only_partners_and_rejects_others(
    agreement, partner, client_for, staff_user
):
    bystander = OrganisationFactory(name="Ingen Aftale Forening", kind="association")
    initiative = InitiativeFactory(plan=ActionPlanFactory(title="Handleplan 2026"))
    client = client_for(staff_user)
    html = client.get(LIST_URL).content.decode()
    assert f'<option value="{partner.pk}">Rødovre Frivilligcenter</option>' in html
    assert "Ingen Aftale Forening" not in html
    assert (
        f'<option value="{initiative.pk}">Handleplan 2026: {initiative.number}. '
        f"{initiative.title}</option>"
    ) in html
    chosen = client.get(LIST_URL, {"partner": partner.pk})
    assert f'<option value="{partner.pk}" selected>' in chosen.content.decode()
    assert list(chosen.context["object_list"]) == [agreement]
    # A tampered id (not a partner, or no organisation at all): the form says so, no rows.
    for tampered in (bystander.pk, 999999, "x"):
        response = client.get(LIST_URL, {"partner": tampered})
        assert response.status_code == 200
        assert response.context["filter"].errors["partner"]
        assert list(response.context["object_list"]) == []


def test_a_partners_contact_sees_its_public_agreements_only(agreement, partner, client_for):
    contact = UserFactory(role="organisation_contact")
    Membership.objects.create(user=contact, organisation=partner, capacity="contact")
    client = client_for(contact)
    url = agreement.get_absolute_url()
    assert client.get(url).status_code == 404  # a draft, and not public
    Agreement.objects.filter(pk=agreement.pk).update(status="active", is_public=True)
    response = client.get(url)
    assert response.status_code == 200
    assert "Frivilligcentret" in response.content.decode()
    assert not response.context["can_view_details"]
    other = UserFactory(role="organisation_contact")
    Membership.objects.create(user=other, organisation=OrganisationFactory(), capacity="contact")
    assert client_for(other).get(url).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("volunteer", 404), ("staff", 200)])
def test_agreement_page_by_role(agreement, users_by_role, client_for, role, status):
    Agreement.objects.filter(pk=agreement.pk).update(status="active", is_public=True)
    assert client_for(users_by_role[role]).get(agreement.get_absolute_url()).status_code == status


def test_a_visitor_is_sent_to_log_in(agreement, client):
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("role", "status"), [("volunteer", 404), ("organisation_contact", 404), ("staff", 200)]
)
def test_documents_are_served_to_staff_only(
    agreement, users_by_role, client_for, role, status, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PRIVATE_FILES_ROOT = tmp_path
    document = AgreementDocument.objects.create(
        agreement=agreement,
        title="Underskrevet aftale",
        file=SimpleUploadedFile("aftale.pdf", PDF),
    )
    response = client_for(users_by_role[role]).get(document.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment")


def test_the_initiative_page_shows_the_agreement_to_staff_only(
    agreement, client, client_for, staff_user
):
    initiative = InitiativeFactory(plan=ActionPlanFactory(status="published"))
    InitiativeActor.objects.create(initiative=initiative, name="Frivilligcentret")
    agreement.initiatives.add(initiative)
    Agreement.objects.filter(pk=agreement.pk).update(status="active")
    url = initiative.get_absolute_url()
    assert agreement.get_absolute_url() in client_for(staff_user).get(url).content.decode()
    assert agreement.get_absolute_url() not in client.get(url).content.decode()


def test_the_organisation_page_lists_public_agreements_to_everyone(
    agreement, partner, client, client_for, staff_user
):
    private = AgreementFactory(title="Intern aftale", status="active")
    private.partners.add(partner)
    Agreement.objects.filter(pk=agreement.pk).update(status="active", is_public=True)
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "Samarbejdsaftale med Frivilligcentret" in page
    assert "At styrke det frivillige sociale arbejde." in page  # its purpose
    assert "Intern aftale" not in page
    assert agreement.get_absolute_url() not in page
    staff_page = client_for(staff_user).get(partner.get_absolute_url()).content.decode()
    assert "Intern aftale" in staff_page
    assert agreement.get_absolute_url() in staff_page


def test_the_organisation_page_shows_public_grants_as_a_sum_per_year(partner, client):
    from decimal import Decimal

    from partnerships.models import Grant, GrantPool

    pool = GrantPool.objects.create(year=2026, budget=Decimal("100000"))
    for amount, public in (("1000.50", True), ("2000.00", True), ("9999.00", False)):
        Grant.objects.create(
            pool=pool,
            organisation=partner,
            amount=Decimal(amount),
            report_due=datetime.date(2027, 4, 1),
            is_public=public,
        )
    response = client.get(partner.get_absolute_url())
    assert response.context["public_grants"] == [{"year": 2026, "total": Decimal("3000.50")}]
    assert "9999" not in response.content.decode()
