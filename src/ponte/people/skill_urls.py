"""Mounted at /people/me/skills/ inside the ``people`` namespace."""

from django.urls import path

from . import skill_views

urlpatterns = [
    path("", skill_views.my_skills, name="my-skills"),
    path("offers/", skill_views.skill_offer_save, name="my-skill-offer-save"),
    path("offers/remove/", skill_views.skill_offer_remove, name="my-skill-offer-remove"),
    path("wants/", skill_views.skill_want_save, name="my-skill-want-save"),
    path("wants/remove/", skill_views.skill_want_remove, name="my-skill-want-remove"),
    path("of/<int:person_id>/", skill_views.my_skills, name="person-skills"),
    path("of/<int:person_id>/offers/", skill_views.skill_offer_save, name="person-skill-offer-save"),
    path("of/<int:person_id>/offers/remove/", skill_views.skill_offer_remove, name="person-skill-offer-remove"),
    path("of/<int:person_id>/wants/", skill_views.skill_want_save, name="person-skill-want-save"),
    path("of/<int:person_id>/wants/remove/", skill_views.skill_want_remove, name="person-skill-want-remove"),
]
