"""Lieux committed for browser tests (the live server reads them from its own connection), in real communes."""

import datetime as dt

from django.contrib.gis.geos import Point

from lieux.models import Commune, Lieu, Provenance

SOURCE = "test-navigateur"
NOM_PIEGE = "<img src=x onerror=alert(1)>"

# (nom, code INSEE, longitude, latitude, services)
LIEUX = [
    ("Médiathèque Toussaint", "49007", -0.5536, 47.4739, ["Aide aux démarches administratives"]),
    ("EPN de Saumur", "49328", -0.0769, 47.2600, ["Maîtrise des outils numériques du quotidien"]),
    ("France Services Cholet", "49099", -0.8794, 47.0600, ["Aide aux démarches administratives"]),
    ("Espace numérique Rennes", "35238", -1.6800, 48.1110, ["Loisirs et créations numériques"]),
    ("Centre social Lyon 3e", "69383", 4.8500, 45.7580, ["Accès internet et matériel informatique"]),
    (NOM_PIEGE, "49007", -0.5600, 47.4700, ["Compréhension du monde numérique"]),
    ("Cyberbase de Saint-Denis", "97411", 55.4500, -20.8800, ["Aide aux démarches administratives"]),
]


def creer_lieux_committes():
    lieux = []
    for i, (nom, code, lon, lat, services) in enumerate(LIEUX):
        commune = Commune.objects.select_related("departement").get(code=code)
        parente = commune.commune_parente or commune
        lieu = Lieu.objects.create(
            id=f"nav-{i}", nom=nom, commune=parente.nom, code_postal=commune.codes_postaux[0], code_insee=commune.code,
            adresse=f"{i + 1} rue de la République", date_maj=dt.date(2026, 10, 1), source=SOURCE,
            localisation=Point(lon, lat, srid=4326), services=services, horaires="Mo-Fr 09:00-17:00",
            telephone="+33241000000", commune_officielle=commune, departement=commune.departement,
            region_id=commune.region_id, epci_id=commune.epci_id,
        )
        Provenance.objects.create(lieu=lieu, source=SOURCE, id_source=lieu.id, donnees_brutes={"nom": nom},
                                  recue_le=dt.datetime(2026, 10, 1, tzinfo=dt.UTC))
        lieux.append(lieu)
    return lieux


def supprimer_lieux_committes():
    Provenance.objects.filter(source=SOURCE).delete()
    Lieu.objects.filter(source=SOURCE).delete()


OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


AIDE = "Aide aux démarches administratives"


AUTOUR_D_ANGERS = f"services={AIDE}&latitude=47.4739&longitude=-0.5536&distance=100000&adresse=Angers"


PAGES_DU_SITE = [  # every kind of public page, for the checks of what a person sees
    "/", "/carte/", "/carte/?departement=49", "/carte/?q=zzzz", "/territoires/region/52/",
    "/territoires/departement/49/", "/territoires/commune/49007/", "/orientation/", "/orientation/besoin/",
    f"/orientation/localisation/?services={AIDE}", f"/orientation/accessibilite/?{AUTOUR_D_ANGERS}",
    f"/orientation/disponibilite/?{AUTOUR_D_ANGERS}", f"/orientation/resultats/?{AUTOUR_D_ANGERS}",
    "/integrer/", "/embed/carte/?departement=49", "/embed/orientation/?departement=49", "/admin/login/",
    "/api/docs/", "/plan-du-site/", "/recherche/?q=angers", "/accessibilite/", "/donnees-personnelles/",
    "/mentions-legales/",
]
