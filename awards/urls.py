from django.urls import path

from . import proposal_views, session_views, views

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
    path("decisions/<int:pk>/export.<str:fmt>", views.decision_export, name="decision-export"),
    path("proposals/", proposal_views.proposal_list, name="proposal-list"),
    path("proposals/new/", proposal_views.proposal_create, name="proposal-create"),
    path("proposals/schema/v1.json", proposal_views.proposal_schema, name="proposal-schema"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", proposal_views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/send/", proposal_views.proposal_send, name="proposal-send"),
    path("proposals/<int:pk>/return/", proposal_views.proposal_return, name="proposal-return"),
    path("proposals/<int:pk>/decide/", proposal_views.proposal_decide, name="proposal-decide"),
    path(
        "proposals/<int:pk>/<str:kind>.pdf",
        proposal_views.proposal_document,
        name="proposal-document",
    ),
    path(
        "proposals/<int:pk>/package.zip",
        proposal_views.proposal_package_download,
        name="proposal-package",
    ),
    path("fund/", proposal_views.fund_ledger, name="fund"),
    path("fund/income/", proposal_views.fund_income_add, name="fund-income"),
    path(
        "fund/recipients/<int:pk>/<str:action>/",
        proposal_views.fund_payment,
        name="fund-payment",
    ),
    path("fund/export.xlsx", proposal_views.fund_export_xlsx, name="fund-export"),
    path("exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]
