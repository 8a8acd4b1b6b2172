"""`{% analysis_panel report %}`: the architect's findings and actions on the weekly report page, with
the forms the user may use (governance.analysis)."""

from django import template

from governance.analysis import rules, selectors
from governance.analysis.forms import ActionForm, AnomalyProblemForm, CompleteForm, FindingForm
from problems import rules as problem_rules

register = template.Library()


@register.inclusion_tag("governance/analysis/_panel.html", takes_context=True)
def analysis_panel(context, report):
    request = context["request"]
    user = request.user
    analysis = selectors.analysis_of(user, report)
    architect = rules.records_analysis(user)
    anomalies = selectors.anomaly_texts(user, report) if problem_rules.manages_problems(user) else []
    for action in analysis.actions + analysis.carried_over:
        action.complete_form = (
            CompleteForm(initial={"version": action.version})
            if action.status == "open" and rules.may_complete(user, action)
            else None
        )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "report": report,
        "analysis": analysis,
        "finding_form": FindingForm() if architect else None,
        "action_form": ActionForm() if architect else None,
        "anomaly_form": AnomalyProblemForm(anomalies=anomalies, initial={"owner": user.pk}) if anomalies else None,
    }
