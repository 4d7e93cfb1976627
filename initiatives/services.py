"""Every state change and multi-object write of the action plan.

Views and forms call these functions and never set a status themselves. Each function takes
instances (never a request), does its work inside one transaction and raises a domain error
with a translated message when the change is not allowed.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    ProgressNote,
    StatusChange,
    StrategicGoal,
    validate_progress,
)
from volunteer_portal import caching
from volunteer_portal.audit import records_actor
from volunteer_portal.transitions import DomainError, TransitionNotAllowed, transition

__all__ = [
    "ConflictError",
    "DuplicateError",
    "NumberingError",
    "ProgressError",
    "TransitionNotAllowed",
]

# Statuses that end an initiative: these are not carried over into a new plan.
FINISHED_STATUSES = (Initiative.Status.COMPLETED, Initiative.Status.CANCELLED)


class ConflictError(DomainError):
    """Someone else saved the object after it was loaded; ``current`` is what is stored now."""

    def __init__(self, message, *, current):
        super().__init__(message)
        self.current = current


class ProgressError(DomainError):
    """A progress note that cannot be added as given (see :func:`progress_note_add`)."""


class NumberingError(DomainError):
    """Numbers given for a renumbering are missing, repeated or not positive."""


class DuplicateError(DomainError):
    """A number or short name that must be unique is taken, typically by someone who saved at
    the same moment (the forms check first). ``field`` is the form field it belongs to."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def _initiative_conflict_message():
    return _("Someone else saved this initiative while you were editing it.")


def _plan_conflict_message():
    return _("Someone else saved this action plan while you were editing it.")


def _stored_if_current(model, obj, version, message, *, lock=True):
    """The stored row of ``obj`` (locked unless ``lock`` is false), or ConflictError when it
    is no longer the ``version`` the editor loaded."""
    rows = model.objects.select_for_update() if lock else model.objects.all()
    stored = rows.get(pk=obj.pk)
    if stored.version != version:
        raise ConflictError(message, current=stored)
    return stored


def _forget_pk(obj):
    """After a rolled-back create: the object is new again, so a form can show it as new."""
    obj.pk = None
    obj._state.adding = True


@records_actor
def plan_publish(*, plan, by):
    """Publish a draft plan: from now on anyone can read it. Records when and by whom."""
    transition(plan, ActionPlan.Status.PUBLISHED, by=by, machine=ActionPlan.STATUS_MACHINE)
    return plan


@records_actor
def initiative_set_status(*, initiative, status, by, comment=""):
    """Move an initiative to ``status`` if the state table allows it from the stored status,
    and record the change (who, when, from, to, comment) as a StatusChange."""
    with transaction.atomic():
        stored, old = transition(initiative, status, by=by, machine=Initiative.STATUS_MACHINE)
        return StatusChange.objects.create(
            initiative=stored,
            from_status=old,
            to_status=stored.status,
            changed_at=stored.status_changed_at,
            changed_by=by,
            comment=comment,
        )


@records_actor
def progress_note_add(*, initiative, text, by, date=None, progress=None):
    """Add a dated progress note to an initiative, written by ``by``, with an optional
    ``progress`` in per cent. Raises :class:`ProgressError` for a percentage outside 0-100, a
    note with neither text nor percentage, or a percentage lower than the one before it
    without text saying why (the rules of ``ProgressNote.clean``, which the form shows too)."""
    note = ProgressNote(
        initiative=initiative,
        text=text,
        author=by,
        date=date or timezone.localdate(),
        progress=progress,
    )
    try:
        if progress is not None:
            validate_progress(progress)
        note.clean()
    except ValidationError as error:
        raise ProgressError(" ".join(error.messages)) from error
    note.save()
    return note


def initiative_check_version(*, initiative, version):
    """Raise :class:`ConflictError` when the stored initiative is no longer the ``version``
    the editor loaded. Views ask before validating the child rows: rows that the other save
    removed would otherwise fail validation and hide the conflict."""
    if initiative.pk is not None:
        _stored_if_current(
            Initiative, initiative, version, _initiative_conflict_message(), lock=False
        )


@records_actor
def initiative_save(*, initiative, version, by, goals, related, formsets=()):
    """Create or update an initiative with its goals, related initiatives and child formsets
    (actors, milestones) in one transaction, with ``by`` as the audit log's actor.

    Optimistic locking: ``version`` is the version the editor loaded. If the stored version
    differs, someone else saved in between and :class:`ConflictError` is raised with the
    stored initiative, so nothing is overwritten. A number taken at the same moment raises
    :class:`DuplicateError`.
    """
    is_new, loaded_version = initiative.pk is None, initiative.version
    try:
        with transaction.atomic():
            if is_new:
                initiative.version = 1
                initiative.save()
            else:
                stored = _stored_if_current(
                    Initiative, initiative, version, _initiative_conflict_message()
                )
                initiative.version = stored.version + 1
                # Status is never written here: only initiative_set_status changes it.
                initiative.save(
                    update_fields=_editable_fields(initiative) + ["version", "updated_at"]
                )
            initiative.goals.set(goals)
            initiative.related.set(related)
            for formset in formsets:
                formset.instance = initiative
                formset.save()
    except IntegrityError as error:
        initiative.version = loaded_version
        if is_new:
            _forget_pk(initiative)
        others = Initiative.objects.filter(plan=initiative.plan_id).exclude(pk=initiative.pk)
        if others.filter(number=initiative.number).exists():
            raise DuplicateError(
                _("Another initiative of this plan already has number %(number)s.")
                % {"number": initiative.number},
                field="number",
            ) from error
        raise
    return initiative


def _editable_fields(obj):
    return [
        f.name
        for f in obj._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("created_at", "updated_at")
    ]


def plan_check_version(*, plan, version):
    """Like :func:`initiative_check_version`, for a plan and its goals."""
    if plan.pk is not None:
        _stored_if_current(ActionPlan, plan, version, _plan_conflict_message(), lock=False)


@records_actor
def plan_save(*, plan, version, by, goals_formset=None):
    """Create or update a plan and its strategic goals in one transaction, with ``by`` as the
    audit log's actor.

    Only the fields an editor edits are written: status and publishing belong to
    :func:`plan_publish`, so a form loaded before the plan was published cannot undo it.
    Optimistic locking and a short name or goal number taken at the same moment are handled
    as in :func:`initiative_save`.
    """
    is_new, loaded_version = plan.pk is None, plan.version
    try:
        with transaction.atomic():
            if is_new:
                plan.version = 1
                plan.save()
            else:
                stored = _stored_if_current(ActionPlan, plan, version, _plan_conflict_message())
                plan.version = stored.version + 1
                plan.save(update_fields=_editable_fields(plan) + ["version", "updated_at"])
            if goals_formset is not None:
                goals_formset.instance = plan
                goals_formset.save()
    except IntegrityError as error:
        plan.version = loaded_version
        if is_new:
            _forget_pk(plan)
        duplicate = _plan_duplicate(plan, goals_formset)
        if duplicate is None:
            raise
        raise duplicate from error
    return plan


def _plan_duplicate(plan, goals_formset):
    """The DuplicateError behind an IntegrityError of plan_save, or None if it is another."""
    if ActionPlan.objects.filter(slug=plan.slug).exclude(pk=plan.pk).exists():
        return _slug_taken(plan.slug)
    forms = goals_formset.forms if goals_formset is not None else []
    numbers = [f.cleaned_data["number"] for f in forms if f.cleaned_data.get("number")]
    if plan.pk is None or plan.goals.filter(number__in=numbers).exists():
        return DuplicateError(_("Two strategic goals of this plan cannot have the same number."))
    return None


def _slug_taken(slug):
    return DuplicateError(
        _("Another action plan already has the short name “%(slug)s”.") % {"slug": slug},
        field="slug",
    )


@records_actor
def initiatives_renumber(*, plan, numbers, by):
    """Give the plan's initiatives new numbers: ``numbers`` maps initiative pk to number.

    Numbers are unique within a plan, so swapping two numbers in place would break the
    constraint half-way: every initiative first moves to a temporary number above all the
    old and new ones, then to its final number, inside one transaction.
    """
    values = list(numbers.values())
    if any(n < 1 for n in values):
        raise NumberingError(_("Numbers must be 1 or more."))
    if len(set(values)) != len(values):
        raise NumberingError(_("Two initiatives cannot have the same number."))
    with transaction.atomic():
        initiatives = list(plan.initiatives.select_for_update().order_by("number"))
        if {i.pk for i in initiatives} != set(numbers):
            raise NumberingError(_("Give every initiative of the plan a number."))
        offset = max([*values, *(i.number for i in initiatives)]) + 1
        for initiative in initiatives:
            initiative.number += offset
            initiative.save(update_fields=["number"])
        for initiative in initiatives:
            initiative.number = numbers[initiative.pk]
            initiative.version += 1
            initiative.save(update_fields=["number", "version", "updated_at"])
    return sorted(initiatives, key=lambda i: i.number)


@records_actor
def plan_start_from(*, source, title, slug, start_year, end_year, by):
    """Start a new draft plan from ``source``: its vision, legal basis, introduction and goals
    are copied, and every initiative that is neither completed nor cancelled is carried over
    (numbered anew in the old order, marked as carried over, goals mapped to the copied goals,
    actors and relations among carried-over initiatives copied). A short name taken at the
    same moment raises :class:`DuplicateError`."""
    try:
        with transaction.atomic():
            return _start_from(source, title, slug, start_year, end_year, by)
    except IntegrityError as error:
        if ActionPlan.objects.filter(slug=slug).exists():
            raise _slug_taken(slug) from error
        raise


def _start_from(source, title, slug, start_year, end_year, by):
    """The body of plan_start_from, inside its transaction."""
    plan = ActionPlan.objects.create(
        title=title,
        slug=slug,
        start_year=start_year,
        end_year=end_year,
        vision=source.vision,
        legal_basis=source.legal_basis,
        introduction=source.introduction,
        previous_plan=source,
    )
    goal_map = {
        goal.pk: StrategicGoal.objects.create(
            plan=plan, number=goal.number, title=goal.title, description=goal.description
        )
        for goal in source.goals.all()
    }
    old_initiatives = (
        source.initiatives.exclude(status__in=FINISHED_STATUSES)
        .prefetch_related("goals", "actors", "related")
        .order_by("number")
    )
    copies = {
        old.pk: (old, _carry_over(old, plan=plan, number=number, goal_map=goal_map, by=by))
        for number, old in enumerate(old_initiatives, start=1)
    }
    for old, copy in copies.values():
        copy.related.set([copies[r.pk][1] for r in old.related.all() if r.pk in copies])
    return plan


def _carry_over(old, *, plan, number, goal_map, by):
    start = max(old.start_year, plan.start_year)
    end = max(start, min(old.end_year, plan.end_year))
    new = Initiative.objects.create(
        plan=plan,
        number=number,
        title=old.title,
        description=old.description,
        purpose=old.purpose,
        start_year=start,
        end_year=end,
        status=old.status,
        carried_over_from=old,
    )
    # Its history starts with where it came from and the status it brought along.
    StatusChange.objects.create(
        initiative=new,
        from_status=old.status,
        to_status=old.status,
        changed_at=timezone.now(),
        changed_by=by,
        # No comment naming the old plan: it may be a draft, which the public never sees.
    )
    new.goals.set([goal_map[g.pk] for g in old.goals.all() if g.pk in goal_map])
    InitiativeActor.objects.bulk_create(
        InitiativeActor(
            initiative=new,
            organisation_id=a.organisation_id,
            name=a.name,
            role=a.role,
            position=a.position,
        )
        for a in old.actors.all()
    )
    caching.bump(caching.plan_scope(new.plan_id))  # bulk_create sends no post_save
    return new


def next_initiative_number(plan):
    """The number a new initiative of ``plan`` gets unless the editor chooses another."""
    return (plan.initiatives.aggregate(n=Max("number"))["n"] or 0) + 1
