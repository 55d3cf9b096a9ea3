from django.urls import include, path

from . import lifecycle_views, views

app_name = "pairs"
urlpatterns = [
    path("runs/<int:run_id>/publish/", views.run_publish, name="run-publish"),
    path("programs/<int:program_id>/pair-by-hand/", views.pair_manual, name="pair-manual"),
    path("", views.my_pairs, name="my-pairs"),
    path("<int:pair_id>/", views.pair_detail, name="pair-detail"),
    path("<int:pair_id>/answer/", views.pair_answer, name="pair-answer"),
    path("<int:pair_id>/agreement/", include("ponte.pairs.agreement_urls")),
    path("<int:pair_id>/remind/", views.pair_remind_view, name="pair-remind"),
    path("<int:pair_id>/pause/", lifecycle_views.pair_pause_view, name="pair-pause"),
    path("<int:pair_id>/resume/", lifecycle_views.pair_resume_view, name="pair-resume"),
    path("<int:pair_id>/end/", lifecycle_views.pair_end_view, name="pair-end"),
    path("<int:pair_id>/complete/", lifecycle_views.pair_complete_view, name="pair-complete"),
    path("program/<int:program_id>/", views.program_pairs, name="program-pairs"),
]
