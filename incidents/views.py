from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.errors import DomainError
from core.feedback import add_service_errors, refuse, report_form_errors
from core.inbox import section_title
from core.logging import log_security_event
from parties import catalogue

from . import evidence, forms, outages, rules, selectors, services
from .actions import INCIDENT_ACTIONS
from .filters import list_filterset, listed, shown_value, with_attention
from .list_rows import rendered_chain_rows
from .models import Incident, IncidentAttachment
from .panels import render_panels


class IncidentFileView(LoginRequiredMixin, FormView):
    template_name = "incidents/incident_file.html"
    form_class = forms.IncidentFileForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not rules.can_file(request.user):
            raise PermissionDenied(_("U kunt geen incidenten melden."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "known_outages": self.known_outages}

    @cached_property
    def known_outages(self):
        return outages.open_outages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(known_outages=self.known_outages, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        outage_id = data.get("known_outage")
        try:
            incident = services.incident_file(
                actor=self.request.user,
                title=data["title"],
                description=data["description"],
                component=data["component"],
                impact=data["impact"],
                urgency=data["urgency"],
                attachments=data["attachments"],
                known_outage=Incident.objects.filter(pk=outage_id).first() if outage_id else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Uw melding is ontvangen onder kenmerk %(reference)s. U ziet hier hoe het ermee staat.")
            % {"reference": incident.reference},
        )
        return redirect("incidents:incident_detail", reference=incident.reference)


class IncidentListView(LoginRequiredMixin, TemplateView):
    """The operator's queue ("assigned to my party") and the list of everything visible;
    for the reporter's side, the incidents its organisation filed."""

    template_name = "incidents/incident_list.html"
    page_size = 50

    def get_context_data(self, **kwargs):
        scope = selectors.list_scope(self.request.user, self.request.GET.get("scope"))
        reporter_side = not rules.sees_internals(self.request.user)
        filterset = list_filterset(
            self.request, selectors.incidents_for_list(self.request.user, scope=scope), reporter_side=reporter_side
        )
        if filterset.is_bound and not filterset.is_valid():
            messages.error(self.request, _("Een of meer filters zijn ongeldig en zijn genegeerd."))
            incidents = selectors.incidents_for_list(self.request.user, scope=scope)
            if reporter_side:
                incidents = with_attention(incidents).order_by("attention", "-reported_at", "-pk")
            else:
                incidents = incidents.order_by("-reported_at")
        else:
            incidents = listed(filterset)
        page = Paginator(incidents, self.page_size).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        period_filters = {
            "reported_from",
            "reported_before",
            "resolved_from",
            "resolved_before",
            "open_at",
            "breached_from",
            "breached_before",
            "breach_party",
            "breach_agreement",
            "breach_target",
            "clock_party",
            "clock_agreement",
            "clock_started_from",
            "clock_started_before",
            "acknowledged_from",
            "acknowledged_before",
        }
        active_periods = [
            (filterset.form[name].label, shown_value(filterset.form[name], self.request.GET[name]))
            for name in sorted(period_filters)
            if name in filterset.filters and self.request.GET.get(name)
        ]
        return super().get_context_data(
            filterset=filterset,
            period_filters=period_filters,
            active_periods=active_periods,
            page=page,
            rows=[] if reporter_side else rendered_chain_rows(page.object_list),
            scope=scope,
            query=query.urlencode(),
            filters_state=urlencode(
                [(name, value) for name in sorted(filterset.filters) for value in self.request.GET.getlist(name)]
            ),
            sees_internals=rules.sees_internals(self.request.user),
            waiting_section=section_title(filterset.is_bound and filterset.is_valid() and filterset.form.cleaned_data),
            **kwargs,
        )


class IncidentVisibleMixin:
    def get_incident(self, *, for_page: bool = False) -> Incident:
        read = selectors.incident_for_page if for_page else selectors.incident_for_user
        try:
            return read(self.request.user, self.kwargs["reference"])
        except Incident.DoesNotExist as missing:
            raise Http404(_("Geen incident met dit kenmerk.")) from missing


class IncidentDetailView(LoginRequiredMixin, IncidentVisibleMixin, TemplateView):
    template_name = "incidents/incident_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        incident = self.get_incident(for_page=True)
        records = selectors.history_records(incident)
        internals = rules.sees_internals(user)
        open_question = selectors.open_question(incident)
        # Only the forms of the actions this user may take now are built.
        action_forms = ActionForms(user, incident)
        built = {action.name: action_forms.build(action) for action in INCIDENT_ACTIONS.available(user, incident)}
        # The reporter answers an open question in its own section, and confirms or reopens in another.
        own_sections = {"confirm", "reopen"} | ({"reply"} if open_question and not internals else set())
        clocks = selectors.clock_rows(incident) if internals else []
        outlook = None if internals else selectors.reporter_outlook(incident)
        return super().get_context_data(
            incident=incident,
            internals=internals,
            actions=INCIDENT_ACTIONS,
            action_forms=built,
            grid=[(INCIDENT_ACTIONS[name], form) for name, form in built.items() if name not in own_sections],
            timeline=selectors.timeline(incident, user, records=records),
            open_question=open_question,
            # The original of a duplicate may be an incident this user may not see (DESIGN §5).
            duplicate_of_visible=incident.duplicate_of_id is not None
            and Incident.objects.visible_to(user).filter(pk=incident.duplicate_of_id).exists(),
            known_outage_visible=incident.known_outage_id is not None
            and Incident.objects.visible_to(user).filter(pk=incident.known_outage_id).exists(),
            clocks=clocks,
            outlook=outlook,
            uncontracted_holder=internals and selectors.uncontracted_holder(incident, clocks),
            history=selectors.history(incident, records=records) if internals else [],
            panels=render_panels(self.request, incident),
            impact=catalogue.impact_of(user, incident.component) if internals else None,
            attachments=selectors.attachments(incident, user),
            **kwargs,
        )


class ActionForms:
    """The forms of an incident's actions for one user, prefixed with the action's name and carrying the
    incident's version; the forms that offer parties share one read of them."""

    def __init__(self, user, incident: Incident):
        self.user = user
        self.incident = incident
        self._parties = None

    def build(self, action, data=None, files=None):
        incident = self.incident
        form_class = action.form
        kwargs = {"prefix": action.name, "initial": {"version": incident.version}}
        if action.name == "reply" and not rules.sees_internals(self.user):
            form_class = forms.ReporterReplyForm
        if action.name == "reopen" and not rules.sees_internals(self.user):
            form_class = forms.ReporterReopenForm
        if action.name == "triage":
            kwargs["initial"].update(impact=incident.impact, urgency=incident.urgency)
        if action.name in {"cancel", "link_outage"}:
            kwargs["visible_incidents"] = Incident.objects.visible_to(self.user).exclude(pk=incident.pk)
        if action.name in {"assign", "hold"}:
            if self._parties is None:
                self._parties = SimpleLazyObject(lambda: selectors.chain_parties(incident, timezone.now()))
            kwargs["parties"] = self._parties
        if action.name == "assign":
            parties = self._parties
            kwargs["parties"] = SimpleLazyObject(lambda: rules.assignable_parties(self.user, incident, parties))
        return form_class(data, files, **kwargs)


class IncidentActionView(LoginRequiredMixin, IncidentVisibleMixin, View):
    """POST one action. The service decides; refusals come back as a message."""

    def post(self, request, reference, action):
        incident = self.get_incident()
        spec = INCIDENT_ACTIONS.get(action)
        if spec is None or spec.form is None:
            raise Http404(_("Onbekende actie."))
        form = ActionForms(request.user, incident).build(spec, data=request.POST, files=request.FILES)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect(_detail_url(incident))
        try:
            INCIDENT_ACTIONS.run(action, request.user, incident, form.cleaned_data)
        except (DomainError, ValidationError, PermissionDenied) as error:
            return refuse(request, error, _detail_url(incident))
        messages.success(request, spec.done)
        return redirect(_detail_url(incident))


class IncidentAttachmentView(LoginRequiredMixin, IncidentVisibleMixin, View):
    def get(self, request, reference, pk):
        incident = self.get_incident()
        attachment = get_object_or_404(IncidentAttachment.objects.select_related("update"), incident=incident, pk=pk)
        if not (attachment.is_public or rules.sees_internals(request.user)):
            raise Http404(_("Geen bijlage met dit nummer."))
        # Images open in the browser, everything else downloads; never run as a page, never sniffed as another type.
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=not attachment.content_type.startswith("image/"),
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _detail_url(incident: Incident) -> str:
    return reverse("incidents:incident_detail", kwargs={"reference": incident.reference})


class IncidentEvidenceView(LoginRequiredMixin, IncidentVisibleMixin, TemplateView):
    """The breach evidence pack of one incident, as a printable page or (?format=json) a JSON download.
    For the chain only, and only when the incident has a breach; anyone else gets 404."""

    template_name = "incidents/evidence.html"

    def get(self, request, *args, **kwargs):
        incident = self.get_incident()
        if not rules.sees_internals(request.user) or not evidence.has_breach(incident):
            raise Http404(_("Geen bewijsdossier voor dit incident."))
        pack = evidence.evidence_pack(incident, request.user)
        if request.GET.get("format") == "json":
            response = JsonResponse(pack, json_dumps_params={"indent": 2, "ensure_ascii": False})
            response["Content-Disposition"] = f'attachment; filename="bewijsdossier-{incident.reference}.json"'
            log_security_event("export", request, what=f"evidence-pack {incident.reference} json")
            return response
        return self.render_to_response(self.get_context_data(incident=incident, pack=pack))
