from django.urls import path

from partnerships.views import agreements

app_name = "partnerships"

urlpatterns = [
    # Agreements (views/agreements.py).
    path("", agreements.AgreementListView.as_view(), name="agreement-list"),
    path("new/", agreements.AgreementCreateView.as_view(), name="agreement-create"),
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
    # Reminders and the private calendar (views/calendar.py).
]
