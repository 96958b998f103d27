"""A unit's report for a period, read and filed through the API: the same form
(campaigns.forms.ReportForm: its parsing, warnings and messages), the same service
(campaigns.services.report_save: its rules, locks and version check) as the page."""

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language, gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.forms import ReportForm
from campaigns.models import Report, ValueKind
from campaigns.reporting import lock_reason, report_saved_message
from campaigns.selectors import own_report_form_get
from campaigns.services import ReportConflict
from mongcai.lib.numbers import format_decimal

from . import serializers as s
from .views import REPORT_VALUES, ApiMixin


def _form_state(unit, period, report, rows, *, detail: str = "") -> dict:
    data = {
        "unit": unit,
        "period": period,
        "report": report.pk if report else None,
        "status": report.status if report else None,
        "version": report.version if report else None,
        "highlights": report.highlights if report else "",
        "locked": lock_reason(report, unit, period, timezone.localdate()),
        "rows": rows,
    }
    if detail:
        data["detail"] = detail
    return s.ReportFormSerializer(data).data


def _as_typed(indicator, value) -> str:
    """The JSON number as the form's field holds it in the request's language, so the
    form reads it with the same rules and messages as a typed one."""
    if value is None:
        return ""
    if indicator.value_kind == ValueKind.YES_NO and value in (0, 1):
        return str(int(value))
    return format_decimal(value, get_language())


def _form_data(rows, payload) -> tuple[dict, list[str]]:
    """The form's fields from the JSON body; indicators not in the body are left empty
    (the body is the whole report, as the form is). Unknown codes are errors."""
    by_code = {row.indicator.code: row.indicator for row in rows}
    data = {
        "highlights": payload["highlights"],
        "version": "" if payload["version"] is None else str(payload["version"]),
    }
    errors = []
    for item in payload["values"]:
        indicator = by_code.get(item["indicator"])
        if indicator is None:
            errors.append(
                gettext("%(code)s is not an indicator of this report.")
                % {"code": item["indicator"]}
            )
            continue
        data[f"value_{indicator.pk}"] = _as_typed(indicator, item.get("value"))
        data[f"note_{indicator.pk}"] = item.get("note", "")
    return data, errors


def _messages(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def _flatten(errors, path=""):
    """DRF's nested errors as lines: "values.0.value: A valid number is required." """
    if isinstance(errors, dict):
        for key, value in errors.items():
            yield from _flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, (dict, list)):
                yield from _flatten(value, f"{path}.{index}")
            else:
                yield f"{path}: {value}" if path and path != "non_field_errors" else str(value)


def _refused(errors: list[str]) -> Response:
    return Response(
        {"detail": gettext("The report was not saved."), "errors": errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


class ReportFormView(ApiMixin, APIView):
    """The unit's report for a period as its secretary files it: only a secretary of
    the unit reaches it (404 otherwise), for a reporting period of a campaign the unit
    takes part in."""

    @extend_schema(tags=["reports"], responses=s.ReportFormSerializer)
    def get(self, request, unit_pk, period_pk):
        """The form: each indicator's value, note, target and previous value, the
        report's version (send it back with PUT) and why it is locked, if it is."""
        return Response(_form_state(*own_report_form_get(request.user, unit_pk, period_pk)))

    @extend_schema(
        tags=["reports"],
        request=s.ReportWriteSerializer,
        responses={
            200: s.ReportFormSerializer,
            400: OpenApiResponse(s.ErrorSerializer, description="The form's messages."),
            409: OpenApiResponse(
                s.ConflictSerializer,
                description="Saved by someone else since `version`: the current report.",
            ),
            423: OpenApiResponse(s.ErrorSerializer, description="Submitted, approved or locked."),
        },
    )
    def put(self, request, unit_pk, period_pk):
        """Save the report as a draft, or submit it (`submit: true`). The body is the
        whole report: indicators left out are saved empty. Messages come in the
        language of Accept-Language (vi or en)."""
        unit, period, report, rows = own_report_form_get(request.user, unit_pk, period_pk)
        body = s.ReportWriteSerializer(data=request.data)
        if not body.is_valid():
            return _refused(list(_flatten(body.errors)))
        payload = body.validated_data
        locked = lock_reason(report, unit, period, timezone.localdate())
        if locked:
            return Response({"detail": locked}, status=status.HTTP_423_LOCKED)
        data, errors = _form_data(rows, payload)
        form = ReportForm(data, rows=rows, language=get_language(), submit=payload["submit"])
        if not form.is_valid() or errors:
            return _refused(errors + _messages(form))
        try:
            report = form.save(
                user=request.user, unit=unit, period=period, submit=payload["submit"]
            )
        except ReportConflict as conflict:
            current = Report.objects.select_related("unit", "period").get(pk=conflict.report.pk)
            prefetch_related_objects([current], REPORT_VALUES)
            return Response(
                {
                    "detail": gettext("Someone else saved this report while you were editing"),
                    "current_version": current.version,
                    "report": s.ReportDetailSerializer(current).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as error:
            return _refused(error.messages)
        detail = report_saved_message(report, submitted=payload["submit"])
        unit, period, report, rows = own_report_form_get(request.user, unit_pk, period_pk)
        return Response(_form_state(unit, period, report, rows, detail=detail))
