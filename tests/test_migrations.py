from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:
        pytest.fail(f"missing migration:\n{out.getvalue()}\n{exit_}")


def test_tests_run_on_the_configured_database(settings):
    """Under CI the suite must run on PostgreSQL, never silently on SQLite."""
    import os

    from tests.conftest import IN_CI

    engine = settings.DATABASES["default"]["ENGINE"]
    if IN_CI or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine == "django.db.backends.postgresql"
    else:
        assert engine == "django.db.backends.sqlite3"
