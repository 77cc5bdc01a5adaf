"""What a column's NAME says about the standard's field it holds, from general rules on how French hubs name things.

A header is cut into words (accents, case, camelCase, separators and « N° » folded: « Nom de la structure »,
`lib_fs`, `USER_NOM`, `ETABLISSEMENT_CODE_POSTAL`, `DAT_MaJ`), stop words dropped, and each word read as a CONCEPT
(`tel`, `tél`, `telephone`, `phone` are all TEL). A field is described by rules on concepts — those it needs, those
it tolerates (« adresse_code_postal » is a postcode, « nom_commune » a commune) — and a column gets each field's
best rule, less a penalty per word the rule does not explain. Words that betray a derived or foreign column
(`result_…` of the BAN geocoder, `old…`) cost more. Nothing here is a list of one corpus' exact headers: the
suggestion must work on files it has never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lieux import standard
from lieux.noms import sans_accents

MOTS_VIDES = {"de", "la", "du", "des", "le", "les", "l", "d", "a", "au", "aux", "en", "et", "un", "une", "of", "the",
              "par", "pour", "sur"}

# word → concept. Several spellings and abbreviations for one idea.
CONCEPTS: dict[str, str] = {}


def _declare(concept: str, mots: str):
    for mot in mots.split():
        CONCEPTS[mot] = concept


_declare("NOM", "nom nom_ name names libelle lib libel intitule denomination appellation enseigne raison rs "
                "designation titre title")
_declare("STRUCT", "structure structures struct struc etablissement etab etabl lieu lieux epn fs organisme "
                   "organisation equipement espace place site_")
_declare("ADRESSE", "adresse adresses adr adress address addr postale postal_")
_declare("VOIE", "voie rue street route")
_declare("NUMERO", "numero num no nro housenumber")
_declare("INDICE", "indice rep repetition btq")
_declare("TYPE", "type types typ")
_declare("COMPLEMENT", "complement comp compl cplt cpt complementaire batiment bat etage")
_declare("BP", "bp cs cedex")
_declare("LIEUDIT", "lieudit")
_declare("CP", "cp postal postcode zip zipcode codepostal")
_declare("COMMUNE", "commune communes ville villes localite city town com municipalite agglomeration_")
_declare("INSEE", "insee citycode cog depcom codgeo codeinsee")
_declare("CODE", "code codes c cd")
_declare("TEL", "tel telephone telephones tél phone phones fixe portable mobile_ gsm numtel")
_declare("MAIL", "mail mails email emails courriel courriels mel e_mail")
_declare("WEB", "web site url internet_ www website lien siteweb")
_declare("HORAIRES", "horaires horaire heures heure hours opening ouverture ouvertures")
_declare("LAT", "lat latitude")
_declare("LON", "lon lng long longitude")
_declare("X", "x")
_declare("Y", "y")
_declare("COORD", "coordonnees coord coords gps geoloc geolocalisation geometry geom geometrie point position "
                  "geopoint latlon latlng")
_declare("DATE", "date dat maj update updated modification modifie modif actualisation miseajour")
_declare("ID", "id identifiant ident ident_ uid matricule ref reference cle key")
_declare("SIRET", "siret siren pivot rna")
_declare("TYPO", "typologie typologies typo categorie categories cat sscat famille genre")
_declare("SERVICES", "services service activites activite prestations prestation offre offres thematiques "
                     "thematique actions")
_declare("PUBLIC", "public publics cible cibles pbc profils profil beneficiaires")
_declare("HANDICAP", "handicap handicaps pmr accessibilite")
_declare("FRAIS", "frais tarif tarifs tarification cout couts prix gratuit gratuite payant")
_declare("MODALITE", "modalites modalite conditions condition")
_declare("ACCES", "acces")
_declare("ACCOMP", "accompagnement accompagnements accomp accompagne")
_declare("LABEL", "label labels labellisation labelisation labellise labelise")
_declare("DISPOSITIF", "dispositif dispositifs programme programmes reseau reseaux")
_declare("FORMATION", "formation formations")
_declare("DESCRIPTION", "description descriptif presentation detail details commentaire commentaires remarque "
                        "remarques infos information informations")
_declare("RESUME", "resume courte")
_declare("ITINERANCE", "itinerance itinerant itinerante mobile")
_declare("PORTEUR", "porteuse porteur porteurs gestionnaire gestionnaires parent parente rattachement")
_declare("SOURCE", "source sources")
_declare("RDV", "rdv rendezvous")
_declare("CONTACT", "contact contacts")
# words that betray a derived column (BAN geocoder output, former values): never the producer's own field
_declare("DERIVE", "result old ancien ancienne anc geocodage ban score context")
# prefixes hubs put before everything (USER_NOM, c_nom, adr_cp): explain nothing, cost nothing
_declare("NEUTRE", "user usr c_ f fld champ col propose proposes proposee proposees disponible")
_declare("DEPT", "departement dept dpt dep")
_declare("REGION", "region pays country")

COLONNES_STANDARD = frozenset(standard.COLONNES)
CONCEPTS_NEUTRES = {"NEUTRE", "STRUCT", "CONTACT"}
PENALITE_CONCEPT = 0.12  # a known word the rule does not explain
PENALITE_INCONNU = 0.05  # an unknown word (« nv », « full »)
PENALITE_DERIVE = 0.35


@dataclass(frozen=True)
class Regle:
    champ: str
    requis: frozenset[str]
    toleres: frozenset[str]
    score: float
    partie: str = ""  # address part: numero | indice | type_voie | voie (several columns joined into `adresse`)


def _r(champ, requis, toleres="", score=0.9, partie=""):
    return Regle(champ, frozenset(requis.split()), frozenset(toleres.split()), score, partie)


REGLES: tuple[Regle, ...] = (
    _r("id", "ID", "CODE NOM", 0.85),
    _r("id", "CODE", "", 0.45),
    _r("pivot", "SIRET", "CODE NUMERO ID", 0.95),
    _r("nom", "NOM", "", 0.9),
    _r("nom", "STRUCT", "", 0.7),
    _r("adresse", "ADRESSE", "VOIE NOM", 0.9, "voie"),
    _r("adresse", "VOIE", "NOM ADRESSE", 0.85, "voie"),
    _r("adresse", "NUMERO", "ADRESSE VOIE", 0.85, "numero"),
    _r("adresse", "NUMERO VOIE", "ADRESSE COMPLEMENT COMMUNE", 0.86, "numero"),
    _r("adresse", "INDICE", "ADRESSE VOIE NUMERO", 0.75, "indice"),
    _r("adresse", "TYPE VOIE", "ADRESSE", 0.85, "type_voie"),
    _r("complement_adresse", "COMPLEMENT", "ADRESSE", 0.9),
    _r("complement_adresse", "LIEUDIT", "ADRESSE", 0.6),
    _r("complement_adresse", "BP", "ADRESSE", 0.5),
    _r("code_postal", "CP", "CODE ADRESSE COMMUNE", 0.95),
    _r("commune", "COMMUNE", "NOM ADRESSE", 0.9),
    _r("code_insee", "INSEE", "CODE COMMUNE ADRESSE", 0.95),
    _r("code_insee", "CODE COMMUNE", "ADRESSE", 0.85),
    _r("latitude", "LAT", "COORD", 0.95),
    _r("longitude", "LON", "COORD", 0.95),
    _r("latitude", "Y", "COORD", 0.6),
    _r("longitude", "X", "COORD", 0.6),
    _r("latitude", "COORD", "", 0.6),  # one cell « lat, lon » or a GeoJSON geometry: decided by the values
    _r("telephone", "TEL", "NUMERO", 0.95),
    _r("courriels", "MAIL", "ADRESSE", 0.95),
    _r("site_web", "WEB", "ADRESSE", 0.9),
    _r("horaires", "HORAIRES", "", 0.9),
    _r("date_maj", "DATE", "", 0.9),
    _r("typologie", "TYPO", "CODE", 0.85),
    _r("typologie", "TYPE", "CODE", 0.75),
    _r("services", "SERVICES", "", 0.85),
    _r("publics_specifiquement_adresses", "PUBLIC", "", 0.85),
    _r("prise_en_charge_specifique", "HANDICAP", "", 0.75),
    _r("frais_a_charge", "FRAIS", "", 0.85),
    _r("frais_a_charge", "MODALITE ACCES", "FRAIS", 0.5),
    _r("modalites_acces", "ACCES", "MODALITE", 0.8),
    _r("modalites_accompagnement", "ACCOMP", "MODALITE TYPO TYPE CODE", 0.85),
    _r("dispositif_programmes_nationaux", "DISPOSITIF", "LABEL", 0.85),
    _r("dispositif_programmes_nationaux", "LABEL", "CODE", 0.75),
    _r("formations_labels", "FORMATION LABEL", "", 0.8),
    _r("presentation_detail", "DESCRIPTION", "", 0.8),
    _r("presentation_resume", "DESCRIPTION RESUME", "", 0.85),
    _r("presentation_resume", "RESUME", "", 0.6),
    _r("itinerance", "ITINERANCE", "", 0.9),
    _r("structure_parente", "PORTEUR", "NOM", 0.85),
    _r("source", "SOURCE", "", 0.7),
    _r("prise_rdv", "RDV", "WEB", 0.8),
)


def plier(texte: str) -> str:
    """Lower case, no accents: « Numéro de Téléphone » → « numero de telephone »."""
    return sans_accents(texte or "").casefold()


# multi-word expressions read as one word before cutting
_EXPRESSIONS = (
    (r"\bn\s*[°º]", " numero "), (r"\bfrance\s*services?\b", " fs "), (r"\bma\s*j\b", " maj "),
    (r"\be\s*mail\b", " email "), (r"\bcode\s*postal\b", " cp "),
    (r"\bcode\s*insee\b", " insee "), (r"\bmise\s*a\s*jour\b", " maj "),
    (r"\blieu\s*-?\s*dit\b", " lieudit "), (r"\brendez\s*-?\s*vous\b", " rdv "), (r"\braison\s+sociale\b", " rs "),
    (r"\bsite\s*(?:internet|web)\b", " siteweb "), (r"\bnum\s*tel\b", " numtel "),
    (r"\bgeo\s*point\b", " geopoint "), (r"\blat\s*/?\s*lon[g]?\b", " latlon "),
    (r"\bsous\s*-?\s*cat(?:egorie)?\b", " sscat "),
)


def mots(nom: str) -> list[str]:
    """The words of a header: camelCase cut, accents and case folded, separators and stop words dropped."""
    nom = re.sub(r"([a-zà-ÿ])([A-Z])", r"\1 \2", nom or "")
    texte = re.sub(r"[^a-z0-9°º]+", " ", plier(nom))
    for motif, remplacement in _EXPRESSIONS:
        texte = re.sub(motif, remplacement, texte)
    return [m for m in re.findall(r"[a-z]+|\d+", texte) if m not in MOTS_VIDES]


def concepts(nom: str) -> list[str]:
    """Each word's concept, or the word itself prefixed with « ? » when unknown."""
    sortie = []
    for mot in mots(nom):
        concept = CONCEPTS.get(mot) or CONCEPTS.get(mot + "_")
        if concept is None and len(mot) > 4 and mot.endswith("s"):
            concept = CONCEPTS.get(mot[:-1])
        sortie.append(concept or "?" + mot)
    # « N_VOIE », « n° » : a lone « n » next to a street word is a house number
    if "VOIE" in sortie and "?n" in sortie:
        sortie[sortie.index("?n")] = "NUMERO"
    return sortie


@dataclass(frozen=True)
class LectureNom:
    champ: str
    score: float
    partie: str = ""


def lectures(nom: str) -> dict[str, LectureNom]:
    """Field → how well this header names it (0–1), best rule per field; empty when the name says nothing."""
    trouves = concepts(nom)
    connus = set(trouves)
    resultat: dict[str, LectureNom] = {}
    for regle in REGLES:
        if not regle.requis <= connus:
            continue
        score = regle.score
        for concept in trouves:
            if concept in regle.requis or concept in regle.toleres or concept in CONCEPTS_NEUTRES:
                continue
            if concept == "DERIVE":
                score -= PENALITE_DERIVE
            elif concept.startswith("?"):
                score -= PENALITE_INCONNU
            else:
                score -= PENALITE_CONCEPT
        score = round(max(0.0, min(1.0, score)), 3)
        if score > 0 and score > resultat.get(regle.champ, LectureNom(regle.champ, 0)).score:
            resultat[regle.champ] = LectureNom(regle.champ, score, regle.partie)
    exact = re.sub(r"[^a-z0-9]+", "_", plier(nom)).strip("_")
    if exact in COLONNES_STANDARD:  # the standard's own column name (a partly standard file): no doubt
        resultat[exact] = LectureNom(exact, 1.0, resultat[exact].partie if exact in resultat else "")
    return resultat


def nom_muet(nom: str) -> bool:
    """A header that names nothing we know (« colonne_12 », « champ 3 », empty): only its values can speak."""
    if re.fullmatch(r"(colonne|col|column|champ|field|unnamed)[\s_:]*\d*", plier(nom).strip()):
        return True
    return all(c.startswith("?") for c in concepts(nom))
