"""The home page in a real headless Chromium (Debian's), served from the test database."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_accueil_dans_chromium(page, serveur, lieux_navigateur):
    page.goto(serveur + "/")
    expect(page).to_have_title(re.compile("médiation numérique"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Trouver un lieu de médiation numérique")
    expect(page.get_by_role("link", name="Orienter une personne").first).to_be_visible()
    expect(page.get_by_role("link", name="Voir la carte")).to_be_visible()
    # counts per région sum to the total shown in the table footer
    cellules = page.locator("#lieux-par-region tbody td.nombre")
    expect(cellules).to_have_count(18)
    total = sum(int(t.replace("\u202f", "")) for t in cellules.all_inner_texts())
    pied = int(page.locator("#lieux-par-region tfoot td").inner_text().replace("\u202f", ""))
    assert total == pied >= len(lieux_navigateur)
    # the first Tab lands on the skip link, which leads to the content
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Contenu")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#contenu$"))  # the jump is asynchronous: wait for it
