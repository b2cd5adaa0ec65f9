from django.contrib import admin

from tremplin.recruiters.models import Organisation, Recruiter


class RecruiterInline(admin.TabularInline):
    model = Recruiter
    fields = ["user", "job_title", "phone", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "city", "sector", "size", "trusted", "created_at"]
    list_filter = ["trusted", "sector", "size"]
    search_fields = ["name", "siret", "city"]
    # Trust is given in the back office (a recruiter's or an offer's page), which logs it.
    readonly_fields = ["trusted", "created_at"]
    inlines = [RecruiterInline]


@admin.register(Recruiter)
class RecruiterAdmin(admin.ModelAdmin):
    """Decisions are taken in the back office (Gestion → Recruteurs), which logs them."""

    list_display = ["user", "organisation", "job_title", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__last_name", "organisation__name", "organisation__siret"]
    raw_id_fields = ["user", "organisation"]
    readonly_fields = ["status", "decided_by", "decided_at", "rejection_reason", "created_at"]
