"""Value maps for the standard's enumerated fields: a producer's raw value → the standard values it means.

A raw value is tried, in order: as the standard writes it (`lieux.regles.valeur_liste`, which already forgives case,
apostrophes and the known variants), as an old v0 label (`legacy-mappings.json` values), then by KEYWORDS (« MFS »,
« Maison France Services » → France Services; « Médiathèque » → typology BIB; « sur rendez-vous » → individual
accompaniment). List cells are split on « ; | , / » (and on a codebook's own separator) and each item is mapped; a
codebook (`lire_codebook_datami`) first turns a code into its label. What maps to nothing is reported with its count
by the suggestion and stays in the raw record: it is never lost.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from lieux import regles, standard

from .noms import plier

CHAMPS_ENUMERES = ("typologie", *(c.nom for c in standard.CHAMPS_ENUMERES))

SEPARATEURS = re.compile(r"\s*(?:[;|,/\n•]|\s-\s|^-\s*|\s\+\s)\s*")

# field → standard value → keywords (folded, matched as whole words; a keyword may hold several words)
MOTS_CLES: dict[str, dict[str, tuple[str, ...]]] = {
    "services": {
        "Aide aux démarches administratives": (
            "demarche", "demarches", "dem", "administratif", "administratives", "administrative", "e administration",
            "eadministration", "acces aux droits", "ecrivain public", "papiers", "impots", "caf", "ameli", "ants",
            "fiscales", "fiscal"),
        "Maîtrise des outils numériques du quotidien": (
            "initiation", "initiations", "prise en main", "outils numeriques", "bureautique", "smartphone",
            "tablette", "decouverte", "formation", "formations", "apprendre", "usages", "usage", "coups de pouce",
            "assistance", "mediation numerique", "atelier", "ateliers"),
        "Insertion professionnelle via le numérique": (
            "insertion", "emploi", "cv", "professionnelle", "entrepreneurs", "entreprises", "entrepreneur",
            "recherche d emploi"),
        "Utilisation sécurisée du numérique": ("securite", "securise", "securisee", "cybersecurite", "arnaques"),
        "Parentalité et éducation avec le numérique": ("parentalite", "education", "educatif", "scolaire"),
        "Loisirs et créations numériques": (
            "loisirs", "loisir", "creation", "creations", "creatif", "photo", "video", "jeux", "jeu video",
            "fablab", "impression 3d", "graphisme", "musique", "programmation", "robotique"),
        "Compréhension du monde numérique": ("culture numerique", "acculturation", "citoyennete", "monde numerique"),
        "Accès internet et matériel informatique": (
            "acces internet", "internet", "wifi", "wi fi", "connexion", "equipement", "materiel", "ordinateur",
            "ordinateurs", "imprimante", "impression", "scanner", "photocopie", "acces"),
        "Acquisition de matériel informatique à prix solidaire": (
            "reconditionne", "reconditionnes", "prix solidaire", "reemploi", "vente de materiel"),
    },
    "publics_specifiquement_adresses": {
        "Jeunes": ("jeune", "jeunes", "jeunesse", "ado", "ados", "adolescents", "16 25"),
        "Étudiants": ("etudiant", "etudiants", "etudiante"),
        "Familles et/ou enfants": ("famille", "familles", "enfant", "enfants", "parents"),
        "Seniors": ("senior", "seniors", "personnes agees", "retraites", "aines"),
        "Femmes": ("femme", "femmes"),
    },
    "prise_en_charge_specifique": {
        "Surdité": ("surdite", "sourd", "sourds", "malentendant", "malentendants", "lsf"),
        "Handicaps moteurs": ("pmr", "moteur", "moteurs", "fauteuil", "mobilite reduite"),
        "Handicaps mentaux": ("mental", "mentaux", "psychique", "psychiques", "cognitif"),
        "Illettrisme": ("illettrisme", "illettres", "analphabetisme", "alphabetisation"),
        "Langues étrangères (anglais)": ("anglais", "english"),
        "Langues étrangères (autres)": ("langues etrangeres", "fle", "allophone", "allophones"),
        "Déficience visuelle": ("malvoyant", "malvoyants", "aveugle", "aveugles", "deficience visuelle"),
    },
    "frais_a_charge": {
        "Gratuit": ("gratuit", "gratuite", "gratuits", "gratuites", "free"),
        "Gratuit sous condition": ("sous condition", "sous conditions", "pass numerique", "pass numeriques"),
        "Payant": ("payant", "payants", "tarif", "tarifs", "euros", "eur", "cotisation", "adhesion", "adherent"),
    },
    "modalites_acces": {
        "Se présenter": ("se presenter", "sans rendez vous", "sans rdv", "libre acces", "acces libre", "libre"),
        "Téléphoner": ("telephoner", "appeler", "par telephone"),
        "Contacter par mail": ("par mail", "par courriel", "par e mail", "contacter par mail"),
        "Prendre un RDV en ligne": ("rdv en ligne", "rendez vous en ligne"),
        "Envoyer un mail avec une fiche de prescription": ("prescription",),
    },
    "modalites_accompagnement": {
        "En autonomie": ("autonomie", "acces libre", "libre service", "seul", "a"),
        "Accompagnement individuel": ("individuel", "individuelle", "rendez vous", "rdv", "personnalise"),
        "Dans un atelier collectif": ("atelier", "ateliers", "collectif", "collective", "groupe", "groupes", "g"),
        "À distance": ("distance", "visio", "visioconference", "telephone"),
    },
    "dispositif_programmes_nationaux": {
        "Aidants Connect": ("aidants connect", "aidant connect"),
        "Bibliothèques numérique de référence": ("bibliotheque numerique de reference", "bnr"),
        "Certification PIX": ("pix",),
        "Conseillers numériques": ("conseiller numerique", "conseillers numeriques", "cnfs", "conum"),
        "Emmaüs Connect": ("emmaus connect",),
        "France Services": ("france services", "france service", "mfs", "maison france services", "rfs"),
        "Grande école du numérique": ("grande ecole du numerique", "grandes ecoles du numerique", "gen"),
        "La Croix Rouge": ("croix rouge",),
        "Point d'accès numérique CAF": ("point numerique caf", "point relais caf", "point d acces numerique caf"),
        "Promeneurs du net": ("promeneurs du net", "promeneur du net"),
        "Relais numérique (Emmaüs Connect)": ("relais numerique",),
    },
    "formations_labels": {
        "Formé à « Mon Espace Santé »": ("mon espace sante",),
        "Formé à « DUPLEX » (illettrisme)": ("duplex",),
        "Arnia/MedNum BFC (Bourgogne-Franche-Comté)": ("arnia", "mednum bfc"),
        "Collectif ressources et acteurs réemploi (Normandie)": ("collectif ressources",),
        "Étapes numériques (La Poste)": ("etapes numeriques",),
        "Fabriques de Territoire": ("fabrique de territoire", "fabriques de territoire"),
        "Les Éclaireurs du numérique (Drôme)": ("eclaireurs du numerique",),
        "Mes Papiers (Métropole de Lyon)": ("mes papiers",),
        "ORDI 3.0": ("ordi 3 0",),
        "SUD LABS (PACA)": ("sud labs", "sud lab"),
    },
    "itinerance": {
        "Itinérant": ("oui", "itinerant", "itinerante", "mobile", "bus", "itinerance"),
        "Fixe": ("non", "fixe", "sedentaire"),
    },
    "typologie": {
        "BIB": ("bibliotheque", "bibliotheques", "mediatheque", "mediatheques", "bib", "ludotheque"),
        "EPN": ("epn", "espace public numerique", "cyber", "cyberbase", "cyber base", "cyberespace",
                "lieux de mediation publique", "espace numerique"),
        "CCAS": ("ccas", "centre communal d action sociale"),
        "CIAS": ("cias", "centre intercommunal d action sociale"),
        "CS": ("centre social", "centres sociaux"),
        "CSC": ("centre socio culturel", "centre socioculturel"),
        "MUNI": ("mairie", "mairies", "municipal", "municipale", "commune", "collectivite locale", "ville de",
                 "collectivite", "collectivites"),
        "RFS": ("france services", "france service", "mfs", "maison france services"),
        "MSAP": ("msap", "maison de services au public", "maison de service au public"),
        "TIERS_LIEUX": ("tiers lieu", "tiers lieux", "coworking", "lieux de travail et de collaboration"),
        "FABLAB": ("fablab", "fab lab", "hackerspace", "atelier partage", "fabrication"),
        "ASSO": ("association", "associations", "asso", "associatif"),
        "ML": ("mission locale",),
        "FT": ("pole emploi", "france travail"),
        "CAF": ("caf", "caisse d allocations familiales"),
        "CPAM": ("cpam", "assurance maladie"),
        "LA_POSTE": ("la poste", "bureau de poste", "agence postale"),
        "MJC": ("mjc", "maison des jeunes"),
        "PIJ_BIJ": ("pij", "bij", "information jeunesse"),
        "CFP": ("tresorerie", "finances publiques", "dgfip", "ddfip", "sip"),
        "PREF": ("prefecture", "sous prefecture"),
        "CD": ("conseil departemental", "maison du departement", "departement"),
        "REG": ("conseil regional", "region"),
        "EPCI": ("epci", "intercommunalite", "communaute de communes", "communaute d agglomeration",
                 "agglomeration"),
        "OF": ("organisme de formation", "lieux de formation", "formation"),
        "PIMMS": ("pimms",),
        "MQ": ("maison de quartier",),
        "MSA": ("msa",),
        "RESSOURCERIE": ("ressourcerie",),
        "EVS": ("espace de vie sociale",),
        "MDS": ("maison des solidarites", "maison departementale des solidarites"),
        "CIDFF": ("cidff",),
        "E2C": ("ecole de la 2e chance", "e2c"),
        "PAD": ("point d acces au droit", "acces aux droits", "maison de justice"),
        "ENM": ("espace numerique mobile", "bus numerique"),
    },
}


def _cle(texte: str) -> str:
    """Folded words joined by single spaces, framed by spaces for whole-word search: « Médiathèque » → « mediatheque »."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", plier(texte.replace("\ufffd", "e")))) + " "


@cache
def _motifs(champ: str) -> tuple[tuple[str, str], ...]:
    """(folded keyword framed by spaces, standard value), longest keywords first."""
    paires = [(_cle(m), v) for v, mots in MOTS_CLES.get(champ, {}).items() for m in mots]
    return tuple(sorted(paires, key=lambda p: -len(p[0])))


@cache
def _anciennes_valeurs() -> dict[str, dict[str, tuple[str, ...]]]:
    """Folded v0 label → (field, standard value), from the standard's legacy mappings (shared/standard)."""
    chemin = Path(__file__).resolve().parents[2].parent / "shared" / "standard" / "legacy-mappings.json"
    if not chemin.exists():
        return {}
    donnees = json.loads(chemin.read_text(encoding="utf-8")).get("values", {})
    sortie: dict[str, dict[str, tuple[str, ...]]] = {}
    for champ, table in donnees.items():
        for brut, cible in table.items():
            if isinstance(cible, list):
                sortie.setdefault(champ, {})[_cle(brut)] = tuple(cible)
            elif isinstance(cible, str):
                champ_cible = {"conditions_acces": "frais_a_charge"}.get(champ, champ)
                sortie.setdefault(champ_cible, {})[_cle(brut)] = (cible,)
                sortie[champ_cible][_cle(brut.split(" : ")[0])] = (cible,)
            elif isinstance(cible, dict):
                for champ_cible, valeur in cible.items():
                    sortie.setdefault(champ_cible, {})[_cle(brut)] = (valeur,)
    return sortie


def _exacte(champ: str, valeur: str) -> tuple[str, ...] | None:
    if champ == "typologie":
        code = regles.valeur_liste("typologie", valeur)
        if code:
            return (code,)
        libelles = {_cle(l): c for c, l in standard.typologies().items()}
        return (libelles[_cle(valeur)],) if _cle(valeur) in libelles else None
    trouvee = regles.valeur_liste(champ, valeur)
    if trouvee:
        return (trouvee,)
    ancienne = _anciennes_valeurs().get(champ, {}).get(_cle(valeur)) or _anciennes_valeurs().get(champ, {}).get(
        _cle(valeur.split(" : ")[0]))
    return ancienne


def par_mots_cles(champ: str, texte: str) -> tuple[str, ...]:
    """Standard values of `champ` whose keywords occur in `texte` (whole words), in the standard's order."""
    cle = _cle(texte)
    if cle.strip() == "":
        return ()
    trouvees = []
    for mot, valeur in _motifs(champ):
        if len(mot.strip()) <= 1 and cle != mot:  # one-letter codes (« A », « G ») only as the whole value
            continue
        if mot in cle and valeur not in trouvees:
            trouvees.append(valeur)
            cle = cle.replace(mot, " ")  # « accès libre » must not also count as « accès »
    ordre = _ordre(champ)
    return tuple(sorted(trouvees, key=lambda v: ordre.get(v, 99)))


@cache
def _ordre(champ: str) -> dict[str, int]:
    if champ == "typologie":
        return {c: i for i, c in enumerate(standard.typologies())}
    return {v: i for i, v in enumerate(standard.CHAMPS_PAR_NOM[champ].valeurs or ())}


def valeurs_standard(champ: str, brut: str, codebook: dict[str, str] | None = None) -> tuple[str, ...]:
    """The standard values one raw item means (empty tuple: unmapped). A codebook turns a code into its label first."""
    brut = " ".join(str(brut).split())
    if not brut:
        return ()
    code = _code(brut, codebook)
    if code is not None:
        libelle = codebook[code]
        return _exacte(champ, libelle) or par_mots_cles(champ, libelle)
    return _exacte(champ, brut) or par_mots_cles(champ, brut)


def _code(brut: str, codebook: dict[str, str] | None) -> str | None:
    """The codebook's code for `brut`, case-insensitively (« i » is « I »)."""
    if not codebook:
        return None
    if brut in codebook:
        return brut
    return next((c for c in codebook if c.casefold() == brut.casefold()), None)


def items(cellule: str, codebook: dict[str, str] | None = None) -> list[str]:
    """The items of a list cell: « a ; b | c » → [a, b, c]; a codebook's codes joined by « - » are split too."""
    cellule = " ".join(str(cellule).split()) if "\n" not in str(cellule) else str(cellule)
    if _code(cellule, codebook) is not None:
        return [cellule]
    morceaux = [m.strip(" .-*") for m in SEPARATEURS.split(cellule) if m and m.strip(" .-*")]
    if codebook:
        morceaux = [p for m in morceaux for p in (m.split("-") if _code(m, codebook) is None else [m]) if p]
    return morceaux or ([cellule.strip()] if cellule.strip() else [])


def lire_codebook_datami(donnees: dict) -> dict[str, dict[str, str]]:
    """A Datami « fields custom props » file (MedNum BFC's) → {column → {code → label}} for its tag fields."""
    codebooks: dict[str, dict[str, str]] = {}
    for champ in (donnees or {}).get("fields", ()):
        definitions = champ.get("definitions") or ()
        table = {str(d["value"]): str(d.get("label") or d["value"]) for d in definitions if "value" in d}
        if table and champ.get("name"):
            codebooks[champ["name"]] = table
    return codebooks
