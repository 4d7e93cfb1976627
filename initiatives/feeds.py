"""An Atom feed per action plan of its progress notes and status changes, newest first, so
citizens and councillors can follow the plan without logging in."""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from initiatives.models import ProgressNote, StatusChange
from volunteer_portal.permissions import get_plan_for

FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedSource:
    """The plan and the site's address: Atom ids must be absolute, and a Feed instance is
    shared by all requests, so the address travels with the object instead."""

    plan: object
    absolute_url: object  # request.build_absolute_uri


@dataclass(frozen=True)
class FeedEntry:
    guid: str  # absolute and unique: several entries link to the same initiative page
    link: str
    title: str
    text: str
    published: datetime.datetime
    updated: datetime.datetime


def _note_entry(note, source):
    # Published on the day the note is about; updated when it was written, if later.
    published = timezone.make_aware(datetime.datetime.combine(note.date, datetime.time.min))
    link = source.absolute_url(note.initiative.get_absolute_url())
    figure = _("Progress: %(progress)s %%") % {"progress": note.progress}
    if note.progress is None:
        text = note.text
    elif note.text:
        text = f"{figure}\n\n{note.text}"
    else:
        text = figure
    return FeedEntry(
        guid=f"{link}#progress-note-{note.pk}",
        link=link,
        title=_("Progress in %(initiative)s") % {"initiative": note.initiative},
        text=text,
        published=published,
        updated=max(note.created_at, published),
    )


def _published_entry(plan, source):
    link = source.absolute_url(plan.get_absolute_url())
    title = _("%(plan)s is published") % {"plan": plan}
    return FeedEntry(
        guid=f"{link}#published",
        link=link,
        title=title,
        text=title,
        published=plan.published_at,
        updated=plan.published_at,
    )


def _status_entry(change, source):
    link = source.absolute_url(change.initiative.get_absolute_url())
    if change.is_carry_over:
        title = _("%(initiative)s: carried over with the status %(status)s") % {
            "initiative": change.initiative,
            "status": change.get_to_status_display(),
        }
    else:
        title = _("%(initiative)s: %(old)s → %(new)s") % {
            "initiative": change.initiative,
            "old": change.get_from_status_display(),
            "new": change.get_to_status_display(),
        }
    return FeedEntry(
        guid=f"{link}#status-change-{change.pk}",
        link=link,
        title=title,
        text=change.comment or title,
        published=change.changed_at,
        updated=change.changed_at,
    )


class PlanAtomFeed(Atom1Feed):
    def latest_post_date(self):
        """The feed's <updated>: its latest entry, or the plan's last change if that is later
        (or the feed has no entries), never the moment the feed is read."""
        dates = [item.get(key) for item in self.items for key in ("updateddate", "pubdate")]
        return max([*filter(None, dates), self.feed["plan_updated_at"]])


class PlanFeed(Feed):
    feed_type = PlanAtomFeed

    def get_object(self, request, slug):
        return FeedSource(get_plan_for(request.user, slug), request.build_absolute_uri)

    def title(self, source):
        return _("News from %(plan)s") % {"plan": source.plan}

    def subtitle(self, source):
        return _("Progress notes and status changes of the initiatives in the action plan.")

    def link(self, source):
        return source.plan.get_absolute_url()

    def feed_guid(self, source):
        return source.absolute_url(source.plan.get_absolute_url())

    def feed_extra_kwargs(self, source):
        return {"plan_updated_at": source.plan.updated_at}

    def items(self, source):
        notes = (
            ProgressNote.objects.filter(initiative__plan=source.plan)
            .select_related("initiative__plan")
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )
        changes = (
            StatusChange.objects.filter(initiative__plan=source.plan)
            .select_related("initiative__plan")
            .order_by("-changed_at", "-pk")[:FEED_LENGTH]
        )
        entries = [_note_entry(n, source) for n in notes]
        entries += [_status_entry(c, source) for c in changes]
        if source.plan.is_published and source.plan.published_at:
            entries.append(_published_entry(source.plan, source))
        entries.sort(key=lambda entry: (entry.published, entry.updated), reverse=True)
        return entries[:FEED_LENGTH]

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        # Atom1Feed sends the description as <summary type="html">: the staff's plain text
        # must reach the reader as text, never as markup.
        return linebreaks(entry.text, autoescape=True)

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated
