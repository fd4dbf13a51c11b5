from django.contrib.admin.apps import AdminConfig


class CommonsAdminConfig(AdminConfig):
    """Django admin with the Commons site (its own module: loaded before any model)."""

    default_site = "home.admin_site.CommonsAdminSite"
