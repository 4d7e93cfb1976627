"""Creating and editing organisations, and asking their contacts to confirm the activities.

Views and the daily command call these functions; each records its actor in the audit log,
which so holds who changed what and when. An edit names the fields its form showed and saves
only those, and is refused when the row changed after the editor loaded it.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisations.models import Membership, Organisation
from organisations.versions import EditConflict, stored_if_unchanged
from volunteer_portal.audit import records_actor
from volunteer_portal.mail import mail_user

__all__ = ["EditConflict"]


@records_actor
def organisation_create(*, organisation, by):
    """Save a new organisation (already validated, e.g. by a form)."""
    organisation.save()
    return organisation


@records_actor
def organisation_update(*, organisation, fields, loaded, by):
    """Save ``fields`` of an edited organisation, and nothing else: a contact's form holds
    only the public fields, and a field that is not named stays as stored. Raises
    :class:`EditConflict` when someone saved the organisation after ``loaded``."""
    with transaction.atomic():
        stored_if_unchanged(
            organisation,
            loaded,
            _("Someone else saved this organisation while you were editing it."),
        )
        organisation.save(update_fields=[*fields, "updated_at"])
    return organisation


@records_actor
def organisation_ask_confirmation(*, organisation, base_url, by, unless_asked_since=None):
    """Mail every contact person of ``organisation`` a request to confirm that its activities
    are current, with an absolute link (``base_url`` and the confirm page, in their own
    language), and note
    when it was asked. Returns the number of people mailed; an organisation without a contact
    is not marked as asked (staff see it on the list of activities to check). With
    ``unless_asked_since``, one asked at or after that moment is left alone: two runs of the
    daily command at once mail no one twice."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        asked = organisation.confirmation_requested_at
        if unless_asked_since is not None and asked is not None and asked >= unless_asked_since:
            return 0
        contacts = [
            membership.user
            for membership in Membership.objects.of_capacity(Membership.Capacity.CONTACT)
            .filter(organisation=organisation, user__is_active=True)
            .select_related("user")
        ]
        for contact in contacts:
            with translation.override(contact.language):
                url = base_url.rstrip("/") + reverse(
                    "organisations:organisation-confirm", kwargs={"slug": organisation.slug}
                )
            mail_user(
                user=contact,
                template="activity_confirmation",
                context={"organisation": organisation, "confirm_url": url},
            )
        if contacts:
            organisation.confirmation_requested_at = timezone.now()
            organisation.save(update_fields=["confirmation_requested_at"])
    return len(contacts)
