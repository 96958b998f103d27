from django.urls import path

from . import views

app_name = "blocs"

urlpatterns = [
    path("", views.bloc_index, name="bloc-list"),
]
