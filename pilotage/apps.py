from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "pilotage"
    verbose_name = "pilotage territorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from imports.signals import lieux_importes

        from pilotage.fraicheur import apres_import

        lieux_importes.connect(apres_import, dispatch_uid="pilotage_apres_import")
