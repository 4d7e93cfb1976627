"""Free-text search and Danish alphabetical order, alike on PostgreSQL and SQLite.

A searchable model keeps a ``search_text`` column: its words, folded (lower case, accents
off, æ → ae, ø → o, å → a, as PostgreSQL's unaccent does). On PostgreSQL a GIN index on
``to_tsvector('danish_unaccent', search_text)`` answers the search with the Danish stemmer
(the configuration is ``danish`` with ``unaccent`` before the stemmer); each word typed also
matches as a prefix. On SQLite (the zero-setup default) each folded word, its common Danish
ending cut off, must occur in the text.

The order is the ``danish`` collation (æ, ø, å after z, "aa" as å): an ICU collation on
PostgreSQL, and a Python comparison registered on every SQLite connection.
"""

import functools
import re
import unicodedata

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection, models
from django.db.models import F
from django.db.models.functions import Collate

SEARCH_CONFIG = "danish_unaccent"
COLLATION = "danish"
MAX_WORDS = 8
MAX_WORD_LENGTH = 40

FOLDED_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})
WORD = re.compile(r"[0-9a-z]+")
# Common Danish inflections, longest first; cut from a typed word for the SQLite fallback.
ENDINGS = ("erne", "ende", "ene", "ers", "er", "en", "et", "es", "e", "s")


def fold(text):
    """Lower case without accents: "Røde Kors" → "rode kors", "Ældre" → "aeldre"."""
    text = (text or "").lower().translate(FOLDED_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_words(query):
    """The words of a query as typed, folded; anything else in it is ignored."""
    words = WORD.findall(fold(str(query or "")[:500]))
    return [word[:MAX_WORD_LENGTH] for word in words][:MAX_WORDS]


def search_document(*parts):
    """The ``search_text`` of a row from its searchable parts (``None`` and blanks skipped)."""
    return " ".join(fold(str(part)) for part in parts if part)


def with_search_text(obj, save_kwargs):
    """For a searchable model's ``save()``: bring ``obj.search_text`` up to date (from its
    ``compute_search_text()``) and return ``save_kwargs`` with it among the fields saved."""
    obj.search_text = obj.compute_search_text()
    update_fields = save_kwargs.get("update_fields")
    if update_fields is None:
        return save_kwargs
    return {**save_kwargs, "update_fields": {*update_fields, "search_text"}}


def _stem(word):
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


class DanishVector(models.Func):
    """``to_tsvector('danish_unaccent', <column>)``, exactly the expression of the index."""

    function = "to_tsvector"
    template = f"%(function)s('{SEARCH_CONFIG}'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


class IsAnyOf(models.Func):
    """``<value> = ANY(<array>)``, a condition for ``filter()``."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = models.BooleanField()


def search(queryset, query, field="search_text"):
    """Rows of ``queryset`` whose ``field`` matches every word of ``query``.

    A query without a word in it (empty, or only punctuation) filters nothing out.
    """
    words = search_words(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in words)
        matches = (
            queryset.model._base_manager.alias(_search=DanishVector(field))
            .filter(_search=SearchQuery(tsquery, config=SEARCH_CONFIG, search_type="raw"))
            .order_by()
            .values("pk")
        )
        # The ids of the matches from the search index, found once (an ARRAY() subquery runs
        # before the rest). With the match as a filter of each row, PostgreSQL walked a list's
        # index in its order and computed every row's vector on the way: 227 ms for a word
        # whose 400 matches come late in the alphabet, at 10,000 activities (now 3 ms).
        return queryset.filter(IsAnyOf(F("pk"), ArraySubquery(matches)))
    for word in words:
        queryset = queryset.filter(**{f"{field}__contains": _stem(word)})
    return queryset


def danish(field):
    """An order by ``field`` in Danish alphabetical order, for ``order_by`` and ``ordering``."""
    return Collate(field, COLLATION)


# Danish letters after z, "aa" as å; then the letters with accents as their base letters.
_DANISH_AFTER_Z = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


@functools.lru_cache(maxsize=4096)
def danish_key(text):
    lowered = (text or "").lower().replace("aa", "å")
    marked = lowered.translate(_DANISH_AFTER_Z)
    decomposed = unicodedata.normalize("NFKD", marked)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (base, text or "")


def danish_compare(a, b):
    key_a, key_b = danish_key(a), danish_key(b)
    return (key_a > key_b) - (key_a < key_b)


def register_sqlite_collation(sender, connection, **kwargs):
    """``connection_created`` receiver: teach SQLite the ``danish`` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, danish_compare)


# Migration operations: PostgreSQL only, nothing to do on SQLite.


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run


def create_search_configuration():
    from django.db import migrations

    forwards = _on_postgresql(
        [
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
            f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = danish)",
            f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR "
            "hword, hword_part, word WITH unaccent, danish_stem",
            f"CREATE COLLATION IF NOT EXISTS {COLLATION} (provider = icu, locale = 'da-DK')",
        ]
    )
    backwards = _on_postgresql(
        [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
            f"DROP COLLATION IF EXISTS {COLLATION}",
        ]
    )
    return migrations.RunPython(forwards, backwards, elidable=False)


def create_search_index(table, name):
    from django.db import migrations

    forwards = _on_postgresql(
        [
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin "
            f"(to_tsvector('{SEARCH_CONFIG}'::regconfig, search_text))"
        ]
    )
    backwards = _on_postgresql([f"DROP INDEX IF EXISTS {name}"])
    return migrations.RunPython(forwards, backwards, elidable=False)
