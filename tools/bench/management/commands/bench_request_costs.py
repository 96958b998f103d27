import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from campaigns.services import tally_recompute
from tools.bench.data import SCALES, generate
from tools.bench.request_costs import request_costs
from tools.bench.scratch import scratch_database


class Command(BaseCommand):
    help = (
        "The CPU (Python and PostgreSQL) and queries of each kind of request of the "
        "load test, in a scratch database created and dropped for the run "
        "(docs/BENCHMARKS.md, fourth round)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="city")
        parser.add_argument("--count", type=int, default=20, help="requests per kind")
        parser.add_argument("--json", dest="json_path", help="write the figures to this file")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                _(
                    "The benchmark needs PostgreSQL (it creates and drops a scratch "
                    "database on the same server); set DATABASE_URL to a PostgreSQL server."
                )
            )
        with scratch_database():
            ds = generate(SCALES[options["scale"]])
            tally_recompute(campaign=ds.campaign)
            results = request_costs(ds, count=options["count"])
        for kind, row in results.items():
            self.stdout.write(
                f"{kind:<16} {row['cpu_ms']:>9.2f} ms CPU  (Python {row['python_ms']:.2f}, "
                f"PostgreSQL {row['postgres_ms']:.2f})  {row['queries']} queries"
            )
        if options["json_path"]:
            with open(options["json_path"], "w", encoding="utf-8") as out:
                json.dump(results, out, indent=2)
