"""Weekly reports over the API: /api/reports/weekly/ and /api/reports/weekly/<2026-W47>/."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from core.weeks import Week
from governance.models import WeeklyReport
from majorincidents import selectors as major_selectors
from majorincidents.api.serializers import WeeklyReviewSerializer

from . import selectors


class WeeklyReportSerializer(serializers.ModelSerializer):
    week = serializers.CharField(source="label", read_only=True)
    metrics = serializers.SerializerMethodField()
    major_reviews = serializers.SerializerMethodField()

    class Meta:
        model = WeeklyReport
        fields = ["week", "week_start", "computed_at", "metrics", "major_reviews"]

    def get_metrics(self, report) -> dict:
        """The figures as the reader may read them, with the attributed breaches the reader may read."""
        user = self.context["request"].user
        return {
            **selectors.restrict(report.metrics, user),
            "attribution": list(selectors.readable_breaches(report, user)),
        }

    @extend_schema_field(WeeklyReviewSerializer(many=True))
    def get_major_reviews(self, report) -> list:
        """The reviews of major incidents filed in the week, of the major incidents the reader sees."""
        week = Week.of(report.week_start)
        reviews = major_selectors.reviews_filed_between(self.context["request"].user, week.start, week.end)
        return WeeklyReviewSerializer(reviews, many=True).data


class WeeklyReportSummarySerializer(serializers.ModelSerializer):
    week = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = WeeklyReport
        fields = ["week", "week_start", "computed_at"]


class WeeklyReportViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "label"
    lookup_value_regex = r"\d{4}-W\d{2}"
    filter_backends = []

    def get_queryset(self):
        if not selectors.may_read_reports(self.request.user):
            return WeeklyReport.objects.none()
        return WeeklyReport.objects.order_by("-week_start")

    def get_serializer_class(self):
        return WeeklyReportSummarySerializer if self.action == "list" else WeeklyReportSerializer

    @extend_schema(responses=WeeklyReportSerializer)
    def retrieve(self, request, label=None):
        try:
            week = Week.from_label(label)
        except ValueError as error:
            raise Http404(str(error)) from error
        report = self.get_queryset().filter(week_start=week.monday).first()
        if report is None:
            raise Http404
        return Response(WeeklyReportSerializer(report, context={"request": request}).data)
