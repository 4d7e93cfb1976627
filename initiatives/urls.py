from django.urls import path

from initiatives import feeds, views_reports

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
]
