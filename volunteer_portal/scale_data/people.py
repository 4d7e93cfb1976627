"""Accounts at scale: the bench accounts, the units' coordinators and staff, the
organisations' contacts and the volunteers with their profiles. One password hash, computed
once, is shared (or no usable password at all): no hashing per row."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password

from organisations.models import Membership
from partnerships.models import Kind, TimeOfWeek, VolunteerProfile
from volunteer_portal.models import User
from volunteer_portal.scale_data import names

R = User.Role
C = Membership.Capacity
BENCH_EMAILS = {
    "staff": "bench.staff@scale.example",
    "coordinator": "bench.coordinator@scale.example",
    "volunteer": "bench.volunteer@scale.example",
    "admin": "bench.admin@scale.example",
}
UNUSABLE = UNUSABLE_PASSWORD_PREFIX + "scale-data-has-no-password"
LANGUAGES = (
    "Dansk",
    "Dansk, engelsk",
    "Dansk, arabisk",
    "Dansk, tysk",
    "Engelsk",
    "Dansk, tyrkisk",
)


class People:
    def __init__(self):
        self.bench = {}
        self.coordinators = {}  # workplace pk -> coordinator user
        self.staff = {}  # municipal organisation pk -> staff users
        self.contacts = []
        self.volunteers = []
        self.municipal_users = []
        self.staff_unit = None  # the bench staff member's unit


def _password_hash(password, seed):
    if not password:
        return UNUSABLE
    return make_password(password, salt=f"scaledata{seed}")


def _user(ctx, email, full_name, role, password, *, days_ago=None):
    joined = ctx.days_ago(ctx.rng.randint(1, 1500) if days_ago is None else days_ago)
    return User(
        email=email.lower(),
        full_name=full_name,
        role=role,
        language="da" if role != R.VOLUNTEER or ctx.rng.random() < 0.9 else "en",
        is_active=True,
        is_superuser=role == R.ADMIN,
        date_joined=joined,
        password=password,
    )


def _person(ctx):
    return ctx.pick(names.FIRST_NAMES), ctx.pick(names.SURNAMES)


def _ascii(text):
    from organisations.models.organisation import danish_slugify

    return danish_slugify(text).replace("-", "")


def build_people(ctx, directory, *, password, seed):
    """Users, memberships, verified e-mail addresses and the volunteers' profiles."""
    people = People()
    shared = _password_hash(password, seed)
    users, memberships = [], []  # memberships as (user index, organisation, capacity)

    def add(user, *member_of):
        users.append(user)
        for organisation, capacity in member_of:
            memberships.append((len(users) - 1, organisation, capacity))
        return len(users) - 1

    bench_unit = directory.bench_unit
    staff_unit = directory.units[1]
    bench = {
        "admin": add(_user(ctx, BENCH_EMAILS["admin"], "Bente Bench Admin", R.ADMIN, shared)),
        "staff": add(
            _user(ctx, BENCH_EMAILS["staff"], "Søren Bench Medarbejder", R.STAFF, shared),
            (staff_unit, C.STAFF),
        ),
        "coordinator": add(
            _user(
                ctx, BENCH_EMAILS["coordinator"], "Karen Bench Koordinator", R.COORDINATOR, shared
            ),
            (bench_unit, C.COORDINATOR),
            (bench_unit, C.STAFF),
        ),
    }
    coordinator_of, staff_of = {bench_unit.pk: bench["coordinator"]}, {}
    staff_of.setdefault(staff_unit.pk, []).append(bench["staff"])
    for n, organisation in enumerate(directory.municipal):
        first, last = _person(ctx)
        if organisation.kind != organisation.Kind.ADMINISTRATION and organisation.pk not in (
            coordinator_of
        ):
            email = f"koordinator.{n}.{_ascii(last)}@scale.example"
            coordinator_of[organisation.pk] = add(
                _user(ctx, email, f"{first} {last}", R.COORDINATOR, shared),
                (organisation, C.COORDINATOR),
            )
        first, last = _person(ctx)
        email = f"medarbejder.{n}.{_ascii(first)}@scale.example"
        staff_of.setdefault(organisation.pk, []).append(
            add(_user(ctx, email, f"{first} {last}", R.STAFF, shared), (organisation, C.STAFF))
        )
    contacts = []
    for n, organisation in enumerate(directory.civil[::4]):
        first, last = _person(ctx)
        email = f"kontakt.{n}.{_ascii(first)}@scale.example"
        contacts.append(
            add(
                _user(ctx, email, f"{first} {last}", R.ORGANISATION_CONTACT, shared),
                (organisation, C.CONTACT),
            )
        )
    volunteers = [
        add(
            _user(
                ctx,
                BENCH_EMAILS["volunteer"],
                "Viggo Bench Frivillig",
                R.VOLUNTEER,
                UNUSABLE,
                days_ago=400,
            )
        )
    ]
    for n in range(ctx.size.volunteers - 1):
        first, last = _person(ctx)
        email = f"{_ascii(first)}.{_ascii(last)}.{n}@frivillig.scale.example"
        volunteers.append(add(_user(ctx, email, f"{first} {last}", R.VOLUNTEER, UNUSABLE)))
    bench["volunteer"] = volunteers[0]
    if password:
        users[volunteers[0]].password = shared

    saved = ctx.insert(User, users)
    ctx.insert(
        Membership,
        [
            Membership(user=saved[i], organisation=o, capacity=c, created_at=saved[i].date_joined)
            for i, o, c in memberships
        ],
    )
    ctx.insert(
        EmailAddress,
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in saved],
    )
    people.bench = {key: saved[i] for key, i in bench.items()}
    people.coordinators = {pk: saved[i] for pk, i in coordinator_of.items()}
    people.staff = {pk: [saved[i] for i in ids] for pk, ids in staff_of.items()}
    people.contacts = [saved[i] for i in contacts]
    people.volunteers = [saved[i] for i in volunteers]
    people.municipal_users = [u for u in saved if u.is_municipal]
    people.staff_unit = staff_unit
    _profiles(ctx, directory, people.volunteers)
    return people


def _profiles(ctx, directory, volunteers):
    rng = ctx.rng
    profiles, areas = [], []
    for user in volunteers:
        profiles.append(
            VolunteerProfile(
                user=user,
                phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)}",
                kinds=sorted(rng.sample(Kind.values, rng.randint(1, 3))),
                availability=sorted(rng.sample(TimeOfWeek.values, rng.randint(1, 3))),
                languages=ctx.pick(LANGUAGES),
                presentation=ctx.pick(names.SENTENCES),
                consent_given_at=user.date_joined,
                reminders_enabled=rng.random() < 0.85,
                created_at=user.date_joined,
                updated_at=user.date_joined,
            )
        )
        areas.append(rng.sample(directory.areas, rng.randint(1, 2)))
    profiles = ctx.insert(VolunteerProfile, profiles)
    ctx.link(
        VolunteerProfile._meta.get_field("areas"),
        [(p.pk, a.pk) for p, chosen in zip(profiles, areas, strict=True) for a in chosen],
    )
