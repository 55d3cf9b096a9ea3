"""The library's URLs: each area keeps its own list (authoring, player, browsing, learning paths)."""

from . import authoring_urls, browse_urls, collection_urls, player_urls

app_name = "library"
urlpatterns = [
    *browse_urls.urlpatterns,
    *authoring_urls.urlpatterns,
    *player_urls.urlpatterns,
    *collection_urls.urlpatterns,
]
