from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page of each role: the top of the product, it reads every app below."""

    name = "home"
