"""The « à corriger » file of a source: the rows of its file that need the producer's attention, each with why.

Five kinds of problem (`type_probleme`), one line of plain French each in `motif_a_corriger`:
- `rejetee`: a row of its latest import refused (its errors), given back as received;
- `perimee`: a record whose `date_maj` is more than a year old;
- `doublon_possible`: a record in a doubtful pair still waiting for a person (lieux/admin_consolidation.py);
- `corrigee_a_l_import`: values our import had to correct or drop (imports/a_corriger_ecarts.py);
- `modifiee_par_un_coordinateur`: a field a person changed and that is kept against the file (lieux.VerrouChamp).

One line per row of the producer (a record with several problems has them all, joined), rejected rows first in the
file's order, then the records by identifier. Only what the producer itself sent comes back to it: the other lieu of
a doubtful pair is named by its name, commune and source, and a coordinator's value of a contact field (phone,
e-mail) is never written. Writers: imports/a_corriger_fichiers.py; docs/a-corriger.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from lieux import standard
from lieux.models import PaireRapprochement, Provenance, VerrouChamp
from lieux.perimetres import est_national, q_perimetre

from . import a_corriger_ecarts as ecarts
from .colonnes import CIBLES
from .lecteurs.base import cle_colonne
from .models import ImportRun, LigneImport, Source

REJETEE, PERIMEE, DOUBLON, CORRIGEE, MODIFIEE = (
    "rejetee", "perimee", "doublon_possible", "corrigee_a_l_import", "modifiee_par_un_coordinateur")
TYPES = (REJETEE, PERIMEE, DOUBLON, CORRIGEE, MODIFIEE)
COLONNES_EN_PLUS = ("type_probleme", "motif_a_corriger")
# a person's value of these fields may be someone's contact: never sent back to the producer
CONTACTS = frozenset({"telephone", "courriels"})


class PasDeProfil(ValueError):
    """The source's own columns were asked for a source read without a profile."""


@dataclass
class LigneACorriger:
    id_source: str
    numero: int | None = None  # the row of the file, for a rejected row
    types: list[str] = field(default_factory=list)
    motifs: list[str] = field(default_factory=list)
    standard: dict = field(default_factory=dict)  # standard column → value (the record's, or the row as received)
    brut: dict = field(default_factory=dict)  # the row as the producer sent it, its own column names

    def ajoute(self, type_probleme: str, motif: str):
        if type_probleme not in self.types:
            self.types.append(type_probleme)
        self.motifs.append(motif)


# --- which runs, which profile -------------------------------------------------------------------------------------

def _avec_detail(runs):
    return runs.filter(detail_purge_le__isnull=True)


def run_des_rejets(source: Source) -> ImportRun | None:
    """The latest run that read a file of the source (applied, or analysed and not applied yet), detail kept."""
    runs = _avec_detail(source.imports.filter(statut__in=(ImportRun.Statut.APPLIQUE, ImportRun.Statut.ANALYSE)))
    return runs.filter(lignes_lues__gt=0).order_by("-cree_le", "-pk").first()


def run_applique(source: Source) -> ImportRun | None:
    return _avec_detail(source.imports.appliques()).order_by("-applique_le", "-pk").first()


def profil_de(source: Source):
    """The source's saved profile, else the one its latest file was read with (None: the standard's columns)."""
    from .correspondance.profil import Profil, ProfilInvalide

    run = source.imports.exclude(profil=None).order_by("-cree_le", "-pk").first()
    for donnees in (source.profil, run.profil if run else None):
        try:
            if donnees:
                return Profil.depuis_dict(donnees)
        except ProfilInvalide:
            continue
    return None


def colonnes_du_profil(profil) -> dict[str, str]:
    """Field → the producer's column(s) that feed it, to name them in the reasons."""
    return {r.champ: " + ".join(r.colonnes) for r in profil.regles} if profil else {}


# --- the rows ------------------------------------------------------------------------------------------------------

def _date(valeur: dt.date) -> str:
    return valeur.strftime("%d/%m/%Y")


def il_y_a_un_an(aujourd_hui: dt.date) -> dt.date:
    try:
        return aujourd_hui.replace(year=aujourd_hui.year - 1)
    except ValueError:  # 29 February
        return aujourd_hui.replace(year=aujourd_hui.year - 1, day=28)


def standard_du_brut(brut: dict, profil) -> dict:
    """A received row in the standard's columns: through the profile, or by the standard's column names."""
    if not isinstance(brut, dict):
        return {}
    if profil is not None:
        from .correspondance.application import appliquer

        entree, _ = appliquer(profil, brut)
        return {c: entree.get(c) for c in standard.COLONNES}
    resultat = {}
    for colonne, valeur in brut.items():
        champ = CIBLES.get(cle_colonne(colonne))
        if champ in standard.COLONNES and champ not in resultat:
            resultat[champ] = valeur
    return resultat


def standard_de_l_enregistrement(provenance: Provenance) -> dict:
    valeurs = provenance.valeurs or {}
    ligne = {c: valeurs.get(c) for c in standard.COLONNES if c not in ("latitude", "longitude")}
    ligne["id"] = provenance.id_source
    ligne["latitude"], ligne["longitude"] = ecarts.coordonnees(valeurs)
    return ligne


def _rejetees(source: Source, profil, colonnes: dict) -> list[LigneACorriger]:
    run = run_des_rejets(source)
    if run is None:
        return []
    quand = run.applique_le or run.analyse_le or run.cree_le
    lignes = []
    rejets = run.lignes.filter(statut=LigneImport.Statut.REJETE).order_by("numero", "pk")
    for numero, id_source, messages, brut in rejets.values_list("numero", "id_source", "messages", "donnees_brutes"):
        ligne = LigneACorriger(id_source=id_source, numero=numero, brut=brut if isinstance(brut, dict) else {},
                               standard=standard_du_brut(brut, profil))
        erreurs = [ecarts.phrase_message(champ, texte, colonnes) for champ, niveau, texte in messages or []
                   if niveau == "erreur"] or ["ligne refusée"]
        debut = f"Ligne {numero} refusée à l'import du {_date(timezone.localtime(quand).date())}"
        ligne.ajoute(REJETEE, f"{debut} : {erreurs[0]}")
        for erreur in erreurs[1:]:
            ligne.ajoute(REJETEE, f"{debut} : {erreur}")
        lignes.append(ligne)
    return lignes


def _avertissements(source: Source) -> dict[str, list[tuple[str, str]]]:
    """id in the source → [(field, text)] of the warnings its row got at the latest applied import."""
    run = run_applique(source)
    if run is None:
        return {}
    resultat: dict[str, list[tuple[str, str]]] = {}
    lignes = run.lignes.exclude(statut__in=(LigneImport.Statut.REJETE, LigneImport.Statut.ARCHIVE)).exclude(
        messages=[]).values_list("id_source", "messages")
    for id_source, messages in lignes.iterator(chunk_size=2000):
        avertissements = [(champ, texte) for champ, niveau, texte in messages or [] if niveau == "avertissement"]
        if avertissements:
            resultat[id_source] = avertissements
    return resultat


def _doublons(provenances, source: str, eux: set[int]) -> dict[int, list[str]]:
    """Record pk → « peut-être le même lieu que … » for each doubtful pair still waiting for a person
    (`provenances`: the records as a queryset, `eux` their pks)."""
    from lieux.admin_consolidation import file_de_revue

    ids = provenances.values("pk")
    paires = file_de_revue(PaireRapprochement.objects.filter(Q(a_id__in=ids) | Q(b_id__in=ids))).select_related(
        "a", "b").order_by("-score", "pk")
    resultat: dict[int, list[str]] = {}
    for paire in paires:
        for moi, autre in ((paire.a, paire.b), (paire.b, paire.a)):
            if not (moi.source == source and moi.actif and moi.pk in eux):
                continue
            valeurs = autre.valeurs or {}
            nom = valeurs.get("nom") or autre.id_source
            commune = f", {valeurs['commune']}" if valeurs.get("commune") else ""
            ou = (f"votre propre fichier, identifiant {autre.id_source}" if autre.source == moi.source
                  else f"source {autre.source}")
            distance = f", à {paire.distance_m:.0f} m" if paire.distance_m is not None else ""
            resultat.setdefault(moi.pk, []).append(
                f"Peut-être le même lieu que « {nom} »{commune} ({ou}{distance}) : s'il s'agit du même lieu, "
                "gardez une seule ligne ; sinon, distinguez leurs noms ou leurs adresses.")
    return resultat


def _valeur_lisible(champ: str, valeur) -> str:
    if champ == "localisation" and isinstance(valeur, str):
        lat, lon = ecarts.coordonnees({"localisation": valeur})
        return f"{lat}, {lon}" if lat is not None else valeur
    return ecarts.texte(valeur) or "(vide)"


def _modifiees(provenances, qs) -> dict[int, list[str]]:
    """Record pk → « le fichier dit X, la valeur retenue est Y » for each field a person changed that is kept."""
    from lieux import verrous as regles_verrous

    par_lieu: dict[int, list[Provenance]] = {}
    for p in provenances:
        par_lieu.setdefault(p.lieu_id, []).append(p)
    resultat: dict[int, list[str]] = {}
    for verrou in VerrouChamp.objects.filter(lieu_id__in=qs.values("lieu_id")).order_by("champ"):
        if verrou.lieu_id not in par_lieu:
            continue
        for p in par_lieu[verrou.lieu_id]:
            fichier = (p.valeurs or {}).get(verrou.champ)
            if not p.valeurs or regles_verrous.pareil(fichier, verrou.valeur_saisie):
                continue
            nom = "latitude/longitude" if verrou.champ == "localisation" else verrou.champ
            retenue = ("une autre valeur, non reproduite ici (coordonnées saisies par un coordinateur)"
                       if verrou.champ in CONTACTS else f"« {_valeur_lisible(verrou.champ, verrou.valeur_saisie)} »")
            resultat.setdefault(p.pk, []).append(
                f"{nom} : le fichier dit « {_valeur_lisible(verrou.champ, fichier)} », la valeur retenue est "
                f"{retenue} (modifiée par un coordinateur le {_date(timezone.localtime(verrou.pose_le).date())}).")
    return resultat


def provenances_de(source: Source, utilisateur=None):
    """The source's active records; for an account that is not national, those of lieux in its territory."""
    provenances = Provenance.objects.filter(source=source.nom, actif=True)
    if utilisateur is not None and not est_national(utilisateur):
        provenances = provenances.filter(q_perimetre(utilisateur, "lieu__commune_officielle"))
    return provenances.order_by("id_source", "pk")


def rejets_visibles(source: Source, utilisateur=None) -> bool:
    """Rejected rows have no lieu to scope them by: shown to national accounts, and to an account that may import
    into the source (all its lieux are in the account's territory, imports/perimetres.py)."""
    from .perimetres import source_modifiable

    return utilisateur is None or source_modifiable(utilisateur, source)


def lignes_a_corriger(source: Source, utilisateur=None, aujourd_hui: dt.date | None = None,
                      profil=False) -> list[LigneACorriger]:
    """The rows of the file, in order. `utilisateur`: the account asking (None: the operators' command).
    `profil`: the profile to name the producer's columns with (default: `profil_de(source)`)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    profil = profil_de(source) if profil is False else profil
    colonnes = colonnes_du_profil(profil)
    lignes = _rejetees(source, profil, colonnes) if rejets_visibles(source, utilisateur) else []
    provenances = list(provenances_de(source, utilisateur))
    qs = provenances_de(source, utilisateur)
    avertissements = _avertissements(source)
    doublons = _doublons(qs, source.nom, {p.pk for p in provenances})
    modifiees = _modifiees(provenances, qs)
    limite = il_y_a_un_an(aujourd_hui)
    for p in provenances:
        ligne = LigneACorriger(id_source=p.id_source, standard=standard_de_l_enregistrement(p),
                               brut=p.donnees_brutes if isinstance(p.donnees_brutes, dict) else {})
        if p.date_maj is not None and p.date_maj < limite:
            ligne.ajoute(PERIMEE, f"Date de mise à jour : {_date(p.date_maj)}, il y a plus d'un an : vérifiez les "
                                  f"informations de ce lieu, puis inscrivez la date de cette vérification dans la "
                                  f"colonne « {colonnes.get('date_maj', 'date_maj')} ».")
        for motif in doublons.get(p.pk, []):
            ligne.ajoute(DOUBLON, motif)
        dits = avertissements.get(p.id_source, [])
        for champ, texte in dits:
            ligne.ajoute(CORRIGEE, ecarts.phrase_message(champ, texte, colonnes))
        deja_dits = frozenset(champ for champ, _ in dits)
        for ecart in ecarts.ecarts(ligne.brut, p.valeurs, profil, deja_dits) if p.valeurs else []:
            ligne.ajoute(CORRIGEE, ecarts.phrase_ecart(*ecart))
        for motif in modifiees.get(p.pk, []):
            ligne.ajoute(MODIFIEE, motif)
        if ligne.types:
            lignes.append(ligne)
    _versions_gardees(lignes, provenances)
    return lignes


def _versions_gardees(lignes: list[LigneACorriger], provenances: list[Provenance]):
    """A rejected row whose lieu we already had from an earlier file: say that the earlier version stays."""
    recues = {p.id_source: p.recue_le for p in provenances}
    for ligne in lignes:
        if ligne.numero is not None and ligne.id_source in recues:
            quand = _date(timezone.localtime(recues[ligne.id_source]).date())
            ligne.ajoute(REJETEE, f"En attendant, la version de ce lieu reçue le {quand} reste publiée.")


def compte_par_type(lignes: list[LigneACorriger]) -> dict[str, int]:
    return {t: sum(t in ligne.types for ligne in lignes) for t in TYPES}
