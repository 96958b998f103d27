"""The account's page of personal access tokens (under the account menu)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import TokenForm
from .models import ApiToken
from .services import token_create, token_revoke


@never_cache
def token_list(request):
    """The user's tokens; a new one's secret is shown once, on the answer to its creation."""
    secret = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, secret = token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    lifetime_days=form.cleaned_data["lifetime_days"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                form = TokenForm()
    else:
        form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.filter(user=request.user),
        "now": timezone.now(),
        "schema_url": request.build_absolute_uri(reverse("api:schema")),
        "docs_url": reverse("api:docs"),
    }
    return render(request, "api/token_list.html", context)


@require_POST
def token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api-tokens:list")
