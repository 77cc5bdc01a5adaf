"""The map's search box in a real Chromium finds a lieu by its name (accents ignored) and opens its page."""

import re

import pytest
from django.core.cache import cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
HORS_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")


def test_la_recherche_de_la_carte_trouve_un_lieu_par_son_nom(page, serveur, lieux_navigateur):
    cache.clear()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.route(HORS_SERVEUR, lambda route: route.abort())
    dialogues = []
    page.on("dialog", lambda d: (dialogues.append(d.message), d.dismiss()))
    lieu = next(l for l in lieux_navigateur if l.nom == "Médiathèque Toussaint")
    page.goto(f"{serveur}/carte/")
    page.wait_for_function("() => document.body.dataset.cartePrete === '1'")
    page.fill("#recherche-q", "")
    page.click("#recherche-q")
    page.keyboard.type("mediatheque tous")  # no accent typed
    option = page.wait_for_selector("#recherche-suggestions li:has-text('Médiathèque Toussaint')")
    assert option.inner_text() == "Médiathèque Toussaint — lieu, Angers (49000)"
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        if "Médiathèque Toussaint" in page.inner_text("#recherche-suggestions [aria-selected='true']"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/lieux/{lieu.uid}/")
    assert "Médiathèque Toussaint" in page.inner_text("h1")
    # a name that would be HTML is shown as text, never run
    page.goto(f"{serveur}/carte/")
    page.wait_for_function("() => document.body.dataset.cartePrete === '1'")
    page.fill("#recherche-q", "img src")
    page.wait_for_selector("#recherche-suggestions li:has-text('<img src=x')")
    assert page.locator("#recherche-suggestions img").count() == 0 and dialogues == []
