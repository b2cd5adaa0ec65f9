from django.contrib import admin

from tremplin.profiles.models import Resume


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = ["user", "updated_at"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["updated_at"]
