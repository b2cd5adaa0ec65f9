from django.contrib.admin.apps import AdminConfig


class TremplinAdminConfig(AdminConfig):
    """The Django admin with Tremplin's site (kept apart: app configs load before models)."""

    default_site = "tremplin.accounts.admin_site.TremplinAdminSite"
