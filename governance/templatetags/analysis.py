"""`{% analysis_panel report anomalies %}`: the architect's findings and actions on the weekly report page, with
the forms the user may use (governance.analysis)."""

from django import template

from governance.analysis import rules, selectors
from governance.analysis.forms import ActionForm, AnomalyProblemForm, CompleteForm, FindingForm
from problems import rules as problem_rules

register = template.Library()


@register.inclusion_tag("governance/analysis/_panel.html", takes_context=True)
def analysis_panel(context, report, anomalies):
    request = context["request"]
    user = request.user
    analysis = selectors.analysis_of(user, report)
    architect = rules.records_analysis(user)
    anomaly_forms = []
    if problem_rules.manages_problems(user):
        for anomaly in anomalies:
            text = (
                f"{anomaly['label']} ({anomaly['where']}): {anomaly['value']}, {anomaly['mean']} (z = {anomaly['z']})"
            )
            anomaly_forms.append(
                (anomaly, AnomalyProblemForm(initial={"anomaly": text, "title": text[:200], "owner": user.pk}))
            )
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
        "anomaly_forms": anomaly_forms,
    }
