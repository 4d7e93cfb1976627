"""The three-way merge of an edit form (initiatives.merge), as properties: a change on one
side wins, both sides' changes keep the editor's and say so, and nothing typed is lost."""

from hypothesis import given
from hypothesis import strategies as st

from initiatives.merge import MergedRow, Row, RowNote, merge_fields, merge_rows, merge_value

texts = st.sampled_from(["", "a", "b", "c"])
sets = st.frozensets(st.sampled_from(["1", "2", "3", "4"]))
scalars = st.one_of(texts, st.booleans())


@given(base=scalars, mine=scalars, theirs=scalars)
def test_merge_value_takes_the_side_that_changed_and_keeps_mine_when_both_did(base, mine, theirs):
    value, is_conflict = merge_value(base, mine, theirs)
    if mine == base:
        assert (value, is_conflict) == (theirs, False)
    elif theirs in (base, mine):
        assert (value, is_conflict) == (mine, False)
    else:
        assert (value, is_conflict) == (mine, True)


@given(mine=scalars, theirs=scalars)
def test_merge_value_without_a_base_keeps_mine_and_flags_every_difference(mine, theirs):
    assert merge_value(None, mine, theirs) == (mine, mine != theirs)


@given(base=sets, mine=sets, theirs=sets)
def test_sets_merge_without_conflict_applying_my_additions_and_removals(base, mine, theirs):
    value, is_conflict = merge_value(base, mine, theirs)
    assert not is_conflict
    assert mine - base <= value  # what I added is there
    assert not (base - mine) & value  # what I removed is gone
    untouched = theirs - (base ^ mine)
    assert untouched <= value  # what the other side has and I did not touch stays
    assert value <= theirs | mine


fields = st.dictionaries(st.sampled_from(["title", "text", "year"]), texts, min_size=3)


@given(base=fields, mine=fields, theirs=fields)
def test_saving_the_merge_never_reverts_a_field_the_editor_did_not_touch(base, mine, theirs):
    values, conflicts = merge_fields(base, mine, theirs)
    for name in mine:
        if mine[name] == base[name]:
            assert values[name] == theirs[name]
        else:
            assert values[name] == mine[name]  # nothing typed is lost
        assert (name in conflicts) == (base[name] != mine[name] != theirs[name] != base[name])


@given(base=fields, mine=fields, theirs=fields)
def test_merging_the_merge_again_changes_nothing(base, mine, theirs):
    """After the conflict page the stored version is the new base: saving again as shown
    gives what is shown, without a new conflict."""
    values, _ = merge_fields(base, mine, theirs)
    assert merge_fields(theirs, values, theirs) == (values, frozenset())


def test_rows_are_merged_by_id():
    base = {"1": {"title": "a"}, "2": {"title": "b"}, "3": {"title": "c"}, "4": {"title": "d"}}
    mine = [
        Row("1", {"title": "a"}),  # untouched, they changed it
        Row("2", {"title": "B"}),  # I changed it, they deleted it
        Row("3", {"title": "c"}),  # untouched, they deleted it
        Row("4", {"title": "D"}, is_deleted=True),  # I delete it, they changed it
    ]
    theirs = {"1": {"title": "A"}, "4": {"title": "dd"}, "5": {"title": "e"}}
    assert merge_rows(base, mine, theirs) == [
        MergedRow("1", {"title": "A"}),
        MergedRow("4", {"title": "D"}, is_deleted=True, note=RowNote.CHANGED_WHILE_DELETED),
        MergedRow("5", {"title": "e"}, note=RowNote.ADDED_BY_OTHER),
        MergedRow(None, {"title": "B"}, is_deleted=True, note=RowNote.DELETED_BY_OTHER),
    ]


def test_a_row_both_changed_keeps_mine_and_names_the_field():
    base = {"1": {"title": "a", "date": "x"}}
    merged = merge_rows(
        base, [Row("1", {"title": "b", "date": "x"})], {"1": {"title": "c", "date": "y"}}
    )
    assert merged == [MergedRow("1", {"title": "b", "date": "y"}, frozenset({"title"}))]


row_values = st.fixed_dictionaries({"title": texts, "date": texts})
row_ids = st.sampled_from(["1", "2", "3", "4"])


@given(
    base=st.dictionaries(row_ids, row_values),
    theirs=st.dictionaries(row_ids, row_values),
    mine=st.dictionaries(row_ids, st.tuples(row_values, st.booleans())),
)
def test_no_row_typed_is_lost_and_every_stored_row_stays(base, theirs, mine):
    mine = {pk: value for pk, value in mine.items() if pk in base}  # loaded rows only
    rows = [Row(pk, values, is_deleted) for pk, (values, is_deleted) in mine.items()]
    merged = merge_rows(base, rows, theirs)
    by_pk = {row.pk: row for row in merged if row.pk is not None}
    assert list(by_pk) == list(theirs)  # every stored row, once, in the stored order
    assert all(row.pk is None for row in merged[len(by_pk) :])
    for pk, (values, is_deleted) in mine.items():
        if is_deleted or values == base[pk]:
            continue
        changed = {n: v for n, v in values.items() if v != base[pk][n]}
        if pk in theirs:
            assert {n: by_pk[pk].values[n] for n in changed} == changed
        else:  # deleted by the other: kept as a new row, ticked for deletion
            kept = [r for r in merged if r.pk is None and r.values == values]
            assert kept and kept[0].is_deleted and kept[0].note == RowNote.DELETED_BY_OTHER


def test_without_a_base_every_row_the_editor_has_is_kept_and_new_stored_rows_are_added():
    merged = merge_rows(
        None,
        [Row("1", {"title": "a"}), Row("2", {"title": "b"})],
        {"1": {"title": "c"}, "3": {"title": "d"}},
    )
    assert merged == [
        MergedRow("1", {"title": "a"}, frozenset({"title"})),
        MergedRow("3", {"title": "d"}, note=RowNote.ADDED_BY_OTHER),
        MergedRow(None, {"title": "b"}, is_deleted=True, note=RowNote.DELETED_BY_OTHER),
    ]
