from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """What the product writes for others from everything below it: the campaign's
    summary report, the Ministry's statistics forms and the public honour board."""

    name = "reports"
