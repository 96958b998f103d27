from django.core.management.base import BaseCommand

from tools.bench.awards_export import export_benchmark


class Command(BaseCommand):
    help = "Export a decision of N recipients as XLSX and DOCX; print seconds and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=10000)

    def handle(self, *args, recipients, **options):
        result = export_benchmark(recipients=recipients)
        self.stdout.write(f"recipients: {recipients}")
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
