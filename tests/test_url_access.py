"""Every URL × method × role against a table of expected answers (issues 13 and 19).

The URLs come from the resolver (tests/urlwalk.py), so a new URL pattern without
an entry in ACCESS fails `test_every_url_has_an_entry` with the entry to add
(docs/testing.md, "The URL table"). Each URL is asked with GET and with a POST
(empty, or the entry's `data`; CSRF is not what this checks) by six actors of one
world (tests/world.py), each request rolled back so all meet the same world:

    anon  sec_a  sec_b  head  council  admin

An answer is written as a status code, or ``login`` for a redirect to the sign-in
page, ``admin-login`` for one to the admin's sign-in page. A row is six answers in
the order above, or one answer that every actor gets.
"""

import os
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from tests.urlwalk import admin_model, ask, build, clients, routes
from tests.world import ROLES, world_build

ORDER = " ".join(ROLES)


@dataclass(frozen=True)
class E:
    """An entry: the answers to GET and to POST, and the world's objects for the kwargs."""

    get: str
    post: str
    kwargs: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # what the POST sends (empty by default)
    query: str = ""  # a query string, with the world's objects: "node=unit:{unit_a.pk}"


# The kwargs a URL names, when its entry does not say otherwise.
DEFAULT_KWARGS = {
    "unit_pk": "unit_a",
    "period_pk": "period",
    "bloc_pk": "bloc",
    "recipient_pk": "recipient",
    "score_pk": "score_a",
    "code": "bloc_code",
    "fmt": "csv",
    "uidb64": "sec_a_uid",
    "token": "sec_a_token",
    "app_label": "campaigns",
    "url": "no-such-page/",
    "content_type_id": "unit_type",
    "id": "user_sec_a",
}

# Rows that many URLs share.
PUBLIC = "200"  # the pages before signing in
SIGNED_IN = "login 200 200 200 200 200"  # every signed-in actor
NOT_ALLOWED = "login 405 405 405 405 405"  # the method is refused once signed in
ADMIN_ONLY = "login 403 403 403 403 200"
COUNCIL_AND_ADMIN = "login 403 403 403 200 200"
COUNCIL = "login 403 403 403 200 403"
STAFF = "login admin-login admin-login admin-login admin-login 200"  # a ModelAdmin's page
STAFF_NO_LOGIN_PAGE = "admin-login admin-login admin-login admin-login admin-login 200"
READ_ONLY = "login admin-login admin-login admin-login admin-login 403"
ADMIN_SIGN_IN = "login 302 302 302 302 login"
API_READ = "401 200 200 200 200 200"  # an API list or object every signed-in actor reads
API_UNIT_A = "401 200 404 404 200 200"  # unit A's data: its secretary, the council, admin
API_NO_POST = "401 405 405 405 405 405"

ACCESS: dict[str, E] = {
    "home:index": E(get=SIGNED_IN, post=SIGNED_IN),
    "login": E(get="200 302 302 302 302 302", post="200 302 302 302 302 302"),
    "logout": E(get=NOT_ALLOWED, post="login"),
    "password_change": E(get=SIGNED_IN, post=SIGNED_IN),
    "password_change_done": E(get=SIGNED_IN, post=NOT_ALLOWED),
    "set_language": E(get="login 302 302 302 302 302", post="login 302 302 302 302 302"),
    "accounts:security": E(get=SIGNED_IN, post=SIGNED_IN),
    "accounts:verify": E(get="login 302 302 302 302 302", post="login 302 302 302 302 302"),
    "accounts:enrol": E(get="login 200 200 200 302 302", post="login 200 200 200 302 302"),
    "accounts:second-factor-disable": E(get=NOT_ALLOWED, post="login 403 403 403 403 403"),
    "accounts:recovery-codes": E(get=SIGNED_IN, post="login 404 404 404 302 302"),
    "accounts:reset": E(get=PUBLIC, post=PUBLIC),
    "accounts:reset-sent": E(get=PUBLIC, post=PUBLIC),
    "accounts:reset-confirm": E(get=PUBLIC, post=PUBLIC),
    "accounts:invitation": E(
        get="302", post="302", kwargs={"uidb64": "invited_uid", "token": "invited_token"}
    ),
    "accounts:locks": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "accounts:lock-release": E(get=NOT_ALLOWED, post="login 403 403 403 403 302"),
    "accounts:events": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "accounts:events-export": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "accounts:second-factor-reset": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "user_sec_a"}
    ),
    "accounts:invitation-resend": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "invited"}
    ),
    # The API (docs/api.md): a token or the session; 401 without either, never the
    # sign-in page; 404 outside the caller's scope, as on the pages.
    "api:schema": E(get="200", post="405"),
    "api:docs": E(get="200", post="405"),
    "api:not-found": E(get="404", post="404"),
    "api:campaign-list": E(get=API_READ, post=API_NO_POST),
    "api:campaign-detail": E(get=API_READ, post=API_NO_POST, kwargs={"pk": "campaign"}),
    "api:campaign-indicators": E(get=API_READ, post=API_NO_POST, kwargs={"pk": "campaign"}),
    "api:campaign-periods": E(get=API_READ, post=API_NO_POST, kwargs={"pk": "campaign"}),
    "api:campaign-tallies": E(
        query="node=unit:{unit_a.pk}",
        get=API_UNIT_A,
        post=API_NO_POST,
        kwargs={"pk": "campaign"},
    ),
    "api:campaign-completeness": E(
        query="node=unit:{unit_a.pk}",
        get=API_UNIT_A,
        post=API_NO_POST,
        kwargs={"pk": "campaign"},
    ),
    "api:unit-list": E(get=API_READ, post=API_NO_POST),
    "api:unit-detail": E(get=API_UNIT_A, post=API_NO_POST, kwargs={"pk": "unit_a"}),
    "api:report-form": E(get="401 200 404 404 404 404", post=API_NO_POST),
    "api:report-list": E(get=API_READ, post=API_NO_POST),
    "api:report-detail": E(get=API_UNIT_A, post=API_NO_POST, kwargs={"pk": "report_a"}),
    "api:nomination-list": E(get=API_READ, post=API_NO_POST),
    "api:nomination-detail": E(get=API_UNIT_A, post=API_NO_POST, kwargs={"pk": "nomination_a"}),
    "api:decision-list": E(get=API_READ, post=API_NO_POST),
    "api:decision-detail": E(
        get="401 404 404 404 200 200", post=API_NO_POST, kwargs={"pk": "decision"}
    ),
    # The public honour board: anyone, without a token (the world's board is published).
    "api:honour-board": E(get=PUBLIC, post="405", kwargs={"code": "city_code"}),
    "api-tokens:list": E(get=SIGNED_IN, post=SIGNED_IN),
    "api-tokens:revoke": E(
        get=NOT_ALLOWED, post="login 302 404 404 404 404", kwargs={"pk": "token_a"}
    ),
    "campaigns:campaign-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "campaigns:campaign-detail": E(get=SIGNED_IN, post=SIGNED_IN, kwargs={"pk": "campaign"}),
    "campaigns:dashboard": E(
        get="login 403 403 403 200 200", post="login 403 403 403 200 200", kwargs={"pk": "campaign"}
    ),
    "campaigns:dashboard-bloc": E(
        get="login 403 403 403 200 200", post="login 403 403 403 200 200", kwargs={"pk": "campaign"}
    ),
    "campaigns:dashboard-unit": E(
        get="login 403 403 403 200 200", post="login 403 403 403 200 200", kwargs={"pk": "campaign"}
    ),
    "campaigns:dashboard-completeness": E(
        query="state=late",
        get="login 403 403 403 200 200",
        post="login 403 403 403 200 200",
        kwargs={"pk": "campaign"},
    ),
    "campaigns:dashboard-export": E(
        query="node=unit:{unit_a.pk}",
        get="login 403 403 403 200 200",
        post="login 403 403 403 200 200",
        kwargs={"pk": "campaign"},
    ),
    "campaigns:report-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "campaigns:report-detail": E(
        get="login 200 404 404 200 200", post="login 200 404 404 200 200", kwargs={"pk": "report_a"}
    ),
    "campaigns:report-review": E(
        data={"action": "return", "comment": "Thiếu số liệu"},
        get=NOT_ALLOWED,
        post="login 403 404 404 302 302",
        kwargs={"pk": "report_a"},
    ),
    "campaigns:evidence-upload": E(
        get=NOT_ALLOWED, post="login 302 404 404 404 404", kwargs={"pk": "report_a"}
    ),
    "campaigns:evidence-download": E(
        get="login 200 404 404 200 200",
        post="login 200 404 404 200 200",
        kwargs={"pk": "evidence_a"},
    ),
    "campaigns:report-edit": E(get="login 200 404 404 404 404", post="login 200 404 404 404 404"),
    "campaigns:report-template": E(
        get="login 200 404 404 404 404", post="login 200 404 404 404 404"
    ),
    "campaigns:report-upload": E(get=NOT_ALLOWED, post="login 302 404 404 404 404"),
    "covenants:covenant-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "covenants:covenant-detail": E(get=SIGNED_IN, post=SIGNED_IN, kwargs={"pk": "covenant"}),
    # The draft: its head and the admin get the form (a POST with nothing in it is
    # refused on the form); the one in review redirects them (tests/covenants).
    "covenants:covenant-edit": E(
        get="login 403 403 200 403 200",
        post="login 403 403 200 403 200",
        kwargs={"pk": "covenant_draft"},
    ),
    "covenants:covenant-open": E(
        get=NOT_ALLOWED, post="login 403 403 302 403 302", kwargs={"pk": "covenant"}
    ),
    "covenants:covenant-sign": E(
        get=NOT_ALLOWED, post="login 302 302 302 302 302", kwargs={"pk": "covenant"}
    ),
    "covenants:covenant-reviewers": E(
        get=NOT_ALLOWED, post="login 403 403 302 403 403", kwargs={"pk": "covenant"}
    ),
    "covenants:covenant-docx": E(get=SIGNED_IN, post=SIGNED_IN, kwargs={"pk": "covenant"}),
    "covenants:covenant-review": E(
        get=NOT_ALLOWED, post="login 403 403 302 403 403", kwargs={"pk": "covenant"}
    ),
    "covenants:covenant-finalise": E(
        get="login 403 403 403 200 403", post="login 403 403 403 302 403", kwargs={"pk": "covenant"}
    ),
    "covenants:covenant-ranking": E(
        get="login 403 403 200 200 200", post="login 403 403 200 200 200", kwargs={"pk": "covenant"}
    ),
    "covenants:scorecard": E(
        get="login 200 404 200 200 200", post="login 403 404 302 403 403", kwargs={"pk": "covenant"}
    ),
    "covenants:score-evidence": E(
        get="login 200 404 200 200 200", post="login 200 404 200 200 200", kwargs={"pk": "covenant"}
    ),
    "covenants:covenant-new": E(get="login 403 403 200 403 200", post="login 403 403 200 403 200"),
    "blocs:bloc-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "blocs:bloc-detail": E(get=SIGNED_IN, post=SIGNED_IN),
    "blocs:unit-list": E(get=SIGNED_IN, post=NOT_ALLOWED),
    "blocs:unit-detail": E(
        get="login 200 404 404 200 200", post=NOT_ALLOWED, kwargs={"pk": "unit_a"}
    ),
    "blocs:reorganisation-create": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "blocs:bloc-rotate": E(
        data={"year": "2024"}, get=NOT_ALLOWED, post="login 403 403 403 403 302"
    ),
    "awards:nomination-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "awards:nomination-create": E(
        get="login 200 200 200 403 403", post="login 200 200 200 403 403"
    ),
    "awards:nomination-detail": E(
        get="login 200 404 404 200 200",
        post="login 200 404 404 200 200",
        kwargs={"pk": "nomination_a"},
    ),
    "awards:nomination-review": E(
        get=NOT_ALLOWED, post="login 403 403 403 302 403", kwargs={"pk": "nomination_a"}
    ),
    # The dossier (docs/awards.md, "The dossier"): the head column is unit A's head too.
    "awards:dossier-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "awards:dossier-detail": E(
        get="login 200 404 200 200 200",
        post="login 200 404 200 200 200",
        kwargs={"pk": "nomination_a"},
    ),
    "awards:dossier-draft": E(
        get=NOT_ALLOWED, post="login 302 404 403 403 403", kwargs={"pk": "nomination_a"}
    ),
    "awards:dossier-edit": E(
        get="login 200 404 403 403 403",
        post="login 200 404 403 403 403",
        kwargs={"pk": "nomination_a"},
    ),
    "awards:dossier-confirm": E(
        get=NOT_ALLOWED, post="login 403 404 302 403 403", kwargs={"pk": "nomination_a"}
    ),
    "awards:dossier-reopen": E(
        get=NOT_ALLOWED, post="login 403 404 403 403 403", kwargs={"pk": "nomination_a"}
    ),
    "awards:dossier-file-upload": E(
        get=NOT_ALLOWED, post="login 302 404 403 403 403", kwargs={"pk": "nomination_a"}
    ),
    "awards:dossier-document": E(
        get="login 200 404 200 200 200",
        post="login 200 404 200 200 200",
        kwargs={"pk": "nomination_a", "kind": "dossier_report"},
    ),
    "awards:dossier-file": E(
        get="login 200 404 200 200 200",
        post="login 200 404 200 200 200",
        kwargs={"pk": "dossier_file_a"},
    ),
    "awards:session-list": E(get=COUNCIL_AND_ADMIN, post=COUNCIL_AND_ADMIN),
    "awards:session-create": E(get=COUNCIL, post=COUNCIL),
    "awards:session-detail": E(
        get=COUNCIL_AND_ADMIN, post=COUNCIL_AND_ADMIN, kwargs={"pk": "session_open"}
    ),
    **{
        f"awards:session-{name}": E(
            get=NOT_ALLOWED, post="login 403 403 403 302 403", kwargs={"pk": "session_open"}
        )
        for name in ("attendance", "vote", "close")
    },
    "awards:session-document": E(
        get=COUNCIL_AND_ADMIN,
        post=COUNCIL_AND_ADMIN,
        kwargs={"pk": "session_closed", "kind": "minutes"},
    ),
    "awards:session-minutes-number": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "session_closed"}
    ),
    # Annual registration and public disclosure: members of the organiser read them,
    # secretaries register, every member comments, the admin runs them.
    "awards:registration-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "awards:registration-round-create": E(get=NOT_ALLOWED, post="login 403 403 403 403 302"),
    "awards:registration-round-deadline": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "registration_round"}
    ),
    "awards:registration-register": E(
        get=NOT_ALLOWED, post="login 302 302 302 403 403", kwargs={"pk": "registration_round"}
    ),
    "awards:registration-export": E(
        get=SIGNED_IN, post=SIGNED_IN, kwargs={"pk": "registration_round"}
    ),
    "awards:disclosure-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "awards:disclosure-publish": E(get=NOT_ALLOWED, post="login 403 403 403 403 302"),
    "awards:disclosure-detail": E(get=SIGNED_IN, post=SIGNED_IN, kwargs={"pk": "disclosure"}),
    "awards:disclosure-comment": E(
        get=NOT_ALLOWED, post="login 302 302 302 302 302", kwargs={"pk": "disclosure"}
    ),
    "awards:disclosure-resolve": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "disclosure_comment"}
    ),
    "awards:person-list": E(get=SIGNED_IN, post=SIGNED_IN),
    "awards:person-create": E(get="login 200 200 200 403 200", post="login 200 200 200 403 200"),
    "awards:person-history": E(
        get="login 200 404 404 200 200", post="login 200 404 404 200 200", kwargs={"pk": "person_a"}
    ),
    "awards:unit-history": E(
        get="login 200 404 404 200 200", post="login 200 404 404 200 200", kwargs={"pk": "unit_a"}
    ),
    "awards:statistics": E(get="login 403 403 403 200 200", post="login 403 403 403 200 200"),
    "awards:decision-list": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "awards:decision-create": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "awards:decision-detail": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "decision"}),
    "awards:decision-edit": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "decision"}),
    "awards:decision-add-nominations": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "decision"}
    ),
    "awards:decision-add-recipient": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "decision"}
    ),
    "awards:decision-remove-recipient": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "decision"}
    ),
    "awards:decision-issue": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "decision"}
    ),
    "awards:decision-annul": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "decision"}
    ),
    "awards:decision-print": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "decision"}),
    # The world's decision is a draft: its PDF is a preview, it has no signed copy yet.
    "awards:decision-pdf": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "decision"}),
    "awards:decision-signed-upload": E(
        get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "decision"}
    ),
    "awards:decision-signed-download": E(
        get="login 403 403 403 403 404", post="login 403 403 403 403 404", kwargs={"pk": "decision"}
    ),
    "awards:decision-export": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "decision"}),
    "awards:export-detail": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "export"}),
    "awards:export-download": E(
        get="login 403 403 403 403 404", post="login 403 403 403 403 404", kwargs={"pk": "export"}
    ),
    # Certificates (issue 18): only an issued decision prints (the world's is a draft:
    # back to its page with the reason); the calibration of the admin's organisers' blanks.
    "awards:decision-certificates": E(
        get="login 403 403 403 403 302",
        post="login 403 403 403 403 405",
        kwargs={"pk": "decision", "kind": "giay_khen"},
    ),
    "awards:recipient-certificate": E(
        get="login 403 403 403 403 302",
        post="login 403 403 403 403 405",
        kwargs={"pk": "decision"},
    ),
    "awards:certificate-layouts": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "awards:certificate-layout": E(
        get=ADMIN_ONLY,
        post="login 403 403 403 403 400",
        kwargs={"organiser_pk": "city", "kind": "giay_khen"},
    ),
    "awards:certificate-test-print": E(
        get=ADMIN_ONLY,
        post="login 403 403 403 403 405",
        kwargs={"organiser_pk": "city", "kind": "giay_khen"},
    ),
    # Public, by a certificate's token: a wrong one is not found, for everyone alike.
    "awards:certificate-check": E(get="404", post="405"),
    # Proposals to a higher level and the fund (issue 18): the organiser's admins.
    "awards:proposal-list": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    # Without a closed session named: 404 for the admin.
    "awards:proposal-create": E(get="login 403 403 403 403 404", post="login 403 403 403 403 404"),
    # Public: the package's JSON Schema, at a stable address.
    "awards:proposal-schema": E(get=PUBLIC, post="405"),
    "awards:proposal-detail": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "proposal"}),
    # A sent proposal cannot be changed: back to its page.
    "awards:proposal-edit": E(
        get="login 403 403 403 403 302",
        post="login 403 403 403 403 302",
        kwargs={"pk": "proposal"},
    ),
    **{
        f"awards:proposal-{name}": E(
            get=NOT_ALLOWED, post="login 403 403 403 403 302", kwargs={"pk": "proposal"}
        )
        for name in ("send", "return")
    },
    "awards:proposal-decide": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "proposal"}),
    "awards:proposal-document": E(
        get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "proposal", "kind": "letter"}
    ),
    "awards:proposal-package": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "proposal"}),
    "awards:fund": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    # Without the form's fields: back to the ledger with the errors.
    "awards:fund-income": E(get=NOT_ALLOWED, post="login 403 403 403 403 302"),
    "awards:fund-payment": E(
        get=NOT_ALLOWED,
        post="login 403 403 403 403 302",
        kwargs={"pk": "recipient", "action": "pay"},
    ),
    "awards:fund-export": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "reports:index": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    # Without the form's fields: the page again with the errors (400).
    "reports:summary-export": E(get="login 403 403 403 403 400", post="login 403 403 403 403 405"),
    "reports:statistics-export": E(
        get="login 403 403 403 403 400", post="login 403 403 403 403 405"
    ),
    "reports:honour-publish": E(get="login 403 403 403 403 405", post="login 403 403 403 403 302"),
    # Public: anyone reads a published board, nobody posts to it.
    "reports:honour-board": E(get=PUBLIC, post="405", kwargs={"code": "city_code"}),
    "users:list": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "users:invite": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "users:invite-template": E(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "users:invite-upload": E(get=NOT_ALLOWED, post="login 403 403 403 403 302"),
    "users:invite-person": E(get=NOT_ALLOWED, post="login 403 403 403 403 302"),
    "users:deactivate": E(get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs={"pk": "user_sec_a"}),
    # The admin site is the superuser's: anyone else signed in is sent home (302).
    "/admin/login/": E(get=ADMIN_SIGN_IN, post=ADMIN_SIGN_IN),
    "admin:index": E(get=STAFF_NO_LOGIN_PAGE, post=STAFF_NO_LOGIN_PAGE),
    "admin:login": E(get=ADMIN_SIGN_IN, post=ADMIN_SIGN_IN),
    "admin:logout": E(
        get="admin-login 302 302 302 302 405", post="admin-login 302 302 302 302 login"
    ),
    "admin:password_change": E(get=STAFF_NO_LOGIN_PAGE, post=STAFF_NO_LOGIN_PAGE),
    "admin:password_change_done": E(
        get=STAFF_NO_LOGIN_PAGE,
        post="admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:autocomplete": E(
        get="admin-login admin-login admin-login admin-login admin-login 403",
        post="admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:jsi18n": E(
        get=STAFF_NO_LOGIN_PAGE,
        post="admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:view_on_site": E(
        kwargs={"object_id": "unit_a"},
        get="admin-login admin-login admin-login admin-login admin-login 404",
        post="admin-login admin-login admin-login admin-login admin-login 404",
    ),
    "admin:auth_user_password_change": E(
        get="login admin-login admin-login admin-login admin-login 302",
        post="login admin-login admin-login admin-login admin-login 302",
    ),
    "admin:campaigns_reconcilerun_run": E(
        get="login admin-login admin-login admin-login admin-login 405",
        post="login admin-login admin-login admin-login admin-login 302",
    ),
    # Upload a legal pack: the diff first; an empty POST asks for the file again.
    "admin:awards_packimport_upload": E(
        get="login admin-login admin-login admin-login admin-login 200",
        post="login admin-login admin-login admin-login admin-login 200",
    ),
    "admin:app_list": E(get=STAFF_NO_LOGIN_PAGE, post=STAFF_NO_LOGIN_PAGE),
    "/admin/(?P<url>.*)": E(
        get="admin-login admin-login admin-login admin-login admin-login 404",
        post="admin-login admin-login admin-login admin-login admin-login 404",
    ),
}

# Every ModelAdmin's pages answer alike: the admin site is for staff (the admin).
# Entries for one model's URL name, e.g. "admin:awards_export_add", come first.
ADMIN_MODEL_PAGES: dict[str, E] = {
    "changelist": E(get=STAFF, post=STAFF),
    "add": E(get=STAFF, post=STAFF),
    "history": E(get=STAFF, post=STAFF),
    "change": E(get=STAFF, post=STAFF),
    "delete": E(get=STAFF, post=STAFF),
    # <object_id>/ redirects to the change page.
    "object": E(
        get="login admin-login admin-login admin-login admin-login 302",
        post="login admin-login admin-login admin-login admin-login 302",
    ),
    # django-simple-history's view of one past version (the legal pack's rows,
    # docs/legal.md); version 0 does not exist, so the admin gets 404.
    "simple_history": E(
        get="login admin-login admin-login admin-login admin-login 404",
        post="login admin-login admin-login admin-login admin-login 404",
    ),
}


# The records nobody adds or deletes by hand in the admin (security events, accounts
# through invitations, awards through their pages, workers' heartbeats, reconcile runs).
for _name in (
    "admin:accounts_securityevent_add",
    "admin:accounts_securityevent_delete",
    "admin:accounts_user_add",
    "admin:accounts_user_delete",
    "admin:ops_workerheartbeat_add",
    "admin:campaigns_reconcilerun_add",
    "admin:awards_nomination_add",
    "admin:awards_nomination_delete",
    "admin:awards_decision_add",
    "admin:awards_decision_delete",
    "admin:awards_packimport_add",
    "admin:awards_packimport_delete",
    "admin:blocs_reorganisation_add",
    "admin:blocs_reorganisation_delete",
):
    ACCESS[_name] = E(get=READ_ONLY, post=READ_ONLY)
for _name in (
    "admin:accounts_securityevent_change",
    "admin:awards_nomination_change",
    "admin:awards_decision_change",
    "admin:campaigns_reconcilerun_change",
    "admin:campaigns_lockexception_change",
    # Recorded through the product's page (blocs.services.reorganisation_record).
    "admin:blocs_reorganisation_change",
):
    ACCESS[_name] = E(get=STAFF, post=READ_ONLY)
# Every field read-only: saving changes nothing and returns to the list.
for _name in ("admin:ops_workerheartbeat_change", "admin:awards_packimport_change"):
    ACCESS[_name] = E(get=STAFF, post="login admin-login admin-login admin-login admin-login 302")


def entry_for(route) -> E | None:
    if route.key in ACCESS:
        return ACCESS[route.key]
    found = admin_model(route)
    if found is not None:
        return ADMIN_MODEL_PAGES.get(found[1])
    return None


def answer(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/login/"):
            return "login"
        if location.startswith("/admin/login/"):
            return "admin-login"
    return str(response.status_code)


def expected(row: str) -> dict[str, str]:
    answers = row.split()
    if len(answers) == 1:
        answers *= len(ROLES)
    assert len(answers) == len(ROLES), f"six answers ({ORDER}) or one: {row!r}"
    return dict(zip(ROLES, answers, strict=True))


def suggestion(route) -> str:
    kwargs = ", ".join(
        f'"{k}": "{DEFAULT_KWARGS.get(k, "<a name in tests/world.py>")}"' for k in route.kwargs
    )
    extra = f", kwargs={{{kwargs}}}" if kwargs else ""
    return f'    "{route.key}": E(get="<{ORDER}>", post="<{ORDER}>"{extra}),  # /{route.route}'


def admin_object_id(model) -> int | None:
    obj = model.objects.order_by("pk").first()
    return None if obj is None else obj.pk


def missing_entries() -> list:
    return [route for route in routes() if entry_for(route) is None]


def test_every_url_has_an_entry():
    missing = missing_entries()
    assert not missing, (
        "These URL patterns have no entry in ACCESS (tests/test_url_access.py); add one per"
        " URL with the answer each actor must get (docs/testing.md, 'The URL table'):\n"
        + "\n".join(suggestion(route) for route in missing)
    )


def test_a_new_url_without_an_entry_is_named_with_the_entry_to_add(settings):
    settings.ROOT_URLCONF = "tests.urlconfs.with_new_page"
    missing = missing_entries()
    assert [route.key for route in missing] == ["new"]
    assert suggestion(missing[0]) == (
        f'    "new": E(get="<{ORDER}>", post="<{ORDER}>", '
        'kwargs={"pk": "<a name in tests/world.py>"}),  # /new-page/<int:pk>/'
    )


def test_no_entry_is_left_for_a_url_that_is_gone():
    keys = {route.key for route in routes()}
    assert not set(ACCESS) - keys, f"entries without a URL: {sorted(set(ACCESS) - keys)}"


@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world_build()


def route_path(route, entry, world, skipped: list | None = None) -> str | None:
    """The path of a route of the table built on the world (None: no object to name)."""
    values = {**DEFAULT_KWARGS, **entry.kwargs}
    found = admin_model(route)
    history = found is not None and found[1] == "simple_history"
    if found is not None and ({"object_id", "id"} & set(route.kwargs) or history):
        object_id = admin_object_id(found[0])
        if object_id is None:
            if skipped is not None:
                skipped.append(route.key)
            return None
        values |= {"object_id": object_id, "id": object_id}
    if history:
        # django-simple-history's pattern has positional groups: the object, version 0.
        path = reverse(route.name, args=[values["object_id"], 0])
    else:
        path = build(route, values, world)
    if entry.query:
        path += "?" + entry.query.format(**world.objects)
    return path


def url_paths(world, skipped: list | None = None):
    """(key, entry, path) of every URL of the table, built on the world."""
    for route in routes():
        entry = entry_for(route)
        if entry is None:
            continue
        path = route_path(route, entry, world, skipped)
        if path is not None:
            yield route.key, entry, path


def checked_requests(world, client_class, skipped: list):
    """Ask every URL with every method as every actor:
    (key, entry, method, role, path, answer)."""
    actors = clients(world, client_class)
    for key, entry, path in url_paths(world, skipped):
        for method in ("GET", "POST"):
            for role in ROLES:
                data = entry.data if method == "POST" else None
                response = ask(actors[role], method, path, data)
                yield key, entry, method, role, path, answer(response)


@pytest.mark.django_db
def test_every_url_answers_each_actor_as_the_table_says(world, client):
    wrong, skipped, table = [], [], {}
    for key, entry, method, role, path, got in checked_requests(world, type(client), skipped):
        table.setdefault((key, path), {}).setdefault(method, {})[role] = got
        want = expected(entry.get if method == "GET" else entry.post)[role]
        if got != want:
            wrong.append(f"{method} {path} as {role}: {got}, the table says {want} ({key})")
    if os.environ.get("URL_TABLE_PRINT"):  # the answers as table rows (docs/testing.md)
        for (key, path), answers in table.items():
            print(
                f'    "{key}": E(get="{" ".join(answers["GET"][r] for r in ROLES)}", '
                f'post="{" ".join(answers["POST"][r] for r in ROLES)}"),  # {path}'
            )
    print(
        f"URL table: {len(table)} URLs × 2 methods × {len(ROLES)} actors = "
        f"{len(table) * 2 * len(ROLES)} requests; admin pages of models without a row: {skipped}"
    )
    assert not skipped, f"add a row of each of these pages' models to tests/world.py: {skipped}"
    assert not wrong, "\n".join(wrong)


# Another organiser's council member and admin (tests/world.py), against the table's
# council member and admin of the city's organiser.
OTHER_ORGANISER = {"council": "other_council", "admin": "other_admin"}


def _other_clients(world, client_class) -> dict:
    result = {}
    for role, name in OTHER_ORGANISER.items():
        client = client_class(raise_request_exception=False)
        client.force_login(world.objects[name])
        result[role] = client
    return result


def _markers(world) -> list[str]:
    """Names only this world's organiser shows (a list that shows one leaks it)."""
    return [
        world.campaign.name,
        world.bloc.name,
        world.unit_a.name,
        world.unit_b.name,
        world.person_a.full_name,
        world.decision.summary,
        world.users["sec_a"].username,
    ]


@pytest.mark.django_db
def test_another_organisers_council_and_admin_reach_nothing_of_this_one(world, client):
    """Issue 15: over every URL of the table, the council member and the admin of
    another organiser get 404 for each object of this one where the table's council
    member and admin may use the view (what their role may not use: the same answer,
    or 404), the lists show none of its names, and the admin site (the superusers')
    opens nothing. Each request is rolled back, as in the table."""
    others = _other_clients(world, type(client))
    wrong, objects_asked = [], 0
    for route in routes():
        entry = entry_for(route)
        if entry is None:
            continue
        table = {"GET": expected(entry.get), "POST": expected(entry.post)}
        if table["GET"]["anon"] != "login" and not route.key.startswith("admin:"):
            continue  # a page before signing in: nothing of an organiser on it
        path = route_path(route, entry, world)
        if path is None:
            continue
        names_an_object = bool(set(route.kwargs) - {"fmt", "app_label", "url"}) or entry.query
        for method in ("GET", "POST"):
            for role, other in others.items():
                response = ask(other, method, path, entry.data if method == "POST" else None)
                got, own = answer(response), table[method][role]
                if route.key.startswith("admin:") or route.key.startswith("/admin/"):
                    # Staff without the admin site's permissions (only superusers have them).
                    if got not in ("403", "404", "302", "admin-login", "405") and got != own:
                        wrong.append(f"{method} {path} as other {role}: {got}")
                    elif got == "200" and any(m in response.text for m in _markers(world)):
                        wrong.append(f"{method} {path} as other {role}: shows this organiser")
                    continue
                if names_an_object:
                    objects_asked += 1
                    allowed = {"404"} if own[0] in "23" and own != "login" else {own, "404"}
                    if got not in allowed:
                        wrong.append(f"{method} {path} as other {role}: {got}, not {allowed}")
                elif got == "200" and method == "GET":
                    body = response.content.decode(errors="replace")
                    shown = [m for m in _markers(world) if m in body]
                    if shown:
                        wrong.append(f"GET {path} as other {role} shows {shown}")
    assert objects_asked > 100
    assert not wrong, "\n".join(wrong)
