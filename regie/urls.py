from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from governance.views import HomeView
from regie.health import HealthView

# The portal's own error pages (core/error_pages.py); CSRF failures: CSRF_FAILURE_VIEW in the settings.
handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"
handler500 = "core.error_pages.server_error"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", HealthView.as_view(), name="healthz"),
    path("accounts/", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("regie.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs page is for people: anonymous visitors go to the log-in page (the schema answers them 401).
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api_docs"),
    path("incidents/", include("incidents.urls")),
    path("major-incidents/", include("majorincidents.urls")),
    path("mail/", include("notifications.urls")),
    path("", include("governance.reports.urls")),
    path("", include("governance.analysis.urls")),
    path("changes/", include("changes.urls")),
    path("problems/", include("problems.urls")),
    path("readiness/", include("governance.urls_readiness")),
    path("audit/", include("governance.audit.urls")),
    path("reports/monthly/", include("governance.urls_monthly")),
    path("", include("parties.urls")),
    path("status/", include("statuspage.urls")),
]
