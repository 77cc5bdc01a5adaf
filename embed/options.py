"""The parameters of an embed URL, checked once: /embed/carte/?…, /embed/orientation/?…, /integrer/, the admin.

| parameter | meaning |
|---|---|
| `region`, `departement`, `commune`, `epci` | the territory shown, several allowed (repeated or comma lists): INSEE codes, SIREN for an EPCI |
| `territoire_type` + `territoires` | the national map's form (`regions`/`departements`/`communes`, comma list) |
| `services`, `frais_a_charge`, … `prise_rdv`, `ouvert_actuellement` | filters preselected (lieux/filtres.py names); visitors can change them |
| `titre` | heading of the embed (120 characters at most) |
| `logo` | address of a logo, https only |
| `couleur` | primary colour, hex (`#1f8d49`, `1f8d49`); the text on it is chosen for contrast (contraste.py) |
| `vue` | `carte` (default) or `liste`: what a narrow embed shows first |
| `zoom` + `centre=lat,lon` | initial map view (otherwise the map fits the territory) |
| `liens` | `cadre` (default: lieu pages open inside the embed) or `onglet` (in a new tab, on this site) |

`lire_options(donnees)` returns the options and a dict of French error messages by parameter: an embed with a wrong
parameter is refused (it must never fall back silently to the whole of France), and /integrer/ shows them by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import QueryDict

from embed.contraste import normalise_couleur
from embed.perimetre import MODELES, NIVEAUX, NOMS, Perimetre
from lieux.filtres import OUVERT, PARAMETRES_LISTES, PARAMETRES_OUI, FiltresLieux

FORMATS = {"region": r"\d{2}", "departement": r"\d{2}|2[AB]|97\d", "commune": r"\d{5}|2[AB]\d{3}", "epci": r"\d{9}"}
TYPES_V6 = {"regions": "region", "departements": "departement", "communes": "commune"}
MAX_TERRITOIRES = 300
MAX_TITRE = 120
MAX_LOGO = 500
ZOOM_MIN, ZOOM_MAX = 3, 19
VUES = ("carte", "liste")
LIENS = {"cadre": "Dans le cadre intégré", "onglet": "Dans un nouvel onglet, sur ce site"}
FILTRES = tuple(p.nom for p in (*PARAMETRES_LISTES, *PARAMETRES_OUI, OUVERT)) + ("source",)
PRESENTATION = ("titre", "logo", "couleur", "vue", "zoom", "centre", "liens")
TERRITOIRES = (*NIVEAUX, "territoire_type", "territoires")
CONNUS = frozenset((*TERRITOIRES, *FILTRES, *PRESENTATION))
_logo_valide = URLValidator(schemes=["https"])
_CONTROLE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Presentation:
    """What travels with every page of the embed (in its signed path or its saved configuration)."""

    titre: str = ""
    logo: str = ""
    couleur: str = ""
    liens: str = "cadre"


@dataclass(frozen=True)
class EtatInitial:
    """Where the embed opens; visitors change it (it is the query string of the working pages)."""

    filtres: tuple[tuple[str, str], ...] = ()
    vue: str = "carte"
    zoom: int | None = None
    centre: tuple[float, float] | None = None


@dataclass(frozen=True)
class OptionsIntegration:
    perimetre: Perimetre = field(default_factory=Perimetre)
    presentation: Presentation = field(default_factory=Presentation)
    initial: EtatInitial = field(default_factory=EtatInitial)

    def parametres(self) -> list[tuple[str, str]]:
        """The canonical query string of the entry URL (the snippet), in a readable order."""
        paires = [(n, ",".join(codes)) for n, codes in self.perimetre.par_niveau().items()]
        paires += list(self.initial.filtres)
        p = self.presentation
        paires += [(k, v) for k, v in (("titre", p.titre), ("logo", p.logo), ("couleur", p.couleur)) if v]
        if self.initial.vue != "carte":
            paires.append(("vue", self.initial.vue))
        if self.initial.zoom is not None and self.initial.centre is not None:
            paires += [("zoom", str(self.initial.zoom)), ("centre", "{:.5f},{:.5f}".format(*self.initial.centre))]
        if p.liens != "cadre":
            paires.append(("liens", p.liens))
        return paires


def _valeurs(donnees, nom: str) -> list[str]:
    """Raw values of a parameter, from a QueryDict or a dict of lists / strings."""
    valeurs = donnees.getlist(nom) if hasattr(donnees, "getlist") else donnees.get(nom, [])
    return [str(v) for v in ([valeurs] if isinstance(valeurs, str) else valeurs)]


def _liste(donnees, nom: str) -> list[str]:
    """Repeated keys and comma lists both accepted."""
    return [m.strip() for v in _valeurs(donnees, nom) for m in v.split(",") if m.strip()]


def _un(donnees, nom: str) -> str:
    valeurs = _valeurs(donnees, nom)
    return valeurs[-1].strip() if valeurs else ""


def lire_territoires(donnees, erreurs: dict[str, list[str]]) -> Perimetre:
    """The territories asked, each checked against the geography (one query per level)."""
    demandes: list[tuple[str, str]] = []
    for niveau in NIVEAUX:
        for code in _liste(donnees, niveau):
            code = code.upper()
            if re.fullmatch(FORMATS[niveau], code):
                demandes.append((niveau, code))
            else:
                erreurs.setdefault(niveau, []).append(f"Code de {NOMS[niveau]} invalide : « {code[:20]} ».")
    type_v6 = _un(donnees, "territoire_type")
    if type_v6 or _liste(donnees, "territoires"):
        niveau = TYPES_V6.get(type_v6)
        if niveau is None:
            erreurs.setdefault("territoire_type", []).append(
                "« territoire_type » doit valoir regions, departements ou communes.")
        else:
            for code in _liste(donnees, "territoires"):
                if re.fullmatch(FORMATS[niveau], code.upper()):
                    demandes.append((niveau, code.upper()))
                else:
                    erreurs.setdefault("territoires", []).append(f"Code invalide : « {code[:20]} ».")
    if len(set(demandes)) > MAX_TERRITOIRES:
        erreurs.setdefault("territoires", []).append(f"{MAX_TERRITOIRES} territoires au plus.")
        return Perimetre()
    perimetre = Perimetre.de(demandes)
    for niveau, codes in perimetre.par_niveau().items():
        connus = set(MODELES[niveau].objects.filter(code__in=codes).values_list("code", flat=True))
        for code in codes:
            if code not in connus:
                erreurs.setdefault(niveau, []).append(f"{NOMS[niveau].capitalize()} inconnu(e) : « {code} ».")
    return perimetre


def lire_filtres(donnees, erreurs: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    """The preselected filters, read by the map's own parser (unknown values are errors here)."""
    seuls = QueryDict(mutable=True)
    for nom in FILTRES:
        if valeurs := _valeurs(donnees, nom):
            seuls.setlist(nom, valeurs)
    filtres = FiltresLieux(seuls)
    if filtres.erreurs:
        erreurs.setdefault("filtres", []).extend(filtres.erreurs)
    return tuple(filtres.params())


def lire_presentation(donnees, erreurs: dict[str, list[str]]) -> tuple[Presentation, EtatInitial]:
    titre = " ".join(_CONTROLE.sub(" ", _un(donnees, "titre")).split())
    if len(titre) > MAX_TITRE:
        erreurs.setdefault("titre", []).append(f"Le titre ne doit pas dépasser {MAX_TITRE} caractères.")
        titre = ""
    logo = _un(donnees, "logo")
    if logo:
        try:
            if len(logo) > MAX_LOGO or "@" in logo.split("/")[2]:
                raise ValidationError("trop long ou avec identifiants")
            _logo_valide(logo)
        except (ValidationError, IndexError):
            erreurs.setdefault("logo", []).append(
                "Le logo doit être une adresse https:// complète (ex. https://www.exemple.fr/logo.png).")
            logo = ""
    couleur = ""
    if texte := _un(donnees, "couleur"):
        couleur = normalise_couleur(texte) or ""
        if not couleur:
            erreurs.setdefault("couleur", []).append(
                f"Couleur invalide : « {texte[:20]} » (attendu un code hexadécimal comme #000091).")
    vue = _un(donnees, "vue") or "carte"
    if vue not in VUES:
        erreurs.setdefault("vue", []).append("« vue » doit valoir carte ou liste.")
        vue = "carte"
    liens = _un(donnees, "liens") or "cadre"
    if liens not in LIENS:
        erreurs.setdefault("liens", []).append("« liens » doit valoir cadre ou onglet.")
        liens = "cadre"
    zoom, centre = _lire_vue(donnees, erreurs)
    return Presentation(titre, logo, couleur, liens), EtatInitial((), vue, zoom, centre)


def _lire_vue(donnees, erreurs) -> tuple[int | None, tuple[float, float] | None]:
    texte_zoom, texte_centre = _un(donnees, "zoom"), _un(donnees, "centre")
    if not texte_zoom and not texte_centre:
        return None, None
    zoom = centre = None
    try:
        zoom = int(texte_zoom)
        if not ZOOM_MIN <= zoom <= ZOOM_MAX:
            raise ValueError
    except ValueError:
        erreurs.setdefault("zoom", []).append(f"Le zoom doit être un entier de {ZOOM_MIN} à {ZOOM_MAX}.")
        zoom = None
    try:
        lat, lon = (float(x) for x in texte_centre.split(","))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError
        centre = (lat, lon)
    except ValueError:
        erreurs.setdefault("centre", []).append("Le centre s'écrit « latitude,longitude » (ex. 47.47,-0.55).")
    return (zoom, centre) if zoom is not None and centre is not None else (None, None)


def lire_options(donnees, inconnus_interdits: bool = True) -> tuple[OptionsIntegration, dict[str, list[str]]]:
    """Options of an embed from a QueryDict (or a dict of lists); errors by parameter name, in French."""
    erreurs: dict[str, list[str]] = {}
    if inconnus_interdits:
        for nom in donnees:
            if nom not in CONNUS:
                erreurs.setdefault("parametres", []).append(f"Paramètre inconnu : « {nom[:40]} ».")
    perimetre = lire_territoires(donnees, erreurs)
    filtres = lire_filtres(donnees, erreurs)
    presentation, initial = lire_presentation(donnees, erreurs)
    initial = EtatInitial(filtres, initial.vue, initial.zoom, initial.centre)
    return OptionsIntegration(perimetre, presentation, initial), erreurs


def messages(erreurs: dict[str, list[str]]) -> list[str]:
    return [m for liste in erreurs.values() for m in liste]
