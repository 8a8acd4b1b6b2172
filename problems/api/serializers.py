from django.contrib.auth import get_user_model
from rest_framework import serializers

from parties.api.serializers import BriefComponentSerializer
from parties.models import Component
from problems.forms import problem_owners
from problems.models import Problem, ProblemIncidentLink, RecurrenceProposal


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The version you saw; a stale one answers 409."
    )


class ProblemIncidentLinkSerializer(serializers.ModelSerializer):
    incident = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ProblemIncidentLink
        fields = ["id", "incident", "reason", "created_by", "created_at"]


class ProblemSerializer(serializers.ModelSerializer):
    component = BriefComponentSerializer(read_only=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    change = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "component",
            "owner",
            "source",
            "source_week",
            "status",
            "root_cause",
            "workaround",
            "known_error_at",
            "change",
            "created_at",
            "closed_at",
            "version",
        ]


class ProblemDetailSerializer(ProblemSerializer):
    incidents = serializers.SerializerMethodField()

    class Meta(ProblemSerializer.Meta):
        fields = [*ProblemSerializer.Meta.fields, "incidents"]

    def get_incidents(self, problem) -> list[dict]:
        return ProblemIncidentLinkSerializer(getattr(problem, "visible_links", []), many=True).data


class ProblemCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    component = serializers.SlugRelatedField(slug_field="slug", queryset=Component.objects.all())
    owner = serializers.SlugRelatedField(slug_field="username", queryset=get_user_model().objects.none())
    description = serializers.CharField(required=False, allow_blank=True, default="")
    incidents = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = problem_owners()


class AnalysisInputSerializer(VersionSerializer):
    root_cause = serializers.CharField()
    workaround = serializers.CharField()


class LinkChangeInputSerializer(VersionSerializer):
    change = serializers.CharField(max_length=20, help_text="The change's reference, e.g. CHG-2026-000042.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInputSerializer(VersionSerializer):
    reason = serializers.CharField()


class LinkIncidentInputSerializer(serializers.Serializer):
    incident = serializers.CharField(max_length=20)
    reason = serializers.CharField()


class RecurrenceProposalSerializer(serializers.ModelSerializer):
    component = BriefComponentSerializer(read_only=True)
    incidents = serializers.SlugRelatedField(slug_field="reference", many=True, read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    problem = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)

    class Meta:
        model = RecurrenceProposal
        fields = [
            "id",
            "component",
            "kind",
            "week",
            "title",
            "explanation",
            "incidents",
            "status",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_reason",
            "problem",
            "version",
        ]


class AcceptInputSerializer(VersionSerializer):
    title = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.none(), required=False, allow_null=True, default=None
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = problem_owners()
