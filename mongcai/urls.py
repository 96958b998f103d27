from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Móng Cái emulation tracker – administration")
admin.site.site_title = _("Móng Cái emulation tracker")
admin.site.index_title = _("Campaigns, blocs, units and users")

urlpatterns = [
    path("", include("home.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("campaigns/", include("campaigns.urls")),
    # The covenants first: their pages live under /blocs/ too, and "covenants/"
    # would otherwise be read as a bloc's code.
    path("blocs/", include("covenants.urls")),
    path("blocs/", include("blocs.urls")),
    path("awards/", include("awards.urls")),
    path("admin/", admin.site.urls),
]
