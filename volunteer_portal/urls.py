from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from volunteer_portal import municipality_views, privacy_admin, views

admin.site.site_header = _("Frivilligportalen administration")
admin.site.site_title = _("Frivilligportalen")
admin.site.index_title = _("Administration")
# The admin's log-in goes through the portal's (allauth's), so with its throttling and its
# second factor; volunteer_portal.mfa requires that factor of every municipal user.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Outside the language prefix: the statement and the logo are the same in every language.
    path("was", municipality_views.accessibility_statement, name="accessibility-statement"),
    path(
        "municipality/logo/<str:version>",
        municipality_views.municipality_logo,
        name="municipality-logo",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    # Inside the language prefix, so that switching translates the address of the current page.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("privacy/", municipality_views.PrivacyView.as_view(), name="privacy"),
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("organisations.urls")),
    path("agreements/", include("partnerships.urls")),
    path("volunteering/", include("partnerships.volunteering_urls")),
    path("plans/", include("initiatives.urls")),
    # Two read-only pages of the admin for the administrator (volunteer_portal.privacy_admin).
    path(
        "admin/record-of-processing/",
        admin.site.admin_view(privacy_admin.RecordOfProcessingView.as_view()),
        name="admin-record-of-processing",
    ),
    path(
        "admin/due-for-anonymisation/",
        admin.site.admin_view(privacy_admin.RetentionCandidatesView.as_view()),
        name="admin-retention",
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler403 = "volunteer_portal.views.permission_denied"
handler404 = "volunteer_portal.views.page_not_found"
handler500 = "volunteer_portal.views.server_error"
