from django.urls import path

from . import views
from .dashboard_urls import urlpatterns as dashboard_patterns
from .export_urls import urlpatterns as export_patterns

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit-log"),
    *dashboard_patterns,
    *export_patterns,
]
