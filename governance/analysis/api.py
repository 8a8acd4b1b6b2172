"""The architect's analysis of a weekly report over the API, read-only: GET /api/reports/weekly/<2026-W47>/analysis/
(findings, the report's actions and the open actions carried over from earlier reports, as the user may see them)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.weeks import Week
from governance.models import ReportAction, ReportFinding, WeeklyReport
from governance.reports import selectors as report_selectors

from . import selectors


class ReportFindingSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    problem = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    change = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)

    class Meta:
        model = ReportFinding
        fields = ["id", "text", "problem", "change", "recorded_by", "recorded_at"]


class ReportActionSerializer(serializers.ModelSerializer):
    week = serializers.CharField(source="report.label", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    problem = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    change = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    done_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ReportAction
        fields = ["id", "week", "description", "owner", "due_date", "problem", "change", "status", "done_by", "done_at"]


class ReportAnalysisView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "ReportAnalysis",
            {
                "week": serializers.CharField(),
                "findings": ReportFindingSerializer(many=True),
                "actions": ReportActionSerializer(many=True),
                "carried_over": ReportActionSerializer(many=True),
            },
        ),
        operation_id="reports_weekly_analysis_retrieve",
    )
    def get(self, request, label):
        if not report_selectors.may_read_reports(request.user):
            raise Http404
        try:
            week = Week.from_label(label)
        except ValueError as error:
            raise Http404(str(error)) from error
        report = WeeklyReport.objects.filter(week_start=week.monday).first()
        if report is None:
            raise Http404
        analysis = selectors.analysis_of(request.user, report)
        return Response(
            {
                "week": report.label,
                "findings": ReportFindingSerializer(analysis.findings, many=True).data,
                "actions": ReportActionSerializer(analysis.actions, many=True).data,
                "carried_over": ReportActionSerializer(analysis.carried_over, many=True).data,
            }
        )
