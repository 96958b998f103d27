from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from mongcai.accounts import views as account_views
from mongcai.accounts.middleware import second_factor_exempt

admin.site.site_header = _("Móng Cái emulation tracker – administration")
admin.site.site_title = _("Móng Cái emulation tracker")
admin.site.index_title = _("Campaigns, blocs, units and users")


def _superuser_only(request) -> bool:
    """The Django admin is unscoped (it shows every organiser's rows): the superuser's
    alone. An organiser's admin works in the product's pages, each scoped to their
    organisers; one who opens /admin/ is sent home (accounts.views.admin_login)."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only

urlpatterns = [
    path("", include("home.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    # Before the second factor too: one may leave, or switch the language, on its page.
    path("logout/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", second_factor_exempt(set_language), name="set_language"),
    path("account/tokens/", include("api.token_urls")),
    path("account/", include("mongcai.accounts.urls")),
    path("campaigns/", include("campaigns.urls")),
    # The covenants first: their pages live under /blocs/ too, and "covenants/"
    # would otherwise be read as a bloc's code.
    path("blocs/", include("covenants.urls")),
    path("blocs/", include("blocs.urls")),
    path("awards/", include("awards.urls")),
    # Summaries, statistics and the public honour boards (reports.views).
    path("reports/", include("reports.urls")),
    # The admin's accounts with their units (blocs: the units' secretaries).
    path("users/", include("blocs.account_urls")),
    # The REST API (docs/api.md); other systems sign in with a token.
    path("api/v1/", include("api.urls")),
    path("admin/login/", account_views.admin_login),
    path("admin/", admin.site.urls),
]
