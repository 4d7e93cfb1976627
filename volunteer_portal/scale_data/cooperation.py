"""Cooperation agreements at scale, with the § 18 grants given under them, the reports on
those grants, review meetings and child-protection certificate declarations.

Agreements come in renewal chains of consecutive periods: the earlier links have expired,
the last one's status follows its dates as the daily pass leaves it (active, expiring within
90 days, expired), or it ended early with a reason, or it is a draft to start later.
"""

import datetime
from decimal import Decimal

from partnerships.models import (
    Agreement,
    ChildCertificateDeclaration,
    Grant,
    GrantPool,
    GrantReport,
    ReviewMeeting,
)
from partnerships.models.agreement import EXPIRING_WITHIN_DAYS
from partnerships.models.grant import (
    certified_accounts_above,
    itemised_accounts_above,
    report_due_for,
)
from partnerships.services.volunteer_agreements import add_months
from volunteer_portal.scale_data import names

S = Agreement.Status
DAYS = datetime.timedelta(days=1)
CONTENTS = {
    "municipality_commits": "Kommunen stiller lokaler til rådighed og deltager i statusmøder.",
    "partner_commits": "Foreningen rekrutterer og støtter de frivillige.",
    "task_boundary": "De frivillige supplerer og erstatter ikke de ansattes opgaver.",
    "confidentiality": "De frivillige har tavshedspligt.",
    "termination": "Begge parter kan opsige aftalen med tre måneders varsel.",
}


def _status(ctx, start, end):
    if start > ctx.today:
        return S.DRAFT
    if end is not None and end < ctx.today:
        return S.EXPIRED
    if end is not None and end <= ctx.today + EXPIRING_WITHIN_DAYS * DAYS:
        return S.EXPIRING
    return S.ACTIVE


def _changed_at(ctx, status, start, end):
    if status == S.DRAFT:
        return None
    if status == S.EXPIRED:
        return ctx.days_ago((ctx.today - end).days - 1, hour=3)
    if status == S.EXPIRING:
        day = max(start, end - EXPIRING_WITHIN_DAYS * DAYS)
        return ctx.days_ago((ctx.today - day).days, hour=3)
    return ctx.days_ago((ctx.today - start).days, hour=9)


def build_agreements(ctx, directory, people, initiatives):
    rng, today = ctx.rng, ctx.today
    bench_staff = people.bench["staff"]
    bench_unit_pk = people.staff_unit.pk
    bench_share = max(3, ctx.size.agreements // 20)
    rows, partners = [], []
    chain_of = []  # index of the agreement each renews, or None
    while len(rows) < ctx.size.agreements:
        length = min(rng.choice((1, 1, 2, 3)), ctx.size.agreements - len(rows))
        is_bench = len(rows) < bench_share
        if is_bench:
            unit = next(u for u in directory.municipal if u.pk == bench_unit_pk)
            staff = bench_staff
        else:
            unit = ctx.pick(directory.municipal)
            staff = ctx.pick(people.staff[unit.pk])
        chosen = rng.sample(directory.civil, rng.randint(1, 2))
        kind = ctx.weighted(
            (
                (Agreement.Kind.COOPERATION, 75),
                (Agreement.Kind.PARTNERSHIP, 20),
                (Agreement.Kind.CO_FINANCING, 5),
            )
        )
        multi = rng.random() < 0.25
        months = rng.choice((24, 36)) if multi else 12
        # The last link starts between two years ago and three months ahead.
        last_start = today + rng.randint(-720, 90) * DAYS
        first_start = add_months(last_start.replace(day=1), -months * (length - 1))
        start = first_start
        title = f"Samarbejdsaftale med {chosen[0].name}"
        if kind == Agreement.Kind.PARTNERSHIP:
            title = f"Partnerskab med {chosen[0].name}"
        for link in range(length):
            end = add_months(start, months) - DAYS
            open_ended = link == length - 1 and rng.random() < 0.05
            status = _status(ctx, start, None if open_ended else end)
            if link == length - 1 and status in (S.ACTIVE, S.EXPIRING) and rng.random() < 0.05:
                status = S.ENDED
            changed = _changed_at(ctx, status, start, end)
            if status == S.ENDED:
                changed = ctx.days_ago(rng.randint(1, max(1, (today - start).days)), hour=11)
            agreement = Agreement(
                kind=kind,
                title=title[:200],
                responsible_unit=unit,
                responsible_staff=staff,
                purpose=" ".join(rng.sample(names.SENTENCES, 2)),
                scope=ctx.pick(names.TARGET_GROUPS),
                start_date=start,
                end_date=None if open_ended else end,
                term=Agreement.Term.MULTI_YEAR if multi else Agreement.Term.ONE_YEAR,
                renewed_yearly=not multi and length > 1,
                involvement=ctx.pick(Agreement.Involvement.values),
                is_public=rng.random() < 0.6,
                reviews_per_year=rng.choice((0, 1, 2, 4)),
                status=status,
                status_changed_at=changed,
                ended_reason="Foreningen er nedlagt." if status == S.ENDED else "",
                created_at=ctx.days_ago(max((today - start).days, 0) + rng.randint(14, 60)),
                **CONTENTS,
            )
            agreement.updated_at = changed or agreement.created_at
            if agreement.reviews_per_year and status in (S.ACTIVE, S.EXPIRING, S.DRAFT):
                agreement.next_review_date = today + rng.randint(1, 180) * DAYS
            rows.append(agreement)
            partners.append(chosen)
            chain_of.append(len(rows) - 2 if link else None)
            start = end + DAYS
    # Renewals point back: insert in order, then set each link's predecessor.
    agreements = ctx.insert(Agreement, rows)
    renewed = []
    for agreement, previous in zip(agreements, chain_of, strict=True):
        if previous is not None:
            agreement.renewal_of = agreements[previous]
            renewed.append(agreement)
    Agreement.objects.bulk_update(renewed, ["renewal_of"], batch_size=1000)
    ctx.link(
        Agreement._meta.get_field("partners"),
        [(a.pk, o.pk) for a, chosen in zip(agreements, partners, strict=True) for o in chosen],
    )
    ctx.link(
        Agreement._meta.get_field("initiatives"),
        [(a.pk, ctx.pick(initiatives).pk) for a in agreements if rng.random() < 0.3],
    )
    _reviews(ctx, agreements)
    _grants(ctx, directory, agreements, partners)


def _reviews(ctx, agreements):
    rng, rows = ctx.rng, []
    for agreement in agreements:
        if not agreement.reviews_per_year or agreement.status == S.DRAFT:
            continue
        last = min(ctx.today - DAYS, agreement.end_date or ctx.today)
        span = (last - agreement.start_date).days
        for i in range(min(3, span // 90)):
            day = agreement.start_date + (span * (i + 1) // 4) * DAYS
            rows.append(
                ReviewMeeting(
                    agreement=agreement,
                    date=day,
                    participants="Foreningens formand, kommunens frivilligkonsulent",
                    minutes=ctx.pick(names.SENTENCES),
                    follow_ups="Næste møde aftales." if rng.random() < 0.5 else "",
                    created_at=ctx.days_ago((ctx.today - day).days, hour=16),
                )
            )
    ctx.insert(ReviewMeeting, rows)


def _grant_years(ctx):
    """The last three years whose grants have been given (they are given from 1 February)."""
    newest = (
        ctx.today.year
        if ctx.today >= datetime.date(ctx.today.year, 2, 21)
        else (ctx.today.year - 1)
    )
    return [newest - 2, newest - 1, newest]


def _grants(ctx, directory, agreements, partners):
    """One grant per agreement in force in one of the grant years, to its first partner.
    A grant given while another of the organisation's grants had no report carries the
    staff member's reason, as the service demands."""
    rng, today = ctx.rng, ctx.today
    years = _grant_years(ctx)
    planned = []  # (year, organisation, agreement, amount)
    for agreement, chosen in zip(agreements, partners, strict=True):
        if agreement.status == S.DRAFT:
            continue
        first = max(years[0], agreement.start_date.year)
        last = min(years[-1], (agreement.end_date or today).year)
        if first > last:
            first = last = years[-1]
        year = rng.randint(first, last)
        amount = Decimal(rng.choice((2500, 4000, 8000, 12500, 25000, 40000, 100000)))
        planned.append((year, chosen[0], agreement, amount))
    pools = ctx.insert(
        GrantPool,
        [
            GrantPool(
                year=year,
                budget=sum((p[3] for p in planned if p[0] == year), Decimal(0)) * Decimal("1.15"),
                focus_areas="Ensomhed, psykisk sårbarhed og fællesskaber for udsatte.",
            )
            for year in years
        ],
    )
    pool_of = {pool.year: pool for pool in pools}
    planned.sort(key=lambda p: (p[1].pk, p[0], p[2].pk))
    grants, reported = [], []
    earlier = {}  # organisation pk -> [(given, report received or None)]
    seq = {}
    for year, organisation, agreement, amount in planned:
        n = seq[(organisation.pk, year)] = seq.get((organisation.pk, year), -1) + 1
        given = min(datetime.date(year, 2, 1) + (n % 20) * DAYS, today)
        report_on = datetime.date(year + 1, 1, 5 + n % 20)
        has_report = year < years[-1] and report_on <= today and rng.random() < 0.85
        before = earlier.setdefault(organisation.pk, [])
        outstanding = any(day is None or day > given for _given, day in before)
        grant = Grant(
            pool=pool_of[year],
            organisation=organisation,
            agreement=agreement,
            amount=amount,
            purpose=ctx.pick(names.SENTENCES),
            target_group=None,
            paid_on=given + 14 * DAYS if given + 14 * DAYS <= today else None,
            report_due=report_due_for(year),
            override_reason="Driften må ikke stoppe; regnskabet er lovet." if outstanding else "",
            is_public=rng.random() < 0.7,
            created_at=ctx.days_ago((today - given).days, hour=9),
        )
        grants.append(grant)
        reported.append(report_on if has_report else None)
        before.append((given, report_on if has_report else None))
    grants = ctx.insert(Grant, grants)
    ctx.insert(
        GrantReport,
        [
            GrantReport(
                grant=grant,
                received_on=day,
                use="Midlerne er brugt som ansøgt.",
                itemised_accounts_received=grant.amount > itemised_accounts_above(),
                certified_accounts_received=grant.amount > certified_accounts_above(),
            )
            for grant, day in zip(grants, reported, strict=True)
            if day is not None
        ],
    )
    ctx.insert(
        ChildCertificateDeclaration,
        [
            ChildCertificateDeclaration(
                organisation=o, year=today.year, received_on=datetime.date(today.year, 1, 15)
            )
            for o in directory.civil
            if o.kind in ("adult_education", "humanitarian") and rng.random() < 0.3
        ],
    )
