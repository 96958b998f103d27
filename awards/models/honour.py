"""Whether an organiser publishes its honour board (issue 20): opt-in, off by default."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from blocs.models import ORGANISERS, Unit
from mongcai.accounts.models import User


class HonourBoard(models.Model):
    """An organiser's public honour board: shown to anyone only while `published`."""

    organiser = models.OneToOneField(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.CASCADE,
        related_name="honour_board",
        limit_choices_to=ORGANISERS,
    )
    published = models.BooleanField(_("published"), default=False)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(
        User,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("honour board")
        verbose_name_plural = _("honour boards")

    def __str__(self):
        return str(self.organiser)
