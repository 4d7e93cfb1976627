"""The volunteer flow at scale: opportunities, interests and volunteer agreements, in the
states the services leave them in.

Each opportunity first gets its places held (agreements offered, confirmed or active, draft
agreements and new interests in the coordinator's hands, interests in dialogue, offers from
the waiting list still open), never more than it wants; a full published one may have a
waiting list. Then the history that holds no place (ended agreements, declined, withdrawn
and lapsed interests) is spread over the opportunities by their size until the totals are
reached, and the rest are general interests and agreements without an opportunity.
"""

import datetime

from django.utils import translation

from partnerships.models import Interest, Kind, Opportunity, TimeOfWeek, VolunteerAgreement
from partnerships.models.volunteer_agreement import Insurance
from partnerships.services.volunteer_agreements import add_months
from volunteer_portal.scale_data import names
from volunteer_portal.search import danish_key, search_document

IS, AS = Interest.Status, VolunteerAgreement.Status
OS = Opportunity.Status
# Roles of one volunteer at one opportunity. Holding a place:
ACTIVE, CONFIRMED, OFFERED, DRAFT = "active", "confirmed", "offered", "draft"
NEW, DIALOGUE, WAITING_OFFERED = "new", "dialogue", "waiting_offered"
# Holding none:
WAITING, ENDED, DECLINED, WITHDRAWN, LAPSED = "waiting", "ended", "declined", "withdrawn", "lapsed"
WITH_AGREEMENT = (ACTIVE, CONFIRMED, OFFERED, DRAFT, ENDED)
HOLDING = (ACTIVE, CONFIRMED, OFFERED, DRAFT, NEW, DIALOGUE, WAITING_OFFERED)
PLACES = ((1, 3, 25), (4, 10, 40), (11, 30, 25), (31, 80, 10))
HOURS = datetime.timedelta(hours=1)
DAYS = datetime.timedelta(days=1)
NO_CAP = 10_000


class Plan:
    """One opportunity with the roles of the volunteers who have something at it."""

    def __init__(self, opportunity, is_municipal):
        self.opportunity = opportunity
        self.is_municipal = is_municipal
        self.roles = []
        self.volunteers = []


def build_volunteering(ctx, directory, people, initiatives):
    plans = _opportunities(ctx, directory, people, initiatives)
    general_agreements = _fill_roles(ctx, plans)
    _choose_volunteers(ctx, plans)
    _write(ctx, directory, people, plans, general_agreements)


def _opportunity(ctx, organisation, target_groups, *, places=None, status=None):
    rng = ctx.rng
    kind = ctx.pick(Kind.values)
    word = ctx.pick(names.OPPORTUNITY_WORDS[kind])
    if places is None:
        low, high, _w = rng.choices(PLACES, weights=[p[2] for p in PLACES])[0]
        places = rng.randint(low, high)
    if status is None:
        status = ctx.weighted(((OS.PUBLISHED, 80), (OS.CLOSED, 12), (OS.DRAFT, 8)))
    one_off = rng.random() < 0.1
    if one_off:
        start = end = ctx.date_ago(-rng.randint(10, 120))
    else:
        start = ctx.date_ago(rng.randint(0, 900))
        end = None if rng.random() < 0.8 else max(start, ctx.today) + rng.randint(60, 600) * DAYS
        if status == OS.CLOSED and rng.random() < 0.5:
            end = start + rng.randint(30, 200) * DAYS if start < ctx.today - 200 * DAYS else None
    # Published long enough ago for the interests and agreements dated after it.
    created = ctx.days_ago((ctx.today - min(start, ctx.today)).days + rng.randint(110, 160))
    changed = None
    if status != OS.DRAFT:
        changed = created + rng.randint(1, 6) * DAYS
        if status == OS.CLOSED:
            changed = max(changed, ctx.now - rng.randint(1, 30) * DAYS)
    with translation.override("da"):
        kind_label = str(Kind(kind).label)
    title = f"{word} hos {organisation.name}"
    opportunity = Opportunity(
        title=title[:200],
        description=" ".join(rng.sample(names.SENTENCES, 3)),
        kind=kind,
        organisation=organisation,
        place=organisation.name,
        area=organisation.area,
        meeting_place="Receptionen" if rng.random() < 0.3 else "",
        rhythm=ctx.pick(names.RHYTHMS),
        time_commitment=f"{rng.randint(1, 4)} timer om ugen",
        times=sorted(rng.sample(TimeOfWeek.values, rng.randint(1, 2))),
        is_one_off=one_off,
        start_date=start,
        end_date=end,
        volunteers_wanted=places,
        skills="Tålmodighed og godt humør." if rng.random() < 0.5 else "",
        languages=ctx.pick(("", "Dansk", "Dansk, engelsk", "Dansk, arabisk")),
        practical_notes=ctx.pick(names.SENTENCES) if rng.random() < 0.4 else "",
        works_with_children=rng.random() < 0.12,
        status=status,
        status_changed_at=changed,
        created_at=created,
        updated_at=changed or created,
    )
    groups = sorted(rng.sample(target_groups, rng.randint(1, 2)), key=lambda g: danish_key(g.name))
    opportunity.search_text = search_document(
        title,
        organisation.name,
        organisation.area.name if organisation.area_id else "",
        kind_label,
        opportunity.place,
        opportunity.skills,
        opportunity.languages,
        *(g.name for g in groups),
        opportunity.description,
    )
    return opportunity, groups


def _opportunities(ctx, directory, people, initiatives):
    size, rng = ctx.size, ctx.rng
    n_municipal = round(size.opportunities * 0.7)
    hosts = [(directory.bench_unit, True)] * size.bench_opportunities
    hosts += [(ctx.pick(directory.workplaces), True) for _ in range(n_municipal - len(hosts))]
    civil = [
        o for o in directory.civil if o.kind in ("humanitarian", "adult_education", "community")
    ]
    civil += directory.volunteer_centres
    hosts += [(ctx.pick(civil), False) for _ in range(size.opportunities - len(hosts))]
    rows, groups = [], []
    lists = directory.target_groups
    for n, (organisation, _is_municipal) in enumerate(hosts):
        if n < size.bench_opportunities:
            places = rng.randint(*size.bench_places)
            opportunity, g = _opportunity(
                ctx, organisation, lists, places=places, status=OS.PUBLISHED
            )
        else:
            opportunity, g = _opportunity(ctx, organisation, lists)
        rows.append(opportunity)
        groups.append(g)
    opportunities = ctx.insert(Opportunity, rows)
    ctx.link(
        Opportunity._meta.get_field("target_groups"),
        [(o.pk, g.pk) for o, gs in zip(opportunities, groups, strict=True) for g in gs],
    )
    ctx.link(
        Opportunity._meta.get_field("initiatives"),
        [(o.pk, ctx.pick(initiatives).pk) for o in opportunities if rng.random() < 0.2],
    )
    return [
        Plan(o, is_municipal) for o, (_org, is_municipal) in zip(opportunities, hosts, strict=True)
    ]


def _holding_roles(ctx, plan, is_bench):
    """The roles that hold the places taken, and the waiting list of a full one."""
    rng, opportunity = ctx.rng, plan.opportunity
    if opportunity.status == OS.DRAFT:
        return []
    wanted = opportunity.volunteers_wanted
    full = opportunity.status == OS.PUBLISHED and rng.random() < (0.15 if is_bench else 0.35)
    held = wanted if full else int(wanted * rng.uniform(0.2, 0.95))
    waiting = min(15, rng.randint(1, max(2, wanted // 2))) if full else 0
    if not plan.is_municipal:
        weights = {NEW: 60, DIALOGUE: 40}
    elif is_bench:
        weights = {ACTIVE: 25, OFFERED: 4, CONFIRMED: 3, DRAFT: 3, NEW: 40, DIALOGUE: 25}
    else:
        weights = {ACTIVE: 55, CONFIRMED: 3, OFFERED: 4, DRAFT: 3, NEW: 22, DIALOGUE: 13}
    if waiting:
        weights[WAITING_OFFERED] = 5
    roles = rng.choices(list(weights), weights=list(weights.values()), k=held)
    return roles + [WAITING] * waiting


def _spread(ctx, plans, weights, total, role_of, cap):
    """Add ``total`` roles over ``plans`` by ``weights``, no plan past ``cap`` rows."""
    rng = ctx.rng
    left = total
    while left > 0:
        candidates = [(p, w) for p, w in zip(plans, weights, strict=True) if len(p.roles) < cap]
        if not candidates:
            raise ValueError("The opportunities cannot hold that many interests.")
        chosen = rng.choices([p for p, _ in candidates], weights=[w for _, w in candidates], k=left)
        for plan in chosen:
            if len(plan.roles) < cap:
                plan.roles.append(role_of())
                left -= 1


def _fill_roles(ctx, plans):
    """Every plan's roles, the totals met; returns how many agreements have no opportunity."""
    size, rng = ctx.size, ctx.rng
    for n, plan in enumerate(plans):
        plan.roles = _holding_roles(ctx, plan, n < size.bench_opportunities)
    cap = int(size.volunteers * 0.8)
    with_agreement = sum(r in WITH_AGREEMENT for p in plans for r in p.roles)
    general_agreements = round(size.volunteer_agreements * 0.4)
    ended = size.volunteer_agreements - with_agreement - general_agreements
    if ended < 0:
        general_agreements, ended = general_agreements + ended, 0
    municipal = [p for p in plans if p.is_municipal and p.opportunity.status != OS.DRAFT]
    _spread(
        ctx,
        municipal,
        [p.opportunity.volunteers_wanted for p in municipal],
        ended,
        lambda: ENDED,
        cap,
    )
    ctx.general_interests = max(round(size.interests * 0.08), round(general_agreements * 0.3))
    history = size.interests - sum(len(p.roles) for p in plans) - ctx.general_interests
    if history < 0:
        raise ValueError("Too few interests for the places held; change the size.")
    open_plans = [p for p in plans if p.opportunity.status != OS.DRAFT]

    def past():
        return rng.choices((DECLINED, WITHDRAWN, LAPSED), weights=(50, 38, 12))[0]

    _spread(
        ctx, open_plans, [p.opportunity.volunteers_wanted for p in open_plans], history, past, cap
    )
    for plan in plans:
        rng.shuffle(plan.roles)
    return general_agreements


def _choose_volunteers(ctx, plans):
    """Distinct volunteers per opportunity; the bench volunteer (index 0) in a few roles."""
    rng = ctx.rng
    wanted = [ACTIVE, OFFERED, NEW, DIALOGUE, WAITING, DECLINED, CONFIRMED, ENDED]
    for plan in plans:
        plan.volunteers = rng.sample(range(1, ctx.size.volunteers), len(plan.roles))
    for plan in plans[ctx.size.bench_opportunities :]:
        if not wanted or not plan.is_municipal:
            continue
        for role in wanted:
            if role in plan.roles:
                plan.volunteers[plan.roles.index(role)] = 0
                wanted.remove(role)
                break


def _days(rng, low, high, cap):
    """A number of days back, at most ``cap`` (the opportunity's age, less a margin)."""
    return rng.randint(low, max(low, min(high, cap)))


def _timeline(ctx, role, cap=NO_CAP):
    """(interest created, answered, agreement created, offered, confirmed, approved) for a
    role with an agreement; times that do not apply are None."""
    rng, now = ctx.rng, ctx.now
    if role == DRAFT:
        created = now - _days(rng, 5, 40, cap) * DAYS
        answered = created + rng.randint(24, 72) * HOURS
        return created, answered, answered + HOURS, None, None, None
    if role == OFFERED:
        offered = now - rng.randint(1, 240) * HOURS
    elif role == CONFIRMED:
        offered = now - _days(rng, 5, 60, cap) * DAYS
    elif role == ACTIVE:
        offered = now - _days(rng, 30, 1200, cap) * DAYS
    else:
        offered = now - _days(rng, 60, 1800, cap) * DAYS
    created = offered - rng.randint(5, 40) * DAYS
    answered = created + rng.randint(24, 96) * HOURS
    agreement_created = answered + HOURS
    confirmed = approved = None
    if role != OFFERED:
        confirmed = offered + rng.randint(1, 4) * DAYS
    if role in (ACTIVE, ENDED):
        approved = confirmed + rng.randint(1, 7) * DAYS
    return created, answered, agreement_created, offered, confirmed, approved


def _agreement(ctx, role, *, volunteer, unit, contact, opportunity, interest, times):
    rng, today = ctx.rng, ctx.today
    _created, _answered, created, offered, confirmed, approved = times
    ended_at_offer = role == ENDED and rng.random() < 0.2
    if ended_at_offer:
        confirmed = approved = None
    status = {
        ACTIVE: AS.ACTIVE,
        CONFIRMED: AS.CONFIRMED,
        OFFERED: AS.OFFERED,
        DRAFT: AS.DRAFT,
        ENDED: AS.ENDED,
    }[role]
    start_from = (approved or offered or created).date()
    start = start_from + rng.randint(0, 14) * DAYS
    end = None
    if rng.random() < 0.4:
        end = max(start, today) + rng.randint(30, 700) * DAYS
    requires = opportunity.works_with_children if opportunity else rng.random() < 0.1
    agreement = VolunteerAgreement(
        volunteer_id=volunteer,
        unit=unit,
        contact_person=contact,
        opportunity=opportunity,
        interest=interest,
        tasks=opportunity.description if opportunity else ctx.pick(names.SENTENCES),
        expectations=ctx.pick(names.SENTENCES),
        task_boundary="Den frivillige supplerer og erstatter ikke de ansatte.",
        rhythm=opportunity.rhythm if opportunity else ctx.pick(names.RHYTHMS),
        start_date=start,
        end_date=end,
        meetings="En opfølgende samtale hvert halve år.",
        insurance=ctx.weighted(
            ((Insurance.MUNICIPALITY, 8), (Insurance.ORGANISATION, 1), (Insurance.OWN, 1))
        ),
        child_certificate_required=requires,
        status=status,
        created_by=contact,
        created_at=created,
    )
    last = created
    if offered is not None:
        agreement.answer_by = offered + 14 * DAYS
        agreement.status_changed_at = last = offered
    if confirmed is not None:
        agreement.confirmed_at = agreement.status_changed_at = last = confirmed
    if approved is not None:
        agreement.approved_at = agreement.status_changed_at = last = approved
        agreement.approved_by = contact
    if requires and approved is not None:
        if role == ACTIVE:
            assessed = today - rng.randint(0, min(600, (today - approved.date()).days)) * DAYS
        else:
            assessed = approved.date() - rng.randint(1, 5) * DAYS
        agreement.child_certificate_assessed_on = assessed
        agreement.child_certificate_assessed_by = contact
        agreement.child_certificate_renew_by = add_months(assessed, 24)
    if role == ENDED:
        if ended_at_offer:
            ended_on = offered.date() + rng.randint(2, 13) * DAYS
            agreement.start_date = max(start, ended_on + DAYS)
        else:
            ended_on = start + rng.randint(0, max((today - DAYS - start).days, 0)) * DAYS
        agreement.end_date = None if end is None else max(end, agreement.start_date)
        if agreement.end_date is not None and agreement.end_date < ended_on:
            agreement.end_date = ended_on
        agreement.ended_on = ended_on
        agreement.ended_reason = ctx.pick(names.REASONS_ENDED)
        agreement.ended_by_id = volunteer if rng.random() < 0.4 else contact.pk
        ended_at = ctx.days_ago((today - ended_on).days, hour=15)
        agreement.status_changed_at = last = max(ended_at, last)
    agreement.updated_at = last
    return agreement


def _interest(ctx, role, *, volunteer, opportunity, organisation, times=None, cap=NO_CAP):
    rng, now = ctx.rng, ctx.now
    interest = Interest(
        volunteer_id=volunteer,
        opportunity=opportunity,
        organisation=organisation,
        message=ctx.pick(names.SENTENCES) if rng.random() < 0.4 else "",
    )
    if times is not None:
        created, answered, _c, offered, _conf, _appr = times
        interest.created_at, interest.answered_at = created, answered
        if role == DRAFT:
            interest.status, interest.status_changed_at = IS.DIALOGUE, answered
        else:
            interest.status, interest.status_changed_at = IS.AGREEMENT_OFFERED, offered
        interest.updated_at = interest.status_changed_at
        return interest
    if role == NEW:
        interest.status, interest.created_at = IS.NEW, now - rng.randint(1, 480) * HOURS
    elif role == DIALOGUE:
        interest.status, interest.created_at = IS.DIALOGUE, now - _days(rng, 5, 60, cap) * DAYS
        interest.answered_at = interest.status_changed_at = (
            interest.created_at + rng.randint(24, 96) * HOURS
        )
    elif role == WAITING_OFFERED:
        interest.status, interest.created_at = IS.WAITING, now - _days(rng, 20, 60, cap) * DAYS
        interest.place_offered_until = now + rng.randint(36, 70) * HOURS
    elif role == WAITING:
        interest.status, interest.created_at = IS.WAITING, now - rng.randint(1, 19 * 24) * HOURS
    elif role == DECLINED:
        interest.status, interest.created_at = IS.DECLINED, now - _days(rng, 30, 900, cap) * DAYS
        interest.answered_at = interest.status_changed_at = (
            interest.created_at + rng.randint(1, 10) * DAYS
        )
        interest.declined_reason = ctx.pick(names.REASONS_DECLINED)
    elif role == WITHDRAWN:
        interest.status, interest.created_at = IS.WITHDRAWN, now - _days(rng, 20, 900, cap) * DAYS
        interest.status_changed_at = interest.created_at + rng.randint(1, 19) * DAYS
    elif role == LAPSED:
        interest.status, interest.created_at = IS.LAPSED, now - _days(rng, 60, 900, cap) * DAYS
        lapsed = interest.created_at + rng.randint(10, 40) * DAYS
        interest.place_offered_until = lapsed
        interest.status_changed_at = lapsed + rng.randint(1, 30) * 60 * datetime.timedelta(
            seconds=1
        )
    interest.updated_at = interest.status_changed_at or interest.created_at
    if role == WAITING_OFFERED:
        interest.updated_at = interest.place_offered_until - 72 * HOURS
    return interest


def _write(ctx, directory, people, plans, general_agreements):
    rng = ctx.rng
    volunteers = people.volunteers
    interests, pending = [], []  # pending: (interest index or None, agreement arguments)
    for plan in plans:
        opportunity = plan.opportunity
        unit = opportunity.organisation
        contact = people.coordinators.get(unit.pk) if plan.is_municipal else None
        # Nothing at an opportunity is older than it (with room for the steps before).
        cap = (ctx.now - opportunity.created_at).days - 45
        for role, v in zip(plan.roles, plan.volunteers, strict=True):
            volunteer = volunteers[v].pk
            times = _timeline(ctx, role, cap) if role in WITH_AGREEMENT else None
            interests.append(
                _interest(
                    ctx,
                    role,
                    volunteer=volunteer,
                    opportunity=opportunity,
                    organisation=unit,
                    times=times,
                    cap=cap,
                )
            )
            if times is not None:
                pending.append(
                    (len(interests) - 1, role, volunteer, unit, contact, opportunity, times)
                )
    # General interests: for a unit or the volunteer centre (one per volunteer and place,
    # as the open ones must be); the first ones, for units, led to an agreement.
    linked = round(general_agreements * 0.3)
    pairs, rows = set(), []
    while len(rows) < ctx.general_interests:
        v = rng.randrange(ctx.size.volunteers)
        if len(rows) >= linked and rng.random() < 0.2:
            front = ctx.pick(directory.volunteer_centres)
        else:
            front = ctx.pick(directory.workplaces)
        if (v, front.pk) not in pairs:
            pairs.add((v, front.pk))
            rows.append((v, front))
    for n, (v, front) in enumerate(rows):
        volunteer = volunteers[v].pk
        if n < linked:
            role = rng.choices(
                (ACTIVE, ENDED, DRAFT, OFFERED, CONFIRMED), weights=(58, 37, 2, 2, 1)
            )[0]
            times = _timeline(ctx, role)
            interests.append(
                _interest(
                    ctx,
                    role,
                    volunteer=volunteer,
                    opportunity=None,
                    organisation=front,
                    times=times,
                )
            )
            pending.append(
                (
                    len(interests) - 1,
                    role,
                    volunteer,
                    front,
                    people.coordinators[front.pk],
                    None,
                    times,
                )
            )
        else:
            role = rng.choices((NEW, DIALOGUE, DECLINED, WITHDRAWN), weights=(25, 15, 35, 25))[0]
            interests.append(
                _interest(ctx, role, volunteer=volunteer, opportunity=None, organisation=front)
            )
    for _ in range(general_agreements - linked):
        unit = ctx.pick(directory.workplaces)
        role = rng.choices((ACTIVE, ENDED, DRAFT, OFFERED, CONFIRMED), weights=(58, 37, 2, 2, 1))[0]
        pending.append(
            (
                None,
                role,
                volunteers[rng.randrange(1, ctx.size.volunteers)].pk,
                unit,
                people.coordinators[unit.pk],
                None,
                _timeline(ctx, role),
            )
        )
    interests = ctx.insert(Interest, interests)
    agreements = [
        _agreement(
            ctx,
            role,
            volunteer=volunteer,
            unit=unit,
            contact=contact,
            opportunity=opportunity,
            interest=interests[i] if i is not None else None,
            times=times,
        )
        for i, role, volunteer, unit, contact, opportunity, times in pending
    ]
    ctx.insert(VolunteerAgreement, agreements)
