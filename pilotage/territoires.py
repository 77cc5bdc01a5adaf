"""The territories of steering: France, région, département, EPCI, commune; their chain of parents, children and
neighbours (polygons touching, same level)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from lieux.models import EPCI, Commune, Departement, Region

NIVEAUX = ("france", "region", "departement", "epci", "commune")
MODELES = {"region": Region, "departement": Departement, "epci": EPCI, "commune": Commune}
LIBELLES = {"france": "France", "region": "région", "departement": "département", "epci": "EPCI",
            "commune": "commune"}
# the column of lieux_commune naming the territory of that level
COLONNE = {"france": None, "region": "region_id", "departement": "departement_id", "epci": "epci_id",
           "commune": "code"}
# the sub-territories of the choropleth and of the table beside it
ENFANTS = {"france": "region", "region": "departement", "departement": "commune", "epci": "commune"}
ACTUELLES = Commune.Type.ACTUELLE


@dataclass(frozen=True)
class Territoire:
    niveau: str
    code: str
    nom: str
    population: int
    objet: object = None  # the lieux model row (None for France)

    @property
    def libelle_niveau(self) -> str:
        return LIBELLES[self.niveau]

    @property
    def titre(self) -> str:
        if self.niveau == "france":
            return "France"
        return f"{self.nom} ({self.libelle_niveau} {self.code})"

    def condition_communes(self, alias: str = "c") -> tuple[str, list]:
        """SQL on lieux_commune `alias`: the communes of this territory (communes actuelles)."""
        base = f"{alias}.type = 'commune-actuelle'"
        if self.niveau == "france":
            return base, []
        return f"{base} AND {alias}.{COLONNE[self.niveau]} = %s", [self.code]


def france() -> Territoire:
    population = Region.objects.aggregate(p=Sum("population"))["p"] or 0  # 18 rows: metropolitan France and DROM
    return Territoire("france", "", "France", population)


def trouver(niveau: str, code: str = "") -> Territoire | None:
    if niveau == "france":
        return france()
    modele = MODELES.get(niveau)
    objet = modele.objects.filter(code=code.upper()).first() if modele else None
    if objet is None or (niveau == "commune" and objet.type != ACTUELLES):
        return None
    return Territoire(niveau, objet.code, objet.nom, objet.population, objet)


def de_objet(niveau: str, objet) -> Territoire:
    return Territoire(niveau, objet.code, objet.nom, objet.population, objet)


def parents(t: Territoire) -> list[Territoire]:
    """France first, then région → département → EPCI above `t` (the breadcrumb)."""
    chaine = [france()] if t.niveau != "france" else []
    o = t.objet
    if t.niveau == "departement":
        chaine.append(de_objet("region", o.region))
    elif t.niveau == "epci":
        commune = Commune.objects.filter(epci=o, type=ACTUELLES).select_related("region", "departement").first()
        if commune and commune.region:
            chaine += [de_objet("region", commune.region), de_objet("departement", commune.departement)]
    elif t.niveau == "commune":
        if o.region_id:
            chaine.append(de_objet("region", o.region))
        if o.departement_id:
            chaine.append(de_objet("departement", o.departement))
        if o.epci_id:
            chaine.append(de_objet("epci", o.epci))
    return chaine


def parent(t: Territoire) -> Territoire | None:
    """The direct parent for the comparison: France ← région ← département ← EPCI (or département) ← commune."""
    chaine = parents(t)
    if t.niveau == "epci":
        chaine = [p for p in chaine if p.niveau != "departement"] or chaine
    return chaine[-1] if chaine else None


def voisins(t: Territoire) -> list[Territoire]:
    """Territories of the same level whose polygon touches this one's (shared borders are exact in our simplified
    polygons, so ST_Intersects on the GiST index finds them)."""
    if t.niveau == "france" or t.objet is None or t.objet.geom is None:
        return []
    modele = MODELES[t.niveau]
    qs = modele.objects.filter(geom__intersects=t.objet.geom).exclude(code=t.code).defer("geom")
    if t.niveau == "commune":
        qs = qs.filter(type=ACTUELLES)
    return [de_objet(t.niveau, o) for o in qs.order_by("nom")]


def enfants(t: Territoire) -> list[Territoire]:
    niveau = ENFANTS.get(t.niveau)
    if niveau is None:
        return []
    modele = MODELES[niveau]
    if t.niveau == "france":
        qs = modele.objects.all()
    elif niveau == "commune":
        qs = Commune.objects.filter(type=ACTUELLES, **{COLONNE[t.niveau]: t.code})
    else:
        qs = modele.objects.filter(**{COLONNE[t.niveau]: t.code})
    return [de_objet(niveau, o) for o in qs.defer("geom").order_by("nom")]


def epci_du_departement(t: Territoire) -> list[Territoire]:
    """The EPCI having at least one commune in département `t` (links of the département's page)."""
    qs = EPCI.objects.filter(communes__departement_id=t.code).distinct().defer("geom").order_by("nom")
    return [de_objet("epci", o) for o in qs]
