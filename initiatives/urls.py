from django.urls import path

from initiatives import documents, feeds
from initiatives.views import history, initiatives, plans, reports

app_name = "initiatives"

urlpatterns = [
    # Before any "<slug:slug>/" pattern, so that "overview" is never read as a plan's slug.
    path("overview/", reports.OverviewIndexView.as_view(), name="overview-index"),
    path("<slug:slug>/overview/", reports.PlanOverviewView.as_view(), name="overview"),
    path(
        "<slug:slug>/overview/export.csv",
        reports.PlanOverviewExportView.as_view(file_format="csv"),
        name="overview-csv",
    ),
    path(
        "<slug:slug>/overview/export.xlsx",
        reports.PlanOverviewExportView.as_view(file_format="xlsx"),
        name="overview-xlsx",
    ),
    path("<slug:slug>/print/", reports.PlanPrintView.as_view(), name="plan-print"),
    path("<slug:slug>/follow/", reports.PlanFollowView.as_view(), name="plan-follow"),
    path("<slug:slug>/export.csv", reports.plan_csv, name="plan-csv"),
    path("<slug:slug>/export.xlsx", reports.plan_xlsx, name="plan-xlsx"),
    path("<slug:slug>/export.json", reports.plan_json, name="plan-json"),
    path("<slug:slug>/milestones.ics", reports.plan_calendar, name="plan-calendar"),
    path("<slug:slug>/feed.atom", reports.cached_plan_file(feeds.PlanFeed()), name="plan-feed"),
    # Reading and editing plans and initiatives ("new/" before the plan slug, as above).
    path("", plans.PlanListView.as_view(), name="plan-list"),
    path("new/", plans.PlanCreateView.as_view(), name="plan-create"),
    path("<slug:slug>/", plans.PlanDetailView.as_view(), name="plan-detail"),
    path("<slug:slug>/edit/", plans.PlanUpdateView.as_view(), name="plan-update"),
    path("<slug:slug>/publish/", plans.PlanPublishView.as_view(), name="plan-publish"),
    path("<slug:slug>/start-new/", plans.PlanStartFromView.as_view(), name="plan-start-from"),
    path("<slug:slug>/renumber/", plans.PlanRenumberView.as_view(), name="plan-renumber"),
    path("<slug:slug>/history/", history.PlanHistoryView.as_view(), name="plan-history"),
    # A plan's documents; the file name at the end is optional and only for the reader.
    path(
        "<slug:slug>/documents/<int:pk>/",
        documents.plan_document_download,
        name="plan-document-short",
    ),
    path(
        "<slug:slug>/documents/<int:pk>/<str:filename>",
        documents.plan_document_download,
        name="plan-document",
    ),
    path(
        "<slug:slug>/initiatives/new/",
        initiatives.InitiativeCreateView.as_view(),
        name="initiative-create",
    ),
    path(
        "<slug:slug>/<int:number>/",
        initiatives.InitiativeDetailView.as_view(),
        name="initiative-detail",
    ),
    path(
        "<slug:slug>/<int:number>/edit/",
        initiatives.InitiativeUpdateView.as_view(),
        name="initiative-update",
    ),
    path(
        "<slug:slug>/<int:number>/status/",
        initiatives.InitiativeStatusView.as_view(),
        name="initiative-status",
    ),
    path(
        "<slug:slug>/<int:number>/notes/new/",
        initiatives.ProgressNoteCreateView.as_view(),
        name="progress-note-create",
    ),
    path(
        "<slug:slug>/<int:number>/history/",
        history.InitiativeHistoryView.as_view(),
        name="initiative-history",
    ),
]
