"""The door rule of lieux/consolidation/appariement.py: a service's generic name joins the structure at its door only
when the door holds that one structure, whatever the number of sources that describe it."""

from __future__ import annotations

from lieux.consolidation.appariement import REGLE_SERVICE_A_LA_PORTE, apparier
from lieux.consolidation.score import Decision

PORTE = {"adresse": "73 rue Pierre Parrocel", "commune": "Carpentras", "code_postal": "84200",
         "latitude": 44.0550, "longitude": 5.0480}


def enregistrement(ident: str, nom: str, **champs) -> dict:
    return PORTE | {"id": ident, "nom": nom, "source": ident.split("-")[0]} | champs


def decision(comparaisons, enregistrements, a: str, b: str):
    ids = [e["id"] for e in enregistrements]
    i, j = sorted((ids.index(a), ids.index(b)))
    return comparaisons[(i, j)]


def test_un_service_a_la_porte_d_une_seule_structure_decrite_par_deux_sources():
    lignes = [
        enregistrement("dora-1", "Accompagnement vers l'autonomie numérique"),
        enregistrement("cnfs-1", "Villemarie Espace social et culturel"),
        enregistrement("hub-1", "Espace social et culturel Villemarie", adresse="73 rue pierre parocel"),
    ]
    _, comparaisons = apparier(lignes)
    for autre in ("cnfs-1", "hub-1"):
        c = decision(comparaisons, lignes, "dora-1", autre)
        assert c.decision is Decision.MEME and REGLE_SERVICE_A_LA_PORTE in c.raisons


def test_un_service_a_la_porte_de_deux_structures_va_en_revue():
    # the « cité des associations »: two associations at one door, which one runs the service?
    lignes = [
        enregistrement("dora-1", "Médiation numérique"),
        enregistrement("hub-1", "L'Encre bleue"),
        enregistrement("hub-2", "Les Petits Débrouillards"),
    ]
    _, comparaisons = apparier(lignes)
    for autre in ("hub-1", "hub-2"):
        c = decision(comparaisons, lignes, "dora-1", autre)
        assert c.decision is not Decision.MEME and REGLE_SERVICE_A_LA_PORTE not in c.raisons


def test_un_service_sans_numero_sur_la_voie_d_une_seule_structure():
    lignes = [
        enregistrement("dora-1", "Ateliers numériques", adresse="Rue Pierre Parrocel", latitude=44.0561),
        enregistrement("hub-1", "Espace multimédia"),
    ]
    _, comparaisons = apparier(lignes)
    assert decision(comparaisons, lignes, "dora-1", "hub-1").decision is Decision.MEME
    # another number on the same street is not its door
    lignes[0]["adresse"] = "12 rue Pierre Parrocel"
    _, comparaisons = apparier(lignes)
    assert decision(comparaisons, lignes, "dora-1", "hub-1").decision is not Decision.MEME


def test_un_nom_de_lieu_n_est_pas_rattache_par_la_regle_du_service():
    lignes = [enregistrement("hub-1", "L'Encre bleue"), enregistrement("hub-2", "Les Petits Débrouillards")]
    _, comparaisons = apparier(lignes)
    assert decision(comparaisons, lignes, "hub-1", "hub-2").decision is not Decision.MEME


def test_en_incremental_le_service_ancien_lit_toute_sa_porte():
    # the service and one structure are old; a second, distinct structure arrives at the door: the old service
    # is not attached to it (the door now holds two structures), exactly as in a full run
    lignes = [
        enregistrement("dora-1", "Médiation numérique"),
        enregistrement("hub-1", "L'Encre bleue"),
        enregistrement("hub-2", "Les Petits Débrouillards"),
    ]
    _, incremental = apparier(lignes, nouveaux=[2])
    _, complet = apparier(lignes)
    assert incremental[(0, 2)].decision == complet[(0, 2)].decision is not Decision.MEME
    # and a second record of the same structure arriving: the service joins it
    lignes[2] = enregistrement("cnfs-1", "Encre Bleue")
    _, incremental = apparier(lignes, nouveaux=[2])
    assert incremental[(0, 2)].decision is Decision.MEME
