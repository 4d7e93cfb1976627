"""Where a plan stands, as its readers see it: the count by status, each initiative's current
progress and the plan's overall figure, overdue milestones and when the plan last changed.

Everything here works on rows already loaded (``InitiativeQuerySet.with_progress`` and a
milestones prefetch), so the plan page asks no query per initiative.
"""

from dataclasses import dataclass

from initiatives.models import Initiative


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    percent: int  # share of all initiatives counted, in whole per cent


def status_count_rows(counts):
    """One row per status, in the statuses' order, from ``{status: number}`` (statuses
    without initiatives get 0), each with its share of the total."""
    total = sum(counts.values())
    return [
        StatusCount(
            status=value,
            label=label,
            count=counts.get(value, 0),
            percent=round(100 * counts.get(value, 0) / total) if total else 0,
        )
        for value, label in Initiative.Status.choices
    ]


@dataclass(frozen=True)
class MilestoneRow:
    milestone: object
    is_overdue: bool


def milestone_rows(milestones, today):
    """The milestones with whether each is overdue on ``today``."""
    return [MilestoneRow(m, m.is_overdue(today)) for m in milestones]


@dataclass(frozen=True)
class PlanStanding:
    status_counts: list[StatusCount]
    total: int
    completed: int
    # The mean of the current progress of ``counted``, the initiatives that have a figure.
    overall_progress: int | None
    counted: list
    milestones: int
    milestones_reached: int
    milestones_overdue: int


def plan_standing(initiatives, today):
    """The figures of the plan whose ``initiatives`` (loaded with ``with_progress`` and their
    milestones) are given."""
    counts = {}
    for initiative in initiatives:
        counts[initiative.status] = counts.get(initiative.status, 0) + 1
    counted = [i for i in initiatives if i.current_progress is not None]
    milestones = [m for i in initiatives for m in i.milestones.all()]
    return PlanStanding(
        status_counts=status_count_rows(counts),
        total=len(initiatives),
        completed=counts.get(Initiative.Status.COMPLETED, 0),
        overall_progress=(
            round(sum(i.current_progress for i in counted) / len(counted)) if counted else None
        ),
        counted=counted,
        milestones=len(milestones),
        milestones_reached=sum(m.is_reached for m in milestones),
        milestones_overdue=sum(m.is_overdue(today) for m in milestones),
    )


def plan_last_changed(plan, initiatives):
    """When anything a reader of the plan sees last changed: the plan and its goals, an
    initiative (its text, status or milestones) or a progress note."""
    moments = [plan.updated_at]
    for initiative in initiatives:
        moments.append(initiative.updated_at)
        if initiative.last_note_at is not None:
            moments.append(initiative.last_note_at)
    return max(moments)


def current_progress(notes):
    """The percentage of the latest of ``notes`` (newest first) that has one, or None."""
    return next((note.progress for note in notes if note.progress is not None), None)
