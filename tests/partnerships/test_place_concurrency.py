"""The places of an opportunity when many act at once, with real parallel connections to
PostgreSQL (each thread has its own), repeated: never more places taken than wanted, exactly one
winner for the last place, one interest for a form posted twice at once, and "try again" rather
than an error when a lock is not had in time."""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from partnerships.models import Interest, VolunteerAgreement
from partnerships.services import interests, places
from partnerships.services import volunteer_agreements as agreements
from tests.factories import OpportunityFactory, UnitFactory, UserFactory, staff_member
from volunteer_portal.transitions import DomainError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

ROUNDS = 8


def at_once(calls):
    """Run each call in its own thread and connection, all released together; returns the
    outcome of each: "ok", the DomainError's class name, or the unexpected exception."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except interests.OpportunityFull:
            outcomes[index] = "full"
        except places.TryAgain:
            outcomes[index] = "try-again"
        except DomainError:
            outcomes[index] = "refused"
        except Exception as error:  # noqa: BLE001  (reported by the assertion)
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(outcomes)


@pytest.fixture(autouse=True)
def _no_mail(monkeypatch):
    monkeypatch.setattr("volunteer_portal.mail.enqueue_mail", lambda **mail: None)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_many_volunteers_at_once_for_the_last_place_make_one_winner(round_):
    opportunity = OpportunityFactory(volunteers_wanted=1)
    volunteers = [UserFactory() for _ in range(6)]
    outcome = at_once(
        [
            lambda v=v: interests.register_interest(volunteer=v, opportunity=opportunity, by=v)
            for v in volunteers
        ]
    )
    assert outcome == Counter({"ok": 1, "full": 5})
    assert places.taken_places(opportunity) == 1
    assert Interest.objects.filter(opportunity=opportunity).count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_waiting_list_takes_the_rest_in_order_without_overbooking(round_):
    opportunity = OpportunityFactory(volunteers_wanted=2)
    volunteers = [UserFactory() for _ in range(6)]
    outcome = at_once(
        [
            lambda v=v: interests.register_interest(
                volunteer=v, opportunity=opportunity, join_waiting_list=True, by=v
            )
            for v in volunteers
        ]
    )
    assert outcome == Counter({"ok": 6})
    statuses = Counter(opportunity.interests.values_list("status", flat=True))
    assert statuses == Counter({"new": 2, "waiting": 4})
    positions = sorted(i.waiting_position() for i in opportunity.interests.filter(status="waiting"))
    assert positions == [1, 2, 3, 4]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_form_posted_twice_at_once_makes_one_interest(round_):
    opportunity = OpportunityFactory(volunteers_wanted=3)
    volunteer = UserFactory()

    def post():
        interests.register_interest(volunteer=volunteer, opportunity=opportunity, by=volunteer)

    outcome = at_once([post, post])
    assert outcome == Counter({"ok": 1, "refused": 1})
    assert Interest.objects.filter(volunteer=volunteer).count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_offers_cannot_race_for_the_last_place(round_):
    unit = UnitFactory()
    opportunity = OpportunityFactory(organisation=unit, volunteers_wanted=1)
    coordinator = UserFactory(role="coordinator", units=[unit])
    contact = staff_member(unit)
    drafts = [
        VolunteerAgreement.objects.create(
            volunteer=UserFactory(),
            unit=unit,
            contact_person=contact,
            opportunity=opportunity,
            tasks="Besøgsven",
            start_date=datetime.date(2027, 1, 4),
        )
        for _ in range(3)
    ]
    outcome = at_once([lambda a=a: agreements.offer(a, by=coordinator) for a in drafts])
    assert outcome == Counter({"ok": 1, "refused": 2})
    assert opportunity.agreements.filter(status="offered").count() == 1
    assert places.taken_places(opportunity) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_freed_place_and_a_new_interest_at_once_never_overbook(round_):
    opportunity = OpportunityFactory(volunteers_wanted=1)
    holder = UserFactory()
    held = interests.register_interest(volunteer=holder, opportunity=opportunity, by=holder)
    waiting_volunteer, newcomer = UserFactory(), UserFactory()
    interests.register_interest(
        volunteer=waiting_volunteer,
        opportunity=opportunity,
        join_waiting_list=True,
        by=waiting_volunteer,
    )
    outcome = at_once(
        [
            lambda: interests.withdraw(held, by=holder),
            lambda: interests.register_interest(
                volunteer=newcomer, opportunity=opportunity, join_waiting_list=True, by=newcomer
            ),
        ]
    )
    assert outcome == Counter({"ok": 2})
    assert places.taken_places(opportunity) == 1
    # The place went to the one waiting longest, whatever the order of the two.
    offered = opportunity.interests.filter(place_offered_until__isnull=False)
    assert [i.volunteer_id for i in offered] == [waiting_volunteer.pk]


def test_a_lock_not_had_in_time_answers_try_again(settings):
    settings.PLACE_LOCK_TIMEOUT_SECONDS = 1
    opportunity = OpportunityFactory(volunteers_wanted=5)
    volunteer = UserFactory()
    holding, release = threading.Event(), threading.Event()

    def hold_the_opportunity():
        try:
            with places.place_lock(None, opportunity):
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_opportunity)
    holder.start()
    assert holding.wait(10)
    try:
        with pytest.raises(places.TryAgain):
            interests.register_interest(volunteer=volunteer, opportunity=opportunity, by=volunteer)
    finally:
        release.set()
        holder.join()
    assert not Interest.objects.exists()
    # Once the lock is free, the same call goes through.
    assert (
        interests.register_interest(
            volunteer=volunteer, opportunity=opportunity, by=volunteer
        ).status
        == "new"
    )


@pytest.mark.parametrize("round_", range(4))
def test_two_coordinators_making_an_agreement_from_one_interest_at_once_make_one(round_):
    unit = UnitFactory()
    opportunity = OpportunityFactory(organisation=unit, volunteers_wanted=1)
    volunteer = UserFactory()
    interest = interests.register_interest(
        volunteer=volunteer, opportunity=opportunity, by=volunteer
    )
    coordinators = [UserFactory(role="coordinator", units=[unit]) for _ in range(2)]
    contact = staff_member(unit)

    def make(coordinator):
        draft = VolunteerAgreement(
            unit=unit, contact_person=contact, tasks="Besøg", start_date=datetime.date(2027, 1, 4)
        )
        agreements.agreement_create(draft, interest=interest, by=coordinator)

    outcome = at_once([lambda c=c: make(c) for c in coordinators])
    assert outcome == Counter({"ok": 1, "refused": 1})
    assert VolunteerAgreement.objects.filter(interest=interest).count() == 1
