from django.urls import path

from . import agreement_views as views

urlpatterns = [
    path("", views.agreement_detail, name="agreement"),
    path("draft/", views.agreement_draft_view, name="agreement-draft"),
    path("edit/", views.agreement_edit, name="agreement-edit"),
    path("confirm/", views.agreement_confirm_view, name="agreement-confirm"),
    path("progress/", views.progress_confirm, name="agreement-progress"),
    path("history/", views.agreement_history, name="agreement-history"),
]
