"""The site search (`/recherche/`): one text, four kinds of answers — communes, départements, régions, lieux.

Communes come from the map's search (lieux/recherche.py: trigram, postcodes, former names); territories and lieux
by their unaccented name (PostgreSQL `unaccent`, enabled by the first migration); lieux are the active ones only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from lieux.francais import par_nom
from lieux.models import Departement, Lieu, Region
from lieux.recherche import chercher_communes, normalise_recherche

MAX_LIEUX = 20


@dataclass
class Resultats:
    communes: list = field(default_factory=list)
    territoires: list = field(default_factory=list)
    lieux: list = field(default_factory=list)
    lieux_en_plus: bool = False

    @property
    def nombre(self) -> int:
        return len(self.communes) + len(self.territoires) + len(self.lieux)


def _mots(texte: str) -> list[str]:
    return [m for m in normalise_recherche(texte).split() if len(m) >= 2][:6]


def chercher(texte: str) -> Resultats:
    resultats = Resultats()
    mots = _mots(texte)
    if not mots:
        return resultats
    for c in chercher_communes(texte, limite=8):
        resultats.communes.append({"nom": c["nom"], "detail": c.get("departement_nom") or c.get("contexte", ""),
                                   "lien": reverse("lieux:territoire", args=["commune", c["code"]])})
    for modele, niveau, libelle in ((Region, "region", "Région"), (Departement, "departement", "Département")):
        condition = Q()
        for mot in mots:
            condition &= Q(nom_sans_accent__contains=mot)
        trouves = (modele.objects.annotate(nom_sans_accent=Lower(_unaccent("nom")))
                   .filter(condition | Q(code__iexact=texte.strip())).order_by(par_nom())[:5])
        resultats.territoires += [{"nom": t.nom, "detail": f"{libelle} ({t.code})" if niveau == "departement"
                                   else libelle, "lien": reverse("lieux:territoire", args=[niveau, t.code])}
                                  for t in trouves]
    condition = Q()
    for mot in mots:
        condition &= Q(nom_sans_accent__contains=mot)
    lieux = list(Lieu.objects.actifs().annotate(nom_sans_accent=Lower(_unaccent("nom"))).filter(condition)
                 .order_by(par_nom(), "uid").only("uid", "nom", "commune", "code_postal")[:MAX_LIEUX + 1])
    resultats.lieux_en_plus = len(lieux) > MAX_LIEUX
    resultats.lieux = [{"nom": l.nom, "detail": f"{l.code_postal} {l.commune}".strip(),
                        "lien": reverse("lieux:lieu", args=[l.uid])} for l in lieux[:MAX_LIEUX]]
    return resultats


def _unaccent(champ: str):
    from django.db.models import Func, TextField

    return Func(champ, function="unaccent", output_field=TextField())
