from django.urls import path
from django.views.generic import RedirectView

from organisations.views import bridge, directory, editing, overview, transfer

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
    path("bridge/", bridge.BridgeSearchView.as_view(), name="bridge"),
    path("activities/<int:pk>/slip/", bridge.ActivitySlipView.as_view(), name="activity-slip"),
    path("activities/<int:pk>/refer/", bridge.ReferralCreateView.as_view(), name="referral-create"),
    # Editing by staff and by organisation contacts (views/editing.py).
    path("new/", editing.OrganisationCreateView.as_view(), name="organisation-create"),
    path("my-organisations/", editing.MyOrganisationsView.as_view(), name="my-organisations"),
    path(
        "activities/to-check/",
        editing.ActivitiesToCheckView.as_view(),
        name="activities-to-check",
    ),
    path("activities/<int:pk>/edit/", editing.ActivityUpdateView.as_view(), name="activity-edit"),
    path(
        "activities/<int:pk>/preview/",
        editing.ActivityPreviewView.as_view(),
        name="activity-preview",
    ),
    path("<slug:slug>/edit/", editing.OrganisationUpdateView.as_view(), name="organisation-edit"),
    path(
        "<slug:slug>/activities/new/",
        editing.ActivityCreateView.as_view(),
        name="activity-create",
    ),
    path(
        "<slug:slug>/confirm/",
        editing.OrganisationConfirmView.as_view(),
        name="organisation-confirm",
    ),
    # Import and export (views/transfer.py).
    path("import/", transfer.TransferImportView.as_view(), name="transfer-import"),
    path("import/preview/", transfer.TransferPreviewView.as_view(), name="transfer-preview"),
    # The exports are listed on the import page.
    path("export/", RedirectView.as_view(pattern_name="organisations:transfer-import")),
    path(
        "export/<str:kind>.<str:file_format>",
        transfer.TransferExportView.as_view(),
        name="transfer-export",
    ),
    # Overview for staff (views/overview.py).
    path("overview/", overview.OrganisationOverviewView.as_view(), name="overview"),
    path("overview/referrals.csv", overview.ReferralCountsCsvView.as_view(), name="overview-csv"),
    # Last: an organisation's own pages.
    path("<slug:slug>/", directory.OrganisationDetailView.as_view(), name="organisation-detail"),
]
