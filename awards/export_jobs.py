"""Building a large export's file in the worker (awards.tasks.export_build).

Apart from the services: the exports read the decision's totals from the
services, and the build uses the exports, so the services do not import them.
"""

from django.core.files.base import ContentFile

from mongcai.lib import jobs

from . import exports
from .models import Export


def export_build(*, export_id: int) -> None:
    """Build the export's file if it is waiting (mongcai.lib.jobs.job_run: claimed by
    one worker, retried or failed with a reason the page shows)."""
    jobs.job_run(Export.objects.select_related("decision__authority"), export_id, _export_write)


def _export_write(export: Export, beat) -> dict:
    content = exports.WRITERS[export.fmt](export.decision, lambda done: beat(done=done))
    export.file.save(
        exports.filename(export.decision, export.fmt), ContentFile(content), save=False
    )
    return {"file": export.file.name, "done": export.total}
