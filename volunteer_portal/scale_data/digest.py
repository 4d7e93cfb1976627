"""A fingerprint of the generated rows, to show that a seed gives the same data: per table,
a hash of every column of every row in primary-key order, with the keys (own and foreign)
counted from the table's first row, so that two runs into databases whose sequences stand
differently compare equal."""

import hashlib

from allauth.account.models import EmailAddress
from django.db.models import ForeignKey

from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    Milestone,
    ProgressNote,
    StatusChange,
    StrategicGoal,
)
from organisations.models import Activity, Area, Challenge, Membership, Organisation, TargetGroup
from partnerships.models import (
    Agreement,
    ChildCertificateDeclaration,
    Grant,
    GrantPool,
    GrantReport,
    Interest,
    Opportunity,
    ReviewMeeting,
    VolunteerAgreement,
    VolunteerProfile,
)
from volunteer_portal.models import User

GENERATED_MODELS = (
    Area,
    TargetGroup,
    Challenge,
    Organisation,
    Activity,
    User,
    Membership,
    EmailAddress,
    VolunteerProfile,
    ActionPlan,
    StrategicGoal,
    Initiative,
    InitiativeActor,
    Milestone,
    ProgressNote,
    StatusChange,
    Opportunity,
    Interest,
    VolunteerAgreement,
    Agreement,
    ReviewMeeting,
    GrantPool,
    Grant,
    GrantReport,
    ChildCertificateDeclaration,
)


def _tables():
    models = list(GENERATED_MODELS)
    for model in GENERATED_MODELS:
        for field in model._meta.local_many_to_many:
            models.append(field.remote_field.through)
    return models


def digest():
    """{model label: sha256 of its rows}."""
    models = _tables()
    first = {}
    for model in models:
        first[model] = model.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    result = {}
    for model in models:
        fields = model._meta.concrete_fields
        offsets = []
        for field in fields:
            if field.primary_key:
                offsets.append(first[model])
            elif isinstance(field, ForeignKey):
                offsets.append(first.get(field.related_model, 0))
            else:
                offsets.append(None)
        h = hashlib.sha256()
        names = [f.attname for f in fields]
        for row in model.objects.order_by("pk").values_list(*names).iterator(chunk_size=5000):
            values = [
                v if offset is None or v is None else v - offset
                for v, offset in zip(row, offsets, strict=True)
            ]
            h.update(repr(values).encode())
        result[model._meta.label] = h.hexdigest()
    return result
