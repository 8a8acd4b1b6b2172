from rest_framework import serializers

from parties.api.serializers import BriefComponentSerializer, BriefPartySerializer
from parties.models import Component, Party, PartyKind, Priority

from .. import outages
from ..forms import HOLD_CHOICES
from ..models import Impact, Incident, IncidentUpdate, ResolutionCode, Urgency


class ReporterIncidentSerializer(serializers.ModelSerializer):
    """What the reporter's side sees: no parties inside the chain, no clocks."""

    component = serializers.CharField(source="component.public_name", read_only=True)
    is_major = serializers.BooleanField(read_only=True)
    # Blank until resolved; declared so the schema allows the blank (read-only model fields lose allow_blank).
    resolution_code = serializers.ChoiceField(choices=ResolutionCode.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "reference",
            "title",
            "description",
            "component",
            "impact",
            "urgency",
            "priority",
            "is_major",
            "status",
            "reported_at",
            "resolution_code",
            "resolution",
            "resolved_at",
            "closed_at",
            "version",
        ]
        read_only_fields = fields


class IncidentSerializer(ReporterIncidentSerializer):
    component = BriefComponentSerializer(read_only=True)
    reporter_party = BriefPartySerializer(read_only=True)
    assigned_party = BriefPartySerializer(read_only=True, allow_null=True)
    duplicate_of = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    known_outage = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)

    class Meta(ReporterIncidentSerializer.Meta):
        fields = [
            *ReporterIncidentSerializer.Meta.fields,
            "reporter_party",
            "assigned_party",
            "breach_state",
            "due_at",
            "reopen_count",
            "duplicate_of",
            "known_outage",
        ]
        read_only_fields = fields


class IncidentCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    component = serializers.SlugRelatedField(slug_field="slug", queryset=Component.objects.filter(is_active=True))
    impact = serializers.ChoiceField(choices=Impact.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    known_outage = serializers.CharField(
        required=False, max_length=20, help_text="Reference of an open known outage this report is about."
    )

    def validate_known_outage(self, reference: str) -> Incident:
        """Only an open known outage (incidents.outages) can be joined; the service checks its component."""
        outage = Incident.objects.filter(reference=reference.upper()).first()
        if outage is None or not outages.is_open_outage(outage.pk):
            raise serializers.ValidationError("No open known outage with that reference.")
        return outage


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="The version you last read; a newer one on the server answers 409."
    )


class TriageSerializer(VersionedSerializer):
    impact = serializers.ChoiceField(choices=Impact.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ChainPartyField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        queryset = Party.objects.filter(is_active=True).exclude(kind=PartyKind.USER_ORGANISATION)
        super().__init__(slug_field="slug", queryset=queryset, **kwargs)


class AssignSerializer(VersionedSerializer):
    party = ChainPartyField()
    reason = serializers.CharField(max_length=500)


class HoldSerializer(VersionedSerializer):
    waiting_for = serializers.ChoiceField(choices=HOLD_CHOICES)
    waiting_for_party = ChainPartyField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=500)


class ResolveSerializer(VersionedSerializer):
    resolution_code = serializers.ChoiceField(choices=ResolutionCode.choices)
    resolution = serializers.CharField()


class ReasonSerializer(VersionedSerializer):
    reason = serializers.CharField(max_length=500)


class OptionalReasonSerializer(VersionedSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CancelSerializer(VersionedSerializer):
    duplicate_of = serializers.CharField(max_length=20, help_text="Reference of the incident this one duplicates.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

    def validate_duplicate_of(self, reference: str) -> Incident:
        """The original among the incidents the user may see; any other reference is unknown."""
        original = Incident.objects.visible_to(self.context["request"].user).filter(reference=reference.upper()).first()
        if original is None:
            raise serializers.ValidationError("No incident with that reference.")
        return original


class LinkOutageSerializer(VersionedSerializer):
    outage = serializers.CharField(max_length=20, help_text="Reference of the incident that stands for the outage.")
    reason = serializers.CharField(max_length=500)

    def validate_outage(self, reference: str) -> Incident:
        outage = Incident.objects.visible_to(self.context["request"].user).filter(reference=reference.upper()).first()
        if outage is None:
            raise serializers.ValidationError("No incident with that reference.")
        return outage


class IncidentUpdateSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = IncidentUpdate
        fields = ["id", "visibility", "body", "created_at", "author"]
        read_only_fields = ["id", "created_at", "author"]

    def get_author(self, update) -> str:
        if self.context.get("internals") or update.author_party_id == update.incident.reporter_party_id:
            return update.author.get_full_name() or update.author.username
        return "Servicedesk"


class IncidentUpdateCreateSerializer(serializers.Serializer):
    body = serializers.CharField()
    visibility = serializers.ChoiceField(choices=IncidentUpdate.Visibility.choices, default="public")
