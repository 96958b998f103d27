from django.urls import path

from . import views

app_name = "blocs"

urlpatterns = [
    path("", views.bloc_index, name="bloc-list"),
    # Before "<slug:code>/": "units" is not a bloc.
    path("units/", views.unit_list, name="unit-list"),
    path("units/reorganise/", views.reorganisation_create, name="reorganisation-create"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<slug:code>/", views.bloc_detail, name="bloc-detail"),
    path("<slug:code>/rotate/", views.bloc_rotate, name="bloc-rotate"),
]
