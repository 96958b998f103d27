"""The covenants' pages keep the paths they had under /blocs/ (mongcai/urls.py
mounts them there, before the blocs' own)."""

from django.urls import path

from . import views

app_name = "covenants"

urlpatterns = [
    path("covenants/", views.covenant_index, name="covenant-list"),
    path("covenants/<int:pk>/", views.covenant_detail, name="covenant-detail"),
    path("covenants/<int:pk>/edit/", views.covenant_edit, name="covenant-edit"),
    path("covenants/<int:pk>/open/", views.covenant_open_view, name="covenant-open"),
    path("covenants/<int:pk>/sign/", views.covenant_sign_view, name="covenant-sign"),
    path("covenants/<int:pk>/reviewers/", views.covenant_reviewers_view, name="covenant-reviewers"),
    path("covenants/<int:pk>/docx/", views.covenant_docx, name="covenant-docx"),
    path("covenants/<int:pk>/review/", views.covenant_review_start_view, name="covenant-review"),
    path("covenants/<int:pk>/finalise/", views.covenant_finalise_view, name="covenant-finalise"),
    path("covenants/<int:pk>/ranking/", views.covenant_ranking, name="covenant-ranking"),
    path(
        "covenants/<int:pk>/units/<int:unit_pk>/scores/",
        views.scorecard_detail,
        name="scorecard",
    ),
    path(
        "covenants/<int:pk>/evidence/<int:score_pk>/", views.score_evidence, name="score-evidence"
    ),
    path("<slug:code>/covenants/new/", views.covenant_new, name="covenant-new"),
]
