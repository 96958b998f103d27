import json

import pytest
from django.test import Client

from api.services import token_create


def token_for(user, days: int = 90) -> str:
    _token, secret = token_create(user=user, name="Hệ thống thử", lifetime_days=days)
    return secret


class TokenClient:
    """Requests as another system makes them: a bearer token, JSON, no session."""

    def __init__(self, secret: str, language: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"}
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path, data=None, **headers):
        return self.client.get(path, data, headers={**self.headers, **headers})

    def put(self, path, body, **headers):
        return self.client.put(
            path,
            json.dumps(body),
            content_type="application/json",
            headers={**self.headers, **headers},
        )


@pytest.fixture
def as_token():
    def make(user, language=None):
        return TokenClient(token_for(user), language)

    return make
