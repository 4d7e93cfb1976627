from django.urls import path

from organisations.views import directory

app_name = "organisations"

# Fixed addresses come before "<slug>/": an organisation's short name cannot take one of
# them (volunteer_portal.slugs reserves them).
urlpatterns = [
    # The public directory.
    path("", directory.OrganisationListView.as_view(), name="organisation-list"),
    path("activities/", directory.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", directory.ActivityDetailView.as_view(), name="activity-detail"),
    path("my-units/", directory.MyUnitsView.as_view(), name="my-units"),
    # Bridge-building for staff (views/bridge.py).
    # Editing by staff and by organisation contacts (views/editing.py).
    # Import and export (views/transfer.py).
    # Overview for staff (views/overview.py).
    # Last: an organisation's own pages.
    path("<slug:slug>/", directory.OrganisationDetailView.as_view(), name="organisation-detail"),
]
