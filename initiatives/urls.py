from django.urls import path

from initiatives import feeds, views, views_reports

app_name = "initiatives"

urlpatterns = [
    # Before any "<slug:slug>/" pattern, so that "overview" is never read as a plan's slug.
    path("overview/", views_reports.OverviewIndexView.as_view(), name="overview-index"),
    path("<slug:slug>/overview/", views_reports.PlanOverviewView.as_view(), name="overview"),
    path("<slug:slug>/print/", views_reports.PlanPrintView.as_view(), name="plan-print"),
    path("<slug:slug>/export.csv", views_reports.plan_csv, name="plan-csv"),
    path("<slug:slug>/export.json", views_reports.plan_json, name="plan-json"),
    path("<slug:slug>/milestones.ics", views_reports.plan_calendar, name="plan-calendar"),
    path("<slug:slug>/feed.atom", feeds.PlanFeed(), name="plan-feed"),
    # Reading and editing plans and initiatives ("new/" before the plan slug, as above).
    path("", views.PlanListView.as_view(), name="plan-list"),
    path("new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("<slug:slug>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<slug:slug>/edit/", views.PlanUpdateView.as_view(), name="plan-update"),
    path("<slug:slug>/publish/", views.PlanPublishView.as_view(), name="plan-publish"),
    path("<slug:slug>/start-new/", views.PlanStartFromView.as_view(), name="plan-start-from"),
    path("<slug:slug>/renumber/", views.PlanRenumberView.as_view(), name="plan-renumber"),
    path("<slug:slug>/history/", views.PlanHistoryView.as_view(), name="plan-history"),
    path(
        "<slug:slug>/initiatives/new/",
        views.InitiativeCreateView.as_view(),
        name="initiative-create",
    ),
    path(
        "<slug:slug>/<int:number>/", views.InitiativeDetailView.as_view(), name="initiative-detail"
    ),
    path(
        "<slug:slug>/<int:number>/edit/",
        views.InitiativeUpdateView.as_view(),
        name="initiative-update",
    ),
    path(
        "<slug:slug>/<int:number>/status/",
        views.InitiativeStatusView.as_view(),
        name="initiative-status",
    ),
    path(
        "<slug:slug>/<int:number>/notes/new/",
        views.ProgressNoteCreateView.as_view(),
        name="progress-note-create",
    ),
    path(
        "<slug:slug>/<int:number>/history/",
        views.InitiativeHistoryView.as_view(),
        name="initiative-history",
    ),
]
