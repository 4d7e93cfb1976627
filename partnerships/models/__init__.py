"""The partnerships app's models, one module per entity: cooperation agreements now, the
volunteer flow (opportunities to volunteer agreements) beside them later."""

from partnerships.models.agreement import Agreement, AgreementQuerySet
from partnerships.models.declaration import ChildCertificateDeclaration
from partnerships.models.document import AgreementDocument
from partnerships.models.grant import Grant, GrantPool, GrantReport
from partnerships.models.reminder import CalendarToken, SentReminder
from partnerships.models.review import ReviewMeeting

__all__ = [
    "Agreement",
    "AgreementDocument",
    "AgreementQuerySet",
    "CalendarToken",
    "ChildCertificateDeclaration",
    "Grant",
    "GrantPool",
    "GrantReport",
    "ReviewMeeting",
    "SentReminder",
]
