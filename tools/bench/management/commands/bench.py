import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from tools.bench.data import SCALES, Scale
from tools.bench.runner import KEYS, TARGETS, run, verdicts


class Command(BaseCommand):
    help = (
        "Benchmark roll-ups, freshness, the dashboard under load and exports against "
        "floors measured in the same run, in a scratch database created and dropped "
        "for the run (docs/BENCHMARKS.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
        parser.add_argument("--units", type=int, help="override the scale's number of units")
        parser.add_argument("--indicators", type=int, help="override the number of indicators")
        parser.add_argument("--periods", type=int, help="override the number of monthly periods")
        parser.add_argument("--json", dest="json_path", help="write the figures to this file")
        parser.add_argument("--load-users", type=int, default=100)
        parser.add_argument(
            "--load-seconds",
            type=int,
            help="steady state of the load test, after its warm-up (60; 5 at tiny scale)",
        )
        parser.add_argument(
            "--load-warmup", type=int, help="warm-up of the load test, reported apart (10; 3)"
        )
        parser.add_argument(
            "--capacity-seconds",
            type=int,
            help="length of each capacity run; 0 for none (15; 3 at tiny scale)",
        )
        parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
        parser.add_argument(
            "--recipients", type=int, help="recipients of the export benchmark (10,000)"
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                _(
                    "The benchmark needs PostgreSQL (it creates and drops a scratch "
                    "database on the same server); set DATABASE_URL to a PostgreSQL server."
                )
            )
        base = SCALES[options["scale"]]
        scale = Scale(
            units=options["units"] or base.units,
            indicators=options["indicators"] or base.indicators,
            periods=options["periods"] or base.periods,
            blocs=base.blocs,
        )
        if scale.units < 3 or scale.indicators < 1 or not 1 <= scale.periods <= 120:
            raise CommandError(_("Use at least 3 units, 1 indicator and 1 to 120 periods."))
        tiny = options["scale"] == "tiny"
        results = run(
            scale,
            scale_name=options["scale"],
            load_users=options["load_users"],
            load_seconds=options["load_seconds"] or (5 if tiny else 60),
            load_warmup=(
                options["load_warmup"]
                if options["load_warmup"] is not None
                else (3 if tiny else 10)
            ),
            capacity_seconds=(
                options["capacity_seconds"]
                if options["capacity_seconds"] is not None
                else (3 if tiny else 15)
            ),
            redis_url=options["redis_url"],
            recipients=options["recipients"] or (100 if tiny else 10_000),
            say=lambda line: self.stderr.write(line),
        )
        results["targets_met"] = verdicts(results)
        width = max(len(key) for key in KEYS)
        bounds = {key: f"{op} {bound}" for key, op, bound in TARGETS}
        for key in KEYS:
            value = results.get(key)
            met = results["targets_met"].get(key)
            mark = (
                "" if key not in bounds else ("  ok" if met else "  MISSED" if met is False else "")
            )
            self.stdout.write(
                f"{key:<{width}}  {'null' if value is None else value!s:>12}  "
                f"{bounds.get(key, ''):<8}{mark}"
            )
        by_process = results.get("load_cpu_by_process") or {}
        self.stdout.write(
            "load_cpu_by_process  "
            + ", ".join(f"{kind} {used}" for kind, used in by_process.items())
        )
        if options["json_path"]:
            with open(options["json_path"], "w", encoding="utf-8") as out:
                json.dump(results, out, indent=2, default=str, ensure_ascii=False)
