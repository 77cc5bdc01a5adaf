"""Keeps the precomputed availability in step with the imports (connected in orientation/apps.py).

Imports write lieux in bulk SQL (no post_save); `imports.signals.lieux_importes` is sent after their commit with the
lieux created, updated and archived: their rows of lieux_ouverture are recomputed in one statement.
"""

from lieux.models.ouverture import rafraichir_ouvertures


def rafraichir_apres_import(sender, uids=(), archives=(), **kwargs):
    rafraichir_ouvertures([*uids, *archives])
