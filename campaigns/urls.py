from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_index, name="campaign-list"),
    path("<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("reports/", views.report_index, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
]
