"""Personal access tokens: created and revoked on the account's page, stored as a hash,
refused (401) once revoked or expired."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.utils import timezone

from api.models import ApiToken
from tests.api.conftest import TokenClient, token_for

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/api/v1/campaigns/"


def test_secretary_creates_a_token_shown_once_and_stored_as_a_hash(client, secretary_a):
    client.force_login(secretary_a)
    page = client.get("/account/tokens/")
    assert page.status_code == 200
    assert "Mã truy cập API" in page.text and "/api/v1/schema/" in page.text
    response = client.post("/account/tokens/", {"name": "Văn phòng điện tử", "lifetime_days": 90})
    assert response.status_code == 200
    secret = re.search(r"mct_[\w-]{40,}", response.text).group(0)
    token = ApiToken.objects.get(user=secretary_a)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.key_hash}
    assert secret.startswith(token.prefix)
    assert (token.expires_at - token.created_at).days == 90
    # Shown once: the list afterwards has its name and prefix, not the secret.
    again = client.get("/account/tokens/")
    assert "Văn phòng điện tử" in again.text and secret not in again.text
    assert TokenClient(secret).get(CAMPAIGNS).status_code == 200


def test_token_form_refuses_a_lifetime_not_offered(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post("/account/tokens/", {"name": "X", "lifetime_days": 9999})
    assert response.status_code == 200
    assert "Hãy chọn" in response.text or "không phải" in response.text
    assert not ApiToken.objects.exists()


def test_revoked_token_gets_401(client, secretary_a):
    secret = token_for(secretary_a)
    api = TokenClient(secret)
    assert api.get(CAMPAIGNS).status_code == 200
    client.force_login(secretary_a)
    token = ApiToken.objects.get()
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = api.get(CAMPAIGNS)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Bearer"
    assert "không hợp lệ" in refused.json()["detail"]


def test_expired_token_gets_401(secretary_a):
    secret = token_for(secretary_a, days=30)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        response = TokenClient(secret, "en").get(CAMPAIGNS)
    assert response.status_code == 401
    assert response.json()["detail"] == "The token is not valid, or has expired."


def test_unknown_token_and_no_token_get_401(db):
    assert TokenClient("mct_not-a-token").get(CAMPAIGNS).status_code == 401
    assert TokenClient("").client.get(CAMPAIGNS).status_code == 401


def test_token_of_a_deactivated_account_gets_401(secretary_a):
    secret = token_for(secretary_a)
    secretary_a.is_active = False
    secretary_a.save()
    assert TokenClient(secret).get(CAMPAIGNS).status_code == 401


def test_nobody_revokes_another_accounts_token(client, secretary_a, secretary_b):
    token_for(secretary_a)
    token = ApiToken.objects.get()
    client.force_login(secretary_b)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_use_is_noted(secretary_a):
    secret = token_for(secretary_a)
    TokenClient(secret).get(CAMPAIGNS)
    assert ApiToken.objects.get().last_used_at is not None
