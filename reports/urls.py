from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.summary_export, name="summary-export"),
    path("statistics/", views.statistics_export, name="statistics-export"),
    path("honour/publish/", views.honour_publish, name="honour-publish"),
    path("honour/<slug:code>/", views.honour_board_page, name="honour-board"),
]
