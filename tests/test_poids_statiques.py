"""Static weight of a first visit: the CSS and JavaScript a page links, compressed as WhiteNoise serves them after
collectstatic (gzip), under the target; the DSFR without its 459 KB utility sheet; the small utility sheet we ship
(scripts/dsfr_utilitaires.py) up to date with the classes our templates use. The full first-visit transfer (HTML,
fonts, data) is measured in Chromium by `make bench` (bench/bench_8_poids.py)."""

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = [pytest.mark.django_db]
CIBLE_CSS_JS_KO = 120  # home page, compressed; it was 160 KB (dsfr.min.css 90 KB + utility.min.css 41 KB + JS)


def fichiers_statiques(html: str) -> list[str]:
    """Static paths of the stylesheets and of the scripts a current browser loads (not the `nomodule` ones)."""
    feuilles = re.findall(r'<link rel="stylesheet"\s+href="/static/([^"?]+)', html)
    scripts = [m.group(2) for m in re.finditer(r'<script([^>]*)\ssrc="/static/([^"?]+)"', html)
               if "nomodule" not in m.group(1)]
    return feuilles + scripts


def poids_compresse(chemins) -> dict[str, int]:
    return {c: len(gzip.compress(Path(finders.find(c)).read_bytes(), 9)) for c in chemins}


def test_home_page_css_and_js_weigh_less_than_the_target(client, geographie):
    chemins = fichiers_statiques(client.get("/").content.decode())
    assert "dsfr/dist/dsfr/dsfr.main.min.css" in chemins and "dsfr/dist/dsfr/dsfr.module.min.js" in chemins
    assert not any("utility" in c for c in chemins) and "dsfr/dist/dsfr/dsfr.min.css" not in chemins
    poids = poids_compresse(chemins)
    assert sum(poids.values()) < CIBLE_CSS_JS_KO * 1024, poids


def test_utility_sheet_is_generated_and_up_to_date():
    sortie = subprocess.run([sys.executable, str(settings.BASE_DIR / "scripts" / "dsfr_utilitaires.py"), "--verifier"],
                            capture_output=True, text=True)
    assert sortie.returncode == 0, sortie.stderr
    css = (settings.BASE_DIR / "static" / "css" / "dsfr-utilitaires.css").read_text(encoding="utf-8")
    for icone in ("fr-icon-printer-line", "fr-icon-map-pin-2-line", "fr-icon-filter-line"):
        assert f".{icone}:before" in css
    assert "fr-icon-account-line" not in css and "fr-background-alt--grey" not in css  # unused: left out
    for url in re.findall(r"url\(([^)]+)\)", css):  # every icon it points at exists among the static files
        assert finders.find(url.removeprefix("../")), url


def test_production_serves_compressed_hashed_files(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    production = importlib.import_module("mediation.settings.production")
    assert production.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
