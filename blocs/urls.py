from django.urls import path

from . import views

app_name = "blocs"

urlpatterns = [
    path("", views.bloc_index, name="bloc-list"),
    path("<slug:code>/", views.bloc_detail, name="bloc-detail"),
    path("<slug:code>/rotate/", views.bloc_rotate, name="bloc-rotate"),
]
