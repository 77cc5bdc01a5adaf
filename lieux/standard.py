"""The national standard « lieux de médiation numérique » v1.0.2, declared once.

Everything else derives from this module: the `Lieu` model's choices and check constraints, the row validator of
the importers, the CSV export (32 columns, in order) and the Table Schema JSON (`table_schema()`), which a test
compares field by field with the official schema.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

VERSION = "1.0.2"
SEPARATEUR = "|"  # multi-valued cells (v1.x); v0.1.x used ";"
PIVOT_INCONNU = "00000000000000"  # the standard's "unknown SIRET"

ITINERANCE = ("Itinérant", "Fixe")
SERVICES = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)
PUBLICS_SPECIFIQUEMENT_ADRESSES = ("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")
PRISE_EN_CHARGE_SPECIFIQUE = (
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)
FRAIS_A_CHARGE = ("Gratuit", "Gratuit sous condition", "Payant")
DISPOSITIF_PROGRAMMES_NATIONAUX = (
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
)
FORMATIONS_LABELS = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques (La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)
MODALITES_ACCES = (
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)
MODALITES_ACCOMPAGNEMENT = ("En autonomie", "Accompagnement individuel", "Dans un atelier collectif", "À distance")

# Spellings found in real files and in the official pattern itself, read as the canonical value.
# The official v1.0.2 pattern spells « Étapes numériques(La Poste) » without the space: we accept it and write the
# spaced form (see PATTERNS_PUBLIES).
VARIANTES = {
    "services": {"Comprehension du monde numérique": "Compréhension du monde numérique"},
    "formations_labels": {"Étapes numériques(La Poste)": "Étapes numériques (La Poste)"},
    "modalites_acces": {"Ce lieu n’accueille pas de public": "Ce lieu n'accueille pas de public"},
    "modalites_accompagnement": {
        "Dans un atelier collectif : j'apprends collectivement à utiliser le numérique": "Dans un atelier collectif",
        "À distance (par téléphone ou en visioconférence)": "À distance",
    },
    "frais_a_charge": {
        "Gratuit : Je peux accéder gratuitement au lieu et à ses services": "Gratuit",
        "Gratuit sous condition : La gratuité est conditionnée à des critères (adhésion, situation familiale, "
        "convention avec un organisme social, pass numériques…)": "Gratuit sous condition",
        "Payant : L’accès au lieu et/ou à ses services est payant": "Payant",
    },
    "typologie": {"PE": "FT"},  # Pôle emploi became France Travail
}

TELEPHONE_INDICATIFS = ("+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681")
TELEPHONE_PATTERN = "^(" + "|".join("\\" + i for i in TELEPHONE_INDICATIFS) + ")(\\d){6,9}$"
CODE_INSEE_PATTERN = "^([013-9]\\d|2[AB1-9])\\d{3}$"
CODE_POSTAL_PATTERN = "^\\d{5}$"
PIVOT_PATTERN = "^[a-zA-Z0-9]{9,14}$"


@cache
def typologies() -> dict[str, str]:
    """Typologie code → French label (92 values of the standard's referential)."""
    path = Path(__file__).parent / "data" / "typologies.json"
    return {t["value"]: t["label"] for t in json.loads(path.read_text(encoding="utf-8"))}


def _regex_escape(valeur: str) -> str:
    """Escape like the official schema does: only the regex metacharacters that occur in values."""
    return re.sub(r"([()\\|*+?\[\]{}^$])", r"\\\1", valeur)


def pattern_enumeration(valeurs) -> str:
    """The official pattern of a `|`-separated enumerated field."""
    return "(?:(?:^|\\|)(" + "|".join(_regex_escape(v) for v in valeurs) + "))+$"


@dataclass(frozen=True)
class Champ:
    nom: str
    libelle: str  # French label shown in the UI
    type: str = "string"  # Table Schema type: string | number | date
    requis: bool | None = False  # None: the official schema does not say (services)
    unique: bool = False
    pattern: str | None = None
    longueur_max: int | None = None
    valeurs: tuple[str, ...] | None = None  # enumeration, each cell a `|` list of these
    multiple: bool = False  # `|`-separated list (enumerated or free: courriels, site_web, typologie)
    aide: str = ""
    format: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def enumere(self) -> bool:
        return self.valeurs is not None

    def constraints(self) -> dict:
        c: dict = {}
        if self.requis is not None:
            c["required"] = self.requis
        if self.unique:
            c["unique"] = True
        pattern = PATTERNS_PUBLIES.get(self.nom) or self.pattern
        if self.valeurs is not None and not pattern:
            pattern = pattern_enumeration(self.valeurs)
        if pattern:
            c["pattern"] = pattern
        if self.longueur_max:
            c["maxLength"] = self.longueur_max
        return c


def _enum(nom, libelle, valeurs, requis=False, aide=""):
    return Champ(nom, libelle, valeurs=valeurs, multiple=True, requis=requis, aide=aide)


CHAMPS: tuple[Champ, ...] = (
    Champ("id", "Identifiant", requis=True, unique=True, aide="Identifiant local, unique chez le producteur."),
    Champ("pivot", "SIRET ou RNA", requis=True, pattern=PIVOT_PATTERN,
          aide="SIRET (14 chiffres) ou RNA (W + 9 caractères) ; 00000000000000 si inconnu."),
    Champ("nom", "Nom du lieu", requis=True),
    Champ("commune", "Commune", requis=True),
    Champ("code_postal", "Code postal", requis=True, pattern=CODE_POSTAL_PATTERN),
    Champ("code_insee", "Code INSEE", pattern=CODE_INSEE_PATTERN),
    Champ("adresse", "Adresse", requis=True),
    Champ("complement_adresse", "Complément d'adresse"),
    Champ("latitude", "Latitude", type="number"),
    Champ("longitude", "Longitude", type="number"),
    Champ("typologie", "Typologie", multiple=True, aide="Un ou plusieurs codes du référentiel des typologies."),
    Champ("telephone", "Téléphone", pattern=TELEPHONE_PATTERN, aide="Format international E.164 : +33…"),
    Champ("courriels", "Courriels", multiple=True),
    Champ("site_web", "Site web", multiple=True),
    Champ("horaires", "Horaires", aide="Format OpenStreetMap opening_hours, ex. Mo-Fr 09:00-12:00,14:00-18:00."),
    Champ("presentation_resume", "Présentation courte", longueur_max=280),
    Champ("presentation_detail", "Présentation détaillée"),
    Champ("source", "Source"),
    _enum("itinerance", "Itinérance", ITINERANCE),
    Champ("structure_parente", "Structure parente"),
    Champ("date_maj", "Date de mise à jour", type="date", format="default", requis=True),
    _enum("services", "Services", SERVICES, requis=None),
    _enum("publics_specifiquement_adresses", "Publics spécifiquement adressés", PUBLICS_SPECIFIQUEMENT_ADRESSES),
    _enum("prise_en_charge_specifique", "Prise en charge spécifique", PRISE_EN_CHARGE_SPECIFIQUE),
    _enum("frais_a_charge", "Frais à charge", FRAIS_A_CHARGE),
    _enum("dispositif_programmes_nationaux", "Dispositifs et programmes nationaux", DISPOSITIF_PROGRAMMES_NATIONAUX),
    _enum("formations_labels", "Formations et labels", FORMATIONS_LABELS),
    Champ("autres_formations_labels", "Autres formations et labels", multiple=True),
    _enum("modalites_acces", "Modalités d'accès", MODALITES_ACCES),
    _enum("modalites_accompagnement", "Modalités d'accompagnement", MODALITES_ACCOMPAGNEMENT),
    Champ("fiche_acces_libre", "Fiche Accès libre"),
    Champ("prise_rdv", "Prise de rendez-vous en ligne"),
)

# The official pattern spells « Étapes numériques(La Poste) » without the space, the enumeration with it. We write
# the spaced form and publish a pattern that accepts both spellings (the one deliberate difference, tested).
PATTERNS_PUBLIES = {
    "formations_labels": pattern_enumeration(FORMATIONS_LABELS).replace(
        "Étapes numériques \\(La Poste\\)", "Étapes numériques ?\\(La Poste\\)"
    ),
}

CHAMPS_PAR_NOM: dict[str, Champ] = {c.nom: c for c in CHAMPS}
COLONNES: tuple[str, ...] = tuple(c.nom for c in CHAMPS)
CHAMPS_ENUMERES: tuple[Champ, ...] = tuple(c for c in CHAMPS if c.enumere)
CHAMPS_MULTIPLES: tuple[Champ, ...] = tuple(c for c in CHAMPS if c.multiple)
CHAMPS_REQUIS: tuple[str, ...] = tuple(c.nom for c in CHAMPS if c.requis)

assert len(CHAMPS) == 32, "le standard v1.0.2 compte 32 colonnes"


def valeur_canonique(nom_champ: str, valeur: str) -> str | None:
    """The allowed value a cell item stands for (exact, known variant), or None if it is not allowed."""
    champ = CHAMPS_PAR_NOM[nom_champ]
    valeur = valeur.strip()
    if champ.valeurs is None:
        return valeur
    if valeur in champ.valeurs:
        return valeur
    return VARIANTES.get(nom_champ, {}).get(valeur)


def choices(nom_champ: str) -> list[tuple[str, str]]:
    return [(v, v) for v in CHAMPS_PAR_NOM[nom_champ].valeurs or ()]


def table_schema() -> dict:
    """The Table Schema (frictionless) of the standard, derived from CHAMPS."""
    fields = []
    for c in CHAMPS:
        f = {"name": c.nom, "title": c.libelle, "type": c.type}
        if c.format:
            f["format"] = c.format
        if c.aide:
            f["description"] = c.aide
        f["constraints"] = c.constraints()
        fields.append(f)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "standard-mediation-num",
        "title": "Lieux de médiation numérique",
        "version": f"v{VERSION}",
        "fields": fields,
        "primaryKey": "id",
    }
