"""Who hears of a change in the volunteer flow, and the mail they get.

Each event has its templates in ``templates/mail/volunteering/<event>`` (subject, text, HTML),
rendered in the reader's language; links in them are ``{{ portal_url }}{% url ... %}``, so that
they lead to the page in that language. The mail goes out after the change commits
(volunteer_portal.mail). The child-protection certificate is never mentioned in a mail.
"""

from django.conf import settings

from organisations.models import Membership
from volunteer_portal.mail import mail_user
from volunteer_portal.models import User


def coordinators_of_unit(unit):
    """The coordinators of ``unit`` and of the units above it, who handle its volunteers."""
    if unit is None:
        return []
    ids = [unit.pk, *(ancestor.pk for ancestor in unit.ancestors())]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__capacity=Membership.Capacity.COORDINATOR,
            memberships__organisation_id__in=ids,
        ).distinct()
    )


def coordinators_of_interest(interest):
    """An opportunity's own coordinators, or else those of the unit it is for. A general
    interest for the volunteer centre is in every coordinator's inbox and mails no one."""
    if interest.opportunity_id:
        named = list(interest.opportunity.coordinators.filter(is_active=True))
        if named:
            return named
    return coordinators_of_unit(
        interest.organisation if interest.organisation.is_municipal else None
    )


def people_of_agreement(agreement):
    """The municipal side of a volunteer agreement: its contact person and the unit's
    coordinators, each once."""
    people = {agreement.contact_person_id: agreement.contact_person}
    for coordinator in coordinators_of_unit(agreement.unit):
        people.setdefault(coordinator.pk, coordinator)
    return [person for person in people.values() if person.is_active]


def notify(people, event, **context):
    """Mail ``event`` to each of ``people`` (users), in their own language."""
    for person in people:
        mail_user(
            user=person,
            template=f"volunteering/{event}",
            context={"portal_url": settings.PORTAL_URL.rstrip("/"), **context},
        )
