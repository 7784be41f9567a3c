from django.contrib import admin
from django.urls import include, path

from rantai.accounts.views import set_language
from rantai.ops.health import health

urlpatterns = [
    path("", include("rantai.core.urls")),
    path("accounts/", include("rantai.accounts.urls")),
    path("firms/", include("rantai.firms.urls")),
    path("5r/", include("rantai.five_r.urls")),
    path("temu-bisnis/", include("rantai.matchmaking.urls")),
    path("kemitraan/", include("rantai.partnerships.urls")),
    path("kawasan/", include("rantai.estates.urls")),
    path("insights/", include("rantai.insights.urls")),
    path("notifications/", include("rantai.inbox.urls")),
    path("search/", include("rantai.search.urls")),
    path("call-offs/", include("rantai.calloffs.urls")),
    path("webhooks/", include("rantai.webhooks.urls")),
    path("api/v1/", include("rantai.api_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
handler404 = "rantai.core.views.page_not_found"
