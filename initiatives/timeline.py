"""The timeline of an action plan: initiatives as bars over the years.

The bars are placed with CSS classes from ``static/css/timeline.css`` (column ``tl-start-N``,
width ``tl-len-N``, number of year columns ``tl-years-N``), because the Content-Security-Policy
forbids ``style=""``. The columns count from the timeline's first year, so the stylesheet only
has to cover ``MAX_YEARS`` columns, whatever the calendar years are.
"""

from dataclasses import dataclass

MAX_YEARS = 12


@dataclass(frozen=True)
class TimelineRow:
    initiative: object
    start_column: int  # 1-based, counted from the timeline's first year
    length: int  # number of year columns the bar covers
    runs: list[bool]  # one per year of the timeline
    starts_before: bool  # the initiative starts before the first year shown
    ends_after: bool  # the initiative ends after the last year shown


@dataclass(frozen=True)
class Timeline:
    years: list[int]
    rows: list[TimelineRow]


def timeline_years(plan, first=None, last=None):
    """The plan's years, widened towards ``first``..``last`` (initiatives may run outside the
    plan period) within ``MAX_YEARS`` columns.

    The plan's own years always come first in the budget: one initiative typed far in the
    past must not push them off the timeline. The columns left over are shared between the
    years before and after the plan, and a side that needs fewer leaves the rest to the other.
    """
    if plan.end_year - plan.start_year + 1 >= MAX_YEARS:
        return list(range(plan.start_year, plan.start_year + MAX_YEARS))
    spare = MAX_YEARS - (plan.end_year - plan.start_year + 1)
    wanted_before = max(plan.start_year - first, 0) if first is not None else 0
    wanted_after = max(last - plan.end_year, 0) if last is not None else 0
    before = min(wanted_before, max(spare // 2, spare - wanted_after))
    after = min(wanted_after, spare - before)
    return list(range(plan.start_year - before, plan.end_year + after + 1))


def build_timeline(initiatives, years):
    """One row per initiative, with where its bar starts and how long it is."""
    first, last = years[0], years[-1]
    rows = []
    for initiative in initiatives:
        start = max(initiative.start_year, first)
        end = min(initiative.end_year, last)
        rows.append(
            TimelineRow(
                initiative=initiative,
                # A bar wholly outside the years shown has no length and draws nothing.
                start_column=start - first + 1 if start <= end else 1,
                length=max(end - start + 1, 0),
                runs=[initiative.start_year <= year <= initiative.end_year for year in years],
                starts_before=initiative.start_year < first,
                ends_after=initiative.end_year > last,
            )
        )
    return Timeline(years=years, rows=rows)
