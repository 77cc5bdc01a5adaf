"""The whole orientation in the URL: read once from GET, written back as a canonical query string.

The filters shared with the map (services, publics, prise en charge, the point and its radius, and any other map
filter handed over) are read by `lieux.filtres.FiltresLieux`, with the map's names, so « Voir sur la carte » keeps
them. The orientation adds:

| parameter | meaning |
|---|---|
| `adresse` | label of the searched point (address, commune) |
| `ouvert_actuellement=true` | « Ouvert maintenant », OR'ed with the slots |
| `creneau` | a slot, repeated: `lu-14:00-16:00`, `sa`, `tous`, `tous-09:00-12:00` (orientation/creneaux.py) |
| `horaires_connus=true` | leave out lieux whose hours are not known |

The order of `params()` is the order of the path, so its last chip is « le dernier filtre ».
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.gis.geos import Point
from django.http import QueryDict

from lieux import parametres
from lieux.filtres import FiltresLieux
from lieux.francais import de
from lieux.parametres import POINT, VRAI, Puce, puces
from orientation.creneaux import Creneau, lire_creneau, lire_horaires_ouverture

RAYON_DEFAUT_KM = 30
RAYONS_KM = tuple(range(5, 101, 5))
OUVERT = parametres.OUVERT.nom
# `horaires_inconnus` is the map's name for the path's default (lieux with unknown hours are kept): read, not kept;
# `horaires_ouverture` is the older form of the slots (orientation/creneaux.py), read, written as `creneau`
PROPRES = (parametres.ADRESSE.nom, OUVERT, *(p.nom for p in parametres.DISPONIBILITE), "horaires_ouverture")
# the shared filters the path asks, in its order; others handed over by the map follow them
ORDRE_PARTAGES = ("services", "latitude", "longitude", "distance", "prise_en_charge_specifique",
                  "publics_specifiquement_adresses")


@dataclass
class Orientation:
    filtres: FiltresLieux
    adresse: str = ""
    maintenant: bool = False
    creneaux: list[Creneau] = field(default_factory=list)
    horaires_connus: bool = False
    erreurs: list[str] = field(default_factory=list)
    # the lieux the search is kept to (a Lieu queryset), for embeds locked to a territory (embed); None: all
    lieux_permis: object = None

    # --- reading -------------------------------------------------------------------------------------------------

    @classmethod
    def lire(cls, get) -> Orientation:
        partages = QueryDict(mutable=True)
        for nom, valeurs in get.lists():
            if nom not in PROPRES:
                partages.setlist(nom, valeurs)
        orientation = cls(FiltresLieux(partages))
        orientation.erreurs = list(orientation.filtres.erreurs)
        orientation.adresse = " ".join(get.get("adresse", "").split())[:200]
        orientation.maintenant = get.get(OUVERT, "").lower() in VRAI
        creneaux = []
        for texte in get.getlist("creneau"):
            try:
                creneaux.append(lire_creneau(texte))
            except ValueError as exc:
                orientation.erreurs.append(str(exc))
        if get.get("horaires_ouverture"):
            anciens, maintenant = lire_horaires_ouverture(get["horaires_ouverture"])
            creneaux += anciens
            orientation.maintenant = orientation.maintenant or maintenant
        orientation.creneaux = list(dict.fromkeys(creneaux))
        orientation.horaires_connus = get.get("horaires_connus", "").lower() in VRAI
        if orientation.point is not None and not orientation.filtres.rayon_km:
            orientation.filtres.rayon_km = RAYON_DEFAUT_KM
        return orientation

    # --- reading helpers -----------------------------------------------------------------------------------------

    @property
    def services(self) -> list[str]:
        return self.filtres.listes.get("services", [])

    @property
    def prises_en_charge(self) -> list[str]:
        return self.filtres.listes.get("prise_en_charge_specifique", [])

    @property
    def publics(self) -> list[str]:
        return self.filtres.listes.get("publics_specifiquement_adresses", [])

    @property
    def point(self) -> Point | None:
        return self.filtres.point

    @property
    def rayon_km(self) -> float | None:
        return self.filtres.rayon_km if self.point is not None else None

    @property
    def disponibilite(self) -> bool:
        return self.maintenant or bool(self.creneaux)

    @property
    def vide(self) -> bool:
        return not self.params()

    # --- writing -------------------------------------------------------------------------------------------------

    def _partages(self) -> list[tuple[str, str]]:
        paires = self.filtres.params()
        rang = {nom: i for i, nom in enumerate(ORDRE_PARTAGES)}
        return sorted(paires, key=lambda p: rang.get(p[0], len(rang)))  # stable: values keep their order

    def params(self) -> list[tuple[str, str]]:
        """Canonical (name, value) pairs, in the order of the path."""
        paires = []
        for nom, valeur in self._partages():
            if nom == "latitude" and self.adresse:
                paires.append(("adresse", self.adresse))
            paires.append((nom, valeur))
        if self.maintenant:
            paires.append((OUVERT, "true"))
        paires += [("creneau", c.texte()) for c in self.creneaux]
        if self.horaires_connus:
            paires.append(("horaires_connus", "true"))
        return paires

    def query(self, sans: set[str] | None = None) -> str:
        sans = sans or set()
        return urlencode([p for p in self.params() if p[0] not in sans])

    def params_carte(self) -> list[tuple[str, str]]:
        """Every criterion, in the map's terms (lieux/filtres.py reads them all, so the map finds the same lieux):
        the path keeps the lieux whose hours are unknown unless told otherwise, the map needs it said."""
        paires = self.params()
        if self.disponibilite and not self.horaires_connus:
            paires.append(("horaires_inconnus", "true"))
        return paires

    # --- chips -----------------------------------------------------------------------------------------------------

    def puces(self) -> list[Puce]:
        """One removable chip per chosen filter (the location, with its address, is one chip), in the order of the
        path; the labels are those declared with the parameters (lieux/parametres.py)."""
        lieu = f" {de(self.adresse)}" if self.adresse else ""
        return puces(self.params(), libelle_point=f"À moins de {self.rayon_km or 0:g} km{lieu}",
                     point=("adresse", *POINT))

    def sans_dernier_filtre(self) -> str | None:
        puces = self.puces()
        return puces[-1].sans if puces else None
