"""Application pages send a Content-Security-Policy that allows only this site's assets.

The browser test (tests/browser/test_csp.py) proves the pages still work
under it; here: the header on every kind of answer, and no template carries
what the policy forbids (an inline handler, a style attribute, an inline
script or style without the nonce), so a new one fails before a browser
would refuse it.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import engines

from tests.factories import TEST_PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in (part.strip() for part in header.split(";"))
        if directive
    }


@pytest.mark.parametrize(
    ("who", "address"),
    [
        (None, "/login/"),
        ("secretary_a", "/"),
        ("secretary_a", "/campaigns/reports/"),
        ("secretary_a", "/awards/"),
        ("council_member", "/campaigns/"),
        ("admin_user", "/admin/"),
        ("admin_user", "/awards/decisions/"),
    ],
)
def test_application_pages_send_the_policy(db, client, request, who, address):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(address)
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy["default-src"] == ["'self'"]
    # Only this site, and a nonce on a page whose template used {{ csp_nonce }}.
    for directive in ("script-src", "style-src"):
        assert policy[directive][0] == "'self'"
        assert all(re.fullmatch(r"'nonce-[\w+/=-]+'", v) for v in policy[directive][1:])
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Every asset the page loads comes from this site (vendored under static/).
    for url in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', response.text):
        assert url.startswith("/"), url


def test_a_template_that_uses_the_nonce_gets_a_new_one_with_every_answer(rf):
    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}"></script>')
    middleware = ContentSecurityPolicyMiddleware(lambda request: None)
    nonces = set()
    for _ in range(3):
        request = rf.get("/")
        middleware.process_request(request)
        html = template.render({}, request)
        response = middleware.process_response(request, HttpResponse(html))
        nonce = policy_of(response)["script-src"][1]
        assert f'nonce="{nonce[7:-1]}"' in html
        nonces.add(nonce)
    assert len(nonces) == 3


def test_an_error_page_and_the_sign_in_answer_carry_it_too(client, secretary_a):
    assert "Content-Security-Policy" in client.get("/no-such-page/")
    response = client.post("/login/", {"username": "alice", "password": TEST_PASSWORD})
    assert "Content-Security-Policy" in response


def templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        yield from folder.rglob("*.html")


def test_no_template_carries_what_the_policy_forbids():
    forbidden = [
        (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
        (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
        (
            re.compile(r"<script(?![^>]*\b(?:src|nonce)=)(?![^>]*application/json)[^>]*>", re.I),
            "an inline script without the nonce",
        ),
        (re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.I), "an inline <style> without the nonce"),
        (re.compile(r"javascript:", re.I), "a javascript: URL"),
    ]
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in templates()
        for pattern, what in forbidden
        if pattern.search(path.read_text())
    ]
    assert found == []
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
