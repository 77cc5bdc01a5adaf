"""What the consolidation remembers (lieux/consolidation/): the pairs of source records it compared and found worth
keeping (same or doubtful), the decisions people took on pairs, and the per-field source priorities.

A decision is keyed on the two records' identities (source, id in the source), not on rows of the database: it
survives re-imports, and a record that comes back after being archived finds its decision again.
"""

from django.conf import settings
from django.db import models

from lieux import standard

from .lieu import Provenance


class PaireRapprochement(models.Model):
    """Two source records the matching compared and did not find clearly different: merged (`meme`) or in the review
    queue (`douteux`). Recomputed when one of the two records changes."""

    class Decision(models.TextChoices):
        MEME = "meme", "même lieu"
        DOUTEUX = "douteux", "à vérifier"

    a = models.ForeignKey(Provenance, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Provenance, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField("décision automatique", max_length=10, choices=Decision.choices)
    score = models.FloatField("score")
    distance_m = models.FloatField("distance (m)", null=True, blank=True)
    raisons = models.JSONField("indices", default=list)
    cles = models.JSONField("clés de blocage", default=list)
    calculee_le = models.DateTimeField("calculée le", auto_now=True)

    class Meta:
        verbose_name = "paire à vérifier"  # the coordinators' review queue (lieux/admin_consolidation.py)
        verbose_name_plural = "paires à vérifier"
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="paire_unique"),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="paire_ordonnee"),
        ]
        indexes = [models.Index(fields=["b"], name="paire_b"), models.Index(fields=["decision"], name="paire_decision")]

    def __str__(self):
        return f"{self.a} ~ {self.b} ({self.get_decision_display()})"


class DecisionRapprochement(models.Model):
    """A person's answer on two records: the same lieu, or two different lieux. It always wins over the score,
    `consolider --tout` included."""

    class Decision(models.TextChoices):
        MEME = "meme", "même lieu"
        DIFFERENTS = "differents", "lieux différents"

    source_a = models.CharField(max_length=100)
    id_a = models.CharField(max_length=255)
    source_b = models.CharField(max_length=100)
    id_b = models.CharField(max_length=255)
    decision = models.CharField("décision", max_length=10, choices=Decision.choices)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    motif = models.CharField("motif", max_length=300, blank=True)
    decidee_le = models.DateTimeField("décidée le", auto_now=True)

    class Meta:
        verbose_name = "décision de rapprochement"
        verbose_name_plural = "décisions de rapprochement"
        constraints = [models.UniqueConstraint(fields=["source_a", "id_a", "source_b", "id_b"], name="decision_unique")]
        indexes = [models.Index(fields=["source_b", "id_b"], name="decision_b")]

    def __str__(self):
        return f"{self.source_a}:{self.id_a} / {self.source_b}:{self.id_b} — {self.get_decision_display()}"

    @staticmethod
    def cle(p: Provenance, q: Provenance) -> dict:
        """The pair's identity, in one order whatever the order given."""
        (sa, ia), (sb, ib) = sorted([(p.source, p.id_source), (q.source, q.id_source)])
        return {"source_a": sa, "id_a": ia, "source_b": sb, "id_b": ib}

    @classmethod
    def enregistre(cls, p: Provenance, q: Provenance, decision: str, auteur=None, motif: str = ""):
        return cls.objects.update_or_create(**cls.cle(p, q),
                                            defaults={"decision": decision, "auteur": auteur, "motif": motif})[0]


CHAMPS_PRIORISABLES = [(c, c) for c in standard.COLONNES if c not in ("id", "source", "date_maj", "latitude",
                                                                        "longitude")]


class PrioriteSource(models.Model):
    """For one field, which sources to trust first (rank 1 first), before the freshest `date_maj`: e.g. a hub's
    hours over a national list's. A source without a rank for the field comes after the ranked ones."""

    champ = models.CharField("champ", max_length=50, choices=[("adresse", "adresse et position")] + [
        c for c in CHAMPS_PRIORISABLES if c[0] != "adresse"])
    source = models.CharField("source", max_length=100, help_text="Nom court de la source d'import.")
    rang = models.PositiveSmallIntegerField("rang", default=1)

    class Meta:
        verbose_name = "priorité de source"
        verbose_name_plural = "priorités de sources"
        ordering = ["champ", "rang", "source"]
        constraints = [models.UniqueConstraint(fields=["champ", "source"], name="priorite_unique")]

    def __str__(self):
        return f"{self.champ} : {self.source} (rang {self.rang})"

    @classmethod
    def par_champ(cls) -> dict[str, list[str]]:
        priorites: dict[str, list[str]] = {}
        for p in cls.objects.order_by("champ", "rang", "source"):
            priorites.setdefault(p.champ, []).append(p.source)
        return priorites
