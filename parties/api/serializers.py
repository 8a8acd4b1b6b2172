from rest_framework import serializers

from parties.calendars import format_weekly_hours, parse_weekly_hours
from parties.models import Agreement, AgreementTarget, Component, Party, RoleAssignment, ServiceCalendar


class BriefPartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "slug", "name"]


class PartySerializer(serializers.ModelSerializer):
    parent = BriefPartySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Party
        fields = ["id", "slug", "name", "kind", "parent", "description", "is_active"]


class BriefComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Component
        fields = ["id", "slug", "name"]


class ComponentSerializer(serializers.ModelSerializer):
    operating_party = BriefPartySerializer(read_only=True)
    hosting_party = BriefPartySerializer(read_only=True, allow_null=True)
    monitoring_party = BriefPartySerializer(read_only=True, allow_null=True)
    service = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Component
        fields = [
            "id",
            "slug",
            "name",
            "public_name",
            "description",
            "operating_party",
            "hosting_party",
            "monitoring_party",
            "service",
            "is_active",
        ]


class RoleAssignmentSerializer(serializers.ModelSerializer):
    party = BriefPartySerializer(read_only=True)
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "party", "role", "valid_from", "valid_to"]


class ServiceCalendarSerializer(serializers.ModelSerializer):
    weekly_hours = serializers.SerializerMethodField()

    class Meta:
        model = ServiceCalendar
        fields = ["id", "name", "time_zone", "always_open", "weekly_hours", "public_holidays", "extra_closed_days"]

    def get_weekly_hours(self, calendar) -> list[list[list[str]]]:
        return [] if calendar.always_open else format_weekly_hours(parse_weekly_hours(calendar.weekly_hours))


class AgreementTargetSerializer(serializers.ModelSerializer):
    calendar = serializers.IntegerField(source="effective_calendar.pk", read_only=True)

    class Meta:
        model = AgreementTarget
        fields = [
            "priority",
            "response_minutes",
            "resolution_minutes",
            "calendar",
            "availability_percent",
            "update_interval_minutes",
        ]


class AgreementSerializer(serializers.ModelSerializer):
    provider = BriefPartySerializer(read_only=True)
    customer = BriefPartySerializer(read_only=True)
    components = BriefComponentSerializer(many=True, read_only=True)
    targets = AgreementTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "title",
            "kind",
            "provider",
            "customer",
            "components",
            "calendar",
            "underpins",
            "valid_from",
            "valid_to",
            "description",
            "targets",
        ]
