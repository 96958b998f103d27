"""The văn thư's register of outgoing documents (sổ đăng ký văn bản đi), as an optional
integration (docs/awards.md, "Numbers from the register").

Under NĐ 30/2020/NĐ-CP, Điều 15 khoản 1 an agency numbers all the documents it issues
in one sequence per year, starting at 01 on 1 January, kept by its văn thư: the award
decisions are a few of them. The product therefore never computes a number. Either the
admin types the number and date the register gave, or, with `AWARDS_REGISTER` set, the
register reserves them:

- a dotted path to a Python callable, `reserve(request: dict) -> dict`;
- an http(s) URL, to which the request is POSTed as JSON and which answers JSON.

The request: ``{"authority": code, "issuing_body": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
"symbol": "QĐ-UBND", "document_type": "Quyết định", "summary": …, "date": "2026-12-07",
"reference": the decision's id in this product}``. The answer: ``{"number": 3127,
"date": "2026-12-07"}`` (the date may be left out: the requested date stands).
"""

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


def configured() -> str:
    return getattr(settings, "AWARDS_REGISTER", "") or ""


def _post(url: str, payload: dict) -> dict:
    if not url.startswith(("http://", "https://")):
        raise ValidationError(_("The register's address must start with http:// or https://."))
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    timeout = getattr(settings, "AWARDS_REGISTER_TIMEOUT", 10)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310 # http(s) only, checked above
        return json.loads(response.read().decode())


def _reserver() -> Callable[[dict], dict]:
    target = configured()
    if target.startswith(("http://", "https://")):
        return lambda payload: _post(target, payload)
    return import_string(target)


def reserve(*, decision, day: dt.date) -> tuple[int, dt.date]:
    """Reserve the next number of the issuing body's register for `decision` on `day`:
    (number, date). A ValidationError says why the register did not give one."""
    authority = decision.authority
    payload = {
        "authority": authority.code,
        "issuing_body": authority.body,
        "symbol": authority.symbol,
        "document_type": "Quyết định",
        "summary": decision.summary,
        "date": day.isoformat(),
        "reference": decision.pk,
    }
    try:
        answer = _reserver()(payload)
        number = int(answer["number"])
        given = answer.get("date")
        date = dt.date.fromisoformat(given) if given else day
    except ValidationError:
        raise
    except (ImportError, OSError, urllib.error.URLError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            _("The register did not reserve a number (%(error)s); nothing is issued.")
            % {"error": error}
        ) from error
    if number < 1:
        raise ValidationError(_("The register gave an invalid number; nothing is issued."))
    return number, date
