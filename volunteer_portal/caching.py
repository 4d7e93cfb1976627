"""Cached fragments of the public pages, never shown stale: versioned invalidation.

Each cached fragment names the *scopes* whose data it shows (one plan; the initiatives). A
scope's version is a random token kept in the shared cache; the fragment's key holds the
versions of its scopes, the language and whatever else varies (``parts``). A change bumps the
versions of the scopes it touches: the old fragments are no longer found and age out. Tokens,
not counters: a version lost from the cache (culled, flushed) comes back as a new token and can
never meet a fragment made under an old one.

A bump is written at once (the writer's own transaction sees it; with the database cache it is
part of that transaction and rolls back with it) and again once the transaction commits: a
request that read the old rows before the commit may have cached them under the new version.

Which change bumps which scope is declared here, in ``connect_receivers``, for every model a
cached fragment shows; writes that bypass signals (``QuerySet.update``, ``bulk_create``) call
``bump`` themselves.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

INITIATIVES = "initiatives"  # every initiative page: they link to other initiatives and plans
PLANS = "plans"  # the plan list and every whole plan page (volunteer_portal.page_cache)
OPPORTUNITIES = "opportunities"  # the opportunities and their places left, wherever shown
DIRECTORY = "directory"  # the public directory: organisations, activities and their lists
AGREEMENTS = "agreements"  # the agreement list's choices: the partners of agreements, the pools

VERSION_PREFIX = "portal:version:"
FRAGMENT_PREFIX = "portal:fragment:"
FRAGMENT_SECONDS = getattr(settings, "CACHE_FRAGMENT_SECONDS", 24 * 60 * 60)


def plan_scope(plan_id):
    return f"plan:{plan_id}"


def _versions(scopes):
    """The current version token of each of ``scopes``, one cache read (a new token for a
    scope that has none yet)."""
    keys = [VERSION_PREFIX + scope for scope in scopes]
    found = cache.get_many(keys)
    versions = []
    for key in keys:
        if key not in found:
            token = uuid.uuid4().hex
            # Another process may have set one meanwhile: theirs wins, ours is only a miss.
            found[key] = token if cache.add(key, token, None) else cache.get(key, token)
        versions.append(found[key])
    return versions


def _set_new_versions(scopes):
    cache.set_many({VERSION_PREFIX + scope: uuid.uuid4().hex for scope in scopes}, None)


def bump(*scopes):
    """Make every fragment of ``scopes`` stale: now, and again when the transaction commits
    (nothing at all if it rolls back, with the database cache)."""
    scopes = sorted(set(scopes))
    if not scopes:
        return
    if transaction.get_connection().in_atomic_block:
        _set_new_versions(scopes)
    transaction.on_commit(lambda: _set_new_versions(scopes))


def fragment_key(name, scopes, parts=()):
    """The cache key of fragment ``name`` showing ``scopes``, in the active language."""
    versions = _versions(scopes)
    raw = "|".join([name, translation.get_language() or "", *versions, *map(str, parts)])
    return FRAGMENT_PREFIX + name + ":" + hashlib.sha256(raw.encode()).hexdigest()


def cached_fragment(name, scopes, build, parts=()):
    """The fragment ``name`` from the cache, or ``build()`` stored there. ``build`` returns
    something picklable (HTML, or a dict with it); it must never contain a CSRF token, a CSP
    nonce, messages or anything about the viewer that ``parts`` does not name."""
    key = fragment_key(name, scopes, parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


# What each change makes stale.


def _plan_changed(instance, **kwargs):
    bump(PLANS, INITIATIVES, plan_scope(instance.pk))


def _goal_changed(instance, **kwargs):
    bump(PLANS, INITIATIVES, plan_scope(instance.plan_id))


def _initiative_changed(instance, **kwargs):
    bump(PLANS, INITIATIVES, plan_scope(instance.plan_id))


def _initiative_part_changed(instance, **kwargs):
    """An actor, milestone, progress note or status change: its initiative's pages."""
    from initiatives.models import Initiative

    plans = Initiative.objects.filter(pk=instance.initiative_id).values_list("plan_id", flat=True)
    bump(INITIATIVES, *(plan_scope(pk) for pk in plans))


def _document_changed(instance, **kwargs):
    bump(PLANS, plan_scope(instance.plan_id))


def _opportunity_changed(instance, **kwargs):
    bump(OPPORTUNITIES)


def _directory_changed(instance, **kwargs):
    """An organisation, an activity or a name its filters list (areas, target groups,
    challenges, shown on opportunities too)."""
    bump(DIRECTORY, OPPORTUNITIES)


def _bumps_on_m2m(scope):
    """A receiver of ``m2m_changed`` that bumps ``scope`` once the rows have changed."""

    def receiver(action, **kwargs):
        if action.startswith("post_"):
            bump(scope)

    return receiver


def _agreements_changed(instance, **kwargs):
    bump(AGREEMENTS)


def _initiative_goals_changed(instance, action, **kwargs):
    if action.startswith("post_"):
        bump(INITIATIVES, *(plan_scope(pk) for pk in _plans_of_m2m(instance, **kwargs)))


def _plans_of_m2m(instance, model, pk_set, reverse, **kwargs):
    """The plans touched by a change of an initiative's goals or related initiatives."""
    from initiatives.models import ActionPlan, Initiative, StrategicGoal

    plan_ids = set()
    for obj_model, ids in ((type(instance), {instance.pk}), (model, pk_set or set())):
        if obj_model is Initiative:
            plan_ids |= set(Initiative.objects.filter(pk__in=ids).values_list("plan_id", flat=True))
        elif obj_model is StrategicGoal:
            plan_ids |= set(
                StrategicGoal.objects.filter(pk__in=ids).values_list("plan_id", flat=True)
            )
        elif obj_model is ActionPlan:
            plan_ids |= ids
    return plan_ids


def _organisation_changed(instance, **kwargs):
    """An organisation: the pages of the plans and initiatives naming it an actor, and the
    initiative pages listing its volunteer opportunities."""
    from initiatives.models import InitiativeActor

    bump(OPPORTUNITIES, DIRECTORY)

    actors = InitiativeActor.objects.filter(organisation_id=instance.pk)
    plan_ids = set(actors.values_list("initiative__plan_id", flat=True))
    if plan_ids:
        bump(INITIATIVES, *(plan_scope(pk) for pk in plan_ids))


def connect_receivers():
    """Connect every change that a cached fragment shows to the scopes it makes stale."""
    from initiatives.models import (
        ActionPlan,
        Initiative,
        InitiativeActor,
        Milestone,
        PlanDocument,
        ProgressNote,
        StatusChange,
        StrategicGoal,
    )

    receivers = [
        (ActionPlan, _plan_changed),
        (StrategicGoal, _goal_changed),
        (Initiative, _initiative_changed),
        (InitiativeActor, _initiative_part_changed),
        (Milestone, _initiative_part_changed),
        (ProgressNote, _initiative_part_changed),
        (StatusChange, _initiative_part_changed),
        (PlanDocument, _document_changed),
    ]
    from organisations.models import Activity, Area, Challenge, Organisation, TargetGroup
    from partnerships.models import Agreement, GrantPool, Interest, Opportunity, VolunteerAgreement

    receivers.append((Organisation, _organisation_changed))
    # An interest or an agreement takes or frees a place.
    receivers += [(m, _opportunity_changed) for m in (Opportunity, Interest, VolunteerAgreement)]
    receivers += [(model, _directory_changed) for model in (Activity, Area, Challenge, TargetGroup)]
    # Deleting an agreement deletes its partner rows without an m2m signal.
    receivers += [(Agreement, _agreements_changed), (GrantPool, _agreements_changed)]
    for model, receiver in receivers:
        uid = f"portal-cache:{model._meta.label}:{receiver.__name__}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for through in (Initiative.goals.through, Initiative.related.through):
        m2m_changed.connect(
            _initiative_goals_changed,
            sender=through,
            weak=False,
            dispatch_uid=f"portal-cache:{through._meta.label}",
        )
    m2m_scopes = [(Opportunity, OPPORTUNITIES), (Activity, DIRECTORY), (Agreement, AGREEMENTS)]
    for model, scope in m2m_scopes:
        receiver = _bumps_on_m2m(scope)
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"portal-cache:{field.remote_field.through._meta.label}",
            )
