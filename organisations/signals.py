"""Keep the search text of activities current when what it is made of changes elsewhere:
their target groups and challenges (saved after the row) and their organisation's name."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from organisations.models import Activity, Organisation


def _refresh_lists(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        instance.refresh_search_text()
        return
    # A target group or challenge gained or lost activities (pk_set is None on a clear).
    activities = Activity.objects.select_related("organisation", "area")
    for activity in activities.filter(pk__in=pk_set or ()):
        activity.refresh_search_text()


m2m_changed.connect(_refresh_lists, sender=Activity.target_groups.through)
m2m_changed.connect(_refresh_lists, sender=Activity.challenges.through)


@receiver(post_save, sender=Organisation)
def _refresh_activities(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if created or raw or (update_fields is not None and "name" not in update_fields):
        return
    for activity in instance.activities.select_related("area"):
        activity.organisation = instance
        activity.refresh_search_text()
