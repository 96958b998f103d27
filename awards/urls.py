from django.urls import path

from . import certificate_views, dossier_views, procedure_views, session_views, views

app_name = "awards"

urlpatterns = [
    path("", views.nomination_list, name="nomination-list"),
    path("nominations/new/", views.nomination_create, name="nomination-create"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/review/", views.nomination_review, name="nomination-review"),
    path("dossiers/", dossier_views.dossier_list, name="dossier-list"),
    path("nominations/<int:pk>/dossier/", dossier_views.dossier_detail, name="dossier-detail"),
    path("nominations/<int:pk>/dossier/draft/", dossier_views.dossier_draft, name="dossier-draft"),
    path("nominations/<int:pk>/dossier/edit/", dossier_views.dossier_edit, name="dossier-edit"),
    path(
        "nominations/<int:pk>/dossier/confirm/",
        dossier_views.dossier_confirm,
        name="dossier-confirm",
    ),
    path(
        "nominations/<int:pk>/dossier/reopen/", dossier_views.dossier_reopen, name="dossier-reopen"
    ),
    path(
        "nominations/<int:pk>/dossier/files/",
        dossier_views.dossier_file_upload,
        name="dossier-file-upload",
    ),
    path(
        "nominations/<int:pk>/dossier/<str:kind>.docx",
        dossier_views.dossier_document_download,
        name="dossier-document",
    ),
    path("dossier-files/<int:pk>/", dossier_views.dossier_file_download, name="dossier-file"),
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
    path(
        "sessions/<int:pk>/minutes-number/",
        procedure_views.session_minutes_number,
        name="session-minutes-number",
    ),
    path("registration/", procedure_views.registration_list, name="registration-list"),
    path(
        "registration/new/",
        procedure_views.registration_round_create,
        name="registration-round-create",
    ),
    path(
        "registration/<int:pk>/deadline/",
        procedure_views.registration_round_deadline,
        name="registration-round-deadline",
    ),
    path(
        "registration/<int:pk>/register/",
        procedure_views.registration_register,
        name="registration-register",
    ),
    path(
        "registration/<int:pk>/export.xlsx",
        procedure_views.registration_export,
        name="registration-export",
    ),
    path("disclosures/", procedure_views.disclosure_list, name="disclosure-list"),
    path("disclosures/new/", procedure_views.disclosure_publish, name="disclosure-publish"),
    path("disclosures/<int:pk>/", procedure_views.disclosure_detail, name="disclosure-detail"),
    path(
        "disclosures/<int:pk>/comment/",
        procedure_views.disclosure_comment,
        name="disclosure-comment",
    ),
    path(
        "disclosures/comments/<int:pk>/resolve/",
        procedure_views.disclosure_resolve,
        name="disclosure-resolve",
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
    path("decisions/<int:pk>/export.<str:fmt>", views.decision_export, name="decision-export"),
    path(
        "decisions/<int:pk>/certificates/<slug:kind>.pdf",
        certificate_views.decision_certificates,
        name="decision-certificates",
    ),
    path(
        "decisions/<int:pk>/recipients/<int:recipient_pk>/certificate.pdf",
        certificate_views.recipient_certificate,
        name="recipient-certificate",
    ),
    path("certificates/", certificate_views.layout_list, name="certificate-layouts"),
    path(
        "certificates/<int:organiser_pk>/<slug:kind>/",
        certificate_views.layout_edit,
        name="certificate-layout",
    ),
    path(
        "certificates/<int:organiser_pk>/<slug:kind>/test.pdf",
        certificate_views.layout_test_print,
        name="certificate-test-print",
    ),
    # Public: the page a certificate's QR code opens (no login, throttled).
    path("check/<str:token>/", certificate_views.certificate_check, name="certificate-check"),
    path("exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]
