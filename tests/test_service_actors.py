"""Every service function records its actor: each public function of every app's services
either carries ``records_actor`` or is declared read-only here, and calling each one shows
that the audit-log entries it writes name the person who acted."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from auditlog.models import LogEntry

from initiatives import services as initiative_services
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    InitiativeFactory,
    OrganisationFactory,
    UnitFactory,
)

APPS = ("volunteer_portal", "organisations", "initiatives", "partnerships")
# Functions of a services module that change nothing, so have no actor to record.
READ_ONLY = {
    "initiatives.services.initiative_check_version",
    "initiatives.services.plan_check_version",
    "initiatives.services.next_initiative_number",
    "organisations.services.transfer.transfer_preview",
    "partnerships.services.grants.granted_from",
    "partnerships.services.grants.outstanding_reports",
    "partnerships.services.reminders.due_reminders",
    "partnerships.services.reviews.next_review_after",
    "partnerships.services.interests.checked_reason",
    "partnerships.services.interests.waiting_token",
    "partnerships.services.interests.interest_for_token",
    "partnerships.services.places.taken_places",
    "partnerships.services.places.places_left",
    "partnerships.services.places.next_lapse",
    "partnerships.services.places.with_places_left",
    "partnerships.services.places.place_lock",
    "partnerships.services.places.require_place",
    "partnerships.services.volunteer_agreements.add_months",
    "partnerships.services.volunteer_reminders.due_volunteer_reminders",
    "partnerships.services.retention.due_for_anonymisation",
    "partnerships.services.retention.due_for_warning",
    "partnerships.services.retention.warning_key",
    "partnerships.services.retention.data_page_path",
}
# Services whose rows are kept out of the audit log on purpose: a referral must not say who
# referred (organisations.services.referrals). They still carry records_actor.
NOT_AUDITED = {
    "organisations.services.referrals.record_referral",
    # A sent reminder's row is its own record; a calendar token is a secret the log must not
    # keep (partnerships.services.reminders).
    "partnerships.services.reminders.reminder_send",
    "partnerships.services.reminders.reminders_send_due",
    "partnerships.services.reminders.calendar_token_for",
    "partnerships.services.reminders.calendar_token_renew",
    "partnerships.services.volunteer_reminders.volunteer_reminder_send",
    "partnerships.services.volunteer_reminders.volunteer_reminders_send_due",
    # Retention: a referral's note (not audited, above), a warning's row is its own record, and
    # scrubbing changes the audit log's own entries without writing one.
    "partnerships.services.retention.blank_referral_note",
    "partnerships.services.retention.retention_warning_send",
    "partnerships.services.retention.scrub_audit_entries_for",
}


def service_modules():
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{module.__name__}.{info.name}")


def service_functions():
    return {
        f"{module.__name__}.{name}": function
        for module in service_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    }


def test_every_service_function_records_its_actor_or_is_read_only():
    functions = service_functions()
    assert functions, "no service functions found"
    missing = [
        name
        for name, function in functions.items()
        if name not in READ_ONLY and not getattr(function, "records_actor", False)
    ]
    assert missing == []
    assert set(functions) >= READ_ONLY, "a read-only entry names a function that is gone"


def _calls():
    """How to call each service: set-up (outside the measured part) that returns the call.
    The test below fails when a service is missing here."""
    s = initiative_services

    def draft():
        return ActionPlanFactory(status="draft")

    def initiative():
        return InitiativeFactory()

    def save_initiative(by):
        i = initiative()
        i.title = "Nyt navn"
        return lambda: s.initiative_save(
            initiative=i, version=i.version, by=by, goals=[], related=[]
        )

    def save_plan(by):
        p = draft()
        p.vision = "En ny vision"
        return lambda: s.plan_save(plan=p, version=p.version, by=by)

    def renumber(by):
        i = initiative()
        return lambda: s.initiatives_renumber(plan=i.plan, numbers={i.pk: 9}, by=by)

    def start_from(by):
        plan = initiative().plan
        return lambda: s.plan_start_from(
            source=plan, title="Næste", slug="naeste", start_year=2023, end_year=2025, by=by
        )

    def publish(by):
        plan = draft()
        return lambda: s.plan_publish(plan=plan, by=by)

    def set_status(by):
        i = initiative()
        return lambda: s.initiative_set_status(initiative=i, status="in_progress", by=by)

    def record_referral(by):
        from organisations.services.referrals import record_referral

        activity, unit = ActivityFactory(), UnitFactory()
        return lambda: record_referral(
            activity=activity, unit=unit, referred_on=datetime.date(2026, 1, 5), by=by
        )

    def transfer_import(by):
        from organisations.services.transfer import transfer_import
        from organisations.transfer import Table

        table = Table(["name", "kind"], [(2, ["Importeret forening", "community"])])
        return lambda: transfer_import(kind="organisations", table=table, by=by)

    def add_note(by):
        i = initiative()
        return lambda: s.progress_note_add(initiative=i, text="Godt i gang", by=by)

    return {
        **_editing_calls(),
        **_partnership_calls(),
        **_reminder_calls(),
        **_grant_calls(),
        **_volunteer_calls(),
        **_volunteer_reminder_calls(),
        **_retention_calls(),
        **_erasure_calls(),
        "initiatives.services.plan_publish": publish,
        "initiatives.services.initiative_set_status": set_status,
        "initiatives.services.progress_note_add": add_note,
        "initiatives.services.initiative_save": save_initiative,
        "initiatives.services.plan_save": save_plan,
        "initiatives.services.initiatives_renumber": renumber,
        "initiatives.services.plan_start_from": start_from,
        "organisations.services.transfer.transfer_import": transfer_import,
        "organisations.services.referrals.record_referral": record_referral,
    }


def _editing_calls():
    """Editing organisations and activities, and their yearly confirmation."""
    from organisations.models import Activity, Membership, Organisation
    from organisations.services import activities as a
    from organisations.services import organisations as o
    from organisations.versions import version_of
    from tests.factories import ActivityFactory, OrganisationFactory, UserFactory

    def create_organisation(by):
        organisation = Organisation(name="Ny forening", kind="community")
        return lambda: o.organisation_create(organisation=organisation, by=by)

    def update_organisation(by):
        organisation = OrganisationFactory()
        loaded, organisation.description = version_of(organisation), "Ny tekst"
        return lambda: o.organisation_update(
            organisation=organisation, fields=["description"], loaded=loaded, by=by
        )

    def ask_confirmation(by):
        organisation = OrganisationFactory()
        contact = UserFactory(role="organisation_contact")
        Membership.objects.create(user=contact, organisation=organisation, capacity="contact")
        return lambda: o.organisation_ask_confirmation(
            organisation=organisation, base_url="https://portal.test", by=by
        )

    def create_activity(by):
        activity = Activity(organisation=OrganisationFactory(), title="Ny aktivitet")
        return lambda: a.activity_create(activity=activity, by=by)

    def update_activity(by):
        activity = ActivityFactory()
        loaded, activity.title = version_of(activity), "Nyt navn"
        return lambda: a.activity_update(activity=activity, fields=["title"], loaded=loaded, by=by)

    def confirm(by):
        activity = ActivityFactory()
        return lambda: a.activities_confirm(organisation=activity.organisation, by=by)

    return {
        "organisations.services.organisations.organisation_create": create_organisation,
        "organisations.services.organisations.organisation_update": update_organisation,
        "organisations.services.organisations.organisation_ask_confirmation": ask_confirmation,
        "organisations.services.activities.activity_create": create_activity,
        "organisations.services.activities.activity_update": update_activity,
        "organisations.services.activities.activities_confirm": confirm,
    }


def _grant_calls():
    """§ 18 grants: granting from a pool, paying, and the report."""
    from decimal import Decimal

    from partnerships.models import Grant, GrantPool, GrantReport
    from partnerships.services import grants as g

    def grant(**fields):
        pool = GrantPool.objects.create(
            year=2026, name=f"Pulje {GrantPool.objects.count()}", budget=100000
        )
        return Grant(
            pool=pool, organisation=OrganisationFactory(), amount=Decimal("5000"), **fields
        )

    def create(by):
        made = grant()
        return lambda: g.create_grant(made, by=by)

    def mark_paid(by):
        made = g.create_grant(grant(), by=by)
        return lambda: g.mark_paid(made, datetime.date(2026, 3, 1), by=by)

    def record_report(by):
        made = g.create_grant(grant(), by=by)
        report = GrantReport(grant=made, received_on=datetime.date(2026, 3, 1), use="Udflugter")
        return lambda: g.record_report(report, by=by)

    def save_pool(by):
        pool = GrantPool(year=2027, name="§ 18-puljen", budget=Decimal("450000"))
        return lambda: g.save_pool(pool, target_groups=[], by=by)

    return {
        "partnerships.services.grants.save_pool": save_pool,
        "partnerships.services.grants.create_grant": create,
        "partnerships.services.grants.mark_paid": mark_paid,
        "partnerships.services.grants.record_report": record_report,
    }


def _reminder_calls():
    """Reminders, the private calendar address and review meetings."""
    from partnerships.services import reminders as r
    from partnerships.services import reviews as v
    from tests.factories import AgreementFactory, UserFactory

    soon = datetime.date.today() + datetime.timedelta(days=20)

    def due_agreement():
        return AgreementFactory(
            status="active", end_date=soon, responsible_staff=UserFactory(role="staff")
        )

    def send(by):
        due_agreement()
        [reminder] = r.due_reminders()
        return lambda: r.reminder_send(reminder, base_url="https://portal.test", by=by)

    def send_due(by):
        due_agreement()
        return lambda: r.reminders_send_due(base_url="https://portal.test", by=by)

    def token_for(by):
        return lambda: r.calendar_token_for(user=by, by=by)

    def token_renew(by):
        return lambda: r.calendar_token_renew(user=by, by=by)

    def record_meeting(by):
        a = AgreementFactory(status="active", reviews_per_year=4)
        return lambda: v.record_review_meeting(
            a, datetime.date.today(), "Else og Bo", "Godt møde", "", by=by
        )

    return {
        "partnerships.services.reminders.reminder_send": send,
        "partnerships.services.reminders.reminders_send_due": send_due,
        "partnerships.services.reminders.calendar_token_for": token_for,
        "partnerships.services.reminders.calendar_token_renew": token_renew,
        "partnerships.services.reviews.record_review_meeting": record_meeting,
    }


def _retention_calls():
    """Retention (partnerships.services.retention): what is due is anonymised."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from organisations.models import Referral
    from partnerships.models import Interest
    from partnerships.services import retention as r
    from tests.factories import InterestFactory, UserFactory, VolunteerAgreementFactory

    long_ago = timezone.now() - datetime.timedelta(days=800)

    def closed_interest():
        interest = InterestFactory(status="declined", message="Jeg kan om tirsdagen")
        Interest.objects.filter(pk=interest.pk).update(status_changed_at=long_ago)
        interest.refresh_from_db()
        return interest

    def ended_agreement():
        return VolunteerAgreementFactory(
            status="ended", start_date=datetime.date(2015, 1, 5), ended_on=datetime.date(2016, 1, 4)
        )

    def interest(by):
        i = closed_interest()
        return lambda: r.anonymise_interest(i, by=by)

    def agreement(by):
        a = ended_agreement()
        return lambda: r.anonymise_agreement(a, by=by)

    def signup(by):
        user = UserFactory()
        EmailAddress.objects.filter(user=user).update(verified=False)
        return lambda: r.delete_unconfirmed_signup(user, by=by)

    def referral(by):
        made = Referral.objects.create(
            activity=ActivityFactory(), unit=UnitFactory(), note="En note"
        )
        return lambda: r.blank_referral_note(made, by=by)

    def scrub(by):
        i = closed_interest()
        return lambda: r.scrub_audit_entries_for(i, by=by)

    def anonymise(by):
        closed_interest()
        [due] = r.due_for_anonymisation()
        return lambda: r.anonymise(due, by=by)

    def warning(by):
        soon = timezone.localdate() - datetime.timedelta(days=5 * 365 - 10)
        VolunteerAgreementFactory(status="ended", start_date=soon, ended_on=soon)
        [due] = r.due_for_warning()
        return lambda: r.retention_warning_send(due, base_url="https://portal.test", by=by)

    def apply(by):
        closed_interest()
        return lambda: r.apply_retention(base_url="https://portal.test", by=by)

    return {
        "partnerships.services.retention.anonymise_interest": interest,
        "partnerships.services.retention.anonymise_agreement": agreement,
        "partnerships.services.retention.delete_unconfirmed_signup": signup,
        "partnerships.services.retention.blank_referral_note": referral,
        "partnerships.services.retention.scrub_audit_entries_for": scrub,
        "partnerships.services.retention.anonymise": anonymise,
        "partnerships.services.retention.retention_warning_send": warning,
        "partnerships.services.retention.apply_retention": apply,
    }


def _volunteer_reminder_calls():
    """Reminders to volunteers before a start (partnerships.services.volunteer_reminders)."""
    from partnerships.services import volunteer_reminders as vr
    from tests.factories import VolunteerAgreementFactory

    def due_agreement():
        start = datetime.date.today() + datetime.timedelta(days=1)
        return VolunteerAgreementFactory(status="active", start_date=start)

    def send(by):
        due_agreement()
        [reminder] = vr.due_volunteer_reminders()
        return lambda: vr.volunteer_reminder_send(reminder, base_url="https://portal.test", by=by)

    def send_due(by):
        due_agreement()
        return lambda: vr.volunteer_reminders_send_due(base_url="https://portal.test", by=by)

    return {
        "partnerships.services.volunteer_reminders.volunteer_reminder_send": send,
        "partnerships.services.volunteer_reminders.volunteer_reminders_send_due": send_due,
    }


def _partnership_calls():
    """Agreements: their status and their renewal."""
    from partnerships.services import agreements as g
    from tests.factories import AgreementFactory

    soon = datetime.date.today() + datetime.timedelta(days=30)

    def agreement(**fields):
        made = AgreementFactory(**fields)
        made.partners.add(OrganisationFactory())
        return made

    def activate(by):
        a = agreement()
        return lambda: g.activate(a, by=by)

    def end_early(by):
        a = agreement(status="active")
        return lambda: g.end_early(a, reason="Foreningen lukker", by=by)

    def refresh_status(by):
        a = agreement(status="active", end_date=soon)
        return lambda: g.refresh_status(a, by=by)

    def refresh_all(by):
        agreement(status="active", end_date=soon)
        return lambda: g.refresh_all_statuses(by=by)

    def renew(by):
        a = agreement(status="active")
        return lambda: g.renew(a, by=by)

    def create(by):
        a, partner = AgreementFactory.build(responsible_unit=UnitFactory()), OrganisationFactory()
        return lambda: g.agreement_create(a, partners=[partner], by=by)

    def update(by):
        from organisations.versions import version_of

        a = agreement()
        loaded, a.title = version_of(a), "Ny titel"
        partners = list(a.partners.all())
        return lambda: g.agreement_update(
            a, fields=["title"], loaded=loaded, partners=partners, by=by
        )

    def add_document(by):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from partnerships.models import AgreementDocument
        from tests.sample_files import PDF

        document = AgreementDocument(
            agreement=agreement(), file=SimpleUploadedFile("aftale.pdf", PDF)
        )
        return lambda: g.document_add(document, by=by)

    return {
        "partnerships.services.agreements.activate": activate,
        "partnerships.services.agreements.end_early": end_early,
        "partnerships.services.agreements.refresh_status": refresh_status,
        "partnerships.services.agreements.refresh_all_statuses": refresh_all,
        "partnerships.services.agreements.renew": renew,
        "partnerships.services.agreements.agreement_create": create,
        "partnerships.services.agreements.agreement_update": update,
        "partnerships.services.agreements.document_add": add_document,
    }


def _volunteer_calls():
    """The volunteer flow: sign-up, interest and the waiting list, volunteer agreements."""
    from django.utils import timezone

    from partnerships.models import VolunteerAgreement
    from partnerships.services import interests as i
    from partnerships.services import opportunities as o
    from partnerships.services import volunteer_agreements as va
    from partnerships.services import volunteers as v
    from tests.factories import (
        InterestFactory,
        OpportunityFactory,
        UserFactory,
        VolunteerAgreementFactory,
    )

    def register_volunteer(by):
        user = UserFactory()
        return lambda: v.register_volunteer(user, full_name="Ny Frivillig", phone="12345678", by=by)

    def profile_for(by):
        user = UserFactory()
        return lambda: v.profile_for(user, by=by)

    def profile_update(by):
        profile = v.profile_for(UserFactory(), by=by)
        profile.languages = "dansk"
        return lambda: v.profile_update(profile, by=by)

    def register(by):
        opportunity, volunteer = OpportunityFactory(), UserFactory()
        return lambda: i.register_interest(
            volunteer=volunteer, opportunity=opportunity, message="Hej", by=by
        )

    def interest_call(function, **kwargs):
        def make(by):
            interest = InterestFactory()
            return lambda: function(interest, by=by, **kwargs)

        return make

    def waiting(offered, opportunity=None):
        opportunity = opportunity or OpportunityFactory(volunteers_wanted=1)
        until = timezone.now() + timezone.timedelta(hours=1) if offered else None
        return InterestFactory(opportunity=opportunity, status="waiting", place_offered_until=until)

    def accept_place(by):
        interest = waiting(offered=True)
        return lambda: i.accept_place(interest, by=by)

    def fill_places(by):
        interest = waiting(offered=False)
        return lambda: i.fill_places(interest.opportunity, by=by)

    def pass_on(by):
        interest = waiting(offered=True)
        Interest = type(interest)
        Interest.objects.filter(pk=interest.pk).update(place_offered_until=timezone.now())
        return lambda: i.pass_on_lapsed_offers(by=by)

    def create_agreement(by):
        made = VolunteerAgreementFactory.build(
            volunteer=UserFactory(), unit=UnitFactory(), contact_person=None
        )
        from tests.factories import staff_member

        made.contact_person = staff_member(made.unit)
        return lambda: va.agreement_create(made, by=by)

    def agreement(status="draft", **fields):
        return VolunteerAgreementFactory(status=status, **fields)

    def update_agreement(by):
        from organisations.versions import version_of

        made = agreement()
        loaded, made.tasks = version_of(made), "Nye opgaver"
        return lambda: va.agreement_update(made, fields=["tasks"], loaded=loaded, by=by)

    def offer(by):
        made = agreement()
        return lambda: va.offer(made, by=by)

    def confirm(by):
        made = agreement(
            "offered", volunteer=by, answer_by=timezone.now() + timezone.timedelta(days=1)
        )
        return lambda: va.confirm(made, by=by)

    def approve(by):
        made = agreement("confirmed")
        return lambda: va.approve(made, by=by)

    def certificate(by):
        made = agreement("confirmed", child_certificate_required=True)
        return lambda: va.record_child_certificate(
            made, assessed_on=datetime.date(2026, 11, 2), by=by
        )

    def end(by):
        made = agreement("active")
        return lambda: va.end(made, reason="Flytter", on=datetime.date.today(), by=by)

    def end_unanswered(by):
        agreement("offered", answer_by=timezone.now() - timezone.timedelta(days=1))
        return lambda: va.end_unanswered_offers(by=by)

    def create_opportunity(by):
        made = OpportunityFactory.build(organisation=UnitFactory(), status="draft")
        return lambda: o.opportunity_create(made, by=by)

    def update_opportunity(by):
        from organisations.versions import version_of

        made = OpportunityFactory()
        loaded, made.volunteers_wanted = version_of(made), 5
        waiting(offered=False, opportunity=made)
        return lambda: o.opportunity_update(
            made, fields=["volunteers_wanted"], loaded=loaded, by=by
        )

    def publish_opportunity(by):
        made = OpportunityFactory(status="draft")
        return lambda: o.opportunity_publish(made, by=by)

    def close_opportunity(by):
        made = OpportunityFactory()
        return lambda: o.opportunity_close(made, by=by)

    assert VolunteerAgreement.Status.DRAFT == "draft"
    return {
        "partnerships.services.opportunities.opportunity_create": create_opportunity,
        "partnerships.services.opportunities.opportunity_update": update_opportunity,
        "partnerships.services.opportunities.opportunity_publish": publish_opportunity,
        "partnerships.services.opportunities.opportunity_close": close_opportunity,
        "partnerships.services.volunteers.register_volunteer": register_volunteer,
        "partnerships.services.volunteers.profile_for": profile_for,
        "partnerships.services.volunteers.profile_update": profile_update,
        "partnerships.services.interests.register_interest": register,
        "partnerships.services.interests.start_dialogue": interest_call(i.start_dialogue),
        "partnerships.services.interests.decline": interest_call(i.decline, reason="Fuldt"),
        "partnerships.services.interests.withdraw": interest_call(i.withdraw),
        "partnerships.services.interests.accept_place": accept_place,
        "partnerships.services.interests.fill_places": fill_places,
        "partnerships.services.interests.pass_on_lapsed_offers": pass_on,
        "partnerships.services.volunteer_agreements.agreement_create": create_agreement,
        "partnerships.services.volunteer_agreements.agreement_update": update_agreement,
        "partnerships.services.volunteer_agreements.offer": offer,
        "partnerships.services.volunteer_agreements.confirm": confirm,
        "partnerships.services.volunteer_agreements.approve": approve,
        "partnerships.services.volunteer_agreements.record_child_certificate": certificate,
        "partnerships.services.volunteer_agreements.end": end,
        "partnerships.services.volunteer_agreements.end_unanswered_offers": end_unanswered,
    }


def _erasure_calls():
    """The volunteer's rights (partnerships.services.erasure): deleting the account,
    withdrawing and giving again the consent."""
    from django.utils import timezone

    from partnerships.models import VolunteerProfile
    from partnerships.services import erasure as e
    from tests.factories import InterestFactory, UserFactory, VolunteerAgreementFactory

    def volunteer():
        user = UserFactory(full_name="Slet Mig")
        VolunteerProfile.objects.create(user=user, phone="12345678")
        InterestFactory(volunteer=user)
        VolunteerAgreementFactory(volunteer=user, status="active")
        return user

    def delete_account(by):
        user = volunteer()
        return lambda: e.delete_account(user, by=by)

    def withdraw_consent(by):
        user = volunteer()
        return lambda: e.withdraw_consent(user, by=by)

    def give_consent(by):
        user = volunteer()
        VolunteerProfile.objects.filter(user=user).update(consent_withdrawn_at=timezone.now())
        return lambda: e.give_consent(user, by=by)

    return {
        "partnerships.services.erasure.delete_account": delete_account,
        "partnerships.services.erasure.withdraw_consent": withdraw_consent,
        "partnerships.services.erasure.give_consent": give_consent,
    }


def test_every_writing_service_has_a_call_here():
    writing = set(service_functions()) - READ_ONLY
    assert writing == set(_calls())


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(_calls()))
def test_service_names_its_actor_in_every_audit_entry(name, staff_user):
    call = _calls()[name](staff_user)
    before = set(LogEntry.objects.values_list("pk", flat=True))
    call()
    entries = LogEntry.objects.exclude(pk__in=before)
    if name in NOT_AUDITED:
        assert not entries.exists(), f"{name} must not write to the audit log"
        return
    assert entries.exists(), f"{name} wrote no audit entry"
    assert set(entries.values_list("actor", flat=True)) == {staff_user.pk}
