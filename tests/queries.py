"""Counting a page's own queries apart from the database cache's."""

import contextlib

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


def own_queries(statements):
    """The page's own statements. A cold database cache adds its own (a read per fragment and
    about five per write: a count for culling, a savepoint, a read, the insert, the release):
    they are the cache's price on a miss, paid once per change, and counted apart."""
    table = settings.CACHES["default"].get("LOCATION", "")
    if "DatabaseCache" not in settings.CACHES["default"]["BACKEND"]:
        return statements

    def of_cache(i):
        sql = statements[i]
        if sql.startswith("SAVEPOINT"):
            return i + 1 < len(statements) and table in statements[i + 1]
        if sql.startswith("RELEASE SAVEPOINT"):
            return i > 0 and table in statements[i - 1]
        return f'"{table}"' in sql

    return [sql for i, sql in enumerate(statements) if not of_cache(i)]


@contextlib.contextmanager
def assert_own_num_queries(expected):
    """As pytest-django's ``django_assert_num_queries``, for the page's own statements: on
    a page cached for visitors, the first request also reads and writes the cache."""
    with CaptureQueriesContext(connection) as context:
        yield context
    own = own_queries([query["sql"] for query in context.captured_queries])
    assert len(own) == expected, f"{len(own)} queries, expected {expected}:\n" + "\n".join(own)


def get_counting(client, url, **extra):
    """A GET and the number of statements it cost, cache statements included."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)
