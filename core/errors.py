"""The one root of every refusal a verb can raise.

A verb that cannot do what it was asked raises a `DomainError` subclass: `code` is
stable for programs (websocket error frames, htmx replies, tests), the message is
for people, and `params` carries small facts a client may use (`retry_after`)."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    default_message = _("That did not work.")

    def __init__(self, message=None, **params):
        super().__init__(message or self.default_message)
        self.params = params

    @property
    def message(self):
        return str(self)
