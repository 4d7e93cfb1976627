from django.urls import path

from partnerships.views import agreements

app_name = "partnerships"

urlpatterns = [
    # Agreements (views/agreements.py).
    path("", agreements.AgreementListView.as_view(), name="agreement-list"),
    path("<int:pk>/", agreements.AgreementDetailView.as_view(), name="agreement-detail"),
    path(
        "documents/<int:pk>/<str:filename>",
        agreements.agreement_document_download,
        name="agreement-document",
    ),
    # Grants under § 18: pools, grants, reports (views/grants.py).
    # Reminders and the private calendar (views/calendar.py).
]
