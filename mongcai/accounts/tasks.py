from celery import shared_task

from . import services
from .models import User


# Sending again after a failure may send a second copy of the same link, which
# is harmless; a lost invitation is not. The SMTP server may be down a while.
@shared_task(
    name="accounts.tasks.account_link_send",
    acks_late=True,
    autoretry_for=(OSError,),
    max_retries=8,
    retry_backoff=30,
    retry_backoff_max=3600,
)
def account_link_send(user_id: int, kind: str) -> bool:
    """E-mail an invitation or a password reset link."""
    user = User.objects.filter(pk=user_id).first()
    return user is not None and services.account_link_send(user=user, kind=kind)
