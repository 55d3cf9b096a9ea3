"""Learning paths, mounted at /library/paths/ inside the ``library`` namespace."""

from django.urls import path

from . import collection_views

urlpatterns = [
    path("paths/", collection_views.collection_list, name="collection-list"),
    path("paths/new/", collection_views.collection_create, name="collection-create"),
    path("paths/<int:collection_id>/", collection_views.collection_detail, name="collection-detail"),
    path("paths/<int:collection_id>/edit/", collection_views.collection_edit, name="collection-edit"),
    path("paths/<int:collection_id>/items/", collection_views.collection_items, name="collection-items"),
    path("paths/<int:collection_id>/assign/", collection_views.collection_assign, name="collection-assign"),
    path("paths/<int:collection_id>/delete/", collection_views.collection_delete, name="collection-delete"),
]
