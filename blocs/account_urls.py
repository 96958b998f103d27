from django.urls import path

from . import account_views as views

app_name = "users"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("invite/", views.account_invite_units, name="invite"),
    path("invite/template.xlsx", views.account_invite_template, name="invite-template"),
    path("invite/upload/", views.account_invite_upload, name="invite-upload"),
    path("invite/person/", views.account_invite_person, name="invite-person"),
    path("<int:pk>/deactivate/", views.account_replace, name="deactivate"),
]
