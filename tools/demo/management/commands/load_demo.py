import argparse
import datetime as dt

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tools.demo import data
from tools.demo.services import demo_load


def _day(text: str) -> dt.date:
    try:
        day, month, year = (int(part) for part in text.split("/"))
        return dt.date(year, month, day)
    except ValueError:
        raise argparse.ArgumentTypeError(_("Write the day as dd/mm/yyyy.")) from None


class Command(BaseCommand):
    help = "Load the Móng Cái special campaign of 2022–2023 (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="Load as if on this day (dd/mm/yyyy): the live campaign's periods follow it.",
        )

    def handle(self, *args, **options):
        result = demo_load(today=options["today"])
        self.stdout.write(
            _(
                "Demo loaded: %(units)s units, %(blocs)s blocs, %(indicators)s indicators, "
                "%(periods)s periods, %(reports)s reports, %(values)s values."
            )
            % result
        )
        if options["quiet_logins"]:
            return
        self.stdout.write(
            _("Demo logins (password: %(password)s):") % {"password": data.DEMO_PASSWORD}
        )
        for username, role, units in result["users"]:
            if username.startswith("tk-"):
                continue
            self.stdout.write(f"  {username:<16} {role}{' – ' + units if units else ''}")
        self.stdout.write(
            _("Every unit also has a secretary login tk-<unit code>, e.g. tk-xa-hai-tien.")
        )
