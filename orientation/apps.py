from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "orientation"
    verbose_name = "Parcours d'orientation"

    def ready(self):
        from imports.signals import lieux_importes
        from orientation.signaux import rafraichir_apres_import

        lieux_importes.connect(rafraichir_apres_import, dispatch_uid="orientation_ouvertures_apres_import")
