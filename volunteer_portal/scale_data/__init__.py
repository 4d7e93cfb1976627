"""Scale data: a large municipality's portal in one command, for benchmarks and tests.

``generate(size="large", seed=13)`` fills an empty (migrated) database with organisations
and units, activities, volunteers, opportunities, interests, volunteer agreements,
cooperation agreements with grants, and action plans, in the shapes the services leave them
in (see each step's module), plus the bench accounts of ``people.BENCH_EMAILS``.

Reproducible: one ``random.Random(seed)`` makes every choice, and every date and time is
counted back from ``today`` (by default ``timezone.localdate()``; "now" is the midnight
that began it). The same seed on the same day gives the same rows, timestamps included (the
``auto_now`` fields are fed the generator's own times); on another day the same rows,
shifted with it, so that agreements in force still end in the future and open offers are
still open. Rows go in with ``bulk_create`` in batches: no save(), no signals, no audit
entries.
"""

import base64

from django.db import transaction
from django.utils import timezone

from initiatives.models import ActionPlan
from organisations.models import Organisation
from volunteer_portal.scale_data.base import SIZES, Context, fixed_timestamps
from volunteer_portal.scale_data.cooperation import build_agreements
from volunteer_portal.scale_data.digest import GENERATED_MODELS, digest
from volunteer_portal.scale_data.directory import (
    Directory,
    build_activities,
    build_lists,
    build_organisations,
)
from volunteer_portal.scale_data.people import BENCH_EMAILS, build_people
from volunteer_portal.scale_data.plans import build_plans
from volunteer_portal.scale_data.volunteering import build_volunteering

__all__ = ["BENCH_EMAILS", "SIZES", "NotEmpty", "digest", "generate"]


class NotEmpty(Exception):
    """The database already holds organisations or action plans."""


def generate(*, size="large", seed=13, today=None, password=None):
    """Fill the database; returns {model label: rows made}. ``password``: the password of
    the bench and municipal accounts (one hash, shared); without it none can log in with a
    password (benchmarks make their sessions with ``benchmarks/sessions.py``)."""
    if Organisation.objects.exists() or ActionPlan.objects.exists():
        raise NotEmpty(
            "The database already has organisations or action plans: scale data goes into an "
            "empty database only."
        )
    ctx = Context(SIZES[size], seed=seed, today=today or timezone.localdate())
    directory = Directory()
    with transaction.atomic():
        with fixed_timestamps(GENERATED_MODELS):
            build_lists(ctx, directory)
            build_organisations(ctx, directory)
            people = build_people(ctx, directory, password=password, seed=seed)
            build_activities(ctx, directory)
            initiatives = build_plans(ctx, directory, people)
            build_volunteering(ctx, directory, people, initiatives)
            build_agreements(ctx, directory, people, initiatives)
        _second_factors(ctx, people)
    return ctx.counts


def _second_factors(ctx, people):
    """A TOTP authenticator for each municipal bench account, as allauth makes one (the
    secret from the seed), so that their sessions pass the two-factor middleware."""
    from allauth.mfa.totp.internal.auth import TOTP

    for key in ("admin", "staff", "coordinator"):
        secret = base64.b32encode(ctx.rng.getrandbits(160).to_bytes(20, "big")).decode()
        TOTP.activate(people.bench[key], secret)
        ctx.counts["mfa.Authenticator"] = ctx.counts.get("mfa.Authenticator", 0) + 1
