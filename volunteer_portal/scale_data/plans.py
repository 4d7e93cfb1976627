"""Action plans at scale: consecutive four-year plans, each continuing the one before, all
published, the last one running this year; numbered initiatives with their goals, actors,
milestones, progress notes and the status changes that led to their status."""

import datetime

from django.utils import timezone

from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    Milestone,
    ProgressNote,
    StatusChange,
    StrategicGoal,
)
from volunteer_portal.scale_data import names

S = Initiative.Status
ROLES = (
    InitiativeActor.Role.OWNER,
    InitiativeActor.Role.PARTICIPANT,
    InitiativeActor.Role.CONTRIBUTOR,
)


def _moment(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _path(ctx, plan_ended, start_year):
    """The statuses an initiative went through, first to last (planned first)."""
    rng = ctx.rng
    if start_year > ctx.today.year:
        return [S.PLANNED]
    roll = rng.random()
    if plan_ended:
        if roll < 0.75:
            return [S.PLANNED, S.IN_PROGRESS, S.COMPLETED]
        if roll < 0.9:
            return [S.PLANNED, S.IN_PROGRESS, S.CANCELLED]
        return [S.PLANNED, S.POSTPONED, S.CANCELLED]
    if roll < 0.15:
        return [S.PLANNED]
    if roll < 0.75:
        return [S.PLANNED, S.IN_PROGRESS]
    if roll < 0.88:
        return [S.PLANNED, S.IN_PROGRESS, S.COMPLETED]
    return [S.PLANNED, S.POSTPONED]


def build_plans(ctx, directory, people):
    """Returns the initiatives of the running (last) plan, for agreements and opportunities
    to serve."""
    size, rng = ctx.size, ctx.rng
    authors = [u for u in people.municipal_users if not u.is_portal_admin]
    admin = people.bench["admin"]
    last_start = ctx.today.year - 1
    plans, previous = [], None
    for k in range(size.plans):
        start = last_start - 4 * (size.plans - 1 - k)
        end = start + 3
        theme = names.PLAN_THEMES[k % len(names.PLAN_THEMES)]
        plan = ActionPlan(
            title=f"Handleplan for frivilligt socialt arbejde {start}-{end}",
            slug=f"handleplan-{start}-{end}",
            start_year=start,
            end_year=end,
            vision=f"{theme}: " + " ".join(rng.sample(names.SENTENCES, 3)),
            introduction="\n\n".join(rng.sample(names.SENTENCES, 4)),
            status=ActionPlan.Status.PUBLISHED,
            published_at=_moment(datetime.date(start, 1, 15)),
            published_by=admin,
            previous_plan=previous,
            created_at=_moment(datetime.date(start - 1, 11, 1)),
            updated_at=_moment(datetime.date(start, 1, 15)),
        )
        previous = ctx.insert(ActionPlan, [plan])[0]
        plans.append(previous)
    goals = ctx.insert(
        StrategicGoal,
        [
            StrategicGoal(plan=plan, number=n, title=title, description=ctx.pick(names.SENTENCES))
            for plan in plans
            for n, title in enumerate(
                (
                    "Gode rammer for frivilligheden",
                    "Synlighed og netværk",
                    "Flere med i fællesskaber",
                ),
                start=1,
            )
        ],
    )
    goals_by_plan = {}
    for goal in goals:
        goals_by_plan.setdefault(goal.plan_id, []).append(goal)

    initiatives, paths = [], []
    for plan in plans:
        plan_ended = plan.end_year < ctx.today.year
        for number in range(1, size.initiatives_per_plan + 1):
            start_year = rng.randint(plan.start_year, plan.end_year)
            end_year = rng.randint(start_year, plan.end_year)
            path = _path(ctx, plan_ended, start_year)
            word = names.INITIATIVE_WORDS[(number - 1) % len(names.INITIATIVE_WORDS)]
            initiatives.append(
                Initiative(
                    plan=plan,
                    number=number,
                    title=f"{word} ({number})",
                    description=" ".join(rng.sample(names.SENTENCES, 4)),
                    purpose=ctx.pick(names.SENTENCES),
                    start_year=start_year,
                    end_year=end_year,
                    start_date=datetime.date(start_year, rng.randint(1, 6), 1),
                    end_date=datetime.date(end_year, 12, 31),
                    status=path[-1],
                    created_at=plan.created_at,
                    updated_at=plan.updated_at,
                )
            )
            paths.append(path)
    # Changes are dated between the start and today (or the plan's end), in order.
    changes = []
    for initiative, path in zip(initiatives, paths, strict=True):
        first = datetime.date(initiative.start_year, 2, 1)
        last = min(
            ctx.today - datetime.timedelta(days=1), datetime.date(initiative.end_year, 12, 1)
        )
        steps = len(path) - 1
        first = min(first, last - datetime.timedelta(days=steps + 1))
        span = (last - first).days
        when = []
        for i in range(steps):
            when.append(_moment(first + datetime.timedelta(days=span * (i + 1) // (steps + 1))))
        initiative.status_changed_at = when[-1] if when else None
        if when:
            initiative.updated_at = max(initiative.updated_at, when[-1])
        changes.append(when)
    initiatives = ctx.insert(Initiative, initiatives)
    ctx.insert(
        StatusChange,
        [
            StatusChange(
                initiative=initiative,
                from_status=path[i],
                to_status=path[i + 1],
                changed_at=moment,
                changed_by=ctx.pick(authors),
                comment="" if rng.random() < 0.7 else ctx.pick(names.SENTENCES),
            )
            for initiative, path, when in zip(initiatives, paths, changes, strict=True)
            for i, moment in enumerate(when)
        ],
    )
    ctx.link(
        Initiative._meta.get_field("goals"),
        [
            (initiative.pk, goal.pk)
            for initiative in initiatives
            for goal in rng.sample(goals_by_plan[initiative.plan_id], rng.randint(1, 2))
        ],
    )
    _related(ctx, initiatives)
    _actors(ctx, directory, initiatives)
    _milestones_and_notes(ctx, initiatives, authors)
    return [i for i in initiatives if i.plan_id == plans[-1].pk]


def _related(ctx, initiatives):
    """A few pairs of related initiatives in each plan (the relation goes both ways)."""
    pairs = set()
    by_plan = {}
    for initiative in initiatives:
        by_plan.setdefault(initiative.plan_id, []).append(initiative)
    for group in by_plan.values():
        for _ in range(len(group) // 4):
            a, b = ctx.rng.sample(group, 2)
            pairs.add((a.pk, b.pk))
            pairs.add((b.pk, a.pk))
    ctx.link(Initiative._meta.get_field("related"), sorted(pairs))


def _actors(ctx, directory, initiatives):
    rng = ctx.rng
    rows = []
    for initiative in initiatives:
        partners = rng.sample(directory.civil, ctx.size.actors_per_initiative - 1)
        for position in range(ctx.size.actors_per_initiative):
            if position == 0:
                organisation, name = ctx.pick(directory.workplaces), ""
            elif rng.random() < 0.1:
                organisation, name = None, "Borgere og lokale foreninger"
            else:
                organisation, name = partners[position - 1], ""
            rows.append(
                InitiativeActor(
                    initiative=initiative,
                    organisation=organisation,
                    name=name,
                    role=ROLES[min(position, 2)],
                    position=position,
                )
            )
    ctx.insert(InitiativeActor, rows)


def _milestones_and_notes(ctx, initiatives, authors):
    rng, today = ctx.rng, ctx.today
    milestones, notes = [], []
    for initiative in initiatives:
        first = datetime.date(initiative.start_year, 1, 15)
        last = datetime.date(initiative.end_year, 12, 15)
        span = (last - first).days
        done = initiative.status == S.COMPLETED
        for i in range(ctx.size.milestones_per_initiative):
            day = first + datetime.timedelta(days=span * (i + 1) // 4)
            milestones.append(
                Milestone(
                    initiative=initiative,
                    date=day,
                    title=f"Delmål {i + 1}: {ctx.pick(names.ACTIVITY_WORDS).lower()}",
                    is_reached=done or (day < today and rng.random() < 0.8),
                )
            )
        # Notes from the start up to today (or the end); the progress only grows.
        note_first = min(first, today - datetime.timedelta(days=60))
        note_end = max(min(today, last), note_first)
        note_span = (note_end - note_first).days
        final = 100 if done else rng.randint(5, 90)
        count = ctx.size.notes_per_initiative
        for i in range(count):
            day = note_first + datetime.timedelta(days=note_span * i // max(count - 1, 1))
            progress = final * (i + 1) // count if rng.random() < 0.7 else None
            notes.append(
                ProgressNote(
                    initiative=initiative,
                    date=day,
                    author=ctx.pick(authors),
                    progress=progress,
                    text=ctx.pick(names.SENTENCES),
                    created_at=ctx.days_ago((today - day).days, hour=14),
                )
            )
    ctx.insert(Milestone, milestones)
    ctx.insert(ProgressNote, notes)
