"""The data-quality score of a lieu (0–100): what a social worker needs to send someone there, how fresh it is, and
what the import had to drop. Plain functions on plain values (unit tests: tests/test_qualite.py) and their SQL twin
(`sql_pertes`), which PostgreSQL runs to keep `lieux_qualite` (lieux/projections/qualite.py, docs/qualite.md).

The score starts at 100 and each component takes off its points (« horaires manquants : −20 »): the declared table
`PONDERATIONS` is the only place the weights live; the SQL and the sentences are built from it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

# --- the declared table: component → (weight, why it weighs that much). The weights add up to 100. --------------

PONDERATIONS: dict[str, tuple[int, str]] = {
    "horaires": (20, "sans horaires lisibles, l'orientation ne peut pas dire quand y aller (« ouvert samedi matin »)"),
    "services": (15, "l'orientation part du besoin : un lieu sans services ne sort dans aucune recherche par besoin"),
    "contact": (15, "téléphone, courriel ou site : de quoi appeler avant de se déplacer"),
    "position": (15, "un point précis pour la carte et les distances ; le centre de la commune trompe"),
    "fraicheur": (15, "une information de plus d'un an peut avoir changé (horaires, fermeture)"),
    "import": (10, "des valeurs que la source donnait mais que l'import a dû écarter : la source est à corriger"),
    "accessibilite": (5, "fiche acces libre, modalités d'accès ou prise en charge spécifique : pour les personnes "
                         "handicapées et l'étape « accessibilité » de l'orientation"),
    "publics": (3, "les publics spécifiquement adressés aident à choisir le bon lieu"),
    "prise_rdv": (2, "un lien de prise de rendez-vous évite un déplacement pour rien"),
}
assert sum(p for p, _ in PONDERATIONS.values()) == 100  # noqa: S101 — the table must stay a score out of 100

# a position placed at the commune's centre loses this much of the position's weight (an unknown one loses it all)
PERTE_POSITION_APPROXIMATIVE = 10
PERTE_HORAIRES_ILLISIBLES = 15  # a text we could not read: the source did say something
FRAICHEUR_PLEINE_JOURS = 365  # under a year old: no loss
FRAICHEUR_PAS_JOURS = 30  # then one point per started month, up to the weight
POINTS_PAR_VALEUR_ECARTEE = 3

# the standard's fields whose raw value, when the import kept nothing of it, counts as « écartée à l'import »
CHAMPS_IMPORT = ("horaires", "telephone", "courriels", "site_web", "services", "publics_specifiquement_adresses",
                 "modalites_acces", "prise_en_charge_specifique", "fiche_acces_libre", "prise_rdv")
LIBELLES_CHAMPS = {"horaires": "horaires", "telephone": "téléphone", "courriels": "courriels", "site_web": "site web",
                   "services": "services", "publics_specifiquement_adresses": "publics",
                   "modalites_acces": "modalités d'accès", "prise_en_charge_specifique": "prise en charge spécifique",
                   "fiche_acces_libre": "fiche acces libre", "prise_rdv": "prise de rendez-vous"}

# hours states (lieux.horaires): an unknown analysis (« a_analyser ») costs nothing until the weekly refresh reads it
HORAIRES_NON_RENSEIGNES, HORAIRES_ILLISIBLES = "non_renseignes", "illisibles"

SEUIL_BAS = 50  # a score under this puts the lieu in the coordinators' « À vérifier » queue
SEUIL_PROPOSER = 70  # under this, the public sheet invites « Vous connaissez ce lieu ? Proposez une mise à jour »
TRANCHES = ((0, 39, "moins de 40"), (40, 59, "40 à 59"), (60, 79, "60 à 79"), (80, 100, "80 et plus"))


@dataclass(frozen=True)
class Perte:
    code: str  # a key of PONDERATIONS
    libelle: str  # « horaires manquants »
    points: int

    def __str__(self):
        return f"{self.libelle} : −{self.points}"

    def en_dict(self) -> dict:
        return {"code": self.code, "libelle": self.libelle, "points": self.points}


def poids(code: str) -> int:
    return PONDERATIONS[code][0]


# --- each component: the lost points (0 when nothing is lost) and why ------------------------------------------

def perte_horaires(horaires: str, etat: str | None) -> Perte | None:
    if not (horaires or "").strip() or etat == HORAIRES_NON_RENSEIGNES:
        return Perte("horaires", "horaires manquants", poids("horaires"))
    if etat == HORAIRES_ILLISIBLES:
        return Perte("horaires", "horaires illisibles", PERTE_HORAIRES_ILLISIBLES)
    return None


def perte_services(services) -> Perte | None:
    return None if services else Perte("services", "services non renseignés", poids("services"))


def perte_contact(telephone: str, courriels, site_web) -> Perte | None:
    if (telephone or "").strip() or courriels or site_web:
        return None
    return Perte("contact", "aucun contact (téléphone, courriel ou site web)", poids("contact"))


def perte_position(a_un_point: bool, precision: str) -> Perte | None:
    if not a_un_point:
        return Perte("position", "position inconnue", poids("position"))
    if precision == "commune":
        return Perte("position", "position approximative (centre de la commune)", PERTE_POSITION_APPROXIMATIVE)
    return None


def perte_fraicheur(date_maj: dt.date | None, aujourd_hui: dt.date) -> Perte | None:
    """Nothing under a year; then one point per started month beyond it, up to the weight (15 months later)."""
    if date_maj is None:
        return Perte("fraicheur", "date de mise à jour inconnue", poids("fraicheur"))
    retard = (aujourd_hui - date_maj).days - FRAICHEUR_PLEINE_JOURS
    if retard <= 0:
        return None
    points = min(poids("fraicheur"), math.ceil(retard / FRAICHEUR_PAS_JOURS))
    return Perte("fraicheur", "informations de plus d'un an", points)


def perte_accessibilite(fiche_acces_libre: str, modalites_acces, prise_en_charge_specifique) -> Perte | None:
    if (fiche_acces_libre or "").strip() or modalites_acces or prise_en_charge_specifique:
        return None
    return Perte("accessibilite", "aucune information d'accessibilité", poids("accessibilite"))


def perte_publics(publics) -> Perte | None:
    return None if publics else Perte("publics", "publics non précisés", poids("publics"))


def perte_prise_rdv(prise_rdv: str) -> Perte | None:
    return None if (prise_rdv or "").strip() else Perte("prise_rdv", "pas de lien de prise de rendez-vous",
                                                        poids("prise_rdv"))


def valeur_donnee(brute) -> bool:
    """A raw cell that says something (not empty, not an empty list)."""
    if brute is None:
        return False
    if isinstance(brute, (list, tuple, dict)):
        return bool(brute)
    return str(brute).strip() not in ("", "[]")


def champs_ecartes(donnees_brutes: dict, valeurs: dict) -> list[str]:
    """The fields of CHAMPS_IMPORT that the raw row filled and the import's values left empty (a record of a file in
    the standard's columns; a file read through a mapping profile names its columns otherwise and counts nothing)."""
    return [c for c in CHAMPS_IMPORT
            if valeur_donnee((donnees_brutes or {}).get(c)) and not valeur_donnee((valeurs or {}).get(c))]


def perte_import(ecartes) -> Perte | None:
    ecartes = sorted(set(ecartes), key=CHAMPS_IMPORT.index)
    if not ecartes:
        return None
    libelle = "valeurs écartées à l'import (" + ", ".join(LIBELLES_CHAMPS[c] for c in ecartes) + ")"
    return Perte("import", libelle, min(poids("import"), POINTS_PAR_VALEUR_ECARTEE * len(ecartes)))


# --- the whole lieu ------------------------------------------------------------------------------------------

def pertes(lieu, aujourd_hui: dt.date, etat_horaires: str | None = None, ecartes=()) -> list[Perte]:
    """Every loss of `lieu` (a Lieu or anything with its fields), in the table's order."""
    trouvees = [
        perte_horaires(lieu.horaires, etat_horaires),
        perte_services(lieu.services),
        perte_contact(lieu.telephone, lieu.courriels, lieu.site_web),
        perte_position(lieu.localisation is not None, lieu.precision_localisation),
        perte_fraicheur(lieu.date_maj, aujourd_hui),
        perte_import(ecartes),
        perte_accessibilite(lieu.fiche_acces_libre, lieu.modalites_acces, lieu.prise_en_charge_specifique),
        perte_publics(lieu.publics_specifiquement_adresses),
        perte_prise_rdv(lieu.prise_rdv),
    ]
    return [p for p in trouvees if p is not None]


def score(pertes_du_lieu) -> int:
    return max(0, 100 - sum(p.points for p in pertes_du_lieu))


def detail(pertes_du_lieu) -> list[str]:
    """« horaires manquants : −20 », … (what a coordinator reads)."""
    return [str(p) for p in pertes_du_lieu]


def proposer_mise_a_jour(valeur: int | None) -> bool:
    """Whether the public sheet invites its readers to propose an update (never a warning: a plain invitation)."""
    return valeur is not None and valeur < SEUIL_PROPOSER


def tranche(valeur: int | None) -> str:
    for bas, haut, libelle in TRANCHES:
        if valeur is not None and bas <= valeur <= haut:
            return libelle
    return "non calculé"


# --- the SQL twin: one row `l` of lieux_lieu, `a` its hours' analysis, `e` its fields dropped at import ----------

def _texte_sql(valeur: str) -> str:
    return "'" + valeur.replace("'", "''") + "'"


def _ecarte_sql(champ: str, p: str = "p") -> str:
    return (f"coalesce(btrim({p}.donnees_brutes->>'{champ}'), '') NOT IN ('', '[]') "
            f"AND coalesce(btrim({p}.valeurs->>'{champ}'), '') IN ('', '[]')")


def sql_un_champ_ecarte(p: str) -> str:
    """True when the record `p` has at least one field dropped at import (the only way a record moves a score)."""
    return "(" + " OR ".join(f"({_ecarte_sql(c, p)})" for c in CHAMPS_IMPORT) + ")"


def sql_ecartes(lieux: str = "l", provenances: str = "lieux_provenance") -> str:
    """`lieu_id, champs` (text[]) for the lieux of the relation `lieux` (a CTE with `uid`): the fields dropped at
    import over their active records. A join and a GROUP BY, not a subquery per lieu: the planner hashes when the
    provenance index is suspended by a bulk load (a correlated subquery then read the whole table for every lieu)."""
    tests = ", ".join(f"CASE WHEN {_ecarte_sql(c)} THEN '{c}' END" for c in CHAMPS_IMPORT)
    return f"""SELECT p.lieu_id, array_agg(DISTINCT c ORDER BY c) AS champs
        FROM {provenances} p JOIN {lieux} ON {lieux}.uid = p.lieu_id
        CROSS JOIN unnest(array_remove(ARRAY[{tests}], NULL)) AS c
        WHERE p.actif GROUP BY p.lieu_id"""


def _pertes_sql(aujourd_hui: str) -> list[tuple[str, str, str, str]]:
    """(code, libellé SQL, points SQL, condition SQL) of each loss, in the table's order."""
    noms = " ".join(f"WHEN '{c}' THEN {_texte_sql(LIBELLES_CHAMPS[c])}" for c in CHAMPS_IMPORT)
    rang = " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(CHAMPS_IMPORT))
    champs_lisibles = (f"(SELECT string_agg(CASE x {noms} END, ', ' ORDER BY CASE x {rang} END) "
                       "FROM unnest(coalesce(e.champs, '{}')) AS x)")
    retard = f"({aujourd_hui} - l.date_maj - {FRAICHEUR_PLEINE_JOURS})"
    return [
        ("horaires", "'horaires manquants'", str(poids("horaires")),
         f"btrim(l.horaires) = '' OR a.etat = '{HORAIRES_NON_RENSEIGNES}'"),
        ("horaires", "'horaires illisibles'", str(PERTE_HORAIRES_ILLISIBLES),
         f"btrim(l.horaires) <> '' AND a.etat = '{HORAIRES_ILLISIBLES}'"),
        ("services", "'services non renseignés'", str(poids("services")), "cardinality(l.services) = 0"),
        ("contact", "'aucun contact (téléphone, courriel ou site web)'", str(poids("contact")),
         "btrim(l.telephone) = '' AND cardinality(l.courriels) = 0 AND cardinality(l.site_web) = 0"),
        ("position", "'position inconnue'", str(poids("position")), "l.localisation IS NULL"),
        ("position", "'position approximative (centre de la commune)'", str(PERTE_POSITION_APPROXIMATIVE),
         "l.localisation IS NOT NULL AND l.precision_localisation = 'commune'"),
        ("fraicheur", "'date de mise à jour inconnue'", str(poids("fraicheur")), "l.date_maj IS NULL"),
        ("fraicheur", "'informations de plus d''un an'",
         f"least({poids('fraicheur')}, ceil({retard} / {FRAICHEUR_PAS_JOURS}.0)::int)", f"{retard} > 0"),
        ("import", f"'valeurs écartées à l''import (' || {champs_lisibles} || ')'",
         f"least({poids('import')}, {POINTS_PAR_VALEUR_ECARTEE} * cardinality(e.champs))",
         "coalesce(cardinality(e.champs), 0) > 0"),
        ("accessibilite", "'aucune information d''accessibilité'", str(poids("accessibilite")),
         "btrim(l.fiche_acces_libre) = '' AND cardinality(l.modalites_acces) = 0 "
         "AND cardinality(l.prise_en_charge_specifique) = 0"),
        ("publics", "'publics non précisés'", str(poids("publics")), "cardinality(l.publics_specifiquement_adresses) = 0"),
        ("prise_rdv", "'pas de lien de prise de rendez-vous'", str(poids("prise_rdv")), "btrim(l.prise_rdv) = ''"),
    ]


def sql_pertes(aujourd_hui: str = "current_date") -> str:
    """A jsonb array of the losses of l (the objects of `Perte.en_dict`), in the table's order."""
    morceaux = ", ".join(f"CASE WHEN {condition} THEN jsonb_build_object('code', '{code}', 'libelle', {libelle}, "
                         f"'points', {points}) END" for code, libelle, points, condition in _pertes_sql(aujourd_hui))
    return f"jsonb_path_query_array(jsonb_build_array({morceaux}), '$[*] ? (@ != null)')"


def sql_score(aujourd_hui: str = "current_date") -> str:
    """The score of l: 100 minus the points of the same losses, as plain arithmetic (no jsonb read back)."""
    somme = " + ".join(f"CASE WHEN {condition} THEN {points} ELSE 0 END"
                       for _, _, points, condition in _pertes_sql(aujourd_hui))
    return f"greatest(0, 100 - ({somme}))::smallint"
