from django.apps import AppConfig


class CampagnesConfig(AppConfig):
    name = "campagnes"
    verbose_name = "Campagnes de mise à jour"
    default_auto_field = "django.db.models.BigAutoField"
