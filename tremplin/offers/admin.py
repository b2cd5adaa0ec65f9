from django.contrib import admin

from tremplin.offers.models import Application, Favourite, Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """To look things up. Offers change in the recruiters' space and are moderated in the
    back office (Gestion → Offres à modérer), which keep the search and the log in step:
    nothing that matters is editable here."""

    list_display = ["title", "organisation", "kind", "status", "publish_until", "created_at"]
    list_filter = ["status", "kind", "domain", "audience"]
    search_fields = ["title", "organisation__name", "organisation__siret", "city"]
    raw_id_fields = ["organisation", "created_by", "decided_by"]
    readonly_fields = [field.name for field in Offer._meta.fields] + ["composantes", "vets"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["offer", "candidate", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["offer__title", "candidate__email", "candidate__last_name"]
    readonly_fields = [
        "offer",
        "candidate",
        "cv",
        "message",
        "status",
        "created_at",
        "status_changed_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Favourite)
class FavouriteAdmin(admin.ModelAdmin):
    list_display = ["user", "offer", "created_at"]
    raw_id_fields = ["user", "offer"]
