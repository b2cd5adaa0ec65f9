from django.contrib import admin

from tremplin.accounts.models import LegalDocument


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "published_at", "published_by"]
    list_filter = ["kind"]
    readonly_fields = ["published_at", "published_by"]
