"""Recording a referral (brobygning) for the municipality's count.

A referral keeps the date, the referring unit, the activity and an optional note: never the
citizen, and not the staff member. That is why ``Referral`` is not in the audit log, whose
entries would name the person who recorded it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organisations.models import Referral
from volunteer_portal.audit import records_actor


@records_actor
def record_referral(*, activity, unit, referred_on, note="", by):
    """Record that ``unit`` referred a citizen to ``activity`` on ``referred_on``.

    The unit must be an active municipal unit and the activity published; the note must not
    hold a CPR number (the model's validator). ``by`` is not stored (see the module).
    """
    if not (unit.is_municipal and unit.is_active):
        raise ValidationError({"unit": _("A referral is recorded for an active municipal unit.")})
    if not activity.is_published:
        raise ValidationError(
            _("Only a published activity can be referred to."), code="activity_not_published"
        )
    referral = Referral(activity=activity, unit=unit, referred_on=referred_on, note=note)
    referral.full_clean()
    referral.save()
    return referral
