"""Temporary closures and exceptional hours in our API (not in the standard, which has no field for them): a
`fermetures` list on a lieu's detail, and `/api/v1/fermetures/` for re-users who keep their own copy."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from lieux.models import FermetureTemporaire, Lieu

from .base import ApiPubliqueMixin
from .serializers import LieuSerializer

MAX_RESULTATS = 1000


class FermetureSerializer(serializers.ModelSerializer):
    debut = serializers.DateField(help_text="Premier jour (heure locale du lieu).")
    fin = serializers.DateField(help_text="Dernier jour, inclus : le lieu rouvre le lendemain.")
    type = serializers.ChoiceField(choices=FermetureTemporaire.Type.choices,
                                   help_text="`fermeture` : fermé ces jours-là ; `horaires_exceptionnels` : ces "
                                             "jours-là, les horaires sont ceux de `horaires`.")
    horaires = serializers.CharField(help_text="Horaires OpenStreetMap de ces jours-là (vide pour une fermeture).")
    message = serializers.CharField(help_text="Message au public, en texte simple.")

    class Meta:
        model = FermetureTemporaire
        fields = ("debut", "fin", "type", "horaires", "message")


class FermetureDuLieuSerializer(FermetureSerializer):
    lieu = serializers.IntegerField(source="lieu_id", help_text="`uid` du lieu.")

    class Meta(FermetureSerializer.Meta):
        fields = ("lieu", *FermetureSerializer.Meta.fields)


def fermetures_a_venir(lieu, aujourd_hui=None) -> list[dict]:
    """Closures of `lieu` under way or to come, first first."""
    jour = aujourd_hui or timezone.localdate()
    return FermetureSerializer(lieu.fermetures.en_cours_ou_a_venir(jour), many=True).data


class LieuDetailSerializer(LieuSerializer):
    """A lieu's detail: the standard's fields, plus its temporary closures under way or to come."""

    fermetures = FermetureSerializer(many=True, read_only=True,
                                     help_text="Fermetures temporaires et horaires exceptionnels en cours ou à venir "
                                               "(hors standard).")

    class Meta(LieuSerializer.Meta):
        fields = (*LieuSerializer.Meta.fields, "fermetures")

    def to_representation(self, lieu):
        return super().to_representation(lieu) | {"fermetures": fermetures_a_venir(lieu)}


def _date(texte: str, nom: str) -> dt.date | None:
    if not texte:
        return None
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise ValidationError({nom: f"Date illisible : « {texte} » (attendu AAAA-MM-JJ)."}) from None


class FermeturesView(ApiPubliqueMixin, APIView):
    """Fermetures temporaires et horaires exceptionnels des lieux actifs, couvrant au moins un jour de la période
    demandée (par défaut : en cours ou à venir)."""

    @extend_schema(
        summary="Fermetures temporaires et horaires exceptionnels",
        parameters=[
            OpenApiParameter("du", str, description="Premier jour de la période (AAAA-MM-JJ, aujourd'hui par défaut)."),
            OpenApiParameter("au", str, description="Dernier jour de la période (AAAA-MM-JJ, sans limite par défaut)."),
            OpenApiParameter("lieu", int, description="`uid` d'un lieu."),
        ],
        responses=FermetureDuLieuSerializer(many=True),
    )
    def get(self, request):
        du = _date(request.query_params.get("du", ""), "du") or timezone.localdate()
        au = _date(request.query_params.get("au", ""), "au")
        fermetures = FermetureTemporaire.objects.filter(lieu__in=Lieu.objects.actifs().values("uid"))
        fermetures = fermetures.couvrant(du, au) if au else fermetures.filter(fin__gte=du)
        lieu = request.query_params.get("lieu", "")
        if lieu:
            if not lieu.isdigit():
                raise ValidationError({"lieu": "Identifiant de lieu attendu (un nombre)."})
            fermetures = fermetures.filter(lieu_id=int(lieu))
        fermetures = fermetures.order_by("debut", "lieu_id")[:MAX_RESULTATS]
        return Response(FermetureDuLieuSerializer(fermetures, many=True).data)
