"""The glue every view repeats around a verb: call it, and turn a refusal into what
the person sees (a form error, a message on the next page, or an htmx reply)."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.html import escape

from .errors import DomainError


@dataclass
class Outcome:
    """What `run_verb` did: the verb's result, or the refusal. True when it worked."""

    value: object = None
    error: DomainError | None = None

    def __bool__(self):
        return self.error is None


def run_verb(request, verb, *args, success=None, form=None, field=None, **kwargs):
    """Call `verb(*args, **kwargs)`.

    A refusal becomes an error on `form` (on `field`, or the whole form) when a form is
    given, and an error message for the next page otherwise. `success` (a text, or a
    function of the verb's result) is shown as a message when the verb worked."""
    try:
        value = verb(*args, **kwargs)
    except DomainError as error:
        if form is not None:
            form.add_error(field, str(error))
        else:
            messages.error(request, str(error))
        return Outcome(error=error)
    if success is not None:
        messages.success(request, success(value) if callable(success) else success)
    return Outcome(value=value)


def refusal_response(request, error, redirect_to):
    """A refused htmx request gets the reason as its body (403 when forbidden, else
    400) for the page to show; a plain request is sent back with the reason as a message."""
    if request.htmx:
        return HttpResponse(escape(str(error)), status=403 if error.code == "forbidden" else 400)
    messages.error(request, str(error))
    return redirect(redirect_to)
