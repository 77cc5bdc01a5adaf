from django.apps import AppConfig


class EmbedConfig(AppConfig):
    """The embeds sit above lieux and orientation: they frame both, neither knows about them."""

    name = "embed"
    verbose_name = "Intégrations"
