from rest_framework import serializers

from changes.models import (
    Approval,
    BlackoutWindow,
    ChangeIncidentLink,
    ChangeRequest,
    CitizenImpact,
    LinkKind,
    PostImplementationReview,
    RiskAssessment,
    StandardChangeTemplate,
)
from core.filters import validate_period_day
from parties.api.serializers import BriefComponentSerializer, BriefPartySerializer
from parties.models import Component, Party, Role


class ApprovalSerializer(serializers.ModelSerializer):
    approver = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Approval
        fields = ["role", "decision", "approver", "comment", "decided_at"]


class RiskAssessmentSerializer(serializers.ModelSerializer):
    assessed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = RiskAssessment
        fields = [
            "citizen_impact",
            "component_count",
            "rollback_tested",
            "done_before",
            "downtime_expected",
            "security_sensitive",
            "score",
            "risk",
            "comment",
            "assessed_by",
            "assessed_at",
        ]


class ReviewSerializer(serializers.ModelSerializer):
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PostImplementationReview
        fields = ["what_happened", "follow_up", "reviewed_by", "reviewed_at"]


class ChangeRequestSerializer(serializers.ModelSerializer):
    requesting_party = BriefPartySerializer(read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    components = BriefComponentSerializer(many=True, read_only=True)

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "reference",
            "title",
            "change_type",
            "template",
            "status",
            "risk",
            "rank",
            "version",
            "requesting_party",
            "requested_by",
            "components",
            "proposed_start",
            "proposed_end",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "submitted_at",
            "approved_at",
        ]


class ChangeRequestDetailSerializer(ChangeRequestSerializer):
    approvals = ApprovalSerializer(many=True, read_only=True)
    assessment = RiskAssessmentSerializer(read_only=True, allow_null=True)
    review = ReviewSerializer(read_only=True, allow_null=True)
    required_roles = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Roles whose approval this change needs."
    )
    available_actions = serializers.SerializerMethodField()
    collisions = serializers.SerializerMethodField()

    class Meta(ChangeRequestSerializer.Meta):
        fields = [
            *ChangeRequestSerializer.Meta.fields,
            "motivation",
            "implementation_plan",
            "rollback_plan",
            "test_evidence",
            "required_roles",
            "approvals",
            "assessment",
            "review",
            "available_actions",
            "collisions",
        ]

    def get_available_actions(self, change) -> list[str]:
        """The actions the requesting user may take now over the API (the registry the pages use)."""
        from changes.actions import CHANGE_ACTIONS  # the registry reads the input serializers below

        user = self.context["request"].user
        return [action.name for action in CHANGE_ACTIONS.available(user, change) if action.serializer]

    def get_collisions(self, change) -> list[str]:
        return [other.reference for other in getattr(change, "collisions", [])]


class CalendarEntrySerializer(ChangeRequestSerializer):
    collisions = serializers.SerializerMethodField()

    class Meta(ChangeRequestSerializer.Meta):
        fields = [*ChangeRequestSerializer.Meta.fields, "collisions"]

    def get_collisions(self, change) -> list[str]:
        return [other.reference for other in change.collisions]


class ChangeRequestCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    motivation = serializers.CharField()
    change_type = serializers.ChoiceField(choices=ChangeRequest._meta.get_field("change_type").choices)
    template = serializers.PrimaryKeyRelatedField(
        queryset=StandardChangeTemplate.objects.filter(is_active=True), required=False, allow_null=True
    )
    requesting_party = serializers.SlugRelatedField(slug_field="slug", queryset=Party.objects.all())
    components = serializers.SlugRelatedField(slug_field="slug", queryset=Component.objects.all(), many=True)
    implementation_plan = serializers.CharField(required=False, allow_blank=True, default="")
    rollback_plan = serializers.CharField(required=False, allow_blank=True, default="")
    test_evidence = serializers.CharField(required=False, allow_blank=True, default="")
    proposed_start = serializers.DateTimeField()
    proposed_end = serializers.DateTimeField()
    submit = serializers.BooleanField(default=True, help_text="False: keep it as a draft.")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The version you saw; a stale one answers 409."
    )


class TransitionSerializer(VersionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentInputSerializer(VersionSerializer):
    citizen_impact = serializers.ChoiceField(choices=CitizenImpact.choices)
    rollback_tested = serializers.BooleanField()
    done_before = serializers.BooleanField()
    downtime_expected = serializers.BooleanField()
    security_sensitive = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionInputSerializer(VersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices, required=False, allow_null=True, default=None)


class ScheduleInputSerializer(VersionSerializer):
    planned_start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    planned_end = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ReviewInputSerializer(VersionSerializer):
    what_happened = serializers.CharField()
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")


class MoveInputSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1)


class CalendarQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First day (local time).", validators=[validate_period_day])
    end = serializers.DateField(help_text="Last day, inclusive.", validators=[validate_period_day])
    component = serializers.SlugRelatedField(
        slug_field="slug", queryset=Component.objects.all(), required=False, allow_null=True
    )

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": "The end lies before the start."})
        return attrs


class BlackoutWindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = BlackoutWindow
        fields = ["id", "title", "starts_at", "ends_at", "description"]


class StandardChangeTemplateSerializer(serializers.ModelSerializer):
    components = BriefComponentSerializer(many=True, read_only=True)

    class Meta:
        model = StandardChangeTemplate
        fields = ["id", "title", "description", "implementation_plan", "rollback_plan", "components", "is_active"]


class BriefChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeRequest
        fields = ["id", "reference", "title", "status"]


class BriefLinkedIncidentSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()


class ChangeIncidentLinkSerializer(serializers.ModelSerializer):
    """A link as the chain sees it: both records in brief, the kind, why, who and when."""

    change = BriefChangeSerializer(read_only=True)
    incident = BriefLinkedIncidentSerializer(read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ChangeIncidentLink
        fields = ["id", "change", "incident", "kind", "reason", "created_by", "created_at"]


class ChangeIncidentLinkInputSerializer(serializers.Serializer):
    incident = serializers.CharField(max_length=20, help_text="The incident's reference, e.g. INC-2026-000123.")
    kind = serializers.ChoiceField(
        choices=LinkKind.choices, help_text="fixes: the change fixes the incident; caused_by: the change caused it."
    )
    reason = serializers.CharField(max_length=500)


class UnlinkInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
