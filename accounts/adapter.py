from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.utils.http import url_has_allowed_host_and_scheme


class AccountAdapter(DefaultAccountAdapter):
    def is_safe_url(self, url):
        """allauth's hosts, and from an https page only an https (or relative) address:
        a plain-http `next` to our own host would leave TLS after sign-in."""
        if not super().is_safe_url(url):
            return False
        # The host passed above; this checks the scheme alone.
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={urlsplit(url).netloc}, require_https=context.request.is_secure()
        )

    def populate_username(self, request, user):
        """Public handles (/people/<handle>/) come from the display name, never from the
        email address, so a profile URL does not reveal anyone's email."""
        display_name = request.POST.get("display_name", "") if request is not None else ""
        user.username = self.generate_unique_username([display_name, "member"])


def user_display(user):
    return user.display_name
