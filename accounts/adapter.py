from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        """Public handles (/people/<handle>/) come from the display name, never from the
        email address, so a profile URL does not reveal anyone's email."""
        display_name = request.POST.get("display_name", "") if request is not None else ""
        user.username = self.generate_unique_username([display_name, "member"])


def user_display(user):
    return user.display_name
