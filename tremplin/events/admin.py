from django.contrib import admin

from tremplin.events.models import Event, Participation, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """To look things up: events are created, moderated and run in the back office."""

    list_display = ["title", "kind", "status", "starts_at", "capacity"]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["title"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["event", "organisation", "status"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "status", "registered_at", "checked_in_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
