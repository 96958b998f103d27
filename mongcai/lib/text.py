"""Text as users type it: single lines without control characters, and bounded lengths.

Names, positions, titles and the like end up in documents (decisions, DOCX,
XLSX), in lists and in e-mails: a tab, a line break, an escape or a
right-to-left override hidden in one corrupts them or makes one text look
like another. Free text (highlights, comments) may have line breaks and tabs,
but no other control character, and has a length no honest text reaches
(4 MB of "highlights" were accepted once).

The model validators below are referenced by the models' fields, so that the
admin, ModelForms and services calling full_clean() all apply them; the form
fields serve the forms that are not ModelForms. The limits are read when a
text is checked (settings LINE_MAX_CHARS, TEXT_MAX_CHARS), so they can change
per deployment without a migration.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# C0 and C1 controls, DEL, the line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates.
_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Free text keeps its tabs and line breaks (\t \n \r).
_TEXT_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


# Django's forms refuse NUL with this message first, and its Vietnamese
# catalogue leaves it untranslated: ours translates it (LOCALE_PATHS comes first).
DJANGO_NULL_MESSAGE = gettext_noop("Null characters are not allowed.")


def validate_single_line(value: str) -> None:
    """A name, a position, a title: one line of visible characters."""
    if _LINE_FORBIDDEN.search(value or ""):
        raise ValidationError(
            _(
                "Remove the line breaks, tabs and invisible control characters: "
                "this text is a single line."
            ),
            code="control_characters",
        )
    if len(value or "") > settings.LINE_MAX_CHARS:
        raise ValidationError(
            _("At most %(count)s characters.")
            % {"count": number_format(settings.LINE_MAX_CHARS, force_grouping=True)},
            code="max_length",
        )


def validate_text(value: str) -> None:
    """Free text: any length an honest text has, line breaks and tabs, nothing hidden."""
    if _TEXT_FORBIDDEN.search(value or ""):
        raise ValidationError(
            _("Remove the invisible control characters from this text."),
            code="control_characters",
        )
    if len(value or "") > settings.TEXT_MAX_CHARS:
        raise ValidationError(
            _("At most %(count)s characters (this text has %(length)s).")
            % {
                "count": number_format(settings.TEXT_MAX_CHARS, force_grouping=True),
                "length": number_format(len(value), force_grouping=True),
            },
            code="max_length",
        )


class SingleLineField(forms.CharField):
    """A one-line text input that refuses control characters and over-long text."""

    default_validators = [validate_single_line]


class TextField(forms.CharField):
    """A text area bounded by TEXT_MAX_CHARS, without hidden control characters."""

    widget = forms.Textarea
    default_validators = [validate_text]
