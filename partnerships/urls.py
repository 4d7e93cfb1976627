from django.urls import path

from partnerships.views import agreements, calendar, grants, overview, reviews

app_name = "partnerships"

urlpatterns = [
    # Agreements (views/agreements.py).
    path("", agreements.AgreementListView.as_view(), name="agreement-list"),
    path("new/", agreements.AgreementCreateView.as_view(), name="agreement-create"),
    path("overview/", overview.OverviewView.as_view(), name="overview"),
    path("export.csv", overview.AgreementExportView.as_view(), name="agreement-export-csv"),
    path(
        "export.xlsx",
        overview.AgreementExportView.as_view(file_format="xlsx"),
        name="agreement-export-xlsx",
    ),
    path("<int:pk>/", agreements.AgreementDetailView.as_view(), name="agreement-detail"),
    path("<int:pk>/edit/", agreements.AgreementUpdateView.as_view(), name="agreement-edit"),
    path("<int:pk>/end/", agreements.AgreementEndView.as_view(), name="agreement-end"),
    path(
        "<int:pk>/documents/new/",
        agreements.DocumentUploadView.as_view(),
        name="agreement-document-add",
    ),
    path(
        "<int:pk>/activate/",
        agreements.AgreementActionView.as_view(),
        {"action": "activate"},
        name="agreement-activate",
    ),
    path(
        "<int:pk>/renew/",
        agreements.AgreementActionView.as_view(),
        {"action": "renew"},
        name="agreement-renew",
    ),
    path(
        "documents/<int:pk>/<str:filename>",
        agreements.agreement_document_download,
        name="agreement-document",
    ),
    # Grants under § 18: pools, grants, reports (views/grants.py).
    path("pools/", grants.PoolListView.as_view(), name="pool-list"),
    path("pools/new/", grants.PoolCreateView.as_view(), name="pool-create"),
    path("pools/<int:pool>/", grants.PoolDetailView.as_view(), name="pool-detail"),
    path("pools/<int:pool>/edit/", grants.PoolUpdateView.as_view(), name="pool-edit"),
    path(
        "pools/<int:pool>/grants/<int:pk>/",
        grants.GrantDetailView.as_view(),
        name="grant-detail",
    ),
    path(
        "pools/<int:pool>/grants/<int:pk>/paid/",
        grants.GrantPaidView.as_view(),
        name="grant-paid",
    ),
    path(
        "pools/<int:pool>/grants/<int:pk>/report/",
        grants.GrantReportView.as_view(),
        name="grant-report",
    ),
    path(
        "pools/<int:pool>/grants/<int:pk>/report/documents/",
        grants.GrantReportDocumentView.as_view(),
        name="grant-report-document",
    ),
    path("grants/new/", grants.GrantCreateView.as_view(), name="grant-create"),
    path("grants/totals/", grants.GrantTotalsView.as_view(), name="grant-totals"),
    # Reminders and the private calendar (views/calendar.py).
    path("<int:pk>/reviews/", reviews.ReviewMeetingListView.as_view(), name="review-list"),
    path("<int:pk>/reviews/new/", reviews.ReviewMeetingCreateView.as_view(), name="review-create"),
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path("calendar/renew/", calendar.CalendarRenewView.as_view(), name="calendar-renew"),
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
