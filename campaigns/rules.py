"""Rules on reported values, shared by the web form and the Excel upload."""

from decimal import Decimal
from statistics import median

from django.utils.translation import gettext as _

from mongcai.lib.numbers import NumberError, parse_decimal

from .models import Indicator, TimeAggregation, ValueKind, value_problem

YES = {"1", "có", "co", "yes", "y", "x", "đạt"}
NO = {"0", "không", "khong", "no", "n"}

# A value is unusual when it lies further than this many robust deviations
# from the unit's own median (MAD scaled to a standard deviation).
OUTLIER_DEVIATIONS = Decimal(4)
MIN_HISTORY = 3


def read_value(indicator: Indicator, text: str, language: str) -> Decimal | None:
    """The typed text as a value of the indicator, or None when left empty.

    Raises NumberError with the reason, for the user.
    """
    text = (text or "").strip()
    if not text:
        return None
    if indicator.value_kind == ValueKind.YES_NO:
        lowered = text.lower()
        if lowered in YES:
            return Decimal(1)
        if lowered in NO:
            return Decimal(0)
        raise NumberError(_("Answer yes (1) or no (0)."))
    value = parse_decimal(text, language)
    if problem := value_problem(indicator, value):
        raise NumberError(problem)
    return value


def needs_explanation(indicator: Indicator, value: Decimal | None, previous: Decimal | None):
    """A cumulative (stock) figure that goes down must be explained."""
    return (
        indicator.time_aggregation == TimeAggregation.STOCK
        and value is not None
        and previous is not None
        and value < previous
    )


def is_outlier(value: Decimal | None, history: list[Decimal]) -> bool:
    """Far from the unit's own history, judged by the median (robust to one bad month)."""
    if value is None or len(history) < MIN_HISTORY:
        return False
    middle = median(history)
    mad = median(abs(x - middle) for x in history)
    scale = max(mad * Decimal("1.4826"), abs(middle) * Decimal("0.1"), Decimal("0.000001"))
    return abs(value - middle) > OUTLIER_DEVIATIONS * scale
