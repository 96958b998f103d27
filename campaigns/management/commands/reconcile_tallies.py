from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from campaigns.services import tally_reconcile


class Command(BaseCommand):
    help = "Recompute every tally, compare with the stored ones and record the differences."

    def handle(self, *args, **options):
        run = tally_reconcile(trigger="command")
        self.stdout.write(
            _(
                "Reconciled %(tallies)s tallies: %(differences)s differences, "
                "%(caught_up)s reports caught up."
            )
            % {
                "tallies": run.tallies,
                "differences": run.differences,
                "caught_up": run.reports_caught_up,
            }
        )
        if run.differences:
            for example in run.examples:
                self.stdout.write(f"  {example}")
