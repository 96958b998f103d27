from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Django's password backend, refusing demo accounts outside the demo.

    The demo accounts share a published password (README): they sign in only
    while DEBUG is on. With DEBUG off they cannot sign in, and a session one of
    them still holds is dropped on its next request (get_user asks the same).
    """

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and (
            settings.DEBUG or not getattr(user, "is_demo", False)
        )
