"""Views of the embeds (entree, carte, api, lieu, orientation) and of the snippet generator (integrer)."""

from django.utils.cache import patch_vary_headers

PARTIEL = "X-Integration-Partiel"  # header asking for a page's result block alone (embed.js, integrer.js)


def varie(reponse):
    """The same URL answers a whole page or its block, depending on PARTIEL: caches must tell them apart."""
    patch_vary_headers(reponse, [PARTIEL])
    return reponse
