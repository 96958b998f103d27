from django.urls import path

from . import session_views, views

app_name = "awards"

urlpatterns = [
    path("", views.nomination_list, name="nomination-list"),
    path("nominations/new/", views.nomination_create, name="nomination-create"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/review/", views.nomination_review, name="nomination-review"),
    path("sessions/", session_views.session_list, name="session-list"),
    path("sessions/new/", session_views.session_create, name="session-create"),
    path("sessions/<int:pk>/", session_views.session_detail, name="session-detail"),
    path(
        "sessions/<int:pk>/attendance/",
        session_views.session_attendance,
        name="session-attendance",
    ),
    path("sessions/<int:pk>/vote/", session_views.session_vote, name="session-vote"),
    path("sessions/<int:pk>/close/", session_views.session_close, name="session-close"),
    path(
        "sessions/<int:pk>/<str:kind>.docx",
        session_views.session_document_download,
        name="session-document",
    ),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_history, name="person-history"),
    path("units/<int:pk>/", views.unit_history, name="unit-history"),
    path("statistics/", views.statistics, name="statistics"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/new/", views.decision_create, name="decision-create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision-edit"),
    path(
        "decisions/<int:pk>/nominations/",
        views.decision_add_nominations,
        name="decision-add-nominations",
    ),
    path(
        "decisions/<int:pk>/recipients/",
        views.decision_add_recipient,
        name="decision-add-recipient",
    ),
    path(
        "decisions/<int:pk>/recipients/<int:recipient_pk>/remove/",
        views.decision_remove_recipient,
        name="decision-remove-recipient",
    ),
    path("decisions/<int:pk>/issue/", views.decision_issue, name="decision-issue"),
    path("decisions/<int:pk>/annul/", views.decision_annul, name="decision-annul"),
    path("decisions/<int:pk>/print/", views.decision_print, name="decision-print"),
    path("decisions/<int:pk>/decision.pdf", views.decision_pdf, name="decision-pdf"),
    path("decisions/<int:pk>/signed/", views.decision_signed_upload, name="decision-signed-upload"),
    path(
        "decisions/<int:pk>/signed.pdf",
        views.decision_signed_download,
        name="decision-signed-download",
    ),
    path("decisions/<int:pk>/export.<str:fmt>", views.decision_export, name="decision-export"),
    path("exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]
