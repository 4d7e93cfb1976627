"""The volunteer flow, from opportunity to volunteer agreement: mounted at /volunteering/."""

from django.urls import path

from partnerships.views import (
    inbox,
    my_data,
    opportunities,
    volunteer,
    volunteer_agreements,
    volunteer_overview,
)

app_name = "volunteering"

urlpatterns = [
    # Opportunities (views/opportunities.py): the public list and page; coordinators edit.
    path("", opportunities.OpportunityListView.as_view(), name="opportunity-list"),
    path("new/", opportunities.OpportunityCreateView.as_view(), name="opportunity-create"),
    path("<int:pk>/", opportunities.OpportunityDetailView.as_view(), name="opportunity-detail"),
    path("<int:pk>/edit/", opportunities.OpportunityUpdateView.as_view(), name="opportunity-edit"),
    path(
        "<int:pk>/publish/",
        opportunities.OpportunityStatusView.as_view(),
        {"action": "publish"},
        name="opportunity-publish",
    ),
    path(
        "<int:pk>/close/",
        opportunities.OpportunityStatusView.as_view(),
        {"action": "close"},
        name="opportunity-close",
    ),
    # The volunteer (views/volunteer.py): interest, the waiting list, their own page.
    path("<int:pk>/interest/", volunteer.InterestCreateView.as_view(), name="interest-create"),
    path("interest/", volunteer.GeneralInterestCreateView.as_view(), name="general-interest"),
    path("waiting/<str:token>/", volunteer.WaitingListView.as_view(), name="waiting"),
    path("me/", volunteer.VolunteerHomeView.as_view(), name="me"),
    path("me/profile/", volunteer.ProfileEditView.as_view(), name="profile"),
    path(
        "me/interests/<int:pk>/withdraw/",
        volunteer.InterestWithdrawView.as_view(),
        name="interest-withdraw",
    ),
    path("me/calendar/", volunteer.CalendarView.as_view(), name="calendar"),
    path("me/calendar/renew/", volunteer.CalendarRenewView.as_view(), name="calendar-renew"),
    path("calendar/<slug:token>.ics", volunteer.calendar_feed, name="calendar-feed"),
    # The coordinator's inbox (views/inbox.py).
    path("inbox/", inbox.InboxView.as_view(), name="inbox"),
    path("inbox/interests/<int:pk>/", inbox.InterestDetailView.as_view(), name="interest-detail"),
    path(
        "inbox/interests/<int:pk>/<str:action>/",
        inbox.InterestActionView.as_view(),
        name="interest-action",
    ),
    # Volunteer agreements (views/volunteer_agreements.py), for coordinator and volunteer.
    path(
        "agreements/new/",
        volunteer_agreements.AgreementCreateView.as_view(),
        name="agreement-create",
    ),
    path(
        "agreements/<int:pk>/",
        volunteer_agreements.AgreementDetailView.as_view(),
        name="agreement-detail",
    ),
    path(
        "agreements/<int:pk>/edit/",
        volunteer_agreements.AgreementUpdateView.as_view(),
        name="agreement-edit",
    ),
    path(
        "agreements/<int:pk>/certificate/",
        volunteer_agreements.ChildCertificateView.as_view(),
        name="agreement-child-certificate",
    ),
    path(
        "agreements/<int:pk>/end/",
        volunteer_agreements.AgreementEndView.as_view(),
        name="agreement-end",
    ),
    path(
        "agreements/<int:pk>/<str:action>/",
        volunteer_agreements.AgreementActionView.as_view(),
        name="agreement-action",
    ),
    path(
        "agreements/<int:pk>/agreement.pdf",
        volunteer_agreements.agreement_pdf,
        name="agreement-pdf",
    ),
    path(
        "agreements/<int:pk>/certificate-of-work.pdf",
        volunteer_agreements.work_certificate_pdf,
        name="work-certificate",
    ),
    # The coordinators' overview and exports (views/volunteer_overview.py).
    path("overview/", volunteer_overview.OverviewView.as_view(), name="overview"),
    path(
        "overview/volunteers.csv",
        volunteer_overview.VolunteerExportView.as_view(),
        name="export-csv",
    ),
    path(
        "overview/volunteers.xlsx",
        volunteer_overview.VolunteerExportView.as_view(file_format="xlsx"),
        name="export-xlsx",
    ),
    # The volunteer's rights over their data (views/my_data.py, issue #12).
    path("me/data/", my_data.MyDataView.as_view(), name="my-data"),
    path("me/data.json", my_data.MyDataJsonView.as_view(), name="my-data-json"),
    path("me/delete/", my_data.DeleteAccountView.as_view(), name="my-delete"),
    path("me/consent/", my_data.ConsentView.as_view(), name="my-consent"),
]
