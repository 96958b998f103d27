import pytest
from django.core.management import call_command

from tools.demo.services import demo_load


@pytest.fixture(scope="package")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo once for these tests (it takes seconds); each test still runs in its
    own transaction and rolls back what it changes."""
    with django_db_blocker.unblock():
        result = demo_load()
    yield result
    with django_db_blocker.unblock():
        call_command("flush", "--no-input")


@pytest.fixture
def demo(demo_loaded, db):
    return demo_loaded
