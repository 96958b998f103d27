from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.security, name="security"),
    path("code/", views.second_factor_verify, name="verify"),
    path("two-factor/", views.second_factor_enrol, name="enrol"),
    path("two-factor/off/", views.second_factor_disable, name="second-factor-disable"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("password/reset/", views.password_reset, name="reset"),
    path("password/reset/sent/", views.password_reset_sent, name="reset-sent"),
    path(
        "password/reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="reset-confirm"
    ),
    path("welcome/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("locks/", views.lock_list, name="locks"),
    path("locks/release/", views.lock_release, name="lock-release"),
    path("events/", views.security_event_list, name="events"),
    path("events/export.<str:fmt>", views.security_event_export, name="events-export"),
    path("<int:pk>/two-factor/reset/", views.second_factor_reset, name="second-factor-reset"),
    path("<int:pk>/invitation/", views.invitation_resend, name="invitation-resend"),
]
