"""The architect's analysis on the weekly report page: POSTs that record a finding, an action, a problem from an
anomaly, or close an action; each answers with the report page (or the problem) and a message."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.errors import DomainError
from core.feedback import refuse, report_form_errors
from core.weeks import Week
from governance.models import ReportAction, WeeklyReport
from governance.reports import selectors as report_selectors
from problems import selectors as problem_selectors
from problems.models import Problem

from . import selectors, services
from .forms import ActionForm, AnomalyProblemForm, CompleteForm, FindingForm


class ReportPostView(LoginRequiredMixin, View):
    """A POST about one stored weekly report; for anyone who may not read reports it does not exist."""

    def report(self, label: str) -> WeeklyReport:
        if not report_selectors.may_read_reports(self.request.user):
            raise Http404
        try:
            week = Week.from_label(label)
        except ValueError as error:
            raise Http404(str(error)) from error
        return get_object_or_404(WeeklyReport, week_start=week.monday)


def report_url(report: WeeklyReport) -> str:
    return reverse("reports:weekly", kwargs={"label": report.label}) + "#analysis-heading"


def linked_records(user, data: dict) -> dict:
    """The problem and change named by reference, as the user may see them; an unknown one is bad input."""
    found, errors = {}, {}
    if data.get("problem"):
        found["problem"] = Problem.objects.visible_to(user).filter(reference=data["problem"].strip().upper()).first()
        if found["problem"] is None:
            errors["problem"] = _("Geen probleem met dit kenmerk.")
    if data.get("change"):
        found["change"] = problem_selectors.change_by_reference(user, data["change"])
        if found["change"] is None:
            errors["change"] = _("Geen wijziging met dit kenmerk.")
    if errors:
        raise ValidationError(errors)
    return found


class FindingCreateView(ReportPostView):
    def post(self, request, label):
        report = self.report(label)
        form = FindingForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect(report_url(report))
        try:
            links = linked_records(request.user, form.cleaned_data)
            services.finding_record(actor=request.user, report=report, text=form.cleaned_data["text"], **links)
        except (ValidationError, PermissionDenied) as error:
            return refuse(request, error, report_url(report))
        messages.success(request, _("De bevinding is vastgelegd."))
        return redirect(report_url(report))


class ActionCreateView(ReportPostView):
    def post(self, request, label):
        report = self.report(label)
        form = ActionForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect(report_url(report))
        data = form.cleaned_data
        try:
            links = linked_records(request.user, data)
            services.action_record(
                actor=request.user,
                report=report,
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
                **links,
            )
        except (ValidationError, PermissionDenied) as error:
            return refuse(request, error, report_url(report))
        messages.success(request, _("De actie is vastgelegd."))
        return redirect(report_url(report))


class AnomalyProblemView(ReportPostView):
    def post(self, request, label):
        report = self.report(label)
        form = AnomalyProblemForm(request.POST, anomalies=selectors.anomaly_texts(request.user, report))
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect(report_url(report))
        try:
            problem = services.problem_from_anomaly(actor=request.user, report=report, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            return refuse(request, error, report_url(report))
        messages.success(request, _("Probleem %(reference)s is vastgelegd.") % {"reference": problem.reference})
        return redirect(problem.get_absolute_url())


class ActionCompleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        action = get_object_or_404(ReportAction.objects.visible_to(request.user).select_related("report"), pk=pk)
        url = report_url(action.report)
        form = CompleteForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect(url)
        try:
            services.action_complete(actor=request.user, action=action, **form.cleaned_data)
        except (DomainError, PermissionDenied) as error:
            return refuse(request, error, url)
        messages.success(request, _("De actie is afgerond."))
        return redirect(url)
