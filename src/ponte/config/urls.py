from django.contrib import admin
from django.urls import include, path

from ponte.core.views import health

admin.site.site_header = "Ponte"
admin.site.site_title = "Ponte"

urlpatterns = [
    path("", include("ponte.reports.urls")),
    path("healthz/", health, name="health"),
    path("accounts/", include("ponte.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("organization/", include("ponte.organizations.urls")),
    path("people/", include("ponte.people.urls")),
    path("skills/", include("ponte.skills.urls")),
    path("programs/", include("ponte.programs.urls")),
    path("matching/", include("ponte.matching.urls")),
    path("pairs/", include("ponte.pairs.urls")),
    path("meetings/", include("ponte.meetings.urls")),
    path("feedback/", include("ponte.feedback.urls")),
    path("library/", include("ponte.library.urls")),
    path("notifications/", include("ponte.notifications.urls")),
    path("admin/", admin.site.urls),
]
