"""Column mapping: which column of a file is which field of the standard, and which version of the standard it is.

Column names are matched case- and accent-insensitively (« Code Postal » = `code_postal`). v0.1.x files are told
from v1.x ones by their columns (`courriel`, `publics_accueillis`, `conditions_acces`, `labels_nationaux`,
`accessibilite`, `cle_ban`); renamed v0 columns go to their v1 field, the two v0 columns split in v1
(`publics_accueillis`, `labels_nationaux`) keep their name and are converted value by value (see `anciennes_versions`).
Unknown columns stay in the raw record only; a file none of whose columns is recognised gets the version
« inconnu » (shown as « format inconnu : aucune colonne du standard reconnue »), never a version of the standard. An explicit mapping (column → field) can be given for a non-standard
file: that is where per-source mappings will plug in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lieux import standard

from . import anciennes_versions
from .lecteurs.base import cle_colonne

V0 = "0.1"
V1 = "1.x"
INCONNU = "inconnu"  # no column of the standard recognised: not labelled as a version of it
PROFIL = "profil"  # a non-standard file read through a mapping profile (imports/correspondance)
LIBELLES_VERSION = {V0: "standard 0.1", V1: "standard 1.x", INCONNU: "format inconnu : aucune colonne du standard reconnue",
                    PROFIL: "fichier non standard lu avec un profil de correspondance"}
MARQUEURS_V0 = ("courriel", "publics_accueillis", "conditions_acces", "labels_nationaux", "accessibilite", "cle_ban")
MARQUEURS_V1 = (
    "courriels", "frais_a_charge", "publics_specifiquement_adresses", "prise_en_charge_specifique",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "itinerance", "fiche_acces_libre",
)
# v0 columns converted value by value into several v1 fields
COLONNES_ANCIENNES = ("publics_accueillis", "labels_nationaux")
IGNOREES = ("cle_ban",)  # removed from the standard: kept in the raw record only
# columns whose absence blocks the import; pivot and date_maj have a documented default (unknown SIRET, import date)
BLOQUANTES = ("id", "nom", "commune", "code_postal", "adresse")


def _cibles() -> dict[str, str]:
    """Comparison key of a column name → the field it feeds."""
    cibles = {cle_colonne(nom): nom for nom in standard.COLONNES}
    for ancien, nouveau in anciennes_versions.RENOMMAGES.items():
        cibles[cle_colonne(ancien)] = nouveau
    for nom in (*COLONNES_ANCIENNES, *IGNOREES):
        cibles[cle_colonne(nom)] = nom
    cibles.setdefault("lat", "latitude")
    cibles.setdefault("lon", "longitude")
    cibles.setdefault("lng", "longitude")
    return cibles


CIBLES = _cibles()
CIBLES_CONNUES = set(CIBLES.values())


@dataclass
class Correspondance:
    version: str
    colonnes: dict[str, str]  # file column → field (standard name, or a v0 column converted later)
    manquantes: list[str] = field(default_factory=list)  # required fields no column feeds
    inconnues: list[str] = field(default_factory=list)  # kept in the raw record only
    doublons: dict[str, str] = field(default_factory=dict)  # column ignored because another feeds the same field
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # missing field → file columns that look close
    explicite: dict[str, str] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)
    _plans: dict = field(default_factory=dict, repr=False)  # record keys → ((column, field), …)

    @property
    def bloquantes(self) -> list[str]:
        return [c for c in self.manquantes if c in BLOQUANTES]

    def cible(self, colonne: str) -> str | None:
        """The field a column feeds, also for keys first seen in later JSON records."""
        if colonne in self.colonnes:
            return self.colonnes[colonne]
        if colonne not in self._cache:
            cible = self.explicite.get(colonne) or CIBLES.get(cle_colonne(colonne))
            self._cache[colonne] = cible if cible not in self.colonnes.values() else None
        return self._cache[colonne]

    def applique(self, brut: dict) -> dict:
        """The record's values under the names of the fields they feed (unknown columns left out)."""
        cles = tuple(brut)
        plan = self._plans.get(cles)
        if plan is None:  # worked out once per set of keys (once for a CSV file)
            vues: dict[str, str] = {}
            for colonne in cles:
                cible = self.cible(colonne)
                if cible and cible not in vues:
                    vues[cible] = colonne
            plan = tuple((colonne, cible) for cible, colonne in vues.items())
            if len(self._plans) < 256:  # JSON records may each have other keys: memory stays bounded
                self._plans[cles] = plan
        return {cible: brut[colonne] for colonne, cible in plan}

    def entree(self, brut: dict) -> tuple[dict, tuple]:
        """What `validation.normalise_ligne` takes: the values by field, and no fill (the standard path fills nothing
        here; see `CorrespondanceProfil` for files read with a profile)."""
        return self.applique(brut), ()

    def message_bloquant(self) -> str:
        manquantes = ", ".join(self.manquantes)
        inconnu = " Format inconnu : aucune colonne du standard reconnue." if self.version == INCONNU else ""
        texte = (
            f"Colonnes obligatoires absentes : {manquantes}.{inconnu} Ce fichier ne suit pas le standard des lieux de "
            f"médiation numérique (v{standard.VERSION} ou v0.1) : aucune ligne n'a été importée. "
            "Renommez les colonnes selon le standard, ou importez-le avec une correspondance : "
            "« import_lieux FICHIER --source S --correspondance auto » ou l'assistant de correspondance de l'admin."
        )
        pistes = [f"{champ} ← {' ou '.join(colonnes)}" for champ, colonnes in self.suggestions.items() if colonnes]
        if pistes:
            texte += " Colonnes du fichier qui pourraient convenir : " + " ; ".join(pistes) + "."
        return texte


# Usual names of the required fields in non-standard exports, only to suggest a mapping (never applied silently).
SYNONYMES = {
    "id": ("id", "identifiant", "code_lieu", "ref"),
    "nom": ("nom", "name", "raison_sociale", "libelle", "lib"),
    "commune": ("commune", "ville", "city", "localite"),
    "code_postal": ("code_postal", "cp", "postcode", "code_post"),
    "adresse": ("adresse", "address", "voie", "rue"),
    "date_maj": ("date_maj", "mise_a_jour", "maj", "date_modification", "updated_at"),
    "pivot": ("pivot", "siret", "siren", "rna"),
}


def _suggestions(manquantes: list[str], colonnes: list[str]) -> dict[str, list[str]]:
    """For each missing field, the file's columns whose name contains one of its usual names as whole words."""
    pistes = {}
    for champ in manquantes:
        proches = []
        for colonne in colonnes:
            cle = f"_{cle_colonne(colonne)}_"
            if any(f"_{nom}_" in cle for nom in SYNONYMES.get(champ, (champ,))):
                proches.append(colonne)
        pistes[champ] = proches[:3]
    return pistes


def detecte_version(cles: set[str]) -> str:
    """v1.x as soon as a v1-only column is there (transitional files carry leftover v0 columns), else v0.1."""
    if cles & set(MARQUEURS_V1):
        return V1
    if cles & set(MARQUEURS_V0):
        return V0
    return V1


def correspond(colonnes: list[str], explicite: dict[str, str] | None = None) -> Correspondance:
    """The mapping of a file's header; `explicite` (column → field) wins over name matching."""
    explicite = dict(explicite or {})
    inconnus = [c for c in explicite.values() if c not in CIBLES_CONNUES]
    if inconnus:
        raise ValueError(f"Champ(s) inconnu(s) dans la correspondance : {', '.join(inconnus)}.")
    cles = {cle_colonne(c) for c in colonnes}
    resultat = Correspondance(version=detecte_version(cles), colonnes={}, explicite=explicite)
    for colonne in colonnes:
        cible = explicite.get(colonne) or CIBLES.get(cle_colonne(colonne))
        if cible is None:
            resultat.inconnues.append(colonne)
        elif cible in resultat.colonnes.values():
            resultat.doublons[colonne] = cible
        else:
            resultat.colonnes[colonne] = cible
    if not resultat.colonnes:
        resultat.version = INCONNU  # « foo;bar;baz » is no version of the standard
    presentes = set(resultat.colonnes.values())
    resultat.manquantes = [c for c in standard.CHAMPS_REQUIS if c not in presentes]
    resultat.suggestions = _suggestions(resultat.manquantes, resultat.inconnues)
    return resultat


# --- a non-standard file read through a mapping profile -------------------------------------------------------------

# fields any one of which places a row (a point, or what the attach step finds a commune with)
PLACEMENT = ("latitude", "longitude", "commune", "code_postal", "code_insee", "adresse")


@dataclass
class CorrespondanceProfil:
    """The mapping of a file read through a profile (`imports.correspondance.profil.Profil`): the same questions as
    `Correspondance` (what is missing, what blocks, the values of a record by field), answered from the profile's
    rules. Only a missing name or no way at all to place the rows blocks: the rest is filled, each fill reported
    (`imports.correspondance.application`)."""

    profil: object
    colonnes_fichier: list[str]
    version: str = PROFIL
    explicite: dict = field(default_factory=dict)
    doublons: dict = field(default_factory=dict)

    def __post_init__(self):
        from .correspondance.application import compiler

        self.plan = compiler(self.profil)
        presentes = set(self.colonnes_fichier)
        self.nourris = {r.champ for r in self.profil.regles if any(c in presentes for c in r.colonnes)}
        if any(r.combinaison in ("lambert93", "lat_lon", "geojson") for r in self.profil.regles
               if any(c in presentes for c in r.colonnes)):
            self.nourris |= {"latitude", "longitude"}
        self.nourris |= {c for c, v in self.profil.defauts.items() if v}
        if self.plan.genere_id:
            self.nourris.add("id")
        utilisees = {c for r in self.profil.regles for c in (*r.colonnes, *r.valeurs_oui)}
        self.colonnes = {c: "" for c in self.colonnes_fichier if c in utilisees}
        self.inconnues = [c for c in self.colonnes_fichier if c not in utilisees]
        self.manquantes = [c for c in standard.CHAMPS_REQUIS if c not in self.nourris]
        self.suggestions = {}

    @property
    def bloquantes(self) -> list[str]:
        bloquantes = ["nom"] if "nom" not in self.nourris else []
        if not self.nourris & set(PLACEMENT):
            bloquantes.append("localisation")
        return bloquantes

    def entree(self, brut: dict) -> tuple[dict, list]:
        return self.plan.applique(brut)

    def message_bloquant(self) -> str:
        manque = {"nom": "le nom du lieu", "localisation": "de quoi placer les lieux (coordonnées, adresse, commune "
                  "ou code postal)"}
        return ("Le profil de correspondance ne trouve pas dans ce fichier " + " ni ".join(manque[b] for b in
                self.bloquantes) + " : aucune ligne n'a été importée. Corrigez le profil dans l'assistant de "
                "correspondance.")


def correspondance_du_fichier(colonnes: list[str], explicite: dict | None = None, profil: dict | None = None):
    """The mapping of a file: through `profil` (a profile as a dict, `Profil.en_dict()`) when there is one, else by
    the standard's column names (and an explicit column → field map)."""
    if profil:
        from .correspondance.profil import Profil

        return CorrespondanceProfil(Profil.depuis_dict(profil), list(colonnes))
    return correspond(colonnes, explicite)
