from django.apps import AppConfig


class LieuxConfig(AppConfig):
    name = "lieux"
    verbose_name = "Lieux de médiation numérique"

    def ready(self):
        from lieux import admin_signalement  # noqa: F401  (admin of the error reports, kept out of lieux/admin.py)
