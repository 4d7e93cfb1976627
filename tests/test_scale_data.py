"""The scale data generator at its small size (issue #13): the counts, the domain's
invariants as the services would leave them, the bench accounts, reproducibility, and the
public pages rendering with it. The data is made once for the module (twice, to compare),
inside a transaction rolled back at the end; each test runs in a savepoint of it."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from initiatives.models import ActionPlan, Initiative, InitiativeActor, Milestone, ProgressNote
from organisations.models import Activity, Membership, Organisation
from partnerships.models import (
    Agreement,
    Grant,
    Interest,
    Opportunity,
    VolunteerAgreement,
    VolunteerProfile,
)
from partnerships.services.places import with_places_left
from volunteer_portal import scale_data
from volunteer_portal.models import User

SIZE = scale_data.SIZES["small"]
IS, AS = Interest.Status, VolunteerAgreement.Status


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    """Two runs with the same seed: the first rolled back after its digest, the second kept
    for the module's tests."""
    today = timezone.localdate()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            sid = transaction.savepoint()
            scale_data.generate(size="small", seed=7, today=today)
            first = scale_data.digest()
            transaction.savepoint_rollback(sid)
            counts = scale_data.generate(size="small", seed=7, today=today)
            yield {"first": first, "second": scale_data.digest(), "counts": counts}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def data(made, db):
    return made


def test_scale_data_counts_are_the_small_size(data):
    assert Organisation.objects.count() == SIZE.organisations
    assert Activity.objects.count() == SIZE.activities
    assert Opportunity.objects.count() == SIZE.opportunities
    assert User.objects.filter(role=User.Role.VOLUNTEER).count() == SIZE.volunteers
    assert VolunteerProfile.objects.count() == SIZE.volunteers
    assert Interest.objects.count() == SIZE.interests
    assert VolunteerAgreement.objects.count() == SIZE.volunteer_agreements
    assert Agreement.objects.count() == SIZE.agreements
    assert ActionPlan.objects.published().count() == SIZE.plans
    initiatives = SIZE.plans * SIZE.initiatives_per_plan
    assert Initiative.objects.count() == initiatives
    assert InitiativeActor.objects.count() == initiatives * SIZE.actors_per_initiative
    assert Milestone.objects.count() == initiatives * SIZE.milestones_per_initiative
    assert ProgressNote.objects.count() == initiatives * SIZE.notes_per_initiative
    # One grant per agreement that came into force, with the pools' budgets not exceeded.
    assert Grant.objects.count() == Agreement.objects.exclude(status="draft").count()
    assert data["counts"]["partnerships.Interest"] == SIZE.interests
    assert Organisation.objects.municipal().count() >= 4


def test_scale_data_is_the_same_for_the_same_seed(data):
    assert data["first"] == data["second"]
    assert len(data["first"]) > 25


def test_scale_data_digest_sees_a_changed_row(data):
    Interest.objects.filter(pk=Interest.objects.order_by("pk").first().pk).update(message="x!")
    changed = scale_data.digest()
    assert changed["partnerships.Interest"] != data["second"]["partnerships.Interest"]
    assert changed["partnerships.Opportunity"] == data["second"]["partnerships.Opportunity"]


def test_scale_data_refuses_a_database_with_data(data):
    with pytest.raises(scale_data.NotEmpty):
        scale_data.generate(size="small", seed=1)


def test_scale_data_no_opportunity_has_more_places_taken_than_it_wants(data):
    rows = list(
        with_places_left(Opportunity.objects.all()).values(
            "pk", "status", "volunteers_wanted", "places_taken", "places_left"
        )
    )
    assert all(r["places_taken"] <= r["volunteers_wanted"] for r in rows)
    assert any(r["places_left"] == 0 for r in rows), "some opportunities are full"
    assert any(r["places_taken"] > 0 for r in rows)
    # A waiting list without an open offer exists only where nothing is free.
    waiting = set(
        Interest.objects.filter(status=IS.WAITING, place_offered_until__isnull=True).values_list(
            "opportunity_id", flat=True
        )
    )
    assert waiting
    for r in rows:
        if r["pk"] in waiting:
            assert r["places_left"] == 0 and r["status"] == Opportunity.Status.PUBLISHED
    drafts = Opportunity.objects.filter(status=Opportunity.Status.DRAFT)
    assert not Interest.objects.filter(opportunity__in=drafts).exists()


def test_scale_data_open_interests_are_one_per_volunteer_and_place(data):
    open_ = Interest.objects.open()
    per_opportunity = (
        open_.filter(opportunity__isnull=False)
        .values("volunteer", "opportunity")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    general = (
        open_.filter(opportunity__isnull=True)
        .values("volunteer", "organisation")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not per_opportunity.exists() and not general.exists()
    # For an opportunity, the interest is for the opportunity's own organisation.
    assert (
        not Interest.objects.filter(opportunity__isnull=False)
        .exclude(organisation=F("opportunity__organisation"))
        .exists()
    )


def test_scale_data_interest_statuses_carry_their_dates(data):
    now = timezone.now()
    interests = Interest.objects.all()
    assert not interests.filter(created_at__gt=now).exists()
    assert not interests.filter(created_at__lt=F("opportunity__created_at")).exists()
    assert (
        not interests.filter(status=IS.DECLINED)
        .filter(Q(declined_reason="") | Q(answered_at__isnull=True))
        .exists()
    )
    assert not interests.filter(status=IS.DIALOGUE, answered_at__isnull=True).exists()
    assert not interests.filter(status=IS.NEW).exclude(answered_at=None).exists()
    assert not interests.filter(status=IS.WAITING, place_offered_until__lte=now).exists()
    assert (
        not interests.filter(status=IS.LAPSED)
        .filter(Q(place_offered_until__isnull=True) | Q(place_offered_until__gt=now))
        .exists()
    )
    offered = interests.filter(status=IS.AGREEMENT_OFFERED)
    assert offered.exists()
    assert not offered.filter(agreement__isnull=True).exists()
    assert not offered.filter(agreement__status=AS.DRAFT).exists()
    for status in IS.values:
        assert interests.filter(status=status).exists(), status


def test_scale_data_volunteer_agreements_are_as_the_services_leave_them(data):
    today, now = timezone.localdate(), timezone.now()
    agreements = VolunteerAgreement.objects.all()
    for status in AS.values:
        assert agreements.filter(status=status).exists(), status
    active = agreements.filter(status=AS.ACTIVE)
    assert not active.filter(Q(approved_at__isnull=True) | Q(confirmed_at__isnull=True)).exists()
    assert not active.filter(end_date__lte=today).exists()
    assert not active.filter(
        child_certificate_required=True, child_certificate_renew_by__lte=today
    ).exists()
    assert not active.filter(
        child_certificate_required=True, child_certificate_assessed_on__isnull=True
    ).exists()
    assert not agreements.filter(status=AS.OFFERED, answer_by__lte=now).exists()
    assert not agreements.filter(status=AS.CONFIRMED, confirmed_at__isnull=True).exists()
    ended = agreements.filter(status=AS.ENDED)
    assert not ended.filter(Q(ended_on__gt=today) | Q(ended_reason="")).exists()
    assert not ended.filter(approved_at__isnull=False, ended_on__lt=F("start_date")).exists()
    # From an interest: the same volunteer and opportunity.
    assert (
        not agreements.filter(interest__isnull=False)
        .exclude(volunteer=F("interest__volunteer"))
        .exists()
    )
    assert (
        not agreements.filter(interest__opportunity__isnull=False)
        .exclude(opportunity=F("interest__opportunity"))
        .exists()
    )
    assert (
        not agreements.filter(opportunity__isnull=False)
        .exclude(unit=F("opportunity__organisation"))
        .exists()
    )
    assert not agreements.exclude(unit__kind__in=Organisation.MUNICIPAL_KINDS).exists()
    # The contact person is a staff member or coordinator of the home unit.
    members = set(
        Membership.objects.filter(
            capacity__in=(Membership.Capacity.STAFF, Membership.Capacity.COORDINATOR)
        ).values_list("user_id", "organisation_id")
    )
    for contact, unit in agreements.values_list("contact_person_id", "unit_id"):
        assert (contact, unit) in members


def test_scale_data_cooperation_agreements_follow_their_dates(data):
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=90)
    S = Agreement.Status
    agreements = Agreement.objects.all()
    assert not agreements.filter(status=S.ACTIVE, end_date__lte=soon).exists()
    assert (
        not agreements.filter(status=S.EXPIRING)
        .exclude(end_date__gte=today, end_date__lte=soon)
        .exists()
    )
    assert not agreements.filter(status=S.EXPIRED, end_date__gte=today).exists()
    assert not agreements.filter(status=S.DRAFT, start_date__lte=today).exists()
    assert not agreements.filter(status=S.ENDED, ended_reason="").exists()
    assert not agreements.annotate(n=Count("partners")).filter(n=0).exists()
    for agreement in agreements.filter(renewal_of__isnull=False).select_related("renewal_of"):
        assert agreement.renewal_of.end_date < agreement.start_date
    # A grant given while another of the organisation's grants had no report says why.
    grants = list(Grant.objects.select_related("report").order_by("created_at", "pk"))
    for grant in grants:
        earlier = [
            g
            for g in grants
            if g.organisation_id == grant.organisation_id and g.created_at < grant.created_at
        ]
        outstanding = [
            g
            for g in earlier
            if not hasattr(g, "report") or g.report.received_on > grant.created_at.date()
        ]
        assert bool(grant.override_reason) == bool(outstanding), grant.pk


def test_scale_data_rows_pass_the_models_validation(data):
    """As a form would check them: no CPR-like number, valid phones and e-mail addresses,
    the municipal hierarchy, dates in order, progress notes that say something."""
    models = (Organisation, Activity, Opportunity, Agreement, Initiative, ProgressNote)
    for model in models:
        for obj in model.objects.all():
            obj.full_clean(validate_unique=False, validate_constraints=False)
    for agreement in VolunteerAgreement.objects.all()[:50]:
        agreement.full_clean(validate_unique=False, validate_constraints=False)


def test_scale_data_search_text_is_what_a_save_would_write(data):
    for model in (Organisation, Activity, Opportunity):
        for obj in model.objects.all():
            assert obj.search_text == obj.compute_search_text(), obj


def test_scale_data_initiative_statuses_follow_their_changes(data):
    today = timezone.localdate()
    for initiative in Initiative.objects.prefetch_related("status_changes", "progress_notes"):
        changes = sorted(initiative.status_changes.all(), key=lambda c: c.changed_at)
        status = Initiative.Status.PLANNED
        for change in changes:
            assert change.from_status == status
            assert change.to_status in Initiative.ALLOWED_TRANSITIONS[status]
            status = change.to_status
        assert initiative.status == status
        notes = sorted(initiative.progress_notes.all(), key=lambda n: (n.date, n.pk))
        assert all(note.date <= today for note in notes)
        figures = [n.progress for n in notes if n.progress is not None]
        assert figures == sorted(figures)


def test_scale_data_bench_accounts(data):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    emails = scale_data.BENCH_EMAILS
    bench = {key: User.objects.get(email=email) for key, email in emails.items()}
    expected = {
        "staff": "staff",
        "coordinator": "coordinator",
        "volunteer": "volunteer",
        "admin": "admin",
    }
    for key, user in bench.items():
        assert user.role == expected[key] and user.is_active and user.language == "da"
        assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert has_totp == user.is_municipal
    assert bench["admin"].is_superuser
    staff = bench["staff"]
    assert Membership.objects.filter(user=staff, capacity=Membership.Capacity.STAFF).exists()
    assert Agreement.objects.filter(responsible_staff=staff).count() >= 3
    coordinator = bench["coordinator"]
    assert Membership.objects.filter(
        user=coordinator, capacity=Membership.Capacity.COORDINATOR, organisation__kind="unit"
    ).exists()
    inbox = Interest.objects.handled_by(coordinator).open().count()
    others = [
        Interest.objects.handled_by(u).open().count()
        for u in User.objects.filter(role=User.Role.COORDINATOR).exclude(pk=coordinator.pk)
    ]
    assert inbox > max(others)
    volunteer = bench["volunteer"]
    assert VolunteerProfile.objects.filter(user=volunteer).exists()
    assert Interest.objects.filter(volunteer=volunteer).count() >= 3
    assert VolunteerAgreement.objects.filter(volunteer=volunteer).count() >= 2


def _own_queries(captured):
    """The page's own queries: not those of the database cache filling itself."""
    return [
        q["sql"]
        for q in captured
        if "portal_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"].upper()
    ]


@pytest.mark.parametrize("page", ["home", "plan", "directory", "opportunities"])
def test_scale_data_public_pages_render(data, client, django_assert_max_num_queries, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = ActionPlan.objects.published().order_by("-start_year").first()
    url = {
        "home": reverse("home"),
        "plan": plan.get_absolute_url(),
        "directory": reverse("organisations:organisation-list"),
        "opportunities": reverse("volunteering:opportunity-list"),
    }[page]
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200
    assert len(_own_queries(cold.captured_queries)) <= 15
    if page == "plan":
        assert Initiative.objects.filter(plan=plan).first().title.encode() in response.content
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
