from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.legal.docs import pack_markdown
from awards.legal.pack import PACK_PATH, pack_apply, pack_preview, pack_read


class Command(BaseCommand):
    help = (
        "Show what the legal pack would change (rows, pending nominations, draft decisions); "
        "with --apply, apply it and record who applied which version (docs/legal.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(PACK_PATH), help="The pack file (TOML).")
        parser.add_argument("--apply", action="store_true", help="Apply it after the diff.")
        parser.add_argument("--user", help="Username recorded as the one who applied it.")
        parser.add_argument(
            "--markdown", action="store_true", help="Print docs/legal.md's tables and stop."
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user %(name)s.") % {"name": options["user"]})
        try:
            pack = pack_read(options["file"])
            if options["markdown"]:
                self.stdout.write(pack_markdown(pack.data), ending="")
                return
            preview = pack_preview(pack=pack, user=user)
        except (OSError, ValidationError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(
            _("Legal pack %(version)s: %(rows)s rows would change.")
            % {"version": pack.version, "rows": len(preview.rows)}
        )
        for row in preview.rows:
            self.stdout.write(f"  {row.action:<8} {row.section:<12} {row.key}")
            for name, (old, new) in row.fields.items():
                self.stdout.write(f"      {name}: {old} → {new}")
        self.stdout.write(
            _("Pending nominations and draft decisions that would change: %(count)s")
            % {"count": len(preview.outcomes)}
        )
        for change in preview.outcomes:
            self.stdout.write(f"  {change.label}: {change.before} → {change.after}")
        if not options["apply"]:
            self.stdout.write(_("Nothing applied (add --apply)."))
            return
        record = pack_apply(pack=pack, user=user)
        self.stdout.write(
            _("Applied legal pack %(version)s (import %(id)s).")
            % {"version": record.version, "id": record.pk}
        )
