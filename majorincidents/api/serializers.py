from django.contrib.auth import get_user_model
from rest_framework import serializers

from incidents.models import Incident

from .. import rules
from ..models import Audience, MajorIncident, MajorIncidentReview, MajorIncidentUpdate, ReviewAction


class PersonField(serializers.SlugRelatedField):
    """A person by username, among those `candidates()` allows."""

    def __init__(self, candidates, **kwargs):
        self.candidates = candidates
        super().__init__(slug_field="username", **kwargs)

    def get_queryset(self):
        return self.candidates()


class IncidentReferenceField(serializers.CharField):
    """An incident the user may see, by reference; any other reference is unknown."""

    def run_validation(self, data=serializers.empty):
        reference = super().run_validation(data).upper()
        incident = Incident.objects.visible_to(self.context["request"].user).filter(reference=reference).first()
        if incident is None:
            raise serializers.ValidationError("No incident with that reference.")
        return incident


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="The version you last read; a newer one on the server answers 409."
    )


class DeclareSerializer(serializers.Serializer):
    incident = IncidentReferenceField(max_length=20, help_text="Reference of the incident to declare major.")
    public_title = serializers.CharField(max_length=200)
    coordinator = PersonField(rules.coordinator_candidates, queryset=get_user_model().objects.none())
    reason = serializers.CharField(max_length=500)


class UpdateCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MajorIncidentUpdate.Kind.choices)
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices), allow_empty=False)
    public_text = serializers.CharField(required=False, allow_blank=True, default="")
    internal_text = serializers.CharField(required=False, allow_blank=True, default="")


class LinkReportSerializer(serializers.Serializer):
    report = IncidentReferenceField(max_length=20, help_text="Reference of the report about this outage.")
    reason = serializers.CharField(max_length=500)


class CoordinatorSerializer(VersionedSerializer):
    coordinator = PersonField(rules.coordinator_candidates, queryset=get_user_model().objects.none())
    reason = serializers.CharField(max_length=500)


class ReasonSerializer(VersionedSerializer):
    reason = serializers.CharField(max_length=500)


class ReviewActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    owner = PersonField(rules.review_owner_candidates, queryset=get_user_model().objects.none())
    due_on = serializers.DateField()


class ReviewCreateSerializer(serializers.Serializer):
    went_well = serializers.CharField()
    went_wrong = serializers.CharField()
    actions = ReviewActionInputSerializer(many=True, allow_empty=False)


class CompleteActionSerializer(serializers.Serializer):
    action = serializers.PrimaryKeyRelatedField(queryset=ReviewAction.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class UpdateSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = MajorIncidentUpdate
        fields = ["id", "kind", "audiences", "public_text", "internal_text", "author", "posted_at"]
        read_only_fields = fields

    def get_author(self, update) -> str:
        return update.author.get_full_name() or update.author.username


class ReviewActionSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReviewAction
        fields = ["id", "description", "owner", "due_on", "done_at"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    actions = ReviewActionSerializer(many=True, read_only=True)
    filed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MajorIncidentReview
        fields = ["timeline", "went_well", "went_wrong", "filed_by", "filed_at", "actions"]
        read_only_fields = fields


class WeeklyReviewSerializer(ReviewSerializer):
    """A review as the weekly report of its week carries it: which major incident, and the review without its
    timeline (the major incident's own endpoint has that)."""

    major_incident = serializers.IntegerField(source="major_id", read_only=True)
    incident = serializers.CharField(source="major.incident.reference", read_only=True)
    public_title = serializers.CharField(source="major.public_title", read_only=True)

    class Meta(ReviewSerializer.Meta):
        fields = [
            "major_incident",
            "incident",
            "public_title",
            "went_well",
            "went_wrong",
            "filed_by",
            "filed_at",
            "actions",
        ]
        read_only_fields = fields


class MajorIncidentSerializer(serializers.ModelSerializer):
    incident = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    coordinator = serializers.SlugRelatedField(slug_field="username", read_only=True)
    declared_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    linked_reports = serializers.SerializerMethodField()
    updates = UpdateSerializer(many=True, read_only=True)
    review = serializers.SerializerMethodField()

    class Meta:
        model = MajorIncident
        fields = [
            "id",
            "incident",
            "public_title",
            "status",
            "coordinator",
            "declared_by",
            "declared_at",
            "update_interval_minutes",
            "next_update_due_at",
            "stood_down_at",
            "closed_at",
            "linked_reports",
            "updates",
            "review",
            "version",
        ]
        read_only_fields = fields

    def get_linked_reports(self, major) -> list[str]:
        return list(Incident.objects.filter(known_outage_id=major.incident_id).values_list("reference", flat=True))

    def get_review(self, major) -> dict | None:
        review = MajorIncidentReview.objects.filter(major=major).first()
        return ReviewSerializer(review).data if review is not None else None
