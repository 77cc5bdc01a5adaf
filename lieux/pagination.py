"""One way to cut a list into pages for the pages of the site (map panel, territory pages, orientation results):
the `page` parameter read and bounded, one row more than the page fetched to know whether a next page exists (no
COUNT), the previous / next links keeping the other parameters. The API's DRF pagination (lieux/api/viewsets.py)
reads the same declaration (lieux/parametres.py: PAGE, PAGE_MAX, TAILLE_PAGE…).

    numero = numero_de_page(request.GET, maximum=1000)
    page = decouper(lieux.par_distance(point), numero, PAR_PAGE)
    page.elements, page.premier_rang, page.liens(autres_parametres)
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from lieux.parametres import PAGE, PAGE_MAX


def numero_de_page(get, maximum: int = PAGE_MAX) -> int:
    """The page asked (1 when absent or unreadable), at most `maximum`: a 20-digit page overflowed the SQL offset
    (a 500) once, and deep offsets of a sorted list cost more than any person reads."""
    try:
        return max(1, min(maximum, int(get.get(PAGE.nom, 1))))
    except (ValueError, TypeError):
        return 1


@dataclass(frozen=True)
class Page:
    numero: int
    par_page: int
    elements: list
    suivante: bool  # a next page exists

    @property
    def premier_rang(self) -> int:
        return (self.numero - 1) * self.par_page + 1

    def liens(self, paires: list[tuple[str, str]], chemin: str = "") -> dict[str, str | None]:
        """`page_precedente` / `page_suivante`: `chemin` + the query `paires` (without `page`) and the page."""
        paires = [p for p in paires if p[0] != PAGE.nom]

        def lien(numero):
            return f"{chemin}?{urlencode(paires + [(PAGE.nom, numero)])}"

        return {"page_precedente": lien(self.numero - 1) if self.numero > 1 else None,
                "page_suivante": lien(self.numero + 1) if self.suivante else None}


def decouper(elements, numero: int, par_page: int) -> Page:
    """Page `numero` of `elements` (a sliceable queryset or list), read with one row more than the page."""
    debut = (numero - 1) * par_page
    tranche = list(elements[debut:debut + par_page + 1])
    return Page(numero, par_page, tranche[:par_page], len(tranche) > par_page)
