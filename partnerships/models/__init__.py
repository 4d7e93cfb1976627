"""The partnerships app's models, one module per entity: cooperation agreements with
organisations, and the volunteer flow from opportunity to volunteer agreement."""

from partnerships.models.agreement import Agreement, AgreementQuerySet
from partnerships.models.declaration import ChildCertificateDeclaration
from partnerships.models.document import AgreementDocument
from partnerships.models.grant import Grant, GrantPool, GrantReport
from partnerships.models.interest import Interest
from partnerships.models.opportunity import Kind, Opportunity, TimeOfWeek
from partnerships.models.reminder import CalendarToken, SentReminder
from partnerships.models.review import ReviewMeeting
from partnerships.models.volunteer import VolunteerProfile
from partnerships.models.volunteer_agreement import Insurance, VolunteerAgreement

__all__ = [
    "Agreement",
    "AgreementDocument",
    "AgreementQuerySet",
    "CalendarToken",
    "ChildCertificateDeclaration",
    "Grant",
    "GrantPool",
    "GrantReport",
    "Insurance",
    "Interest",
    "Kind",
    "Opportunity",
    "ReviewMeeting",
    "SentReminder",
    "TimeOfWeek",
    "VolunteerAgreement",
    "VolunteerProfile",
]
