"""A DORA structure and its numérique services (data·inclusion records) → one row of the standard.

The tables below are the whole mapping: data·inclusion slug (v1, and the v0 slugs older dumps still carry) → the
standard's values, by field. Each is checked by a test against both referentials (../shared/standard). The row is
keyed by the standard's column names; the importer's normalisers and validation then treat it like any file row,
so the mapping never judges a value itself (a bad phone number is reported by the validation, not hidden here).

Choices, where no source decides:
- services: the 4 v1 `numerique--…` thematiques, the 16 v0 ones (same readings as the standard's v0 → v1 table,
  `imports/data/legacy-mappings.json`) and, on a numérique service only, a few thematiques of other categories
  that say which kind of digital help it is (data·inclusion's own `mediation_numerique` table, read backwards);
- publics: only the publics the standard names; `personnes-en-situation-de-handicap` is not spread over the
  standard's four specific handicaps, `tous-publics` has no value (the standard has none);
- modalités d'accompagnement: from the service type (`accompagnement` → individuel, `atelier`/`formation` →
  atelier collectif, `aide-materielle` → en autonomie) and `a-distance` → « À distance »;
- réseaux porteurs: the 5 national programmes the standard lists, `fabrique-de-territoire` as a label, and the
  typologie when the réseau names exactly one typologie code (data·inclusion's typologie → réseau table, reversed).
"""

from __future__ import annotations

from ..normalisation.texte import tronque
from .assemblage import SOURCE, Candidat

RESUME_MAX = 280

# --- services ---------------------------------------------------------------------------------------------

DEMARCHES = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"
INSERTION = "Insertion professionnelle via le numérique"
PARENTALITE = "Parentalité et éducation avec le numérique"
LOISIRS = "Loisirs et créations numériques"
COMPREHENSION = "Compréhension du monde numérique"
ACCES = "Accès internet et matériel informatique"
ACQUISITION = "Acquisition de matériel informatique à prix solidaire"

THEMATIQUES_SERVICES: dict[str, tuple[str, ...]] = {
    # v1 (4 thematiques of the `numerique` category)
    "numerique--acceder-a-des-services-en-ligne": (DEMARCHES,),
    "numerique--acceder-a-une-connexion-internet": (ACCES,),
    "numerique--acquerir-un-equipement": (ACQUISITION,),
    "numerique--maitriser-les-fondamentaux-du-numerique": (OUTILS,),
    # v0 (16 thematiques; `acquerir-un-equipement` is in both)
    "numerique--acceder-a-du-materiel": (ACCES,),
    "numerique--accompagner-les-demarches-de-sante": (DEMARCHES,),
    "numerique--approfondir-ma-culture-numerique": (COMPREHENSION,),
    "numerique--creer-avec-le-numerique": (LOISIRS,),
    "numerique--creer-et-developper-mon-entreprise": (INSERTION,),
    "numerique--devenir-autonome-dans-les-demarches-administratives": (DEMARCHES,),
    "numerique--favoriser-mon-insertion-professionnelle": (INSERTION,),
    "numerique--prendre-en-main-un-ordinateur": (OUTILS,),
    "numerique--prendre-en-main-un-smartphone-ou-une-tablette": (OUTILS,),
    "numerique--promouvoir-la-citoyennete-numerique": (COMPREHENSION,),
    "numerique--realiser-des-demarches-administratives-avec-un-accompagnement": (DEMARCHES,),
    "numerique--s-equiper-en-materiel-informatique": (ACQUISITION,),
    "numerique--soutenir-la-parentalite-et-l-education-avec-le-numerique": (PARENTALITE,),
    "numerique--utiliser-le-numerique-au-quotidien": (OUTILS,),
}
# thematiques of other categories that, on a numérique service, tell which digital help it is (v1)
THEMATIQUES_ASSOCIEES: dict[str, tuple[str, ...]] = {
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives": (DEMARCHES,),
    "famille--soutien-a-la-parentalite-et-a-leducation": (PARENTALITE,),
    "remobilisation--activites-sportives-et-culturelles": (LOISIRS,),
}
CATEGORIES_ASSOCIEES: dict[str, tuple[str, ...]] = {
    "preparer-sa-candidature": (INSERTION,),
    "trouver-un-emploi": (INSERTION,),
}

# --- service types and modes d'accueil → modalités d'accompagnement ----------------------------------------

TYPES_MODALITES: dict[str, tuple[str, ...]] = {
    "accompagnement": ("Accompagnement individuel",),
    "atelier": ("Dans un atelier collectif",),
    "formation": ("Dans un atelier collectif",),
    "aide-materielle": ("En autonomie",),
    # v0 only
    "autonomie": ("En autonomie",),
    "delegation": ("Accompagnement individuel",),  # « A ma place » in the standard v0, read so in v1
}
MODES_ACCUEIL_MODALITES: dict[str, tuple[str, ...]] = {
    "a-distance": ("À distance",),
}

# --- frais, publics, modes de mobilisation --------------------------------------------------------------------

FRAIS: dict[str, tuple[str, ...]] = {
    "gratuit": ("Gratuit",),
    "payant": ("Payant",),
    # v0 only (readings of the standard's own v0 → v1 table)
    "gratuit-sous-conditions": ("Gratuit sous condition",),
    "adhesion": ("Payant",),
    "pass-numerique": ("Gratuit sous condition",),
}
PUBLICS_ADRESSES = "publics_specifiquement_adresses"
PRISE_EN_CHARGE = "prise_en_charge_specifique"
PUBLICS: dict[str, tuple[str, str]] = {
    "etudiants": (PUBLICS_ADRESSES, "Étudiants"),
    "familles": (PUBLICS_ADRESSES, "Familles et/ou enfants"),
    "femmes": (PUBLICS_ADRESSES, "Femmes"),
    "jeunes": (PUBLICS_ADRESSES, "Jeunes"),
    "seniors": (PUBLICS_ADRESSES, "Seniors"),
    # v0 profils
    "jeunes-16-26": (PUBLICS_ADRESSES, "Jeunes"),
    "seniors-65": (PUBLICS_ADRESSES, "Seniors"),
    "familles-enfants": (PUBLICS_ADRESSES, "Familles et/ou enfants"),
    "deficience-visuelle": (PRISE_EN_CHARGE, "Déficience visuelle"),
    "surdite": (PRISE_EN_CHARGE, "Surdité"),
    "handicaps-mentaux": (PRISE_EN_CHARGE, "Handicaps mentaux"),
    "handicaps-psychiques": (PRISE_EN_CHARGE, "Handicaps mentaux"),
    "personnes-en-situation-illettrisme": (PRISE_EN_CHARGE, "Illettrisme"),
    "public-langues-etrangeres": (PRISE_EN_CHARGE, "Langues étrangères (autres)"),
}
MODES_MOBILISATION: dict[str, tuple[str, ...]] = {
    "se-presenter": ("Se présenter",),
    "telephoner": ("Téléphoner",),
    "envoyer-un-courriel": ("Contacter par mail",),
    "utiliser-lien-mobilisation": ("Prendre un RDV en ligne",),
}

# --- réseaux porteurs → dispositifs, labels, typologie ---------------------------------------------------

DISPOSITIFS = "dispositif_programmes_nationaux"
LABELS = "formations_labels"
RESEAUX_PORTEURS: dict[str, tuple[str, str]] = {
    "aidants-connect": (DISPOSITIFS, "Aidants Connect"),
    "conseillers-numeriques": (DISPOSITIFS, "Conseillers numériques"),
    "conseiller-numerique": (DISPOSITIFS, "Conseillers numériques"),  # v0 label national
    "croix-rouge": (DISPOSITIFS, "La Croix Rouge"),
    "france-service": (DISPOSITIFS, "France Services"),
    "grandes-ecoles-du-numerique": (DISPOSITIFS, "Grande école du numérique"),
    "fabrique-de-territoire": (LABELS, "Fabriques de Territoire"),
}
# réseau porteur → typologie code, when data·inclusion derives that réseau from exactly one typologie code
# (espaces-publics-numeriques comes from ENM, EPI or EPN: EPN, the generic one, is our choice)
RESEAUX_TYPOLOGIE: dict[str, str] = {
    "afpa": "AFPA", "ase": "ASE", "caarud": "CAARUD", "cada": "CADA", "cap-emploi-reseau-cheops": "CAP_EMPLOI",
    "cava": "CAVA", "chambres-consulaires": "CCONS", "chrs": "CHRS", "chu": "CHU", "cidff": "CIDFF", "cmp": "CMP",
    "cms": "CMS", "cpam": "CPAM", "cph": "CPH", "creches-avip": "AVIP", "csapa": "CSAPA",
    "ecoles-de-la-deuxieme-chance": "E2C", "ei": "EI", "eiti": "EITI", "epide": "EPIDE",
    "espaces-publics-numeriques": "EPN", "etti": "ETTI", "federation-des-acteurs-de-la-solidarite": "FAIS",
    "france-service": "RFS", "france-travail": "FT", "geiq": "GEIQ", "huda": "HUDA", "la-poste": "LA_POSTE",
    "maisons-des-solidarites": "MDS", "mdph": "MDPH", "mission-locale": "ML", "mjc": "MJC", "msap": "MSAP",
    "mutualite-sociale-agricole": "MSA", "pimms-mediation": "PIMMS", "pjj": "PJJ", "plie": "PLIE",
    "reseau-information-jeunesse": "PIJ_BIJ", "residences-fjt": "RS_FJT", "spip": "SPIP",
}

# extra keys of the row (not columns of the standard: kept in the raw row, hence in the lieu's provenance)
CLE_DOUBLONS = "doublons_data_inclusion"
CLE_ENREGISTREMENTS = "enregistrements_data_inclusion"
CLE_PROBLEME = "probleme_dora"


def valeurs(enregistrement: dict, cle: str) -> list:
    """A field as a list: v1 has scalars where v0 had lists (`type`, `frais`)."""
    valeur = enregistrement.get(cle)
    if valeur is None or valeur == "":
        return []
    return list(valeur) if isinstance(valeur, (list, tuple)) else [valeur]


def _ajoute(liste: list, nouvelles) -> None:
    liste.extend(v for v in nouvelles if v not in liste)


def services_du_service(service: dict) -> list[str]:
    """The standard's services one numérique service stands for."""
    resultat: list[str] = []
    for thematique in valeurs(service, "thematiques"):
        _ajoute(resultat, THEMATIQUES_SERVICES.get(thematique, ()))
        _ajoute(resultat, THEMATIQUES_ASSOCIEES.get(thematique, ()))
        _ajoute(resultat, CATEGORIES_ASSOCIEES.get(str(thematique).split("--")[0], ()) if "--" in thematique else ())
    return resultat


def _par_table(services: list[dict], cle: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    resultat: list[str] = []
    for service in services:
        for valeur in valeurs(service, cle):
            _ajoute(resultat, table.get(valeur, ()))
    return resultat


def _par_champ(slugs, table: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    resultat: dict[str, list[str]] = {}
    for slug in slugs:
        if slug in table:
            champ, valeur = table[slug]
            _ajoute(resultat.setdefault(champ, []), (valeur,))
    return resultat


def _presentations(structure: dict) -> tuple[str, str]:
    """(presentation_resume, presentation_detail): v0 has both; v1 has one `description` (5–10 000 characters)."""
    resume, detail = structure.get("presentation_resume") or "", structure.get("presentation_detail") or ""
    if resume or detail:
        return resume, detail
    description = (structure.get("description") or "").strip()
    if len(description) <= RESUME_MAX:
        return description, ""
    return tronque(description, RESUME_MAX), description


def _premier(*valeurs_possibles):
    return next((v for v in valeurs_possibles if v not in (None, "", [])), None)


def lieu(candidat: Candidat) -> dict:
    """The row of the standard (column → value) a candidate stands for, plus its data·inclusion records."""
    structure = candidat.structure or {}
    services = candidat.services
    premier_service = lambda cle: _premier(*(s.get(cle) for s in services))  # noqa: E731
    resume, detail = _presentations(structure)
    reseaux = valeurs(structure, "reseaux_porteurs")
    publics = _par_champ((p for s in services for p in valeurs(s, "publics")), PUBLICS)
    par_reseau = _par_champ(reseaux, RESEAUX_PORTEURS)
    typologie = valeurs(structure, "typologie") or [RESEAUX_TYPOLOGIE[r] for r in reseaux if r in RESEAUX_TYPOLOGIE]
    services_standard: list[str] = []
    for service in services:
        _ajoute(services_standard, services_du_service(service))
    modalites = _par_table(services, "type", TYPES_MODALITES)
    _ajoute(modalites, _par_table(services, "modes_accueil", MODES_ACCUEIL_MODALITES))

    ligne = {
        "id": candidat.identifiant,
        "pivot": structure.get("siret"),
        "nom": structure.get("nom"),
        "commune": structure.get("commune"),
        "code_postal": structure.get("code_postal"),
        "code_insee": structure.get("code_insee"),
        "adresse": structure.get("adresse"),
        "complement_adresse": structure.get("complement_adresse"),
        "latitude": structure.get("latitude"),
        "longitude": structure.get("longitude"),
        "typologie": list(dict.fromkeys(typologie)),
        "telephone": _premier(structure.get("telephone"), premier_service("telephone")),
        "courriels": [c for c in [_premier(structure.get("courriel"), premier_service("courriel"))] if c],
        "site_web": valeurs(structure, "site_web"),
        "horaires": _premier(structure.get("horaires_accueil"), premier_service("horaires_accueil")),
        "presentation_resume": resume,
        "presentation_detail": detail,
        "source": SOURCE,
        "itinerance": [],
        "structure_parente": None,
        "date_maj": candidat.date_maj,
        "services": services_standard,
        "publics_specifiquement_adresses": publics.get(PUBLICS_ADRESSES, []),
        "prise_en_charge_specifique": publics.get(PRISE_EN_CHARGE, []),
        "frais_a_charge": _par_table(services, "frais", FRAIS),
        "dispositif_programmes_nationaux": par_reseau.get(DISPOSITIFS, []),
        "formations_labels": par_reseau.get(LABELS, []),
        "autres_formations_labels": [],
        "modalites_acces": _par_table(services, "modes_mobilisation", MODES_MOBILISATION),
        "modalites_accompagnement": modalites,
        "fiche_acces_libre": structure.get("accessibilite_lieu"),
        "prise_rdv": premier_service("lien_mobilisation"),
        CLE_DOUBLONS: structure.get("doublons") or [],
        CLE_ENREGISTREMENTS: [r for r in (candidat.structure, *services) if r is not None],
    }
    if candidat.structure is None:
        ligne[CLE_PROBLEME] = (
            f"structure {candidat.identifiant} absente des données reçues de data·inclusion : sans elle, ni nom ni "
            "adresse pour ce lieu"
        )
    return ligne
