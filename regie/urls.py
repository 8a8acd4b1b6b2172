from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from governance.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("regie.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
    path("incidents/", include("incidents.urls")),
    path("mail/", include("notifications.urls")),
    path("", include("governance.reports.urls")),
    path("changes/", include("changes.urls")),
    path("readiness/", include("governance.urls_readiness")),
    path("audit/", include("governance.audit.urls")),
    path("reports/monthly/", include("governance.urls_monthly")),
    path("", include("parties.urls")),
]
