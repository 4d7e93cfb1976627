"""Data minimisation (issue #12, part E): every free text where a person might type something
about a person refuses a CPR-like number, in the model and in every form that shows it; no model
can hold a child-protection certificate; every form that takes personal data links the privacy
notice."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from volunteer_portal.validators import no_cpr_number, no_cpr_number_validator

CPR_VALIDATORS = (no_cpr_number, no_cpr_number_validator)
APPS = ("volunteer_portal", "organisations", "initiatives", "partnerships")
CPR = "Borgeren har CPR 010190-1234"

# The text fields that need not refuse a CPR-like number, each with the reason. A new text field
# of these apps must carry ``no_cpr_number`` or be added here with its reason.
EXEMPT_FIELDS = {
    # Not typed by a person: made by the code.
    "organisations.Organisation.search_text",
    "organisations.Activity.search_text",
    "partnerships.Opportunity.search_text",
    "initiatives.PlanDocument.original_name",
    "initiatives.PlanDocument.content_type",
    "partnerships.AgreementDocument.original_name",
    "partnerships.AgreementDocument.content_type",
    "volunteer_portal.Municipality.logo_content_type",
    "volunteer_portal.Municipality.logo_hash",
    "volunteer_portal.User.password",
    "partnerships.SentReminder.key",
    "partnerships.CalendarToken.token",
    "volunteer_portal.RateLimitHit.action",
    "volunteer_portal.RateLimitHit.key",
    "volunteer_portal.DailyRun.host",
    "volunteer_portal.DailyRun.output",
    # A format with its own validator, where digits belong: phone and CVR numbers (e-mail
    # addresses, web addresses and slugs are left out by their field types below).
    "volunteer_portal.Municipality.phone",
    "organisations.Organisation.cvr",
    "organisations.Organisation.phone",
    "organisations.Organisation.staff_contact_phone",
    "organisations.Activity.welcome_phone",
    "partnerships.VolunteerProfile.phone",
    # The municipality's own published texts, about no person: its name and statements, its
    # action plans, goals, initiatives and milestones, grant pools, the admin's lists.
    "volunteer_portal.Municipality.name",
    "volunteer_portal.Municipality.logo_alt",
    "volunteer_portal.Municipality.address",
    "volunteer_portal.Municipality.privacy_notice",
    "initiatives.ActionPlan.title",
    "initiatives.ActionPlan.vision",
    "initiatives.ActionPlan.legal_basis",
    "initiatives.ActionPlan.introduction",
    "initiatives.StrategicGoal.title",
    "initiatives.StrategicGoal.description",
    "initiatives.Initiative.title",
    "initiatives.Initiative.description",
    "initiatives.Initiative.purpose",
    "initiatives.Milestone.title",
    "initiatives.PlanDocument.title",
    "partnerships.GrantPool.name",
    "partnerships.GrantPool.focus_areas",
    "organisations.Area.name",
    "organisations.TargetGroup.name",
    "organisations.Challenge.name",
    # A person's name on their account: refused in every form that takes it (sign-up, the
    # account page, the volunteer profile; see the forms below), not in the model, whose
    # migration belongs to the accounts app.
    "volunteer_portal.User.full_name",
}
# Form fields that are not free text about a person.
EXEMPT_FORM_FIELDS = {
    "loaded",  # the version a form was loaded at (hidden)
    "base",
    "email",  # an e-mail address (the slip's, the account's)
    "password",
    "phone",
    "slug",
    "cvr",
    "welcome_phone",
    "staff_contact_phone",
}
FORMATTED = (models.EmailField, models.URLField, models.SlugField)


def text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            if field.choices or isinstance(field, FORMATTED):
                continue
            yield f"{model._meta.label}.{field.name}", field


def has_cpr_validator(validators):
    return any(v in CPR_VALIDATORS for v in validators)


def test_every_free_text_field_of_the_portal_refuses_a_cpr_number():
    missing = [
        name
        for name, field in text_fields()
        if name not in EXEMPT_FIELDS and not has_cpr_validator(field.validators)
    ]
    assert missing == []
    assert {name for name, _field in text_fields()} >= EXEMPT_FIELDS - {
        # Models of other parts that may not be there in every checkout.
        "volunteer_portal.RateLimitHit.action",
        "volunteer_portal.RateLimitHit.key",
    }, "an exemption names a field that is gone"


def form_classes():
    modules = ["volunteer_portal.forms"]
    for app in ("organisations", "initiatives", "partnerships"):
        package = importlib.import_module(f"{app}.forms")
        modules.append(package.__name__)
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            modules.append(f"{package.__name__}.{info.name}")
    for name in modules:
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_every_form_carries_the_cpr_validator_on_its_free_texts():
    """Each text field of a form refuses a CPR-like number beside the field: a field of the
    form's model through the model's validator (a ModelForm runs it and puts the error on that
    field), a field of the form's own through its own validator."""
    found = list(form_classes())
    assert len(found) > 20
    missing = []
    for cls in found:
        model = getattr(getattr(cls, "_meta", None), "model", None)
        for name, field in cls.base_fields.items():
            if type(field) is not forms.CharField or name in EXEMPT_FORM_FIELDS:
                continue
            if isinstance(field.widget, (forms.HiddenInput, forms.PasswordInput)):
                continue
            validators = list(field.validators)
            if model is not None and name not in cls.declared_fields:
                model_field = model._meta.get_field(name)
                if f"{model._meta.label}.{name}" in EXEMPT_FIELDS:
                    continue
                validators += model_field.validators
            if not has_cpr_validator(validators):
                missing.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert missing == []


@pytest.mark.django_db
def test_a_form_shows_the_danish_explanation_beside_the_field(client_for, staff_user):
    from initiatives.forms import ProgressNoteForm, StatusForm
    from initiatives.models import ProgressNote
    from organisations.forms.referral import ReferralForm
    from partnerships.forms.review import ReviewMeetingForm
    from tests.factories import InitiativeFactory

    with translation.override("da"):
        expected = gettext(
            "The text looks like it holds a CPR number (ddmmyy-xxxx). Leave it out: the "
            "portal does not keep CPR numbers."
        )
        assert "CPR" in expected and expected != "" and translation.get_language() == "da"
        note = ProgressNoteForm(
            data={"date": "2026-01-05", "text": CPR},
            instance=ProgressNote(initiative=InitiativeFactory()),
        )
        assert note.errors["text"] == [expected]
        status = StatusForm(data={"status": "planned", "comment": CPR})
        assert expected in status.errors["comment"]
        meeting = ReviewMeetingForm(data={"minutes": CPR, "follow_ups": "0101901234"})
        assert expected in meeting.errors["minutes"]
        assert expected in meeting.errors["follow_ups"]
        referral = ReferralForm(data={"note": CPR}, user=staff_user)
        assert referral.errors["note"]


@pytest.mark.django_db
def test_the_progress_note_page_refuses_a_cpr_number_and_keeps_the_text(client_for):
    from initiatives.models import ProgressNote
    from tests.factories import InitiativeFactory, UserFactory
    from volunteer_portal.models import User

    initiative = InitiativeFactory()
    admin = UserFactory(role=User.Role.ADMIN)
    url = reverse(
        "initiatives:progress-note-create",
        kwargs={"slug": initiative.plan.slug, "number": initiative.number},
    )
    response = client_for(admin).post(url, {"date": "2026-01-05", "text": CPR})
    assert response.status_code == 200
    with translation.override("da"):
        assert (
            gettext(
                "The text looks like it holds a CPR number (ddmmyy-xxxx). Leave it out: "
                "the portal does not keep CPR numbers."
            )
            in response.content.decode()
        )
    assert CPR in response.content.decode()  # what was typed is not lost
    assert not ProgressNote.objects.filter(initiative=initiative).exists()


# The fields of the volunteer agreement that note the certificate's assessment; nothing else
# may speak of a certificate, and no model of the volunteer flow may hold a file.
CERTIFICATE_NOTE_FIELDS = {
    "child_certificate_required",
    "child_certificate_assessed_on",
    "child_certificate_assessed_by",
    "child_certificate_renew_by",
}


def test_no_model_can_hold_a_child_protection_certificate():
    from partnerships.models import VolunteerAgreement, VolunteerProfile
    from volunteer_portal.models import User

    for model in (VolunteerAgreement, VolunteerProfile, User):
        fields = model._meta.get_fields()
        files = [f.name for f in fields if isinstance(f, (models.FileField, models.BinaryField))]
        assert files == [], model
        certificate = {
            f.name
            for f in fields
            if "certificate" in f.name or "attest" in f.name or "cpr" in f.name.lower()
        }
        assert certificate <= CERTIFICATE_NOTE_FIELDS, model
    # The note is only dates, a person and a yes/no: no text or file where a certificate's
    # content could go.
    for name in CERTIFICATE_NOTE_FIELDS:
        field = VolunteerAgreement._meta.get_field(name)
        assert isinstance(field, (models.DateField, models.ForeignKey, models.BooleanField))
    # No file field anywhere in the volunteer flow's models.
    volunteer_models = [
        m
        for m in apps.get_app_config("partnerships").get_models()
        if m.__name__ in {"Interest", "VolunteerAgreement", "VolunteerProfile", "Opportunity"}
    ]
    assert len(volunteer_models) == 4
    for model in volunteer_models:
        assert not [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]


@pytest.fixture
def privacy_pages(db, client_for, unit, coordinator, volunteer):
    """Each page with a form that takes personal data, and who opens it."""
    from organisations.models import Membership
    from partnerships.models import VolunteerProfile
    from tests.factories import ActivityFactory, InterestFactory, OpportunityFactory

    VolunteerProfile.objects.create(user=volunteer)
    opportunity = OpportunityFactory(organisation=unit)
    interest = InterestFactory(opportunity=opportunity, volunteer=volunteer)
    activity = ActivityFactory()
    Membership.objects.create(user=coordinator, organisation=unit, capacity="staff")
    return [
        (None, reverse("account_signup")),
        (volunteer, reverse("volunteering:profile")),
        (volunteer, reverse("volunteering:interest-create", kwargs={"pk": opportunity.pk})),
        (volunteer, reverse("volunteering:general-interest")),
        (coordinator, reverse("organisations:activity-slip", kwargs={"pk": activity.pk})),
        (coordinator, reverse("volunteering:agreement-create") + f"?interest={interest.pk}"),
    ]


def test_every_form_that_takes_personal_data_links_the_privacy_notice(privacy_pages, client_for):
    privacy = reverse("privacy")
    for user, url in privacy_pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert f'href="{privacy}"' in response.content.decode(), url


def test_the_privacy_notice_is_the_municipalitys_own_edited_in_the_admin():
    """The page shows what the administrator typed (tests/test_municipality.py shows it)."""
    from volunteer_portal.admin import MunicipalityAdmin, MunicipalityForm

    assert "privacy_notice" in MunicipalityForm.base_fields
    assert any(
        "privacy_notice" in options["fields"] for _name, options in MunicipalityAdmin.fieldsets
    )
