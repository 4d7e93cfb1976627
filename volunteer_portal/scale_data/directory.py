"""The directory at scale: districts, lists, the municipality's units, civil-society
organisations and their activities."""

import datetime
from decimal import Decimal

from django.utils import translation

from organisations.models import Activity, Area, Challenge, Organisation, TargetGroup
from organisations.models.activity import WEEKDAY_FIELDS
from organisations.models.organisation import danish_slugify
from volunteer_portal.models import Municipality
from volunteer_portal.scale_data import names
from volunteer_portal.search import danish_key, search_document
from volunteer_portal.slugs import is_portal_address

K = Organisation.Kind
WEEKDAYS = tuple(field for field, _label in WEEKDAY_FIELDS)
NON_PROFIT_KINDS = (K.ADULT_EDUCATION, K.HUMANITARIAN, K.COMMUNITY, K.VOLUNTEER_CENTRE)


class Directory:
    """What later steps need of the directory, by kind."""

    def __init__(self):
        self.areas = []
        self.target_groups = []
        self.challenges = []
        self.administrations = []
        self.centres = []
        self.units = []
        self.volunteer_centres = []
        self.civil = []

    @property
    def municipal(self):
        return [*self.administrations, *self.centres, *self.units]

    @property
    def workplaces(self):
        """Centres and units: where staff, coordinators and volunteers work."""
        return [*self.centres, *self.units]

    @property
    def bench_unit(self):
        return self.units[0]


def _list(ctx, model, wanted):
    """The entries of an editable list, made where missing (a database may have its own)."""
    have = {item.name: item for item in model.objects.filter(name__in=wanted)}
    ctx.insert(model, [model(name=name) for name in wanted if name not in have])
    have = {item.name: item for item in model.objects.filter(name__in=wanted)}
    return [have[name] for name in wanted]


def build_lists(ctx, directory):
    directory.areas = _list(ctx, Area, [name for name, _code, _w in names.DISTRICTS])
    directory.target_groups = _list(ctx, TargetGroup, list(names.TARGET_GROUPS))
    directory.challenges = _list(ctx, Challenge, list(names.CHALLENGES))
    if not Municipality.objects.exists():
        ctx.insert(
            Municipality,
            [
                Municipality(
                    name="Storeby Kommune",
                    address="Rådhuspladsen 1\n8000 Storeby",
                    phone="89 40 20 00",
                    email="kommunen@scale.example",
                )
            ],
        )


class Slugs:
    """Free short names, as ``unique_slug`` would choose them, without a query each."""

    def __init__(self):
        self.taken = set()

    def __call__(self, name):
        base = danish_slugify(name)[:200] or "organisation"
        slug, n = base, 2
        while slug in self.taken or is_portal_address(slug, "organisations.urls"):
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def _district(ctx):
    return ctx.weighted([((name, code), weight) for name, code, weight in names.DISTRICTS])


def _organisation(ctx, slugs, areas_by_name, *, name, kind, parent=None, district=None):
    district = district or _district(ctx)
    area = areas_by_name[district[0]]
    street = ctx.pick(names.STREETS)
    address = f"{street} {ctx.rng.randint(1, 140)}, {district[1]} Storeby"
    description = " ".join(ctx.rng.sample(names.SENTENCES, 2))
    is_municipal = kind in Organisation.MUNICIPAL_KINDS
    has_contact = not is_municipal and ctx.rng.random() < 0.7
    person = f"{ctx.pick(names.FIRST_NAMES)} {ctx.pick(names.SURNAMES)}"
    slug = slugs(name)
    organisation = Organisation(
        name=name,
        slug=slug,
        kind=kind,
        parent=parent,
        description=description,
        address=address,
        area=area,
        is_non_profit=kind in NON_PROFIT_KINDS,
        contact_name=person if has_contact else "",
        email=f"kontakt@{slug[:40]}.scale.example" if has_contact else "",
        phone=f"{ctx.rng.randint(20, 99)} {ctx.rng.randint(10, 99)} "
        f"{ctx.rng.randint(10, 99)} {ctx.rng.randint(10, 99)}",
        staff_contact_name=person if ctx.rng.random() < 0.4 else "",
        is_active=ctx.rng.random() < 0.97,
        created_at=ctx.days_ago(ctx.rng.randint(30, 2000)),
    )
    organisation.updated_at = organisation.created_at
    with translation.override("da"):
        kind_label = str(organisation.get_kind_display())
    organisation.search_text = search_document(name, kind_label, area.name, address, description)
    return organisation


def build_organisations(ctx, directory):
    """The municipality's tree (administrations → centres → units), a volunteer centre per
    thousand organisations, and civil-society organisations of every kind for the rest."""
    size = ctx.size.organisations
    slugs = Slugs()
    areas = {area.name: area for area in directory.areas}
    n_admin, n_centre, n_unit = max(1, size // 500), max(1, size // 125), max(2, size // 25)
    n_centres_vol = max(1, size // 1000)

    def make(name, kind, parent=None, district=None):
        return _organisation(
            ctx, slugs, areas, name=name, kind=kind, parent=parent, district=district
        )

    admins = [
        make(
            f"Forvaltningen for {names.ADMINISTRATIONS[i % len(names.ADMINISTRATIONS)]}"
            + (
                f" {i // len(names.ADMINISTRATIONS) + 1}" if i >= len(names.ADMINISTRATIONS) else ""
            ),
            K.ADMINISTRATION,
        )
        for i in range(n_admin)
    ]
    directory.administrations = ctx.insert(Organisation, admins)
    centres = []
    for i in range(n_centre):
        district = names.DISTRICTS[i % len(names.DISTRICTS)][:2]
        word = names.CENTRE_WORDS[i % len(names.CENTRE_WORDS)]
        centres.append(
            make(f"{word} {district[0]}", K.CENTRE, ctx.pick(directory.administrations), district)
        )
    directory.centres = ctx.insert(Organisation, centres)
    units = []
    for i in range(n_unit):
        district = names.DISTRICTS[i % len(names.DISTRICTS)][:2]
        word = names.UNIT_WORDS[(i // len(names.DISTRICTS)) % len(names.UNIT_WORDS)]
        parent = ctx.pick(directory.centres if i % 3 else directory.administrations)
        units.append(make(f"{word} {district[0]}", K.UNIT, parent, district))
    units[0].is_active = True  # the bench coordinator's unit
    directory.units = ctx.insert(Organisation, units)
    vol = [
        make(
            f"Frivilligcenter {names.DISTRICTS[i][0]}",
            K.VOLUNTEER_CENTRE,
            None,
            names.DISTRICTS[i][:2],
        )
        for i in range(n_centres_vol)
    ]
    for centre in vol:
        centre.is_active = True
    directory.volunteer_centres = ctx.insert(Organisation, vol)
    civil = []
    for _ in range(size - n_admin - n_centre - n_unit - n_centres_vol):
        kind = ctx.weighted(names.CIVIL_KINDS)
        district = _district(ctx)
        street = ctx.pick(names.STREETS)
        pattern = ctx.pick(names.ASSOCIATION_PATTERNS[kind])
        civil.append(make(pattern.format(d=district[0], s=street), kind, None, district))
    directory.civil = ctx.insert(Organisation, civil)


def _activity(ctx, organisation, target_groups, challenges):
    rng = ctx.rng
    title = f"{ctx.pick(names.ACTIVITY_WORDS)} {ctx.pick(names.ACTIVITY_FOR)}"
    area = organisation.area if rng.random() < 0.85 else None
    start = None
    if rng.random() < 0.7:
        start = datetime.time(rng.randint(8, 19), rng.choice((0, 15, 30)))
    end = None
    if start is not None:
        end = datetime.time(start.hour + rng.randint(1, 3), start.minute)
    min_age = rng.choice((None, None, 6, 12, 18, 60))
    max_age = None if min_age is None or rng.random() < 0.6 else min_age + rng.randint(5, 20)
    days = rng.sample(range(7), rng.choice((0, 1, 1, 2)))
    confirmed = rng.random()
    if confirmed < 0.05:
        last_confirmed = None
    elif confirmed < 0.15:
        last_confirmed = ctx.date_ago(rng.randint(470, 900))  # older than 15 months
    else:
        last_confirmed = ctx.date_ago(rng.randint(0, 420))
    activity = Activity(
        organisation=organisation,
        title=title,
        description=" ".join(rng.sample(names.SENTENCES, 3)),
        min_age=min_age,
        max_age=max_age,
        area=area,
        place=organisation.address,
        is_by_phone=rng.random() < 0.05,
        is_online=rng.random() < 0.08,
        rhythm=ctx.pick(names.RHYTHMS),
        start_time=start,
        end_time=end,
        price_dkk=None if rng.random() < 0.7 else Decimal(rng.choice((20, 25, 50, 100, 300))),
        referral_needed=rng.random() < 0.15,
        welcome_name=organisation.contact_name,
        may_bring_companion=rng.random() < 0.5,
        can_be_accompanied=rng.random() < 0.3,
        accessibility="Niveaufri adgang og handicaptoilet." if rng.random() < 0.4 else "",
        is_published=rng.random() < 0.92,
        last_confirmed=last_confirmed,
        created_at=organisation.created_at,
        updated_at=organisation.created_at,
    )
    for day in days:
        setattr(activity, WEEKDAYS[day], True)
    # In the lists' own (Danish) order, as a save reads them for the search text.
    groups = sorted(rng.sample(target_groups, rng.randint(1, 2)), key=lambda g: danish_key(g.name))
    lists = sorted(rng.sample(challenges, rng.randint(0, 2)), key=lambda c: danish_key(c.name))
    activity.search_text = search_document(
        title,
        organisation.name,
        area.name if area else "",
        activity.place,
        activity.rhythm,
        *(g.name for g in groups),
        *(c.name for c in lists),
        activity.description,
    )
    return activity, groups, lists


def build_activities(ctx, directory):
    """Activities of the civil-society organisations: most have a few, some many."""
    hosts = [o for o in directory.civil if o.kind != K.COUNCIL] + directory.volunteer_centres
    weights = [ctx.rng.paretovariate(1.5) for _ in hosts]
    chosen = ctx.rng.choices(hosts, weights=weights, k=ctx.size.activities)
    rows, groups, lists = [], [], []
    for organisation in chosen:
        activity, g, c = _activity(ctx, organisation, directory.target_groups, directory.challenges)
        rows.append(activity)
        groups.append(g)
        lists.append(c)
    activities = ctx.insert(Activity, rows)
    ctx.link(
        Activity._meta.get_field("target_groups"),
        [(a.pk, g.pk) for a, gs in zip(activities, groups, strict=True) for g in gs],
    )
    ctx.link(
        Activity._meta.get_field("challenges"),
        [(a.pk, c.pk) for a, cs in zip(activities, lists, strict=True) for c in cs],
    )
