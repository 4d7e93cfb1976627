"""The volunteer flow's rules, through its services: which states hold a place, the waiting list
in order with promotion, acceptance and lapse against a fixed clock, and every transition of
interests and volunteer agreements, with the mail to the other party."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext

from partnerships.models import Interest, VolunteerAgreement
from partnerships.services import interests, places
from partnerships.services import volunteer_agreements as agreements
from tests.factories import (
    OpportunityFactory,
    UserFactory,
    VolunteerAgreementFactory,
    staff_member,
)
from volunteer_portal.transitions import DomainError, TransitionNotAllowed

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def opportunity(unit):
    return OpportunityFactory(organisation=unit, volunteers_wanted=1, title="Besøgsven")


_asked = []


@pytest.fixture(autouse=True)
def _record_mail(queued_mail):
    _asked.clear()
    # The fixture's list, read by queued_mail() below.
    _asked.append(queued_mail)
    yield
    _asked.clear()


def queued_mail():
    """The mail asked for so far, as (recipient, subject) pairs."""
    return [(m["to"][0], m["subject"]) for m in _asked[0]]


def register(opportunity, volunteer=None, **kwargs):
    volunteer = volunteer or UserFactory()
    return interests.register_interest(
        volunteer=volunteer, opportunity=opportunity, message="Hej", by=volunteer, **kwargs
    )


def draft_for(interest, coordinator, unit):
    agreement = VolunteerAgreement(
        unit=unit,
        contact_person=staff_member(unit),
        tasks="Besøg en gang om ugen",
        start_date=datetime.date(2027, 1, 4),
    )
    return agreements.agreement_create(agreement, interest=interest, by=coordinator)


# Which states hold a place.


def test_new_and_in_dialogue_interests_hold_a_place_and_declined_ones_do_not(
    opportunity, coordinator
):
    first = register(opportunity)
    assert places.places_left(opportunity) == 0
    interests.start_dialogue(first, by=coordinator)
    assert places.places_left(opportunity) == 0
    interests.decline(first, reason="Opgaven er besat", by=coordinator)
    assert places.places_left(opportunity) == 1


def test_an_offered_agreement_holds_the_place_its_interest_held(opportunity, coordinator, unit):
    interest = register(opportunity)
    agreement = draft_for(interest, coordinator, unit)
    agreements.offer(agreement, by=coordinator)
    interest.refresh_from_db()
    assert interest.status == Interest.Status.AGREEMENT_OFFERED
    assert places.taken_places(opportunity) == 1


def test_an_offer_not_answered_in_time_holds_no_place(opportunity, coordinator, unit, settings):
    agreement = draft_for(register(opportunity), coordinator, unit)
    agreements.offer(agreement, by=coordinator)
    later = NOW + datetime.timedelta(days=settings.VOLUNTEER_AGREEMENT_ANSWER_DAYS, seconds=1)
    assert places.places_left(opportunity, now=later) == 1


def test_with_places_left_agrees_with_the_count(opportunity, coordinator, unit):
    from partnerships.models import Opportunity

    bigger = OpportunityFactory(organisation=unit, volunteers_wanted=3)
    register(opportunity)
    register(bigger)
    rows = {o.pk: o for o in places.with_places_left(Opportunity.objects.all())}
    assert rows[opportunity.pk].places_left == places.places_left(opportunity) == 0
    assert rows[bigger.pk].places_left == places.places_left(bigger) == 2
    assert rows[bigger.pk].places_taken == 1


# Interest.


def test_registering_mails_the_coordinators_of_the_unit(opportunity, coordinator):
    interest = register(opportunity)
    assert interest.status == Interest.Status.NEW
    assert [to for to, _subject in queued_mail()] == [coordinator.email]


def test_a_second_open_interest_in_the_same_opportunity_is_refused(opportunity):
    volunteer = UserFactory()
    OpportunityFactory  # noqa: B018
    opportunity.volunteers_wanted = 3
    opportunity.save()
    register(opportunity, volunteer)
    with pytest.raises(DomainError) as error:
        register(opportunity, volunteer)
    with translation.override("da"):
        expected = gettext("You have already registered interest in “%(title)s”.") % {
            "title": opportunity.title
        }
    assert str(error.value) == expected
    assert Interest.objects.filter(volunteer=volunteer).count() == 1


def test_the_partial_unique_constraint_catches_a_second_open_interest(opportunity):
    from django.db import IntegrityError, transaction

    first = register(opportunity)
    with pytest.raises(IntegrityError), transaction.atomic():
        Interest.objects.create(
            volunteer=first.volunteer,
            opportunity=opportunity,
            organisation=opportunity.organisation,
            status="dialogue",
        )
    # A withdrawn one does not count: the volunteer may register again.
    interests.withdraw(first, by=first.volunteer)
    assert register(opportunity, first.volunteer).status == Interest.Status.NEW


def test_a_closed_or_draft_opportunity_takes_no_interest(opportunity):
    for status in ("closed", "draft"):
        opportunity.status = status
        opportunity.save()
        with pytest.raises(DomainError):
            register(opportunity)
    assert not Interest.objects.exists()


def test_only_a_volunteer_account_registers_interest(opportunity, staff_user):
    with pytest.raises(DomainError):
        interests.register_interest(volunteer=staff_user, opportunity=opportunity, by=staff_user)


def test_a_full_opportunity_offers_the_waiting_list(opportunity):
    register(opportunity)
    with pytest.raises(interests.OpportunityFull):
        register(opportunity)
    waiting = register(opportunity, join_waiting_list=True)
    assert waiting.status == Interest.Status.WAITING
    assert waiting.waiting_position() == 1
    to, subject = queued_mail()[-1]
    assert to == waiting.volunteer.email


def test_declining_needs_a_reason_the_volunteer_is_mailed(opportunity, coordinator):
    interest = register(opportunity)
    with pytest.raises(DomainError):
        interests.decline(interest, reason="  ", by=coordinator)
    interests.decline(interest, reason="Vi har fundet en anden", by=coordinator)
    interest.refresh_from_db()
    assert interest.status == Interest.Status.DECLINED
    assert interest.declined_reason == "Vi har fundet en anden"
    assert interest.answered_at == NOW
    assert queued_mail()[-1][0] == interest.volunteer.email


def test_a_reason_holding_a_cpr_number_is_refused_and_nothing_changes(opportunity, coordinator):
    interest = register(opportunity)
    with pytest.raises(DomainError):
        interests.decline(interest, reason="Se 010203-1234", by=coordinator)
    assert Interest.objects.get(pk=interest.pk).status == Interest.Status.NEW


def test_a_general_interest_is_for_a_unit_or_the_volunteer_centre(opportunity):
    from tests.factories import OrganisationFactory

    volunteer = UserFactory()
    association = OrganisationFactory(kind="humanitarian")
    with pytest.raises(DomainError):
        interests.register_interest(volunteer=volunteer, organisation=association, by=volunteer)
    centre = OrganisationFactory(kind="volunteer_centre")
    general = interests.register_interest(volunteer=volunteer, organisation=centre, by=volunteer)
    assert general.is_general


def test_a_declined_interest_cannot_be_declined_again(opportunity, coordinator):
    interest = register(opportunity)
    interests.decline(interest, reason="Nej tak", by=coordinator)
    with pytest.raises(TransitionNotAllowed):
        interests.decline(interest, reason="Nej tak", by=coordinator)


def test_a_general_interest_for_a_unit_holds_no_place_and_is_one_per_unit(unit, opportunity):
    volunteer = UserFactory()
    general = interests.register_interest(
        volunteer=volunteer, organisation=unit, message="Hvad som helst", by=volunteer
    )
    assert general.is_general and general.status == Interest.Status.NEW
    assert places.places_left(opportunity) == 1
    with pytest.raises(DomainError):
        interests.register_interest(volunteer=volunteer, organisation=unit, by=volunteer)


# The waiting list.


def fill(opportunity, count):
    holder = register(opportunity)
    waiting = [register(opportunity, join_waiting_list=True) for _ in range(count)]
    return holder, waiting


def test_positions_are_counted_in_the_order_of_registration(opportunity):
    _holder, waiting = fill(opportunity, 3)
    assert [w.waiting_position() for w in waiting] == [1, 2, 3]
    interests.withdraw(waiting[0], by=waiting[0].volunteer)
    assert [w.waiting_position() for w in waiting[1:]] == [1, 2]


def test_a_freed_place_is_offered_to_the_first_in_line_by_mail(opportunity, coordinator, settings):
    holder, waiting = fill(opportunity, 2)
    interests.decline(holder, reason="Passer ikke", by=coordinator)
    first, second = (Interest.objects.get(pk=w.pk) for w in waiting)
    hours = settings.VOLUNTEER_PLACE_OFFER_HOURS
    assert first.place_offered_until == NOW + datetime.timedelta(hours=hours)
    assert second.place_offered_until is None
    recipients = [to for to, _subject in queued_mail()[-2:]]
    assert sorted(recipients) == sorted([first.volunteer.email, holder.volunteer.email])
    # The offered place is held: nobody else gets in meanwhile.
    with pytest.raises(interests.OpportunityFull):
        register(opportunity)


def test_the_offer_mail_says_by_when_to_accept(opportunity, settings):
    from django.utils.formats import date_format

    holder, (first,) = fill(opportunity, 1)
    interests.withdraw(holder, by=holder.volunteer)
    until = timezone.localtime(NOW + datetime.timedelta(hours=settings.VOLUNTEER_PLACE_OFFER_HOURS))
    with translation.override("da"):
        day = date_format(until, "j. F Y H:i")
    [offer] = [m for m in _asked[0] if m["to"] == [first.volunteer.email]][-1:]
    assert day in offer["text"]


def test_accepting_the_offered_place_makes_a_new_interest(opportunity, coordinator):
    holder, (first,) = fill(opportunity, 1)
    interests.withdraw(holder, by=holder.volunteer)
    first.refresh_from_db()
    interests.accept_place(first, by=first.volunteer)
    first.refresh_from_db()
    assert first.status == Interest.Status.NEW and first.place_offered_until is None
    assert places.places_left(opportunity) == 0
    assert queued_mail()[-1][0] == coordinator.email


def test_an_unanswered_offer_lapses_and_passes_on(opportunity, coordinator, fixed_clock, settings):
    holder, (first, second) = fill(opportunity, 2)
    interests.withdraw(holder, by=holder.volunteer)
    fixed_clock.shift(datetime.timedelta(hours=settings.VOLUNTEER_PLACE_OFFER_HOURS, seconds=1))
    with pytest.raises(DomainError):
        interests.accept_place(Interest.objects.get(pk=first.pk), by=first.volunteer)
    assert interests.pass_on_lapsed_offers(by=None) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Interest.Status.LAPSED
    assert second.place_offered_until is not None
    interests.accept_place(second, by=second.volunteer)
    assert Interest.objects.get(pk=second.pk).status == Interest.Status.NEW


def test_a_promoted_volunteer_who_withdraws_frees_the_place_again(opportunity):
    holder, (first, second) = fill(opportunity, 2)
    interests.withdraw(holder, by=holder.volunteer)
    first.refresh_from_db()
    interests.accept_place(first, by=first.volunteer)
    interests.withdraw(Interest.objects.get(pk=first.pk), by=first.volunteer)
    assert Interest.objects.get(pk=second.pk).place_offered_until is not None


def test_an_ended_agreement_offers_its_place_down_the_list(opportunity, coordinator, unit):
    holder, (first,) = fill(opportunity, 1)
    agreement = draft_for(holder, coordinator, unit)
    agreements.offer(agreement, by=coordinator)
    agreements.end(agreement, reason="Fortrudt", by=holder.volunteer)
    assert Interest.objects.get(pk=first.pk).place_offered_until is not None


def test_more_places_are_not_offered_than_are_free(unit):
    opportunity = OpportunityFactory(organisation=unit, volunteers_wanted=2)
    holders = [register(opportunity), register(opportunity)]
    waiting = [register(opportunity, join_waiting_list=True) for _ in range(3)]
    for holder in holders:
        interests.withdraw(holder, by=holder.volunteer)
    offered = [Interest.objects.get(pk=w.pk).place_offered_until is not None for w in waiting]
    assert offered == [True, True, False]
    assert places.places_left(opportunity) == 0


# Volunteer agreements.


def test_the_whole_agreement_flow_mails_the_other_party(
    opportunity, coordinator, unit, fixed_clock
):
    interest = register(opportunity)
    agreement = draft_for(interest, coordinator, unit)
    assert agreement.status == VolunteerAgreement.Status.DRAFT
    assert Interest.objects.get(pk=interest.pk).status == Interest.Status.DIALOGUE
    volunteer = interest.volunteer

    before = len(queued_mail())
    agreements.offer(agreement, by=coordinator)
    assert [to for to, _s in queued_mail()[before:]] == [volunteer.email]

    before = len(queued_mail())
    agreements.confirm(agreement, by=volunteer)
    recipients = {to for to, _s in queued_mail()[before:]}
    assert recipients == {agreement.contact_person.email, coordinator.email}

    before = len(queued_mail())
    agreements.approve(agreement, by=coordinator)
    assert [to for to, _s in queued_mail()[before:]] == [volunteer.email]
    agreement.refresh_from_db()
    assert agreement.status == VolunteerAgreement.Status.ACTIVE
    assert agreement.approved_by == coordinator and agreement.approved_at == NOW

    fixed_clock.shift(datetime.timedelta(days=91))
    before = len(queued_mail())
    agreements.end(agreement, reason="Flytter", on=datetime.date(2027, 3, 1), by=coordinator)
    assert [to for to, _s in queued_mail()[before:]] == [volunteer.email]
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_on) == ("ended", datetime.date(2027, 3, 1))


def test_no_mail_of_the_flow_names_the_child_certificate(opportunity, coordinator, unit):
    opportunity.works_with_children = True
    opportunity.save()
    agreement = draft_for(register(opportunity), coordinator, unit)
    agreements.record_child_certificate(
        agreement, assessed_on=datetime.date(2026, 11, 20), by=coordinator
    )
    agreements.offer(agreement, by=coordinator)
    agreements.confirm(agreement, by=agreement.volunteer)
    agreements.approve(agreement, by=coordinator)
    assert len(_asked[0]) >= 4
    for mail in _asked[0]:
        body = " ".join(str(v) for v in mail.values()).lower()
        assert "børneattest" not in body and "certificate" not in body and "attest" not in body


def test_an_interest_gets_one_agreement(opportunity, coordinator, unit):
    interest = register(opportunity)
    draft_for(interest, coordinator, unit)
    with pytest.raises(DomainError):
        draft_for(Interest.objects.get(pk=interest.pk), coordinator, unit)
    assert VolunteerAgreement.objects.filter(interest=interest).count() == 1


def test_only_the_volunteer_confirms(opportunity, coordinator, unit):
    agreement = draft_for(register(opportunity), coordinator, unit)
    agreements.offer(agreement, by=coordinator)
    with pytest.raises(DomainError):
        agreements.confirm(agreement, by=coordinator)


def test_an_offer_cannot_be_confirmed_after_its_answer_date(
    opportunity, coordinator, unit, fixed_clock, settings
):
    agreement = draft_for(register(opportunity), coordinator, unit)
    agreements.offer(agreement, by=coordinator)
    fixed_clock.shift(datetime.timedelta(days=settings.VOLUNTEER_AGREEMENT_ANSWER_DAYS, seconds=1))
    with pytest.raises(DomainError):
        agreements.confirm(agreement, by=agreement.volunteer)
    assert agreements.end_unanswered_offers(by=None) == 1
    assert VolunteerAgreement.objects.get(pk=agreement.pk).status == "ended"


def test_an_offer_needs_a_free_place(opportunity, coordinator, unit):
    register(opportunity)  # holds the only place
    other = VolunteerAgreementFactory(unit=unit, opportunity=opportunity)
    with pytest.raises(DomainError):
        agreements.offer(other, by=coordinator)
    assert VolunteerAgreement.objects.get(pk=other.pk).status == "draft"


def test_approval_waits_for_a_required_certificate(opportunity, coordinator, unit):
    opportunity.works_with_children = True
    opportunity.save()
    agreement = draft_for(register(opportunity), coordinator, unit)
    assert agreement.child_certificate_required
    agreements.offer(agreement, by=coordinator)
    agreements.confirm(agreement, by=agreement.volunteer)
    with pytest.raises(DomainError):
        agreements.approve(agreement, by=coordinator)
    agreements.record_child_certificate(
        agreement, assessed_on=datetime.date(2026, 11, 20), by=coordinator
    )
    agreements.approve(agreement, by=coordinator)
    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert agreement.child_certificate_assessed_by == coordinator
    assert agreement.child_certificate_renew_by == datetime.date(2028, 11, 20)


def test_a_certificate_assessment_cannot_be_dated_in_the_future(coordinator, unit):
    agreement = VolunteerAgreementFactory(unit=unit)
    with pytest.raises(DomainError):
        agreements.record_child_certificate(
            agreement, assessed_on=datetime.date(2026, 12, 2), by=coordinator
        )


def test_an_agreement_ends_between_its_start_and_today(coordinator, unit, fixed_clock):
    agreement = VolunteerAgreementFactory(
        unit=unit, status="active", start_date=datetime.date(2026, 9, 1)
    )
    for wrong in (datetime.date(2026, 8, 31), datetime.date(2026, 12, 2)):  # before; future
        with pytest.raises(DomainError):
            agreements.end(agreement, reason="Fejl", on=wrong, by=coordinator)
    with pytest.raises(DomainError):
        agreements.end(agreement, reason="", on=datetime.date(2026, 11, 1), by=coordinator)
    agreements.end(agreement, reason="Flytter", on=datetime.date(2026, 11, 1), by=coordinator)
    assert VolunteerAgreement.objects.get(pk=agreement.pk).ended_on == datetime.date(2026, 11, 1)


def test_an_agreement_not_yet_begun_ends_from_the_day_it_was_made(coordinator, unit):
    agreement = VolunteerAgreementFactory(unit=unit, status="active")  # starts 4 January 2027
    with pytest.raises(DomainError):
        agreements.end(agreement, reason="Fejl", on=datetime.date(2026, 11, 30), by=coordinator)
    agreements.end(agreement, reason="Fortrudt", on=datetime.date(2026, 12, 1), by=coordinator)
    assert VolunteerAgreement.objects.get(pk=agreement.pk).status == "ended"


def test_an_old_certificate_assessment_is_already_due_again(coordinator, unit):
    agreement = VolunteerAgreementFactory(unit=unit, child_certificate_required=True)
    with pytest.raises(DomainError):
        agreements.record_child_certificate(
            agreement, assessed_on=datetime.date(2024, 12, 1), by=coordinator
        )
    assert not VolunteerAgreement.objects.get(pk=agreement.pk).child_certificate_recorded


def test_only_a_draft_is_edited(coordinator, unit):
    from organisations.versions import version_of

    agreement = VolunteerAgreementFactory(unit=unit, status="offered")
    loaded, agreement.tasks = version_of(agreement), "Noget andet"
    with pytest.raises(DomainError):
        agreements.agreement_update(agreement, fields=["tasks"], loaded=loaded, by=coordinator)


def test_a_contact_person_from_another_unit_is_refused(coordinator, unit, other_unit):
    from django.core.exceptions import ValidationError

    agreement = VolunteerAgreement(
        volunteer=UserFactory(),
        unit=unit,
        contact_person=staff_member(other_unit),
        tasks="Opgaver",
        start_date=datetime.date(2027, 1, 4),
    )
    with pytest.raises(ValidationError) as error:
        agreements.agreement_create(agreement, by=coordinator)
    assert "contact_person" in error.value.message_dict


def test_end_before_start_is_refused_by_the_model_and_the_database(unit):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    agreement = VolunteerAgreementFactory.build(
        volunteer=UserFactory(),
        unit=unit,
        contact_person=staff_member(unit),
        end_date=datetime.date(2027, 1, 1),
    )
    with pytest.raises(ValidationError):
        agreement.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_the_renewal_date_keeps_to_the_month(unit):
    assert agreements.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert agreements.add_months(datetime.date(2026, 1, 15), 24) == datetime.date(2028, 1, 15)
    assert timezone.now() == NOW
