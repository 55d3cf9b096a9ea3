from django.urls import include, path

from . import views

app_name = "pairs"
urlpatterns = [
    path("runs/<int:run_id>/publish/", views.run_publish, name="run-publish"),
    path("programs/<int:program_id>/pair-by-hand/", views.pair_manual, name="pair-manual"),
    path("", views.my_pairs, name="my-pairs"),
    path("<int:pair_id>/", views.pair_detail, name="pair-detail"),
    path("<int:pair_id>/answer/", views.pair_answer, name="pair-answer"),
    path("<int:pair_id>/agreement/", include("ponte.pairs.agreement_urls")),
    path("<int:pair_id>/remind/", views.pair_remind_view, name="pair-remind"),
    path("program/<int:program_id>/", views.program_pairs, name="program-pairs"),
]
