"""One parsing of the GET filter parameters of the map, the lists, the API and the orientation path.

    filtres = FiltresLieux(request.GET)
    lieux = filtres.filtrer(Lieu.objects.actifs())      # chainable LieuQuerySet
    filtres.selection(bbox=False)                       # for the map's counts (lieux/selection.py)
    filtres.erreurs                                     # French messages for the values that were ignored
    filtres.puces()                                     # removable chips: (libellé, URL without that value)

Parameter names follow the national map (Angular and v6 generations, see shared/reference/client.md), so its
shared URLs keep working here. Multi-valued parameters accept repeated keys (`services=A&services=B`, Angular) and
comma lists (`services=A,B`, v6); values are OR'ed within a parameter, parameters are AND'ed.

| parameter | meaning |
|---|---|
| `services`, `publics_specifiquement_adresses`, `prise_en_charge_specifique`, `frais_a_charge`, `itinerance`, `dispositif_programmes_nationaux`, `formations_labels`, `autres_formations_labels`, `modalites_acces`, `modalites_accompagnement` | values of the standard (one of them at least) |
| `prise_rdv=true` | online booking (a `prise_rdv` link or the access mode « Prendre un RDV en ligne ») |
| `fiche_acces_libre=true` | has an Accès libre sheet |
| `ouvert_actuellement=true` or an ISO instant | open at that instant (rounded down to the quarter hour) |
| `creneau` | open during a slot of a typical week, repeated (OR'ed with each other and with `ouvert_actuellement`): `lu-14:00-16:00`, `sa`, `tous-09:00-12:00` (lieux/creneaux.py) |
| `horaires_inconnus=true` | with `ouvert_actuellement`/`creneau`: keep the lieux whose hours are not known (the orientation's default) |
| `horaires_connus=true` | only the lieux whose hours are known |
| `region`, `departement`, `commune` | one territory by its INSEE code (a commune includes its arrondissements) |
| `territoire_type` + `territoires` | v6 form: `regions`/`departements`/`communes` and a comma list of codes |
| `bbox=ouest,sud,est,nord` | WGS84 box (degrees) |
| `near=lat,lon` + `radius` (km) | within `radius` km of the point; the point also orders lists by distance |
| `latitude`, `longitude` (+ `distance` in metres) | Angular form of the same; without `distance` the point only orders by distance |
| `source` | one data producer |
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

from django.contrib.gis.geos import Point
from django.utils import timezone

from lieux import standard
from lieux.creneaux import lire_creneaux
from lieux.critere_comptes import CritereComptes
from lieux.projections import masque
from lieux.selection import Selection

from lieux.parametres import (  # noqa: F401 (re-exported: the parser's vocabulary)
    DISPONIBILITE,
    GEO,
    NOMS,
    OUVERT,
    PARAMETRES,
    PARAMETRES_LISTES,
    PARAMETRES_OUI,
    PARIS,
    RAYON_DEFAUT_KM,
    RAYON_MAX_KM,
    SOURCE,
    TERRITOIRES,
    VRAI,
    Parametre,
    Puce,
    puces,
)

BITS_OUI = {"prise_rdv": masque.RDV_EN_LIGNE, "fiche_acces_libre": masque.ACCES_LIBRE}
NIVEAUX = ("region", "departement", "commune")
_TYPES_V6 = {"regions": "region", "departements": "departement", "communes": "commune"}
_CODE = re.compile(r"^[0-9AB]{2,5}$", re.IGNORECASE)


def trouver_territoire(niveau: str, code: str):
    """The Region, Departement or Commune with that INSEE code, or None."""
    from lieux.models import Commune, Departement, Region

    modele = {"region": Region, "departement": Departement, "commune": Commune}.get(niveau)
    return modele.objects.filter(code=code).first() if modele else None


def disponibles(queryset, instant: dt.datetime | None, creneaux, inconnus: bool):
    """Open at `instant` OR during one of `creneaux` (lieux.projections.ouvertures: the orientation's same query)."""
    from lieux.projections.ouvertures import disponibles as fonction

    return fonction(queryset, maintenant=instant, creneaux=[c.pour_sql() for c in creneaux], inconnus=inconnus)


def horaires_renseignes(queryset):
    from lieux.projections.ouvertures import Ouverture

    return queryset.filter(ouverture__etat=Ouverture.Etat.RENSEIGNES)


def _decoupe(valeurs: list[str]) -> list[str]:
    """Repeated keys and comma lists both accepted; blanks dropped; order kept, duplicates removed."""
    vues: dict[str, None] = {}
    for v in valeurs:
        for morceau in v.split(","):
            morceau = morceau.strip()
            if morceau:
                vues[morceau] = None
    return list(vues)


def _nombres(texte: str, n: int) -> list[float] | None:
    try:
        nombres = [float(x) for x in texte.split(",")]
    except ValueError:
        return None
    return nombres if len(nombres) == n and all(abs(x) < 1000 for x in nombres) else None


class FiltresLieux:
    """The filters read from a QueryDict (or a plain dict of lists/strings); see the module docstring."""

    def __init__(self, donnees, maintenant: dt.datetime | None = None):
        self._brut = donnees
        self.erreurs: list[str] = []
        self.listes: dict[str, list[str]] = {}
        self.oui: dict[str, bool] = {}
        self.ouvert_a: dt.datetime | None = None
        self.creneaux: list = []  # lieux.creneaux.Creneau, OR'ed with `ouvert_a`
        self.horaires_inconnus = False  # with an availability filter: keep the lieux whose hours are unknown
        self.horaires_connus = False
        self.territoire: tuple[str, str] | None = None  # (niveau, code)
        self.territoires: tuple[str, list[str]] | None = None  # v6 (niveau, codes)
        self.bbox: tuple[float, float, float, float] | None = None
        self.point: Point | None = None
        self.rayon_km: float | None = None
        self.source = ""
        self._lire(maintenant or timezone.now())

    # --- reading -------------------------------------------------------------------------------------------------

    def _get(self, nom: str) -> str:
        valeurs = self._getlist(nom)
        return valeurs[-1].strip() if valeurs else ""

    def _getlist(self, nom: str) -> list[str]:
        if hasattr(self._brut, "getlist"):
            valeurs = self._brut.getlist(nom)
        else:
            v = self._brut.get(nom, [])
            valeurs = list(v) if isinstance(v, list | tuple) else [v]
        return [self._sans_nul(nom, str(v or "")) for v in valeurs]

    def _sans_nul(self, nom: str, valeur: str) -> str:
        """PostgreSQL refuses NUL characters in text (a 500 once): refused here, with a message."""
        if "\x00" in valeur:
            self.erreurs.append(f"Caractère invalide dans « {nom} ».")
            return valeur.replace("\x00", "")
        return valeur

    def _lire(self, maintenant):
        for p in PARAMETRES_LISTES:
            valeurs = []
            for v in _decoupe(self._getlist(p.nom)):
                canonique = standard.valeur_canonique(p.nom, v)
                if canonique is None:
                    self.erreurs.append(f"Valeur inconnue pour « {p.libelle} » : « {v} ».")
                elif canonique not in valeurs:
                    valeurs.append(canonique)
            if valeurs:
                self.listes[p.nom] = valeurs
        for p in PARAMETRES_OUI:
            if self._get(p.nom).lower() in VRAI:
                self.oui[p.nom] = True
        self._lire_ouverture(maintenant)
        self.creneaux, erreurs = lire_creneaux(self._getlist("creneau"))
        self.erreurs += erreurs
        self.horaires_inconnus = self._get("horaires_inconnus").lower() in VRAI
        self.horaires_connus = self._get("horaires_connus").lower() in VRAI
        self._lire_territoire()
        self._lire_geo()
        self.source = self._get("source")[:100]

    def _lire_ouverture(self, maintenant):
        texte = self._get(OUVERT.nom)
        if not texte or texte.lower() in {"false", "0", "non"}:
            return
        if texte.lower() in VRAI:
            instant = maintenant
        else:
            texte = re.sub(r" (\d\d:?\d\d)$", r"+\1", texte)  # an unencoded « + » of the offset read as a space
            try:
                instant = dt.datetime.fromisoformat(texte)
            except ValueError:
                self.erreurs.append(f"Instant d'ouverture illisible : « {texte} ».")
                return
            if timezone.is_naive(instant):
                instant = instant.replace(tzinfo=PARIS)
            if not 2000 <= instant.year <= 2100:  # 0001-01-01 or 9999-12-31+14:00 overflowed once converted
                self.erreurs.append(f"Instant d'ouverture hors des dates possibles : « {texte} ».")
                return
        # rounded down to the quarter hour, as the national map does, so that answers can be cached
        self.ouvert_a = instant.replace(minute=instant.minute - instant.minute % 15, second=0, microsecond=0)

    def _lire_territoire(self):
        for niveau in NIVEAUX:
            code = self._get(niveau).upper()
            if code:
                if _CODE.match(code):
                    self.territoire = (niveau, code)
                else:
                    self.erreurs.append(f"Code de {niveau} invalide : « {code} ».")
        type_v6 = self._get("territoire_type")
        if type_v6:
            codes = [c.upper() for c in _decoupe(self._getlist("territoires")) if _CODE.match(c)]
            if type_v6 in _TYPES_V6 and codes:
                self.territoires = (_TYPES_V6[type_v6], codes)
            else:
                self.erreurs.append("Paramètres « territoire_type » / « territoires » incomplets.")

    def _lire_geo(self):
        if texte := self._get("bbox"):
            b = _nombres(texte, 4)
            if b and b[0] < b[2] and b[1] < b[3] and -90 <= b[1] and b[3] <= 90:
                self.bbox = (max(b[0], -180.0), b[1], min(b[2], 180.0), b[3])
            else:
                self.erreurs.append("Emprise « bbox » invalide : attendu ouest,sud,est,nord.")
        if texte := self._get("near"):
            p = _nombres(texte, 2)
            if p and abs(p[0]) <= 90 and abs(p[1]) <= 180:
                self.point = Point(p[1], p[0], srid=4326)
                self.rayon_km = self._rayon(self._get("radius"), 1.0, RAYON_DEFAUT_KM)
            else:
                self.erreurs.append("Point « near » invalide : attendu lat,lon.")
        elif self._get("latitude") and self._get("longitude"):
            p = _nombres(f"{self._get('latitude')},{self._get('longitude')}", 2)
            if p and abs(p[0]) <= 90 and abs(p[1]) <= 180:
                self.point = Point(p[1], p[0], srid=4326)
                if self._get("distance"):
                    self.rayon_km = self._rayon(self._get("distance"), 1000.0, None)
            else:
                self.erreurs.append("Latitude ou longitude invalide.")

    def _rayon(self, texte, diviseur, defaut):
        if not texte:
            return defaut
        try:
            km = float(texte) / diviseur
        except ValueError:
            self.erreurs.append(f"Rayon illisible : « {texte} » (rayon par défaut utilisé).")
            return defaut
        if not 0 < km <= RAYON_MAX_KM:
            self.erreurs.append(f"Le rayon doit être compris entre 0 et {RAYON_MAX_KM} km.")
            km = min(max(km, 0.1), RAYON_MAX_KM)
        return km

    # --- applying ------------------------------------------------------------------------------------------------

    def filtrer(self, queryset, territoire=True, bbox=True):
        """`queryset` (a LieuQuerySet) narrowed by every parameter read; `territoire`/`bbox` False skip those."""
        for nom, valeurs in self.listes.items():
            queryset = queryset.ayant_un_de(nom, valeurs)
        if self.oui.get("prise_rdv"):
            queryset = queryset.avec_rdv_en_ligne()
        if self.oui.get("fiche_acces_libre"):
            queryset = queryset.avec_fiche_acces_libre()
        if self.source:
            queryset = queryset.filter(source=self.source)
        if self.disponibilite:
            queryset = disponibles(queryset, self.ouvert_a, self.creneaux,
                                   inconnus=self.horaires_inconnus and not self.horaires_connus)
        elif self.horaires_connus:
            queryset = horaires_renseignes(queryset)
        if territoire:
            if self.territoire:
                queryset = queryset.dans_territoire(*self.territoire)
            if self.territoires:
                queryset = queryset.dans_territoires(*self.territoires)
        if bbox and self.bbox:
            queryset = queryset.dans_bbox(*self.bbox)
        if self.point is not None and self.rayon_km:
            queryset = queryset.a_moins_de(self.point, self.rayon_km)
        return queryset

    def selection(self, territoire=True, bbox=True) -> Selection:
        """The active, located lieux as filtered, with the criterion the maintained counts can answer (or None):
        what lieux.agregation counts. A subclass whose `filtrer` narrows the population further (the embed's
        perimeter) is counted live unless it also says, in `critere_comptes`, what the counts can answer for it."""
        from lieux.models import Lieu

        lieux = self.filtrer(Lieu.objects.actifs().localises(), territoire=territoire, bbox=bbox)
        classe = type(self)
        comptes_fiables = (classe.filtrer is FiltresLieux.filtrer
                           or classe.critere_comptes is not FiltresLieux.critere_comptes)
        return Selection(lieux, self.critere_comptes(territoire, bbox) if comptes_fiables else None)

    def critere_comptes(self, territoire=True, bbox=True) -> CritereComptes | None:
        """These filters as masks and territory bounds, or None when one of them is not a bit of `masque_carte` or
        a région / département (source, « ouvert maintenant », free-text labels, point, box, commune)."""
        if self.source or self.disponibilite or self.horaires_connus or (self.point is not None and self.rayon_km):
            return None
        if (bbox and self.bbox) or any(nom not in masque.CHAMPS_MASQUE for nom in self.listes):
            return None
        masques = [masque.bits_de(nom, valeurs) for nom, valeurs in self.listes.items()]
        masques += [BITS_OUI[nom] for nom in self.oui]
        bornes: dict[str, set[str]] = {}
        if territoire:
            choisis = [(self.territoire[0], [self.territoire[1]])] if self.territoire else []
            for niveau, codes in choisis + ([self.territoires] if self.territoires else []):
                if niveau == "commune":
                    return None
                # both filters apply (AND): two of the same level keep their common codes
                bornes[niveau] = bornes[niveau] & set(codes) if niveau in bornes else set(codes)
        return CritereComptes(tuple(masques),
                              **{niveau + "s": tuple(sorted(codes)) for niveau, codes in bornes.items()})

    def territoire_selectionne(self):
        """The selected Region/Departement/Commune object (None when none or unknown; see `territoire_inconnu`)."""
        if not hasattr(self, "_territoire_objet"):
            self._territoire_objet = trouver_territoire(*self.territoire) if self.territoire else None
        return self._territoire_objet

    @property
    def territoire_inconnu(self) -> bool:
        return self.territoire is not None and self.territoire_selectionne() is None

    # --- describing ----------------------------------------------------------------------------------------------

    @property
    def disponibilite(self) -> bool:
        """« Ouvert maintenant » or a slot is asked."""
        return self.ouvert_a is not None or bool(self.creneaux)

    @property
    def actifs(self) -> bool:
        """True when a filter on the lieux themselves is set (territory and map view left aside)."""
        return bool(self.listes or self.oui or self.disponibilite or self.horaires_connus or self.source
                    or self.rayon_km)

    def params(self) -> list[tuple[str, str]]:
        """The filters as canonical (name, value) pairs, repeated keys: for links and cache keys."""
        paires = [(nom, v) for nom, valeurs in self.listes.items() for v in valeurs]
        paires += [(nom, "true") for nom in self.oui]
        if self.ouvert_a is not None:
            paires.append((OUVERT.nom, "true" if self._get(OUVERT.nom).lower() in VRAI else self.ouvert_a.isoformat()))
        paires += [("creneau", c.texte()) for c in self.creneaux]
        if self.horaires_inconnus and self.disponibilite and not self.horaires_connus:
            paires.append(("horaires_inconnus", "true"))
        if self.horaires_connus:
            paires.append(("horaires_connus", "true"))
        if self.source:
            paires.append(("source", self.source))
        if self.point is not None and self.rayon_km:
            paires += [("latitude", f"{self.point.y:.6f}"), ("longitude", f"{self.point.x:.6f}"),
                       ("distance", f"{self.rayon_km * 1000:.0f}")]
        return paires

    def puces(self, autres: list[tuple[str, str]] | None = None) -> list[Puce]:
        """One removable chip per active value: label and the query string without it (`autres` kept as is)."""
        return puces(self.params(), libelle_point=f"Moins de {self.rayon_km or 0:g} km", autres=autres)

    def cle(self) -> str:
        """A canonical text of everything read (filters, territory, box, point), for cache keys."""
        morceaux = [urlencode(sorted(self.params()))]
        if self.ouvert_a is not None:  # « true » means now: the key follows the quarter hour
            morceaux.append("o=" + self.ouvert_a.isoformat())
        if self.territoire:
            morceaux.append("t=" + ":".join(self.territoire))
        if self.territoires:
            morceaux.append("ts=" + self.territoires[0] + ":" + ",".join(sorted(self.territoires[1])))
        if self.bbox:
            morceaux.append("b=" + ",".join(f"{x:.4f}" for x in self.bbox))
        if self.point is not None:
            morceaux.append(f"p={self.point.y:.5f},{self.point.x:.5f}")
        return "&".join(morceaux)
