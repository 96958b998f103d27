from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_index, name="campaign-list"),
    path("<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("<int:pk>/dashboard/", views.dashboard_city, name="dashboard"),
    path("<int:pk>/dashboard/blocs/<int:bloc_pk>/", views.dashboard_bloc, name="dashboard-bloc"),
    path("<int:pk>/dashboard/units/<int:unit_pk>/", views.dashboard_unit, name="dashboard-unit"),
    path(
        "<int:pk>/dashboard/completeness/",
        views.dashboard_completeness,
        name="dashboard-completeness",
    ),
    path("<int:pk>/dashboard/export/", views.dashboard_export, name="dashboard-export"),
    path("reports/", views.report_index, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/review/", views.report_review, name="report-review"),
    path("reports/<int:pk>/evidence/", views.evidence_upload, name="evidence-upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path(
        "units/<int:unit_pk>/periods/<int:period_pk>/report/",
        views.report_edit,
        name="report-edit",
    ),
    path(
        "units/<int:unit_pk>/periods/<int:period_pk>/report.xlsx",
        views.report_template_download,
        name="report-template",
    ),
    path(
        "units/<int:unit_pk>/periods/<int:period_pk>/report/upload/",
        views.report_template_upload,
        name="report-upload",
    ),
]
