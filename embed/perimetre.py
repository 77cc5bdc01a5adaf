"""The territory an embed is locked to, and the shared filters with that lock forced into every query.

    perimetre = Perimetre((("departement", "49"), ("epci", "244900015")))   # a union of territories
    perimetre.restreindre(Lieu.objects.actifs())      # the lieux inside (the same LieuQuerySet methods as the map)
    filtres = FiltresIntegration(request.GET, perimetre)
    filtres.filtrer(Lieu.objects.actifs())            # the map's filters AND the lock, whatever the query says
    filtres.cle()                                     # cache keys of the aggregations include the lock

A territory selected by the page (drill-down, search) is intersected with the lock: one outside it is refused with a
French message; a lock of one territory is the selection by default, so the embed opens on it.
An empty perimeter means the whole of France (a national embed).
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

from django.contrib.gis.db.models import Extent
from django.db.models import Q

from lieux.filtres import FiltresLieux
from lieux.models import EPCI, Commune, Departement, Region

NIVEAUX = ("region", "departement", "epci", "commune")  # coarse to fine
NOMS = {"region": "région", "departement": "département", "epci": "EPCI", "commune": "commune"}
MODELES = {"region": Region, "departement": Departement, "epci": EPCI, "commune": Commune}
NAVIGABLES = ("region", "departement", "commune")  # the map's drill-down levels (an EPCI is shown by its communes)


def q_communes(niveau: str, codes) -> Q:
    """Communes inside the territories `codes` of `niveau` (a commune includes its municipal arrondissements)."""
    codes = list(codes)
    if niveau == "commune":
        return Q(code__in=codes) | Q(commune_parente_id__in=codes)
    return Q(**{f"{niveau}_id__in": codes})


@dataclass(frozen=True)
class Perimetre:
    territoires: tuple[tuple[str, str], ...] = ()  # (niveau, code), sorted, without duplicates

    @classmethod
    def de(cls, paires) -> Perimetre:
        uniques = {(n, c) for n, c in paires}
        return cls(tuple(sorted(uniques, key=lambda p: (NIVEAUX.index(p[0]), p[1]))))

    @property
    def vide(self) -> bool:
        return not self.territoires

    def par_niveau(self) -> dict[str, list[str]]:
        niveaux: dict[str, list[str]] = {}
        for niveau, code in self.territoires:
            niveaux.setdefault(niveau, []).append(code)
        return niveaux

    def cle(self) -> str:
        return ",".join(f"{n}:{c}" for n, c in self.territoires)

    # --- querysets ---------------------------------------------------------------------------------------------

    def restreindre(self, lieux):
        """`lieux` (a LieuQuerySet) kept to the perimeter: an OR of the map's own `dans_territoires` per level."""
        if self.vide:
            return lieux
        parties = [lieux.dans_territoires(niveau, codes) for niveau, codes in self.par_niveau().items()]
        return functools.reduce(operator.or_, parties)

    def communes(self):
        if self.vide:
            return Commune.objects.all()
        return Commune.objects.filter(functools.reduce(
            operator.or_, (q_communes(n, c) for n, c in self.par_niveau().items())))

    def touche(self, niveau: str, code: str) -> bool:
        """Whether that territory and the perimeter share a commune (inside it, or containing part of it)."""
        if self.vide or (niveau, code) in self.territoires:
            return True
        return self.communes().filter(q_communes(niveau, [code])).exists()

    def regions_touchees(self, codes) -> set[str]:
        """Those of the région `codes` that hold part of the perimeter (one query)."""
        if self.vide:
            return set(codes)
        return set(self.communes().filter(region_id__in=list(codes)).values_list("region_id", flat=True).distinct())

    def contient_communes(self, codes) -> set[str]:
        """Those of the commune `codes` that are inside the perimeter."""
        codes = [c for c in codes if c]
        if not codes:
            return set()
        return set(self.communes().filter(code__in=codes).values_list("code", flat=True))

    def contient_point(self, point) -> bool:
        return self.vide or self.communes().filter(geom__intersects=point).exists()

    # --- description -------------------------------------------------------------------------------------------

    def seul(self) -> tuple[str, str] | None:
        """The one territory of a single-territory perimeter the map can select (not an EPCI), else None."""
        if len(self.territoires) == 1 and self.territoires[0][0] in NAVIGABLES:
            return self.territoires[0]
        return None

    def niveau_racine(self) -> str:
        """The map level that shows the perimeter as a whole: its coarsest territories (an EPCI as communes)."""
        niveaux = {("commune" if n == "epci" else n) for n, _ in self.territoires} or {"region"}
        return next(n for n in ("region", "departement", "commune") if n in niveaux)

    @functools.cached_property
    def objets(self) -> list[tuple[str, object]]:
        """[(niveau, Region | Departement | EPCI | Commune)] in the perimeter's order (one query per level)."""
        trouves = {}
        for niveau, codes in self.par_niveau().items():
            for t in MODELES[niveau].objects.filter(code__in=codes).defer("geom"):
                trouves[(niveau, t.code)] = t
        return [(n, trouves[(n, c)]) for n, c in self.territoires if (n, c) in trouves]

    def nom(self) -> str:
        """« Maine-et-Loire », « Maine-et-Loire et Mayenne », « Angers, Saumur et 3 autres territoires »."""
        noms = [t.nom for _, t in self.objets]
        if not noms:
            return "France"
        if len(noms) <= 3:
            return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]
        reste = len(noms) - 2
        return f"{noms[0]}, {noms[1]} et {reste} autres territoires"

    def emprise(self) -> list[float] | None:
        """[ouest, sud, est, nord] of the whole perimeter (None for France or without geometry)."""
        boites = []
        for niveau, codes in self.par_niveau().items():
            boite = MODELES[niveau].objects.filter(code__in=codes).aggregate(e=Extent("geom"))["e"]
            if boite:
                boites.append(boite)
        if not boites:
            return None
        return [round(min(b[0] for b in boites), 4), round(min(b[1] for b in boites), 4),
                round(max(b[2] for b in boites), 4), round(max(b[3] for b in boites), 4)]


class FiltresIntegration(FiltresLieux):
    """The map's filters (lieux/filtres.py) with the perimeter forced: every queryset, every cache key."""

    def __init__(self, donnees, perimetre: Perimetre, maintenant=None):
        self.perimetre = perimetre
        super().__init__(donnees, maintenant)
        if self.territoire and not perimetre.touche(*self.territoire):
            niveau, code = self.territoire
            self.erreurs.append(f"Ce territoire est en dehors de la carte : {NOMS[niveau]} « {code} ».")
            self.territoire = None
        if self.territoire is None and perimetre.seul():
            self.territoire = perimetre.seul()

    def filtrer(self, queryset, territoire=True, bbox=True):
        return super().filtrer(self.perimetre.restreindre(queryset), territoire=territoire, bbox=bbox)

    def critere_comptes(self, territoire=True, bbox=True):
        """The maintained counts know nothing of a perimeter: they answer for a national embed only."""
        return super().critere_comptes(territoire, bbox) if self.perimetre.vide else None

    def cle(self) -> str:
        return super().cle() + "&perimetre=" + self.perimetre.cle()
