"""Where the timeline puts each bar, including initiatives outside the plan's years."""

from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

from initiatives.timeline import MAX_YEARS, build_timeline, timeline_years


def plan(start, end):
    return SimpleNamespace(start_year=start, end_year=end)


def initiative(start, end):
    return SimpleNamespace(start_year=start, end_year=end)


def test_timeline_years_are_the_plans_years():
    assert timeline_years(plan(2020, 2022), 2020, 2021) == [2020, 2021, 2022]


def test_timeline_years_widen_to_initiatives_outside_the_plan():
    assert timeline_years(plan(2020, 2022), 2019, 2023) == [2019, 2020, 2021, 2022, 2023]


def test_timeline_years_of_a_plan_without_initiatives():
    assert timeline_years(plan(2020, 2020), None, None) == [2020]


def test_timeline_years_are_capped_so_the_stylesheet_covers_them():
    years = timeline_years(plan(2000, 2040))
    assert len(years) == MAX_YEARS
    assert years[0] == 2000


def test_timeline_keeps_the_plans_years_when_an_initiative_starts_long_before():
    years = timeline_years(plan(2020, 2022), 1950, 2022)
    assert len(years) == MAX_YEARS
    assert years[-3:] == [2020, 2021, 2022]


def test_timeline_keeps_the_plans_years_when_an_initiative_ends_long_after():
    years = timeline_years(plan(2020, 2022), 2020, 2090)
    assert len(years) == MAX_YEARS
    assert years[:3] == [2020, 2021, 2022]


def test_timeline_shares_the_spare_columns_when_both_sides_are_far_out():
    years = timeline_years(plan(2020, 2022), 1950, 2090)
    assert len(years) == MAX_YEARS
    assert 2020 in years and 2022 in years
    assert years[0] == 2020 - (MAX_YEARS - 3) // 2


def test_timeline_gives_the_unused_columns_of_one_side_to_the_other():
    years = timeline_years(plan(2020, 2022), 2019, 2090)
    assert years[0] == 2019
    assert len(years) == MAX_YEARS


def test_bar_starts_at_its_first_year_and_spans_its_years():
    row = build_timeline([initiative(2021, 2022)], [2020, 2021, 2022]).rows[0]
    assert (row.start_column, row.length) == (2, 2)
    assert row.runs == [False, True, True]
    assert not row.starts_before and not row.ends_after


def test_bar_beyond_the_years_shown_is_cut_and_marked():
    row = build_timeline([initiative(2018, 2030)], [2020, 2021, 2022]).rows[0]
    assert (row.start_column, row.length) == (1, 3)
    assert row.starts_before and row.ends_after


def test_initiative_wholly_outside_the_years_shown_has_no_bar():
    row = build_timeline([initiative(2030, 2031)], [2020, 2021]).rows[0]
    assert row.length == 0
    assert row.runs == [False, False]
    assert row.ends_after


def test_stylesheet_has_a_class_for_every_position_the_timeline_can_use():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "timeline.css").read_text()
    for n in range(1, MAX_YEARS + 1):
        assert f".tl-start-{n} " in css
        assert f".tl-len-{n} " in css
        assert f".tl-years-{n} " in css
    for percent in range(101):
        assert f".pct-{percent} " in css
