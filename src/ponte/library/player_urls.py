from django.urls import URLPattern, path

from . import player_views

urlpatterns: list[URLPattern] = [
    path("pills/<int:pill_id>/", player_views.pill_detail, name="pill-detail"),
    path("pills/<int:pill_id>/media/", player_views.pill_media, name="pill-media"),
    path("pills/<int:pill_id>/thumbnail.jpg", player_views.pill_thumbnail, name="pill-thumbnail"),
    path("pills/<int:pill_id>/captions.vtt", player_views.pill_captions, name="pill-captions"),
    path("pills/<int:pill_id>/helpful/", player_views.pill_helpful, name="pill-helpful"),
    path("pills/<int:pill_id>/comments/", player_views.pill_comment_add, name="comment-add"),
    path("comments/<int:comment_id>/delete/", player_views.pill_comment_delete, name="comment-delete"),
]
