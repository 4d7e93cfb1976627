"""Volunteers' own data: the profile made at sign-up, and its later changes."""

from django.db import transaction
from django.utils import timezone

from partnerships.models import VolunteerProfile
from volunteer_portal.audit import records_actor


@records_actor
def register_volunteer(user, *, full_name, phone, by):
    """A citizen has signed up (and consented): a volunteer account with its profile."""
    with transaction.atomic():
        user.full_name = full_name.strip()
        user.role = user.Role.VOLUNTEER
        user.save(update_fields=["full_name", "role"])
        profile, _created = VolunteerProfile.objects.get_or_create(user=user)
        profile.phone = phone
        profile.consent_given_at = timezone.now()
        profile.save()
    return profile


@records_actor
def profile_for(user, *, by):
    """The volunteer's profile, made empty on first use (for accounts made by an admin)."""
    profile, _created = VolunteerProfile.objects.get_or_create(user=user)
    return profile


@records_actor
def profile_update(profile, *, areas=None, full_name=None, by):
    """Save the volunteer's edited profile (and its areas, and their name on the account)."""
    with transaction.atomic():
        if full_name is not None:
            profile.user.full_name = full_name.strip()
            profile.user.save(update_fields=["full_name"])
        profile.full_clean()
        profile.save()
        if areas is not None:
            profile.areas.set(areas)
    return profile
