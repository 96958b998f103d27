"""Django REST framework's messages that its Vietnamese catalogue lacks (DRF 3.18).

DRF ships a Vietnamese catalogue of 21 messages; the rest of its field, parser,
pagination and exception messages reached the API's Vietnamese answers in English
(a journey saw "Expected a list of items but got type…" in a vi answer). Our
catalogue (LOCALE_PATHS) comes first, so listing them here, with the translation in
locale/vi, puts them in Vietnamese wherever DRF uses them. Left out: messages of the
parts the API does not use (hyperlinked relations, cursor paging, basic and DRF
token authentication, file and IP fields).

This module is never imported by the product: `make messages` reads the strings,
and tests/api/test_messages.py checks each has its Vietnamese translation.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("A page number within the paginated result set."),
    gettext_noop("A server error occurred."),
    gettext_noop("A valid biginteger is required."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop(
        "Ensure that there are no more than {max_whole_digits} digits before the decimal point."
    ),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Invalid input."),
    gettext_noop("Invalid page."),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Invalid value."),
    gettext_noop("Malformed request."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("Not found."),
    gettext_noop("Number of results to return per page."),
    gettext_noop("Request was throttled."),
    gettext_noop("String value too large."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("This field may not be blank."),
    gettext_noop("This field may not be null."),
    gettext_noop("This list may not be empty."),
    gettext_noop("This value does not match the required pattern."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("User inactive or deleted."),
    gettext_noop("You do not have permission to perform this action."),
]
