"""No English reaches a Vietnamese page.

Every role of the demo walks the product as a crawler: from the home page it
follows every link (and htmx address) on every page it meets, a few
addresses per URL pattern, and sends every form it meets once with its
visible fields empty and its formsets emptied, to bring out the error
messages. Each page is read as a person reads it (text, placeholders,
titles, the options of a dropdown) and must hold no English message of our
catalogue nor of Django's forms, formsets, validators, model fields,
paginator and auth forms. A new page, a new message or a Django upgrade that
adds an untranslated one fails here without anyone adding it to a list.
"""

import re
from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import django
import polib
import pytest
from django.core.management import call_command
from django.urls import reverse

from blocs.models import BlocMembership, MembershipRole
from covenants.services import covenant_create
from mongcai.accounts.models import User
from tests.demo_pages import article_campaign, demo_accounts_ready, pattern_of
from tools.demo.services import demo_load

LOCALE = Path(__file__).resolve().parent.parent / "locale"
DJANGO = Path(django.__file__).resolve().parent
# Django's messages a user of our pages can meet (the source files of its catalogues).
DJANGO_SOURCES = (
    "forms/",
    "core/validators.py",
    "core/paginator.py",
    "db/models/fields/",
    "contrib/auth/forms.py",
    "contrib/auth/password_validation.py",
    "contrib/auth/validators.py",
    "views/csrf.py",
)
ADDRESSES_PER_PATTERN = 2
# Not pages: leaving, switching the language, files, the admin's own forms (Django's).
SKIPPED_PATTERNS = {
    "logout",
    "set_language",
    "campaigns:evidence-download",
    "awards:export-download",
    "covenants:score-evidence",
}
SKIPPED_PREFIXES = ("/static/", "/media/", "/admin/")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}|<[^>]+>")
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


def fragments(msgid: str) -> set[str]:
    """The literal pieces of a message between its placeholders, long enough to
    be English and nothing else (a Vietnamese page may say "USD" or "OTP")."""
    pieces = set()
    for piece in PLACEHOLDER.split(msgid):
        piece = piece.strip(" .,:;()“”\"'…-–")
        words = re.findall(r"[A-Za-z]+", piece)
        if (len(words) >= 2 and len(piece) >= 8) or (len(words) == 1 and len(piece) >= 5):
            pieces.add(piece)
    return pieces


@cache
def english_messages() -> dict[str, str]:
    """Fragment → the message it comes from: ours, and Django's (en catalogue)."""
    found = {}
    ours = polib.pofile(str(LOCALE / "vi" / "LC_MESSAGES" / "django.po"))
    for entry in ours:
        if entry.msgstr == entry.msgid:  # the same in both languages (a code, a name)
            continue
        for piece in fragments(entry.msgid) | fragments(entry.msgid_plural or ""):
            found[piece] = entry.msgid
    for po_path in [
        DJANGO / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
        DJANGO / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    ]:
        for entry in polib.pofile(str(po_path)):
            files = [path for path, _line in entry.occurrences]
            if not any(source in path for path in files for source in DJANGO_SOURCES):
                continue
            for piece in fragments(entry.msgid) | fragments(entry.msgid_plural or ""):
                found.setdefault(piece, entry.msgid)
    return found


@cache
def english_pattern() -> re.Pattern:
    pieces = sorted(english_messages(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, pieces)) + r")(?![\w-])")


class Page(HTMLParser):
    """What a person reads on a page, and where it leads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.forms: list[dict] = []
        # The labels of each menu (a <nav> or a Bootstrap .nav list) and of its links.
        self.menus: list[list[str]] = []
        self._menu_depth: list[int] = []
        self._depth = 0
        self._link: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID_ELEMENTS:
            self._depth += 1
            if tag == "nav" or "nav" in (attrs.get("class") or "").split():
                self._menu_depth.append(self._depth)
                self.menus.append([])
        if tag == "a" and self._menu_depth:
            self._link = []
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.text.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.text.append(attrs["value"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("hx-get", "data-hx-get"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action")}
            )
            self.forms[-1]["fields"] = {}
        if tag in ("input", "select", "textarea") and self.forms and attrs.get("name"):
            fields = self.forms[-1]["fields"]
            name = attrs["name"]
            if attrs.get("type") == "hidden":
                value = attrs.get("value") or ""
                fields[name] = "0" if name.endswith("-TOTAL_FORMS") else value
            else:
                fields.setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.menus[-1].append(" ".join(" ".join(self._link).split()))
            self._link = None
        if tag not in VOID_ELEMENTS:
            if self._menu_depth and self._menu_depth[-1] == self._depth:
                self._menu_depth.pop()
            self._depth -= 1
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(data)
            if self._link is not None:
                self._link.append(data)


def repeated_menu_labels(html: str) -> list[str]:
    """Labels that two links of one menu share: a person cannot tell them apart."""
    page = Page()
    page.feed(html)
    repeated = set()
    for labels in page.menus:
        repeated |= {label for label in labels if label and labels.count(label) > 1}
    return sorted(repeated)


def english_on(html: str) -> list[str]:
    page = Page()
    page.feed(html)
    text = " ".join(" ".join(page.text).split())
    return sorted({match for match in english_pattern().findall(text)})


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_load()
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input")


def walk(client, *starts: str) -> tuple[dict[str, list[str]], set[str], list[str], str]:
    """Visit what a role can reach; return English found per address, patterns seen,
    server errors and menus with two links of one label, and the text of the answers to
    the forms sent."""
    seen_per_pattern: dict[str, int] = defaultdict(int)
    posted: set[str] = set()
    visited: set[str] = set()
    queue = list(starts)
    english: dict[str, list[str]] = {}
    errors: list[str] = []
    answers: list[str] = []

    def read(address: str, response) -> Page | None:
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {address}")
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            return None
        html = response.content.decode()
        found = english_on(html)
        if found:
            english[address] = found
        repeated = repeated_menu_labels(html)
        if repeated:
            errors.append(f"{address}: two menu links read {repeated}")
        page = Page()
        page.feed(html)
        if address.startswith("POST"):
            answers.extend(page.text)
        return page

    while queue:
        address = queue.pop(0)
        if address in visited:
            continue
        visited.add(address)
        pattern = pattern_of(urlsplit(address).path)
        if pattern is None or pattern in SKIPPED_PATTERNS:
            continue
        if seen_per_pattern[pattern] >= ADDRESSES_PER_PATTERN:
            continue
        seen_per_pattern[pattern] += 1
        page = read(address, client.get(address))
        if page is None:
            continue
        for href in page.links:
            target = urljoin(address, href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIPPED_PREFIXES):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for form in page.forms:
            if form["method"] != "post":
                continue
            action = urlsplit(urljoin(address, form["action"] or address)).path
            action_pattern = pattern_of(action)
            if action_pattern in SKIPPED_PATTERNS or action_pattern in posted:
                continue
            posted.add(action_pattern)
            read(f"POST {action}", client.post(action, form["fields"]))
    return english, set(seen_per_pattern), errors, " ".join(" ".join(answers).split())


def test_the_fragments_catch_the_messages_users_saw():
    """The checker itself: the English that reached users is found, Vietnamese is not."""
    assert english_on("<select><option>- Select an option -</option></select>")
    assert english_on("<ul class='errorlist'><li>Please submit at least 1 form.</li></ul>")
    assert not english_on("<p>Vui lòng nhập ít nhất 1 dòng. Doanh thu 2,5 tỷ USD.</p>")
    assert not english_on("<script>const label = 'Please submit at least 1 form.';</script>")


def test_menus_with_two_links_of_the_same_label_are_found():
    menu = (
        '<ul class="nav nav-pills"><li><a href="/a/">Đề nghị</a></li>'
        '<li><a href="/b/">{}</a></li></ul>'
    )
    assert repeated_menu_labels(menu.format("Đề nghị")) == ["Đề nghị"]
    assert repeated_menu_labels(menu.format("Lập đề nghị")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretary", "other secretary", "bloc head", "council", "admin"])
def test_no_english_reaches_a_vietnamese_page(demo_loaded, client, role):
    username = demo_accounts_ready()[role]
    assert username, "the demo has no bloc head with an account"
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = "vi"

    # A draft covenant, so that the walk meets its formsets (commitments, rubric).
    bloc = BlocMembership.objects.filter(year=2022, role=MembershipRole.HEAD).first().bloc
    draft = covenant_create(
        bloc=bloc,
        campaign=article_campaign(),
        year=2022,
        title="Giao ước 2022",
        by=User.objects.get(username="admin"),
    )

    english, patterns, errors, answers = walk(
        client, "/", reverse("covenants:covenant-edit", args=[draft.pk])
    )

    assert errors == []
    if role == "admin":
        # The formsets' own errors were brought out, in Vietnamese.
        assert "Vui lòng nhập ít nhất 1 dòng." in answers
    # The walk reaches the role's pages, not only the home page.
    assert len(patterns) >= 12, sorted(patterns)
    assert english == {}, {
        address: {piece: english_messages()[piece] for piece in pieces}
        for address, pieces in english.items()
    }
