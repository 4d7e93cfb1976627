"""Which opportunities suit a volunteer who registered a general interest, so that the
coordinator can suggest one. Read-only: nothing here changes a row.

An opportunity suits a profile when it is published and has a place left, and
- it is in an area the volunteer can help in, or names no area;
- it is of a kind the volunteer chose (a volunteer who chose none takes any kind);
- its times overlap the volunteer's availability, or either names no time;
- it wants a language the volunteer speaks, or wants none in particular.
The best come first: those that match on area, times and language rather than by naming
none, then those of the unit the interest was for.
"""

from partnerships.models import Opportunity
from partnerships.services.places import with_places_left

SUGGESTIONS = 10


def _words(text):
    return {part.strip().casefold() for part in (text or "").split(",") if part.strip()}


def _score(opportunity, *, area_ids, availability, languages, unit_id):
    """None when the opportunity does not suit; otherwise how closely it does."""
    score = 0
    if opportunity.area_id is not None:
        if opportunity.area_id not in area_ids:
            return None
        score += 1
    times = set(opportunity.times or [])
    if times and availability:
        if not times & availability:
            return None
        score += 1
    wanted = _words(opportunity.languages)
    if wanted:
        if not wanted & languages:
            return None
        score += 1
    if opportunity.organisation_id == unit_id:
        score += 1
    return score


def matching_opportunities(profile, *, unit=None, limit=SUGGESTIONS):
    """The published opportunities with places left that suit ``profile`` (a
    VolunteerProfile, or None for a volunteer without one: then none), best first, at most
    ``limit``. ``unit``: the unit the general interest was for, whose own come first among
    equals."""
    if profile is None:
        return []
    candidates = with_places_left(
        Opportunity.objects.published().select_related("organisation", "area")
    ).filter(places_left__gt=0)
    if profile.kinds:
        candidates = candidates.filter(kind__in=profile.kinds)
    facts = {
        "area_ids": {area.pk for area in profile.areas.all()},
        "availability": set(profile.availability or []),
        "languages": _words(profile.languages),
        "unit_id": unit.pk if unit is not None else None,
    }
    scored = []
    for opportunity in candidates:
        score = _score(opportunity, **facts)
        if score is not None:
            scored.append((-score, opportunity.start_date is None, opportunity.pk, opportunity))
    scored.sort(key=lambda row: row[:3])
    return [row[-1] for row in scored[:limit]]
