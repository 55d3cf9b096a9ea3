from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("new/", views.pill_create_view, name="pill-create"),
    path("mine/", views.my_pills_view, name="my-pills"),
    path("review/", views.review_queue_view, name="review-queue"),
    path("pills/<int:pill_id>/edit/", views.pill_edit_view, name="pill-edit"),
    path("pills/<int:pill_id>/share/", views.pill_share_view, name="pill-share"),
    path("pills/<int:pill_id>/delete/", views.pill_delete_view, name="pill-delete"),
    path("pills/<int:pill_id>/review/", views.pill_review_view, name="pill-review"),
]
