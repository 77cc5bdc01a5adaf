"""The coordinators' side of « one lieu per place » (docs/consolidation.md, § 3), imported at the end of lieux/admin.py:

- the review queue (`PaireRapprochement`, « paires à vérifier »): doubtful pairs without a person's decision, both
  records active, best score first; a pair's page shows the two records side by side with the evidence, and two
  buttons « Même lieu » / « Lieux différents »: the decision is remembered and the two lieux regrouped at once;
- on a lieu's page: where each field comes from (lineage), « Séparer » a record, and the lieu a merged lieu joined;
- the history of decisions (deleting one regroups its lieux again) and the per-field source priorities.

Territory: `?departement=XX` filters the queue on the département of the first record's lieu. A coordinator sees the
pairs where at least one of the two lieux is in their territory (lieux/admin_perimetres.py), their territory's pairs
first when they have one (a national account with territories too), and decides only on those; the decisions' history
shows the decisions about records of their territory; the per-field source priorities, which change lieux all over
France, are changed by national accounts only (docs/perimetres.md).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from lieux.consolidation import revue
from lieux.consolidation.decisions import decider, separer
from lieux.admin_perimetres import PerimetreAdminMixin, objet_du_perimetre, q_des_chemins
from lieux.models import DecisionRapprochement, Departement, Lieu, PaireRapprochement, Provenance
from lieux.perimetres import a_des_territoires, est_national, q_perimetre, q_territoires

Decision = DecisionRapprochement.Decision
A_VERIFIER, DECIDEES, FUSIONNEES, TOUTES = "a_verifier", "decidees", "fusionnees", "toutes"


def _decision_humaine(prefixe: str = "") -> Exists:
    """A person decided on the pair (its two records' identities, in either order)."""
    a, b = f"{prefixe}a__", f"{prefixe}b__"
    meme_ordre = Q(source_a=OuterRef(a + "source"), id_a=OuterRef(a + "id_source"),
                   source_b=OuterRef(b + "source"), id_b=OuterRef(b + "id_source"))
    inverse = Q(source_a=OuterRef(b + "source"), id_a=OuterRef(b + "id_source"),
                source_b=OuterRef(a + "source"), id_b=OuterRef(a + "id_source"))
    return Exists(DecisionRapprochement.objects.filter(meme_ordre | inverse))


def file_de_revue(queryset=None):
    """The pairs still waiting for a person: doubtful, undecided, both records active."""
    queryset = PaireRapprochement.objects.all() if queryset is None else queryset
    return queryset.annotate(decidee=_decision_humaine()).filter(
        decision=PaireRapprochement.Decision.DOUTEUX, decidee=False, a__actif=True, b__actif=True)


class FiltreEtat(admin.SimpleListFilter):
    """« à vérifier » unless another state is chosen: the queue is what a coordinator opens the list for."""

    title = "état"
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [(A_VERIFIER, "à vérifier"), (DECIDEES, "décidées"), (FUSIONNEES, "fusionnées automatiquement"),
                (TOUTES, "toutes les paires")]

    def value(self):
        return super().value() or A_VERIFIER

    def choices(self, changelist):
        for code, libelle in self.lookup_choices:
            yield {"selected": self.value() == code, "display": libelle,
                   "query_string": changelist.get_query_string({self.parameter_name: code})}

    def queryset(self, request, queryset):
        valeur = self.value()
        if valeur == A_VERIFIER:
            return queryset.filter(decision=PaireRapprochement.Decision.DOUTEUX, decidee=False, a__actif=True,
                                   b__actif=True)
        if valeur == DECIDEES:
            return queryset.filter(decidee=True)
        if valeur == FUSIONNEES:
            return queryset.filter(decision=PaireRapprochement.Decision.MEME, decidee=False)
        return queryset


class FiltreDepartement(admin.SimpleListFilter):
    """The département of the first record's lieu (`?departement=06`)."""

    title = "département"
    parameter_name = "departement"

    def lookups(self, request, model_admin):
        chemins = PaireRapprochementAdmin.chemins_perimetre
        paires = PaireRapprochement.objects.filter(q_des_chemins(request.user, chemins))
        codes = paires.values_list("a__lieu__departement_id", flat=True).distinct()
        return [(d.code, f"{d.nom} ({d.code})") for d in Departement.objects.filter(code__in=codes).order_by("code")]

    def queryset(self, request, queryset):
        return queryset.filter(a__lieu__departement_id=self.value()) if self.value() else queryset


def _nom(p: Provenance) -> str:
    return f"{p.valeurs.get('nom') or p.id_source} ({p.source})"


def distance_lisible(distance_m) -> str:
    return "inconnue" if distance_m is None else f"{distance_m:.0f} m"


@admin.register(PaireRapprochement)
class PaireRapprochementAdmin(PerimetreAdminMixin, admin.ModelAdmin):
    list_display = ("enregistrement_a", "enregistrement_b", "commune", "distance", "score", "cles_de_blocage")
    list_display_links = ("enregistrement_a",)
    list_filter = (FiltreEtat, FiltreDepartement)
    ordering = ("-score", "pk")
    chemins_perimetre = ("a__lieu__commune_officielle", "b__lieu__commune_officielle")
    search_help_text = "Nom ou commune de l'un des deux enregistrements."
    search_fields = ("a__source",)  # shows the search box; the search itself is get_search_results below
    list_per_page = 50
    show_full_result_count = False

    def changelist_view(self, request, extra_context=None):
        titre = {"title": "Paires à vérifier : même lieu ou lieux différents ?"}
        return super().changelist_view(request, titre | (extra_context or {}))

    def get_queryset(self, request):
        queryset = (PaireRapprochement.objects.filter(self.q_perimetre(request)).select_related("a", "b")
                    .defer("a__donnees_brutes", "b__donnees_brutes").annotate(decidee=_decision_humaine()))
        return self._avec_territoire(request, queryset).order_by(*self.get_ordering(request))  # after the annotation

    def get_ordering(self, request):
        """The pairs of the account's own territories first (one of the two lieux in them), then by score."""
        if a_des_territoires(request.user):
            return ("-du_territoire", *self.ordering)
        return self.ordering

    def _avec_territoire(self, request, queryset):
        """`du_territoire`: one of the pair's lieux is in the account's own territories (national or not)."""
        if not a_des_territoires(request.user):
            return queryset
        chez_soi = Q(pk__in=[])
        for chemin in self.chemins_perimetre:
            chez_soi |= q_territoires(request.user, chemin)
        return queryset.annotate(du_territoire=ExpressionWrapper(chez_soi, output_field=BooleanField()))

    def get_search_results(self, request, queryset, search_term):
        terme = search_term.strip()
        if not terme:
            return queryset, False
        condition = Q()
        for cote in ("a", "b"):
            for champ in ("nom", "commune"):
                condition |= Q(**{f"{cote}__valeurs__{champ}__icontains": terme})
        return queryset.filter(condition), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        """Deciding regroups or separates both lieux: only when both are in the account's territory."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self.deux_lieux_du_perimetre(request, obj)

    def deux_lieux_du_perimetre(self, request, paire) -> bool:
        if est_national(request.user):
            return True
        return PaireRapprochement.objects.filter(
            Q(pk=paire.pk) & q_perimetre(request.user, "a__lieu__commune_officielle")
            & q_perimetre(request.user, "b__lieu__commune_officielle")).exists()

    def has_delete_permission(self, request, obj=None):
        return False  # recomputed by each consolidation: a person decides, never deletes

    @admin.display(description="enregistrement 1")
    def enregistrement_a(self, paire):
        return _nom(paire.a)

    @admin.display(description="enregistrement 2")
    def enregistrement_b(self, paire):
        return _nom(paire.b)

    @admin.display(description="commune")
    def commune(self, paire):
        communes = dict.fromkeys(p.valeurs.get("commune") for p in (paire.a, paire.b) if p.valeurs.get("commune"))
        return " / ".join(communes) or None

    @admin.display(description="distance", ordering="distance_m")
    def distance(self, paire):
        return distance_lisible(paire.distance_m)

    @admin.display(description="clés de blocage")
    def cles_de_blocage(self, paire):
        return ", ".join(paire.cles) or None

    # --- the review page of a pair --------------------------------------------------------------------------

    def _filtres_conserves(self, request) -> QueryDict:
        return QueryDict(request.GET.get("_changelist_filters", ""))

    def _suivante(self, request, paire):
        """The next pair of the queue (same département filter as the list the coordinator came from)."""
        queue = self._avec_territoire(request, file_de_revue(PaireRapprochement.objects.filter(
            self.q_perimetre(request)))).exclude(pk=paire.pk).order_by(*self.get_ordering(request))
        if departement := self._filtres_conserves(request).get("departement"):
            queue = queue.filter(a__lieu__departement_id=departement)
        return queue.first()

    def _url(self, nom, *args, request=None):
        url = reverse(f"admin:lieux_pairerapprochement_{nom}", args=args)
        if request is not None and request.GET.get("_changelist_filters"):
            url += "?" + request.GET.urlencode()
        return url

    def change_view(self, request, object_id, form_url="", extra_context=None):
        paire = self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        if paire is None and str(object_id).isdigit() and PaireRapprochement.objects.filter(pk=object_id).exists():
            raise PermissionDenied  # a pair of another territory
        if paire is None:
            messages.warning(request, "Cette paire n'existe plus : elle a été recalculée depuis (un des deux "
                                      "enregistrements a changé).")
            return HttpResponseRedirect(self._url("changelist"))
        if not self.has_view_or_change_permission(request, paire):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, paire):
                raise PermissionDenied
            return self._decider(request, paire)
        return TemplateResponse(request, "admin/lieux/pairerapprochement/revue.html",
                                self._contexte(request, paire) | (extra_context or {}))

    def _contexte(self, request, paire) -> dict:
        a, b = paire.a, paire.b
        lieux = Lieu.objects.in_bulk([a.lieu_id, b.lieu_id])
        decision = DecisionRapprochement.objects.filter(**DecisionRapprochement.cle(a, b)).select_related(
            "auteur").first()
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": "Même lieu ou lieux différents ?", "subtitle": None,
            "paire": paire, "a": a, "b": b, "lignes": revue.cote_a_cote(a.valeurs, b.valeurs),
            "distance": distance_lisible(paire.distance_m),
            "lieu_a": lieux.get(a.lieu_id), "lieu_b": lieux.get(b.lieu_id), "meme_lieu": a.lieu_id == b.lieu_id,
            "decision": decision,
            "modifiee_depuis": bool(decision and max(a.recue_le, b.recue_le) > decision.decidee_le),
            "peut_decider": self.has_change_permission(request, paire),
            "hors_territoire": not self.deux_lieux_du_perimetre(request, paire),
            "url_liste": self._url("changelist") + ("?" + request.GET["_changelist_filters"]
                                                     if request.GET.get("_changelist_filters") else ""),
        }

    def _decider(self, request, paire):
        choix = request.POST.get("decision")
        if choix not in Decision.values:
            messages.error(request, "Choisissez « Même lieu » ou « Lieux différents ».")
            return HttpResponseRedirect(request.get_full_path())
        a, b = paire.a, paire.b
        decider(a, b, choix, request.user, request.POST.get("motif", "").strip()[:300])
        if choix == Decision.MEME and a.lieu_id == b.lieu_id:
            lieu = Lieu.objects.get(uid=a.lieu_id)
            messages.success(request, format_html(
                "Décision enregistrée : même lieu. Les deux enregistrements forment maintenant le lieu "
                "<a href=\"{}\">{}</a>.", reverse("admin:lieux_lieu_change", args=[lieu.uid]), lieu.nom))
        elif choix == Decision.MEME:
            messages.warning(request, "Décision enregistrée : même lieu. Les deux enregistrements restent séparés : "
                                      "une décision « lieux différents » avec un autre enregistrement les retient.")
        else:
            messages.success(request, "Décision enregistrée : lieux différents. Les deux enregistrements restent "
                                      "deux lieux distincts, et les prochains imports ne les regrouperont pas.")
        suivante = self._suivante(request, paire)
        if suivante is None:
            messages.info(request, "Il n'y a plus de paire à vérifier.")
            return HttpResponseRedirect(self._url("changelist") + ("?" + request.GET["_changelist_filters"]
                                                                    if request.GET.get("_changelist_filters") else ""))
        return HttpResponseRedirect(self._url("change", suivante.pk, request=request))


# --- the lieu's page: lineage, « Séparer », merged lieu ------------------------------------------------------


def lignee_des_champs(lieu: Lieu | None) -> str:
    """HTML of the « Lignée des champs » block of a lieu's page."""
    if lieu is None or lieu.pk is None:
        return "—"
    actives = list(lieu.provenances.filter(actif=True).order_by("pk").values_list("pk", "source", "id_source"))
    if len(actives) == 1:
        return format_html("Toutes les valeurs viennent de {} (identifiant {}).", actives[0][1], actives[0][2])
    if not actives:
        return "Aucun enregistrement actif ne décrit ce lieu."
    enregistrements = {pk: (source, ident) for pk, source, ident in
                       Provenance.objects.filter(lieu=lieu).values_list("pk", "source", "id_source")}
    lignes = revue.lignee_detaillee(lieu.lignee or {}, enregistrements)
    if not lignes:
        return "La lignée de ce lieu n'est pas encore calculée."
    corps = format_html_join(
        "", "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
        ((ligne["libelle"], ", ".join(f"{s} ({i})" for s, i in ligne["origines"])) for ligne in lignes))
    return format_html(
        '<table id="lignee-des-champs"><caption>Source de chaque champ (source d\'import et identifiant dans la '
        'source) ; la date de mise à jour est la plus récente, les listes réunissent les valeurs de toutes les '
        'sources.</caption><thead><tr><th scope="col">Champ</th><th scope="col">Source</th></tr></thead>'
        "<tbody>{}</tbody></table>", corps)


def contexte_lieu(model_admin, request, uid) -> dict:
    """What lieux/lieu/change_form.html shows above the form: the lieu a merged lieu joined, the « Séparer » buttons."""
    lieu = Lieu.objects.filter(uid=uid).only("uid", "statut", "fusionne_dans").first() if str(uid).isdigit() else None
    if lieu is None:
        return {}
    contexte = {"fusionne_dans": None, "separables": []}
    if lieu.statut == Lieu.Statut.FUSIONNE and lieu.fusionne_dans_id:
        contexte["fusionne_dans"] = Lieu.objects.filter(uid=lieu.fusionne_dans_id).only("uid", "nom", "commune").first()
    actives = list(lieu.provenances.filter(actif=True).order_by("source", "id_source")
                   .only("pk", "source", "id_source", "date_maj", "valeurs"))
    if len(actives) >= 2 and model_admin.has_change_permission(request, lieu):
        contexte["separables"] = [{"p": p, "nom": p.valeurs.get("nom", ""),
                                   "url": reverse("admin:lieux_lieu_separer", args=[lieu.uid, p.pk])}
                                  for p in actives]
    return contexte


def vue_separer(model_admin, request, uid, provenance_pk):
    """POST admin/lieux/lieu/<uid>/separer/<provenance_pk>/: the record gets a lieu of its own."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    lieu = objet_du_perimetre(model_admin.get_queryset(request), Lieu, uid=uid)
    if not model_admin.has_change_permission(request, lieu):
        raise PermissionDenied
    provenance = get_object_or_404(Provenance, pk=provenance_pk, lieu=lieu, actif=True)
    retour = reverse("admin:lieux_lieu_change", args=[lieu.uid])
    if not Provenance.objects.filter(lieu=lieu, actif=True).exclude(pk=provenance.pk).exists():
        messages.warning(request, "Ce lieu n'a qu'un enregistrement actif : il n'y a rien à séparer.")
        return HttpResponseRedirect(retour)
    nouveau = separer(provenance, request.user)
    messages.success(request, format_html(
        "L'enregistrement {} ({}) a été séparé de ce lieu : il décrit maintenant le lieu <a href=\"{}\">{}</a>. "
        "Les prochains imports ne le regrouperont pas avec les autres enregistrements de ce lieu.",
        provenance.id_source, provenance.source, reverse("admin:lieux_lieu_change", args=[nouveau.uid]), nouveau.nom))
    return HttpResponseRedirect(retour)


# --- decisions and priorities --------------------------------------------------------------------------------
