"""Two small sources describing Vence (Alpes-Maritimes), imported for the consolidation's review tests:
- A1 / B1, « Médiathèque de Vence » / « Bibliothèque municipale Vence », same address: merged by the score;
- A2 / B2 and A3 / B3: same names on one street, 22 m apart, numbers far apart (score 5): doubtful, in the review
  queue;
- A4 / B4: two distinct places.
Contacts are made up (example.org, 04 93 00 00 0x)."""

import html
import re
from types import SimpleNamespace

from lieux.consolidation.execution import consolider
from lieux.models import Lieu, Provenance
from tests.outils_import import fichier, importe

SOURCE_A, SOURCE_B = "vence-a", "vence-b"
VENCE = {"commune": "Vence", "code_postal": "06140", "code_insee": "06157",
         "services": "Aide aux démarches administratives"}


def _ligne(ident, nom, adresse, lat, lon, **valeurs):
    return {"id": ident, "nom": nom, "adresse": adresse, "latitude": lat, "longitude": lon, "date_maj": "2024-04-02",
            **VENCE, **valeurs}


def lignes_a(date_maj="2024-04-02"):
    return [
        _ligne("A1", "Médiathèque de Vence", "2 place Clemenceau", "43.7225", "7.1117", telephone="+33493000001",
               horaires="Mo-Fr 09:00-12:00", date_maj=date_maj),
        _ligne("A2", "Espace numérique Les Pins", "5 chemin des Pins", "43.7300", "7.1200", date_maj=date_maj),
        _ligne("A3", "Atelier du Moulin", "12 route de Grasse", "43.7180", "7.1050", date_maj=date_maj),
        _ligne("A4", "EPN La Source", "1 rue du Marché", "43.7100", "7.1000", date_maj=date_maj),
    ]


def lignes_b(date_maj="2024-05-02"):
    return [
        _ligne("B1", "Bibliothèque municipale Vence", "2 place Clemenceau", "43.7226", "7.1117",
               horaires="Tu-Sa 10:00-18:00", courriels="bibliotheque@example.org", date_maj=date_maj),
        _ligne("B2", "Maison Les Pins", "25 chemin des Pins", "43.7302", "7.1200", date_maj=date_maj),
        _ligne("B3", "Le Moulin", "30 route de Grasse", "43.7182", "7.1050", date_maj=date_maj),
        _ligne("B4", "Atelier Clic", "3 boulevard Paul André", "43.7150", "7.1150", date_maj=date_maj),
    ]


def importer_vence(tmp_path, date_a="2024-04-02", date_b="2024-05-02") -> SimpleNamespace:
    """Import both sources (again: changed dates make every record « modifié », compared anew)."""
    for source, lignes in ((SOURCE_A, lignes_a(date_a)), (SOURCE_B, lignes_b(date_b))):
        run = importe(fichier(tmp_path, lignes, f"{source}-{date_a}-{date_b}.csv"), source)
        assert run.statut == run.Statut.APPLIQUE, run.erreur
    return enregistrements()


def enregistrements() -> SimpleNamespace:
    p = {x.id_source: x for x in Provenance.objects.filter(source__in=(SOURCE_A, SOURCE_B))}
    return SimpleNamespace(**p)


def reimporter_et_tout_recalculer(tmp_path) -> SimpleNamespace:
    """Every record received again with a new date, then the whole consolidation run again (`consolider --tout`)."""
    importer_vence(tmp_path, "2024-06-01", "2024-06-02")
    consolider(tout=True)
    return enregistrements()


def lieu_de(p: Provenance) -> Lieu:
    return Lieu.objects.get(uid=Provenance.objects.get(pk=p.pk).lieu_id)


def texte_visible(page: str) -> str:
    """The page's text as read: no scripts, styles, tags nor attributes."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


MOTS_ANGLAIS = re.compile(r"\b(None|True|False|Save|Delete|Change|Add|Select|History|Yes|No|the|and|of|Unknown)\b")


def verifier_texte(page: str):
    texte = texte_visible(page)
    assert "{{" not in page and "{%" not in page and "variable de gabarit manquante" not in page
    assert not MOTS_ANGLAIS.findall(texte), MOTS_ANGLAIS.findall(texte)
