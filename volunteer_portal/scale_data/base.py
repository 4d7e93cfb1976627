"""The generator's shared state: the seeded random source, the day everything is dated from,
and bulk inserts with fixed timestamps."""

import contextlib
import dataclasses
import datetime
import random

from django.utils import timezone

BATCH_SIZE = 2000


@dataclasses.dataclass(frozen=True)
class Size:
    organisations: int
    activities: int
    opportunities: int
    volunteers: int
    interests: int
    volunteer_agreements: int
    agreements: int
    plans: int
    initiatives_per_plan: int
    actors_per_initiative: int = 3
    milestones_per_initiative: int = 3
    notes_per_initiative: int = 20
    # The bench coordinator's unit: how many of the opportunities, and how many places each.
    bench_opportunities: int = 2
    bench_places: tuple = (15, 40)


SIZES = {
    "large": Size(
        organisations=3000,
        activities=10000,
        opportunities=2000,
        volunteers=30000,
        interests=150000,
        volunteer_agreements=40000,
        agreements=2000,
        plans=5,
        initiatives_per_plan=40,
        bench_opportunities=60,
        bench_places=(40, 120),
    ),
    "small": Size(
        organisations=30,
        activities=100,
        opportunities=20,
        volunteers=300,
        interests=1500,
        volunteer_agreements=400,
        agreements=20,
        plans=2,
        initiatives_per_plan=4,
        bench_opportunities=3,
        bench_places=(30, 60),
    ),
}


class Context:
    """What every step shares: the random source (the only one), ``today`` and a fixed
    "now" (the midnight that began ``today``, local time, so never in the future) that every
    date and time is counted back from."""

    def __init__(self, size, *, seed, today):
        self.size = size
        self.rng = random.Random(seed)
        self.today = today
        self.now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0)))
        self.counts = {}

    def days_ago(self, days, hour=10, minute=0):
        """A moment ``days`` before today (negative: after), at a fixed time of day; today's
        moments are "now" at the latest."""
        day = self.today - datetime.timedelta(days=days)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return moment if days < 0 else min(moment, self.now)

    def date_ago(self, days):
        return self.today - datetime.timedelta(days=days)

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def insert(self, model, objs, label=None):
        """Insert ``objs`` in batches (no save(), no signals); they come back with their
        primary keys."""
        objs = model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        key = label or model._meta.label
        self.counts[key] = self.counts.get(key, 0) + len(objs)
        return objs

    def link(self, m2m_field, pairs, label=None):
        """Rows of a many-to-many field's table from (source pk, target pk) pairs."""
        through = m2m_field.remote_field.through
        source = m2m_field.m2m_column_name()
        target = m2m_field.m2m_reverse_name()
        rows = [through(**{source: a, target: b}) for a, b in pairs]
        return self.insert(through, rows, label or through._meta.label)


@contextlib.contextmanager
def fixed_timestamps(models):
    """Turn off ``auto_now``/``auto_now_add`` on the fields of ``models`` while the data is
    made, so that the rows carry the generator's own (reproducible) timestamps."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
