"""French place names: one canonical form, the kind of place a name announces, and how alike two names are.

Why not a plain fuzzy ratio: two sources name one France Services desk « MFS de Riez » and « France services
Riez », while « France Services de Vence » and « Médiathèque de Vence » share most of their letters yet are
two services. So a name is read as (1) the *catégories* it announces (France Services, bibliothèque, CCAS,
mairie…), with their French synonyms and acronyms folded into one token, and (2) its *distinctive* words: what
is left once articles, generic words (« espace », « numérique », « accueil »…) and the commune's own name are
removed. Two names agree when their distinctive words agree (one containing all of the other's is the
structure name vs service name case) and their catégories do not contradict each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from lieux.noms import nom_recherche

# Synonyms and acronyms → one category token (applied on the searchable form, longest phrases first).
# Keep the tokens ASCII, one word, and distinct from any real word.
SYNONYMES: dict[str, tuple[str, ...]] = {
    "cat_franceservices": (
        "maison france services", "maison france service", "espace france services", "france services",
        "france service", "maison de services au public", "maison des services au public",
        "maison de service au public", "maison des services publics", "mfs", "msap", "fs",
    ),
    "cat_bibliotheque": ("mediatheque", "mediatheques", "bibliotheque", "bibliotheques",
                         "bibliotheque municipale", "ludomediatheque"),
    "cat_ccas": ("centre communal d action sociale", "centre intercommunal d action sociale", "ccas", "cias"),
    "cat_epn": ("espace public numerique", "espaces publics numeriques", "epn", "cyber base", "cyberbase",
                "cyber espace", "cyberespace", "cyber centre"),
    "cat_mairie": ("hotel de ville", "mairie", "mairie annexe"),
    "cat_centresocial": ("centre social et culturel", "centre socio culturel", "centre socioculturel",
                         "espace social et culturel", "centre social", "centres sociaux", "csc",
                         "espace de vie sociale", "evs", "maison pour tous", "mpt", "cs"),
    "cat_jeunesse": ("centre regional information jeunesse", "centre information jeunesse",
                     "point information jeunesse", "bureau information jeunesse", "information jeunesse",
                     "crij", "pij", "bij"),
    "cat_missionlocale": ("mission locale",),
    # « Fabrique numérique de territoire »: the State's label for tiers-lieux, « La Fabrique » their usual name
    "cat_tierslieu": ("tiers lieu", "tiers lieux", "tierslieu", "fablab", "fab lab", "fabrique", "fabriques"),
    "cat_poste": ("la poste", "bureau de poste", "agence postale communale", "agence postale"),
    "cat_departement": ("maison du departement", "maison departementale", "conseil departemental",
                        "maison des solidarites", "mds"),
    # « CC du Sisteronais-Buëch », « ComCom de Seille et Grand Couronné »: the usual short forms
    "cat_interco": ("communaute de communes", "communaute d agglomeration", "communaute urbaine", "metropole",
                    "agglomeration", "communautes de communes", "communaute de commune", "communaute des communes",
                    "com com", "comcom", "cc",
                    # the older intercommunal unions (« France services SIVOM d'Ayen »)
                    "syndicat intercommunal a vocation multiple", "sivom", "sivu"),
    "cat_emploi": ("pole emploi", "france travail"),
    "cat_caf": ("caisse d allocations familiales", "caf"),
}

# Categories that often *host* another service in one building: a host and its guest are never the same lieu
# by name alone, but they are not a contradiction either when one name carries both (« France services Maison
# du département de Nice »). Two names whose category sets are disjoint contradict each other.
CATEGORIES = frozenset(SYNONYMES)

# A France Services desk is always carried by a *structure porteuse* and sits in its premises: a commune (its
# mairie), an intercommunality, the département (its maison du département), a CCAS, a centre social or La Poste
# (the labelling rules of the network). So « France services de Pontaumur » and « Communauté de communes
# Chavanon Combrailles et Volcans » at one door are the desk and its host: one reception point, not two kinds of
# place. A médiathèque, a mission locale or a tiers-lieu is not a porteur: a desk beside one stays a conflict.
CATEGORIES_PORTEUSES_FRANCE_SERVICES = frozenset(
    {"cat_mairie", "cat_interco", "cat_departement", "cat_ccas", "cat_centresocial", "cat_poste"})

MOTS_VIDES = frozenset(
    "le la les l de du des d au aux a et en sur sous pour par un une dans chez".split()
)
# Words that say what kind of activity or place, not which one: they never identify a lieu.
MOTS_GENERIQUES = frozenset(
    """
    bus itinerant itinerante itinerants itinerantes itinerance mobile camion
    accueil acces accompagnement agence agences aide aides aidant aidants atelier ateliers association asso antenne
    centre citoyen citoyens conseiller conseillers conseillere numerique numeriques digital
    espace espaces formation informatique initiation internet libre lieu lieux maison mediation
    permanence permanences point points public publique publics service services site social sociale
    solidaire solidarite structure inclusion individuel collectif ville commune communal communale municipal
    municipale intercommunal intercommunale bureau salle local pole annexe relais multimedia
    ecrivain sud nord est ouest provence cote azur alpes var arrondissement
    """.split()
)

# A service's name says what is done, not where: DORA and the hubs list services (« Accompagnement vers l'autonomie
# numérique », « Ateliers numériques gratuits », « Amorcer une dynamique d'insertion… ») beside the structures that
# run them. A name that announces no kind of place and starts with one of these words is such a service's name.
MOTS_ACTIVITE = frozenset(
    """
    accompagnement accompagnements accompagner accueil accueillir acces aide aider aides amorcer apprendre
    apprentissage assistance atelier ateliers cours decouverte decouvrir demarche demarches formation formations
    initiation initiations initier inclusion mediation permanence permanences sensibilisation sensibiliser soutien
    utiliser utilisation usage usages
    """.split()
)
# An arrondissement's ordinal (« Marseille 10ème », « Lyon 3e », « Paris 1er ») says where, like the commune
_ORDINAL = re.compile(r"^\d+(?:e|er|ere|eme|nd|nde)$")

# Words that make a name a vehicle or a tour (a place's « bus » is not the place)
MOTS_ITINERANCE = frozenset(
    "bus itinerant itinerante itinerants itinerantes itinerance mobile camion numeribus".split())

# A name that *starts* with the collectivity itself is the collectivity: the conseillers numériques' employers are
# written « COMMUNE DE CAPTIEUX », « Ville de X », « Département de la Sarthe ». Elsewhere in a name « commune » is a
# generic word (« Maison commune », « Cyber-commune »), so only the start of the name is read.
_COLLECTIVITE_EN_TETE = (
    (re.compile(r"^(?:commune|ville)\b(?= \w)"), "cat_mairie"),
    (re.compile(r"^departement\b(?= \w)"), "cat_departement"),
)

_PHRASES = sorted(((p, cat) for cat, ps in SYNONYMES.items() for p in ps), key=lambda pc: -len(pc[0]))
_REMPLACEMENTS = [(re.compile(r"\b" + re.escape(p) + r"\b"), cat) for p, cat in _PHRASES]
_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


@lru_cache(maxsize=65536)
def forme_canonique(nom: str) -> str:
    """« MFS d'Aups » → 'cat_franceservices aups': searchable form, synonyms folded, « St » spelt out."""
    s = nom_recherche(nom or "").replace("@", "a")  # « Esp@ce »
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    s = " ".join(_ABREVIATIONS.get(m, m) for m in s.split())
    for motif, cat in _COLLECTIVITE_EN_TETE:
        s = motif.sub(cat, s)
    for motif, cat in _REMPLACEMENTS:
        s = motif.sub(cat, s)
    return " ".join(s.split())


@lru_cache(maxsize=8192)
def mots_commune(commune: str) -> frozenset[str]:
    """The words of a commune's name (« Saint-Étienne-de-Tinée » → saint, etienne, tinee), articles left out:
    in « Médiathèque de Vence » the commune says where, not which."""
    s = re.sub(r"[^a-z0-9 ]", " ", nom_recherche(commune or ""))
    # « MARSEILLE 11 », « Marseille 14e arrondissement », « Nice cedex 1 »
    s = re.sub(r"\b(\d+|\d+e|\d+er|\d+eme|cedex|arrondissement)\b", " ", s)
    return frozenset(_ABREVIATIONS.get(m, m) for m in s.split()) - MOTS_VIDES


@dataclass(frozen=True)
class NomAnalyse:
    """A name read once: its category tokens and its distinctive words, in order."""

    brut: str
    categories: frozenset[str]
    distinctifs: tuple[str, ...]
    generiques: tuple[str, ...]  # the generic words, kept to tell « Espace informatique » from « Accueil »
    # « Bus France services », « Médiathèque mobile »: a vehicle, not the building it starts from
    itinerant: bool
    # the numbers a name carries (« Espace numérique 2 », « Point info 14 »): two names numbered differently name
    # two places, whatever their other words
    numeros: frozenset[str] = frozenset()
    # the words of its own commune the name carries (« Espace multimédia de Lux »): two names each naming their
    # own, different commune are two places, even at one point (a file placing several lieux at one spot)
    commune_nommee: frozenset[str] = frozenset()
    # all the words of the canonical form, in order (an acronym of one name is read in the other's words)
    mots: tuple[str, ...] = ()
    # the name of a service (an activity), not of a place: it can confirm a match, never deny one
    service: bool = False

    @property
    def lettres(self) -> str:
        """The name's letters without its kind of place and articles (« Espaces Mimont » → 'espacesmimont'), to
        read it in an e-mail domain."""
        return "".join(m for m in self.mots if m not in CATEGORIES and m not in MOTS_VIDES)

    @property
    def informatif(self) -> bool:
        """False for a service's generic name (« Médiation numérique », « Accueil individuel »): it says
        nothing about which place it is, so it can neither confirm nor deny a match."""
        return bool(self.categories or self.distinctifs)


def analyse(nom: str, commune: str = "") -> NomAnalyse:
    mots = forme_canonique(nom).split()
    communes = mots_commune(commune)
    categories = frozenset(m for m in mots if m in CATEGORIES)
    distinctifs = tuple(
        m for m in mots
        if m not in CATEGORIES and m not in MOTS_VIDES and m not in MOTS_GENERIQUES and m not in communes
        and not m.isdigit() and len(m) > 1 and not _ORDINAL.match(m)
    )
    generiques = tuple(m for m in mots if m in MOTS_GENERIQUES)
    numeros = frozenset(m.lstrip("0") or "0" for m in mots if m.isdigit())
    commune_nommee = frozenset(m for m in mots if m in communes and m not in MOTS_VIDES and len(m) > 1)
    premier = next((m for m in mots if m not in MOTS_VIDES), "")
    service = not categories and premier in MOTS_ACTIVITE
    return NomAnalyse(nom, categories, distinctifs, generiques, any(m in MOTS_ITINERANCE for m in mots), numeros,
                      commune_nommee, tuple(mots), service)


@dataclass(frozen=True)
class SimilariteNom:
    """Evidence from two names. `score` is None when the names cannot tell (a generic service name)."""

    score: float | None
    categories_communes: frozenset[str]
    categories_en_conflit: bool  # both names announce a kind of place, and no kind in common
    inclusion: bool  # the distinctive words of one are all in the other (structure name vs service name)
    # one name announces a France Services desk, the other only the kind of structure that carries such desks
    # (« France services de X » / « Communauté de communes Y »): their words are not expected to agree
    porteur: bool = False
    # one name announces a France Services desk, the other announces no kind of place at all (« Le Patio »,
    # « L'Étape », « Association du numérique »): the desk's host is often an association or a named building,
    # outside the porteur categories; only the very same door can tell (score._decider)
    hote_possible: bool = False
    # `porteur`, but the desk names its own porteur, of another kind (« CS X - France services » / « Maison
    # départementale des solidarités »): perhaps the desk's neighbour, so only the very same door can tell
    porteur_autre: bool = False


# When only the category can be compared (« Médiathèque » vs « Médiathèque Louis Aragon » in one commune)
SCORE_CATEGORIE_SEULE = 0.75
# Both names reduced to the same categories and nothing else (« MFS » vs « France services » of one commune),
# or to the same generic words (« Esp@ce informatique » vs « Espace Informatique »)
SCORE_CATEGORIES_SEULES_EGALES = 0.9
# Both reduced to categories that overlap without being equal (« EPN France Services » vs « France services »)
SCORE_CATEGORIES_SEULES_PROCHES = 0.85


def _inclus(petits: tuple[str, ...], grands: tuple[str, ...]) -> bool:
    """Every word of `petits` in `grands`, allowing a typo in words of 5 letters or more."""
    for mot in petits:
        if mot in grands:
            continue
        if len(mot) >= 5 and any(len(g) >= 5 and fuzz.ratio(mot, g) >= 85 for g in grands):
            continue
        return False
    return True


def _porteur(guichet: NomAnalyse, hote: NomAnalyse) -> bool:
    """A desk and the kind of structure that carries it; a bus is carried by no building, but the département's
    bus and the « France services itinérante » it drives are one (both itinerant)."""
    return ("cat_franceservices" in guichet.categories and guichet.itinerant == hote.itinerant
            and bool(hote.categories) and hote.categories <= CATEGORIES_PORTEUSES_FRANCE_SERVICES)


def _categories_lues(a: NomAnalyse) -> frozenset[str]:
    """A France Services desk named with its porteur (« France services SIVOM d'Ayen », « France services Maison du
    département de Nice ») announces the desk: the porteur says who runs it."""
    if "cat_franceservices" in a.categories:
        return a.categories - CATEGORIES_PORTEUSES_FRANCE_SERVICES
    return a.categories


def _hote(guichet: NomAnalyse, hote: NomAnalyse) -> bool:
    return "cat_franceservices" in guichet.categories and not guichet.itinerant and not hote.categories


@lru_cache(maxsize=65536)
def _initiales(mots: tuple[str, ...]) -> tuple[str, tuple[int, ...]]:
    """The first letters of the words but articles (« # » for a category or a number), with their positions."""
    pleins = [(k, m) for k, m in enumerate(mots) if m not in MOTS_VIDES]
    lettres = "".join("#" if m in CATEGORIES or m[0].isdigit() else m[0] for _, m in pleins)
    return lettres, tuple(k for k, _ in pleins)


def _sigle(mot: str, mots: tuple[str, ...]) -> tuple[int, int] | None:
    """Where `mot` is the acronym of consecutive words of `mots` (articles skipped, « UDAF » in « Union
    départementale des associations familiales »): (start, end) positions, or None."""
    lettres, positions = _initiales(mots)
    debut = lettres.find(mot)
    if debut < 0:
        return None
    return positions[debut], positions[debut + len(mot) - 1]


def _avec_sigles(a: NomAnalyse, b: NomAnalyse) -> tuple[str, ...]:
    """`b`'s distinctive words, where a run of them spelt by an acronym of `a` (3 to 6 letters) is replaced by it:
    « UDAF Citez des talents » / « Citez des talents, Union départementale des associations familiales »."""
    distinctifs = list(b.distinctifs)
    for mot in a.distinctifs:
        if 3 <= len(mot) <= 6 and mot.isalpha() and mot not in b.distinctifs:
            if (serie := _sigle(mot, b.mots)) is not None:
                remplaces = set(b.mots[serie[0]:serie[1] + 1])
                distinctifs = [m for m in distinctifs if m not in remplaces] + [mot]
    return tuple(distinctifs)


def _mots_distinctifs(da: tuple[str, ...], db: tuple[str, ...]) -> tuple[float, bool]:
    """(score, inclusion) of two lists of distinctive words."""
    if not da or not db:
        return 0.0, False
    petits, grands = sorted((da, db), key=len)
    inclusion = _inclus(petits, grands)
    ratio = fuzz.token_sort_ratio(" ".join(da), " ".join(db)) / 100
    score = max(ratio, 0.9 if inclusion else 0.0)
    if inclusion and len(petits) == 1 and len(petits[0]) <= 3 and len(grands) > 1:
        score = min(score, 0.75)  # one short word in common (« AFT ») is thin evidence
    return score, inclusion


def similarite(a: NomAnalyse, b: NomAnalyse) -> SimilariteNom:
    """How alike two names are. A service's name (`NomAnalyse.service`) may confirm the other name, never deny it:
    « Ateliers numériques gratuits » says nothing of the structure that runs them."""
    s = _similarite(a, b)
    if (a.service != b.service and s.score is not None and s.score < SCORE_CATEGORIE_SEULE
            and not s.categories_en_conflit):
        return SimilariteNom(None, s.categories_communes, False, False,
                             hote_possible=_hote(a, b) or _hote(b, a))
    return s


def _similarite(a: NomAnalyse, b: NomAnalyse) -> SimilariteNom:
    communes = a.categories & b.categories
    conflit = bool(a.categories and b.categories and not communes)
    if a.numeros and b.numeros and not a.numeros & b.numeros:
        return SimilariteNom(0.0, communes, conflit, False)  # « Lieu 1 » / « Lieu 2 »: numbered apart
    if a.commune_nommee and b.commune_nommee and not a.commune_nommee & b.commune_nommee:
        return SimilariteNom(0.0, communes, conflit, False)  # « … de Lux » / « … de Saint-Rémy »
    if conflit and (_porteur(a, b) or _porteur(b, a)):
        # a desk that names its own porteur (« CS Evre et Mauges - France services ») facing another porteur
        guichet = a if "cat_franceservices" in a.categories else b
        autre = bool(guichet.categories & CATEGORIES_PORTEUSES_FRANCE_SERVICES)
        return SimilariteNom(None, communes, False, False, porteur=True, porteur_autre=autre)
    if a.distinctifs and b.distinctifs:
        # an acronym of one name spelt out in the other (« UDAF » / « Union départementale des associations
        # familiales ») can only help: the better of the two readings
        score, inclusion = max(_mots_distinctifs(a.distinctifs, b.distinctifs),
                               _mots_distinctifs(_avec_sigles(b, a), _avec_sigles(a, b)))
        return SimilariteNom(score, communes, conflit, inclusion)
    if not a.distinctifs and not b.distinctifs:
        if communes:
            egales = _categories_lues(a) == _categories_lues(b)
            score = SCORE_CATEGORIES_SEULES_EGALES if egales else SCORE_CATEGORIES_SEULES_PROCHES
            return SimilariteNom(score, communes, conflit, True)
        memes_generiques = sorted(a.generiques) == sorted(b.generiques)
        if not a.categories and not b.categories and a.generiques and memes_generiques:
            return SimilariteNom(SCORE_CATEGORIES_SEULES_EGALES, communes, conflit, True)
        return SimilariteNom(None, communes, conflit, False, hote_possible=_hote(a, b) or _hote(b, a))
    # one name has distinctive words, the other only a category (or nothing)
    if communes:
        return SimilariteNom(SCORE_CATEGORIE_SEULE, communes, conflit, True)
    return SimilariteNom(None, communes, conflit, False, hote_possible=_hote(a, b) or _hote(b, a))


def similarite_noms(nom_a: str, nom_b: str, commune_a: str = "", commune_b: str = "") -> SimilariteNom:
    """Shortcut for tests and scripts: analyse both names, compare them."""
    return similarite(analyse(nom_a, commune_a), analyse(nom_b, commune_b))


def courriel_nomme(a, b) -> bool:
    """The e-mail domain of one record spells the other's name (« permanence@espacesmimont.org » / « Espaces
    Mimont », « …@vaison-ventoux.fr » / « Communauté de communes Vaison Ventoux »): the first writes from the
    second's premises. Generic providers (gmail, orange…) never count, nor a domain both records write from: then
    it is their common employer's (« sdl@lacharente.fr » for the département and its library service), which the
    shared e-mail already counts."""
    for f, g in ((a, b), (b, a)):
        lettres = g.nom.lettres
        if len(lettres) < 6:
            continue
        for domaine in f.domaines - g.domaines:
            if domaine == lettres or (len(domaine) >= 8 and len(lettres) >= 8
                                      and (domaine in lettres or lettres in domaine)):
                return True
    return False
