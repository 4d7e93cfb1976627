"""§ 18 grants: the outstanding-report rule with its override, the pool's budget as a warning
(checked under a lock), payment and report, the totals, Danish amounts on the form, who may
see what (municipal users only), and the public yearly sums."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from organisations.models import TargetGroup
from partnerships.models import AgreementDocument, Grant, GrantPool, GrantReport
from partnerships.services import grants as services
from partnerships.views.grants import public_grants_by_year
from tests.factories import AgreementFactory, OrganisationFactory
from tests.sample_files import HTML, PDF
from volunteer_portal.transitions import DomainError

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("partnerships:grant-create")
POOLS_URL = reverse("partnerships:pool-list")
TOTALS_URL = reverse("partnerships:grant-totals")
MUNICIPAL = ("staff", "coordinator", "admin")
NOT_MUNICIPAL = ("volunteer", "organisation_contact")


@pytest.fixture
def pool():
    return GrantPool.objects.create(year=2026, name="§ 18-puljen", budget=Decimal("100000"))


@pytest.fixture
def association():
    return OrganisationFactory(name="Rødovre Folkekøkken", kind="humanitarian")


def make_grant(pool, organisation, amount="10000", by=None, **fields):
    grant = Grant(pool=pool, organisation=organisation, amount=Decimal(amount), **fields)
    grant.report_due = fields.get("report_due") or datetime.date(pool.year + 1, 4, 1)
    grant.save()
    return grant


def report_on(grant, **fields):
    return GrantReport.objects.create(
        grant=grant, received_on=datetime.date(2027, 3, 1), use="Fællesspisning", **fields
    )


def grant_url(grant, name="grant-detail", pool=None):
    return reverse(f"partnerships:{name}", args=[pool or grant.pool_id, grant.pk])


# The services


def test_a_grant_gets_the_pools_report_date(pool, association, staff_user):
    grant = services.create_grant(
        Grant(pool=pool, organisation=association, amount=Decimal("12500.50")), by=staff_user
    )
    grant.refresh_from_db()
    assert grant.report_due == datetime.date(2027, 4, 1)
    assert grant.amount == Decimal("12500.50")
    assert grant.override_reason == ""


def test_a_given_report_date_is_kept(pool, association, staff_user):
    due = datetime.date(2027, 2, 1)
    grant = Grant(pool=pool, organisation=association, amount=Decimal("100"), report_due=due)
    assert services.create_grant(grant, by=staff_user).report_due == due


@pytest.mark.parametrize("amount", ["0", "-100"])
def test_the_service_refuses_an_amount_that_is_not_positive(pool, association, staff_user, amount):
    grant = Grant(pool=pool, organisation=association, amount=Decimal(amount))
    with pytest.raises(DomainError):
        services.create_grant(grant, by=staff_user)
    assert not Grant.objects.exists()


def test_an_outstanding_report_needs_a_reason_which_is_kept(pool, association, staff_user):
    make_grant(pool, association)
    second = Grant(pool=pool, organisation=association, amount=Decimal("5000"))
    with pytest.raises(services.ReportOutstanding, match="Rødovre Folkekøkken"):
        services.create_grant(second, by=staff_user)
    with pytest.raises(services.ReportOutstanding):
        services.create_grant(second, by=staff_user, override_reason="   ")
    assert Grant.objects.count() == 1
    services.create_grant(second, by=staff_user, override_reason="Akut behov i vinter")
    second.refresh_from_db()
    assert second.override_reason == "Akut behov i vinter"


def test_a_reported_grant_is_no_longer_outstanding(pool, association, staff_user):
    report_on(make_grant(pool, association))
    grant = Grant(pool=pool, organisation=association, amount=Decimal("5000"))
    assert services.create_grant(grant, by=staff_user).pk


def test_another_organisations_report_does_not_count(pool, association, staff_user):
    make_grant(pool, OrganisationFactory())
    grant = Grant(pool=pool, organisation=association, amount=Decimal("5000"))
    assert services.create_grant(grant, by=staff_user).pk


def test_over_the_remaining_budget_needs_confirming(pool, association, staff_user):
    make_grant(pool, OrganisationFactory(), amount="95000")
    grant = Grant(pool=pool, organisation=association, amount=Decimal("5000.01"))
    with pytest.raises(services.OverBudget) as refused:
        services.create_grant(grant, by=staff_user)
    assert refused.value.remaining == Decimal("5000")
    assert "5.000,00" in str(refused.value)
    services.create_grant(grant, by=staff_user, allow_over_budget=True)
    assert services.granted_from(pool) == Decimal("100000.01")


def test_exactly_the_remaining_budget_passes(pool, association, staff_user):
    make_grant(pool, OrganisationFactory(), amount="95000")
    grant = Grant(pool=pool, organisation=association, amount=Decimal("5000"))
    assert services.create_grant(grant, by=staff_user).pk


def slow_down(monkeypatch, name):
    """Make the service dwell in its check, so that without the lock the other grant would
    make the same check meanwhile."""
    original = getattr(services, name)

    def slow(*args, **kwargs):
        time.sleep(0.5)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, name, slow)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_grants_at_once_cannot_both_pass_the_budget(staff_user, monkeypatch):
    slow_down(monkeypatch, "granted_from")
    pool = GrantPool.objects.create(year=2026, name="Puljen", budget=Decimal("10000"))
    organisations = [OrganisationFactory(), OrganisationFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def grant(organisation):
        try:
            barrier.wait()
            services.create_grant(
                Grant(pool_id=pool.pk, organisation=organisation, amount=Decimal("6000")),
                by=staff_user,
            )
            outcomes.append("granted")
        except services.OverBudget:
            outcomes.append("warned")
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(o,)) for o in organisations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["granted", "warned"]
    assert Grant.objects.filter(pool=pool).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_grants_at_once_to_one_organisation_need_the_reason_for_the_second(
    staff_user, monkeypatch
):
    slow_down(monkeypatch, "outstanding_reports")
    organisation = OrganisationFactory()
    pools = [
        GrantPool.objects.create(year=2026, name=name, budget=Decimal("10000"))
        for name in ("Puljen", "Den anden pulje")
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def grant(pool):
        try:
            barrier.wait()
            services.create_grant(
                Grant(pool_id=pool.pk, organisation=organisation, amount=Decimal("100")),
                by=staff_user,
            )
            outcomes.append("granted")
        except services.ReportOutstanding:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(pool,)) for pool in pools]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["granted", "refused"]


def test_mark_paid_refuses_a_future_date(pool, association, staff_user):
    grant = make_grant(pool, association)
    with pytest.raises(DomainError):
        services.mark_paid(grant, datetime.date.today() + datetime.timedelta(days=1), by=staff_user)
    services.mark_paid(grant, datetime.date(2026, 2, 1), by=staff_user)
    grant.refresh_from_db()
    assert grant.is_paid and grant.paid_on == datetime.date(2026, 2, 1)


def test_a_report_keeps_the_unused_amount_within_the_grant(pool, association, staff_user):
    grant = make_grant(pool, association, amount="8000")
    report = GrantReport(grant=grant, received_on=datetime.date(2026, 3, 1), use="Udflugter")
    report.unused_amount = Decimal("8000.01")
    with pytest.raises(DomainError, match="8.000,00"):
        services.record_report(report, by=staff_user)
    report.unused_amount = Decimal("500")
    with pytest.raises(DomainError, match="betales tilbage eller overføres"):
        services.record_report(report, by=staff_user)
    report.unused_handling = GrantReport.Unused.REPAID
    services.record_report(report, by=staff_user)
    assert GrantReport.objects.get(grant=grant).unused_amount == Decimal("500")


def test_recording_a_report_again_changes_the_one_there_is(pool, association, staff_user):
    grant = make_grant(pool, association, amount="8000")
    report_on(grant)
    again = GrantReport(
        grant=grant,
        received_on=datetime.date(2026, 4, 2),
        use="Rettet",
        itemised_accounts_received=True,
    )
    services.record_report(again, by=staff_user)
    stored = GrantReport.objects.get()
    assert (stored.use, stored.itemised_accounts_received) == ("Rettet", True)


def test_accounts_are_required_above_the_set_amounts(pool, association, settings):
    assert not make_grant(pool, association, amount="5000").itemised_accounts_required
    middle = make_grant(pool, association, amount="5000.01")
    assert middle.itemised_accounts_required and not middle.certified_accounts_required
    settings.GRANT_CERTIFIED_ACCOUNTS_ABOVE = "1000"
    assert middle.certified_accounts_required


# Who may see what


def pages(pool, grant):
    return [
        POOLS_URL,
        reverse("partnerships:pool-detail", args=[pool.pk]),
        grant_url(grant),
        CREATE_URL,
        TOTALS_URL,
    ]


@pytest.mark.parametrize("role", [None, *NOT_MUNICIPAL, *MUNICIPAL])
def test_grant_pages_are_for_municipal_users_only(
    pool, association, users_by_role, client_for, role
):
    grant = make_grant(pool, association)
    client = client_for(users_by_role.get(role))
    for url in pages(pool, grant):
        response = client.get(url)
        if role is None:
            assert response.status_code == 302
            assert reverse("account_login") in response["Location"]
        else:
            assert response.status_code == (200 if role in MUNICIPAL else 403), url


@pytest.mark.parametrize("role", [None, *NOT_MUNICIPAL])
def test_others_cannot_pay_report_or_grant(pool, association, users_by_role, client_for, role):
    grant = make_grant(pool, association)
    client = client_for(users_by_role.get(role))
    posts = [
        (grant_url(grant, "grant-paid"), {"paid_on": "2026-02-01"}),
        (grant_url(grant, "grant-report"), {"received_on": "2026-02-01", "use": "x"}),
        (CREATE_URL, {"pool": pool.pk, "organisation": association.pk, "amount": "100"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403)
    grant.refresh_from_db()
    assert grant.paid_on is None and not GrantReport.objects.exists()
    assert Grant.objects.count() == 1


def test_a_grant_of_another_pool_in_the_address_answers_404(
    pool, association, client_for, staff_user
):
    grant = make_grant(pool, association)
    other = GrantPool.objects.create(year=2025, name="§ 18-puljen", budget=1000)
    client = client_for(staff_user)
    for name in ("grant-detail", "grant-paid", "grant-report"):
        method = client.get if name == "grant-detail" else client.post
        assert method(grant_url(grant, name, pool=other.pk)).status_code == 404


def test_the_menu_shows_grants_to_municipal_users(users_by_role):
    from django.utils import translation

    from volunteer_portal.menu import menu_for

    with translation.override("en"):
        labels = {
            role: [str(e["label"]) for e in menu_for(user, "/")]
            for role, user in users_by_role.items()
        }
        current = [
            str(e["label"])
            for e in menu_for(
                users_by_role["staff"], "/agreements/grants/new/", "partnerships:grant-create"
            )
            if e["is_current"]
        ]
    assert all("Grants" in labels[role] for role in MUNICIPAL)
    assert not any("Grants" in labels[role] for role in NOT_MUNICIPAL)
    assert current == ["Grants"]


# Pools


@pytest.mark.parametrize("role", [None, *NOT_MUNICIPAL, *MUNICIPAL])
def test_pools_are_made_and_edited_by_municipal_users(pool, users_by_role, client_for, role):
    client = client_for(users_by_role.get(role))
    for url in (
        reverse("partnerships:pool-create"),
        reverse("partnerships:pool-edit", args=[pool.pk]),
    ):
        expected = 302 if role is None else (200 if role in MUNICIPAL else 403)
        assert client.get(url).status_code == expected
    client.post(
        reverse("partnerships:pool-create"), {"year": 2027, "name": "Ny pulje", "budget": "1"}
    )
    assert GrantPool.objects.filter(year=2027).exists() == (role in MUNICIPAL)


def test_a_pool_takes_a_danish_budget_and_its_target_groups(client_for, staff_user):
    elderly = TargetGroup.objects.create(name="Ældre")
    data = {
        "year": 2027,
        "name": "§ 18-puljen",
        "budget": "450.000,50",
        "target_groups": [elderly.pk],
    }
    response = client_for(staff_user).post(reverse("partnerships:pool-create"), data)
    pool = GrantPool.objects.get()
    assert response["Location"] == reverse("partnerships:pool-detail", args=[pool.pk])
    assert pool.budget == Decimal("450000.50")
    assert list(pool.target_groups.all()) == [elderly]


@pytest.mark.parametrize(
    ("budget", "field"), [("-1", "budget"), ("masser", "budget"), ("100", "__all__")]
)
def test_a_bad_pool_is_refused_with_what_was_typed_kept(
    pool, client_for, staff_user, budget, field
):
    # "100" for a pool whose year and name another pool has.
    data = {"year": pool.year, "name": pool.name, "budget": budget, "focus_areas": "Ensomhed"}
    response = client_for(staff_user).post(reverse("partnerships:pool-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "Ensomhed" in response.content.decode()
    assert GrantPool.objects.count() == 1


def test_editing_a_pool_changes_its_budget(pool, client_for, staff_user):
    url = reverse("partnerships:pool-edit", args=[pool.pk])
    data = {"year": pool.year, "name": pool.name, "budget": "120.000"}
    assert client_for(staff_user).post(url, data).status_code == 302
    pool.refresh_from_db()
    assert pool.budget == Decimal("120000")


# The form


def form_data(pool, organisation, **overrides):
    return {"pool": pool.pk, "organisation": organisation.pk, "amount": "12.500,50", **overrides}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12.500,50", Decimal("12500.50")),
        ("12500.50", Decimal("12500.50")),
        ("12 500 kr.", Decimal("12500")),
        ("12500", Decimal("12500")),
    ],
)
def test_danish_amounts_are_understood(pool, association, client_for, staff_user, typed, stored):
    response = client_for(staff_user).post(CREATE_URL, form_data(pool, association, amount=typed))
    grant = Grant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == grant_url(grant)
    assert grant.amount == stored
    assert grant.report_due == datetime.date(2027, 4, 1)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-500", "Beløbet skal være mere end 0 kr."),
        ("0", "Beløbet skal være mere end 0 kr."),
        ("mange penge", "Angiv beløbet i kroner"),
        ("12,505", "Angiv beløbet i kroner"),
    ],
)
def test_a_bad_amount_is_refused_and_what_was_typed_kept(
    pool, association, client_for, staff_user, typed, message
):
    data = form_data(pool, association, amount=typed, purpose="Fællesspisning for ældre")
    response = client_for(staff_user).post(CREATE_URL, data)
    assert response.status_code == 200
    assert not Grant.objects.exists()
    errors = response.context["form"].errors["amount"]
    assert errors
    page = response.content.decode()
    assert f'value="{typed}"' in page
    assert "Fællesspisning for ældre" in page
    assert message in page


def test_the_form_asks_for_a_reason_while_a_report_is_outstanding(
    pool, association, client_for, staff_user
):
    make_grant(pool, association)
    client = client_for(staff_user)
    # Chosen beforehand, the organisation's outstanding report shows the field at once.
    page = client.get(CREATE_URL, {"organisation": association.pk}).content.decode()
    assert 'name="override_reason"' in page
    assert 'name="override_reason"' not in client.get(CREATE_URL).content.decode()
    response = client.post(CREATE_URL, form_data(pool, association, purpose="Vinterhjælp"))
    assert response.status_code == 200
    assert response.context["form"].errors["override_reason"]
    page = response.content.decode()
    assert "Vinterhjælp" in page
    assert "Rødovre Folkekøkken har endnu ikke afrapporteret et tidligere tilskud" in page
    assert Grant.objects.count() == 1
    reason = "Bestyrelsen har lovet regnskab i næste uge"
    response = client.post(CREATE_URL, form_data(pool, association, override_reason=reason))
    assert response.status_code == 302
    assert Grant.objects.latest("pk").override_reason == reason


def test_the_form_warns_over_budget_and_saves_once_confirmed(
    pool, association, client_for, staff_user
):
    make_grant(pool, OrganisationFactory(), amount="95000")
    client = client_for(staff_user)
    data = form_data(pool, association, amount="6.000")
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["confirm_over_budget"]
    page = response.content.decode()
    assert 'name="confirm_over_budget"' in page and 'value="6.000"' in page
    assert "puljens resterende budget på 5.000,00 kr." in page
    assert Grant.objects.count() == 1
    response = client.post(CREATE_URL, {**data, "confirm_over_budget": "on"})
    assert response.status_code == 302
    assert Grant.objects.count() == 2


def test_an_agreement_in_the_address_chooses_it_and_its_partner(
    pool, association, client_for, staff_user
):
    agreement = AgreementFactory()
    agreement.partners.add(association)
    response = client_for(staff_user).get(CREATE_URL, {"agreement": agreement.pk})
    form = response.context["form"]
    assert form.initial["agreement"] == agreement
    assert form.initial["organisation"] == association
    assert client_for(staff_user).get(CREATE_URL, {"agreement": 999999}).status_code == 404


def test_the_organisation_must_be_a_partner_of_the_agreement(
    pool, association, client_for, staff_user
):
    agreement = AgreementFactory()
    agreement.partners.add(OrganisationFactory())
    data = form_data(pool, association, agreement=agreement.pk)
    response = client_for(staff_user).post(CREATE_URL, data)
    assert response.context["form"].errors["agreement"]
    assert not Grant.objects.exists()


def test_paying_and_reporting_from_the_grants_page(pool, association, client_for, staff_user):
    grant = make_grant(pool, association, amount="25000")
    client = client_for(staff_user)
    page = client.get(grant_url(grant)).content.decode()
    assert 'name="certified_accounts_received"' in page
    response = client.post(grant_url(grant, "grant-paid"), {"paid_on": "2026-02-01"})
    assert response.status_code == 302
    data = {"received_on": "2026-03-01", "use": "Fællesspisning", "unused_amount": "1.000,50"}
    response = client.post(grant_url(grant, "grant-report"), data)
    assert response.status_code == 200
    assert response.context["report_form"].non_field_errors()
    page = response.content.decode()
    assert "Fællesspisning" in page and 'value="1.000,50"' in page
    assert not GrantReport.objects.exists()
    # A reload of the form's own address goes back to the grant's page.
    assert client.get(grant_url(grant, "grant-report"))["Location"] == grant_url(grant)
    data.update(unused_handling="repaid", certified_accounts_received="on")
    assert client.post(grant_url(grant, "grant-report"), data).status_code == 302
    report = GrantReport.objects.get()
    assert report.unused_amount == Decimal("1000.50")
    assert report.certified_accounts_received and not report.itemised_accounts_received
    grant.refresh_from_db()
    assert grant.paid_on == datetime.date(2026, 2, 1)


def test_a_small_grants_report_asks_for_no_accounts(pool, association, client_for, staff_user):
    grant = make_grant(pool, association, amount="5000")
    page = client_for(staff_user).get(grant_url(grant)).content.decode()
    assert 'name="itemised_accounts_received"' not in page
    assert 'name="certified_accounts_received"' not in page


# Totals and remaining budget


@pytest.fixture
def known_grants(pool, association):
    """Three grants of 2026 (two kinds, two target groups, one without) and one of 2025."""
    elderly, young = (
        TargetGroup.objects.create(name="Ældre"),
        TargetGroup.objects.create(name="Unge"),
    )
    community = OrganisationFactory(kind="community")
    make_grant(
        pool, association, amount="10000", target_group=elderly, paid_on=datetime.date(2026, 2, 1)
    )
    make_grant(pool, association, amount="2500.50", target_group=young)
    make_grant(pool, community, amount="4000", target_group=elderly)
    make_grant(pool, community, amount="1000")
    old = GrantPool.objects.create(year=2025, name="§ 18-puljen", budget=Decimal("50000"))
    make_grant(old, association, amount="30000", target_group=elderly)
    return {"elderly": elderly, "young": young}


def test_the_totals_are_right_for_known_data(known_grants, client_for, staff_user):
    response = client_for(staff_user).get(TOTALS_URL, {"year": 2026})
    context = response.context
    assert [(p.name, p.granted, p.remaining) for p in context["pools"]] == [
        ("§ 18-puljen", Decimal("17500.50"), Decimal("82499.50"))
    ]
    by_kind = {
        row["organisation__kind"]: (row["total"], row["count"]) for row in context["by_kind"]
    }
    assert by_kind == {
        "humanitarian": (Decimal("12500.50"), 2),
        "community": (Decimal("5000"), 2),
    }
    by_group = {row["label"]: row["total"] for row in context["by_target_group"]}
    assert by_group == {
        "Ældre": Decimal("14000"),
        "Unge": Decimal("2500.50"),
        None: Decimal("1000"),
    }
    assert context["unpaid"] == Decimal("7500.50")
    per_year = [(r["year"], r["budget"], r["total"], r["count"]) for r in context["per_year"]]
    assert per_year == [
        (2026, Decimal("100000"), Decimal("17500.50"), 4),
        (2025, Decimal("50000"), Decimal("30000"), 1),
    ]
    page = response.content.decode()
    assert "<caption>" in page and 'scope="row"' in page
    assert "82.499,50" in page


def test_the_pool_page_has_its_grants_and_totals(known_grants, pool, client_for, staff_user):
    response = client_for(staff_user).get(reverse("partnerships:pool-detail", args=[pool.pk]))
    assert len(response.context["object_list"]) == 4
    assert response.context["pool"].remaining == Decimal("82499.50")
    by_kind = {row["organisation__kind"]: row["total"] for row in response.context["by_kind"]}
    assert by_kind == {"humanitarian": Decimal("12500.50"), "community": Decimal("5000")}
    url = reverse("partnerships:pool-detail", args=[pool.pk])
    unpaid = client_for(staff_user).get(url, {"is_paid": "false"})
    assert len(unpaid.context["object_list"]) == 3
    reported = Grant.objects.filter(pool=pool).first()
    report_on(reported)
    response = client_for(staff_user).get(url, {"has_report": "true"})
    assert list(response.context["object_list"]) == [reported]
    response = client_for(staff_user).get(url, {"kind": "community"})
    assert len(response.context["object_list"]) == 2


def test_the_pool_page_marks_overdue_reports(pool, association, client_for, staff_user):
    make_grant(pool, association, report_due=datetime.date(2020, 4, 1))
    url = reverse("partnerships:pool-detail", args=[pool.pk])
    with translation.override("en"):
        page = client_for(staff_user).get("/en" + url).content.decode()
    assert "Overdue since 1.4.2020" in page


def test_the_pool_list_shows_the_remaining_budget(known_grants, client_for, staff_user):
    response = client_for(staff_user).get(POOLS_URL)
    remaining = {p.year: p.remaining for p in response.context["pools"]}
    assert remaining == {2026: Decimal("82499.50"), 2025: Decimal("20000")}
    assert len(client_for(staff_user).get(POOLS_URL, {"year": 2025}).context["pools"]) == 1


def grants_for_count(pool, n):
    for _ in range(n):
        organisation = OrganisationFactory()
        report_on(
            make_grant(
                pool,
                organisation,
                target_group=TargetGroup.objects.create(name=f"G{organisation.pk}"),
            )
        )


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [
        # session, user, memberships, the pool, its target groups, count, page, and the
        # totals per kind and per target group
        ("pool-detail", 9),
        # session, user, memberships, years' budgets and grants, unpaid, pools, two totals
        ("grant-totals", 9),
        # session, user, memberships, count, page
        ("pool-list", 5),
    ],
)
def test_list_queries_stay_constant(
    pool, client_for, staff_user, django_assert_num_queries, url_name, queries
):
    args = [pool.pk] if url_name == "pool-detail" else []
    url = reverse(f"partnerships:{url_name}", args=args)
    client = client_for(staff_user)
    grants_for_count(pool, 1)
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    grants_for_count(pool, 6)
    with django_assert_num_queries(queries):
        client.get(url)


# What the public sees


def test_the_public_partial_sums_only_public_grants_per_year(pool, association):
    make_grant(pool, association, amount="10000", is_public=True)
    make_grant(pool, association, amount="2500", is_public=True)
    make_grant(pool, association, amount="99999", is_public=False)
    old = GrantPool.objects.create(year=2025, name="§ 18-puljen", budget=1000)
    make_grant(old, association, amount="700", is_public=True)
    make_grant(pool, OrganisationFactory(), amount="4444", is_public=True)
    rows = public_grants_by_year(association)
    assert rows == [
        {"year": 2026, "total": Decimal("12500")},
        {"year": 2025, "total": Decimal("700")},
    ]
    html = render_to_string("partnerships/partials/_public_grants.html", {"public_grants": rows})
    assert "12.500,00" in html and "700,00" in html
    assert "99.999" not in html and "4.444" not in html
    assert (
        render_to_string("partnerships/partials/_public_grants.html", {"public_grants": []}).strip()
        == ""
    )


def test_the_agreement_page_lists_its_grants_with_a_link_to_add_one(
    pool, association, client_for, staff_user
):
    agreement = AgreementFactory()
    agreement.partners.add(association)
    grant = make_grant(pool, association, agreement=agreement, paid_on=datetime.date(2026, 2, 1))
    page = client_for(staff_user).get(agreement.get_absolute_url()).content.decode()
    assert grant_url(grant) in page
    assert f"{CREATE_URL}?agreement={agreement.pk}" in page


def test_documents_on_a_grant_report_are_judged_by_content_and_served_to_staff_only(
    client_for, staff_user, volunteer, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path
    pool = GrantPool.objects.create(year=2025, budget=Decimal("100000"))
    grant = Grant.objects.create(
        pool=pool,
        organisation=OrganisationFactory(),
        amount=Decimal("25000"),
        report_due=datetime.date(2026, 4, 1),
    )
    url = reverse("partnerships:grant-report-document", args=[pool.pk, grant.pk])
    staff = client_for(staff_user)
    staff.post(url, {"title": "Regnskab", "file": SimpleUploadedFile("r.pdf", PDF)})
    assert not AgreementDocument.objects.exists()  # refused: there is no report yet
    report = GrantReport.objects.create(
        grant=grant, received_on=datetime.date(2026, 3, 1), use="Som ansøgt"
    )
    bad = staff.post(url, {"title": "Falsk", "file": SimpleUploadedFile("r.pdf", HTML)})
    assert bad.status_code == 200 and not report.documents.exists()
    good = staff.post(
        url, {"title": "Revideret regnskab", "file": SimpleUploadedFile("r.pdf", PDF)}
    )
    assert good.status_code == 302
    document = report.documents.get()
    assert client_for(staff_user).get(document.get_absolute_url()).status_code == 200
    assert client_for(volunteer).get(document.get_absolute_url()).status_code == 404
    assert client_for(volunteer).post(url, {"title": "x"}).status_code == 403
