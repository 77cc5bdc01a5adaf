"""What the orientation path says to people: the 9 services grouped as on the national map, in plain French, with
examples for « En savoir plus », and the labels of the accessibility step. Values are the standard's (lieux.standard).
"""

from __future__ import annotations

from dataclasses import dataclass

from lieux import standard


@dataclass(frozen=True)
class Besoin:
    service: str  # value of the standard
    description: str
    exemples: tuple[str, ...]


@dataclass(frozen=True)
class Groupe:
    titre: str
    besoins: tuple[Besoin, ...]


GROUPES_DE_BESOINS: tuple[Groupe, ...] = (
    Groupe("Apprentissage de base", (
        Besoin("Maîtrise des outils numériques du quotidien",
               "Apprendre à se servir d'un ordinateur, d'une tablette ou d'un smartphone : mails, réseaux sociaux, "
               "achats et prise de rendez-vous en ligne.",
               ("Créer une adresse mail et envoyer une pièce jointe", "Installer une application sur son téléphone",
                "Appeler ses proches en visio", "Ranger ses photos et ses documents")),
    )),
    Groupe("Démarches", (
        Besoin("Aide aux démarches administratives",
               "Être aidé pour faire ses démarches en ligne : CAF, Assurance maladie (Ameli), France Travail, impôts, "
               "Mon espace santé…",
               ("Déclarer ses revenus en ligne", "Demander le RSA ou la prime d'activité",
                "Créer son compte Ameli", "Scanner et envoyer un justificatif")),
        Besoin("Insertion professionnelle via le numérique",
               "Rédiger un CV, chercher un emploi ou une formation sur internet.",
               ("Créer son espace France Travail", "Répondre à une offre d'emploi en ligne",
                "Préparer un entretien en visio", "Trouver une formation")),
    )),
    Groupe("Culture numérique", (
        Besoin("Compréhension du monde numérique",
               "Comprendre le numérique et ses enjeux : fausses informations, données personnelles, intelligence "
               "artificielle.",
               ("Repérer une fausse information", "Savoir ce que deviennent ses données",
                "Comprendre ce qu'est une intelligence artificielle")),
        Besoin("Utilisation sécurisée du numérique",
               "Naviguer de manière sûre et responsable : mots de passe, arnaques, protection de ses comptes.",
               ("Choisir un bon mot de passe", "Reconnaître un faux SMS ou un faux mail",
                "Protéger ses comptes et son téléphone")),
        Besoin("Loisirs et créations numériques",
               "Créer et se divertir avec le numérique : photo, vidéo, musique, fablab.",
               ("Retoucher ses photos", "Monter une vidéo", "Découvrir l'impression 3D dans un fablab")),
        Besoin("Parentalité et éducation avec le numérique",
               "Être parent à l'ère du numérique : écrans, contrôle parental, espace numérique de travail de l'école, "
               "applications éducatives.",
               ("Mettre en place le contrôle parental", "Suivre la scolarité sur l'ENT ou Pronote",
                "Parler des écrans en famille")),
    )),
    Groupe("Manque de matériel", (
        Besoin("Accès internet et matériel informatique",
               "Utiliser sur place un ordinateur, une imprimante, un scanner ou le wifi.",
               ("Imprimer ou scanner un document", "Utiliser un ordinateur connecté à internet",
                "Se connecter au wifi")),
        Besoin("Acquisition de matériel informatique à prix solidaire",
               "Acheter un ordinateur, un smartphone, une clé 4G ou un forfait à petit prix.",
               ("Acheter un ordinateur reconditionné", "Obtenir un forfait ou une clé 4G à tarif solidaire")),
    )),
)

BESOINS = {b.service: b for g in GROUPES_DE_BESOINS for b in g.besoins}
assert set(BESOINS) == set(standard.SERVICES), "chacun des 9 services du standard a sa tuile"

# « Accessibilité et publics »: (value, hint) in a reading order people expect
PRISES_EN_CHARGE = (
    ("Surdité", "Accueil en langue des signes ou avec des outils adaptés"),
    ("Handicaps moteurs", "Lieu et accompagnement adaptés aux personnes à mobilité réduite"),
    ("Handicaps mentaux", "Accompagnement adapté aux handicaps mentaux ou psychiques"),
    ("Déficience visuelle", "Outils et accompagnement pour les personnes aveugles ou malvoyantes"),
    ("Illettrisme", "Accompagnement des personnes qui ont du mal à lire ou à écrire"),
    ("Langues étrangères (anglais)", "Accueil possible en anglais"),
    ("Langues étrangères (autres)", "Accueil possible dans d'autres langues"),
)
assert {v for v, _ in PRISES_EN_CHARGE} == set(standard.PRISE_EN_CHARGE_SPECIFIQUE)
PUBLICS = tuple((v, "") for v in standard.PUBLICS_SPECIFIQUEMENT_ADRESSES)

ETAPES = (
    ("besoin", "Besoin", "Quel est le besoin de la personne ?"),
    ("localisation", "Localisation", "Où se trouve la personne ?"),
    ("accessibilite", "Accessibilité et publics", "La personne a-t-elle besoin d'un accueil adapté ?"),
    ("disponibilite", "Disponibilité", "Quand la personne est-elle disponible ?"),
)
