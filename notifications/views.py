from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import preferences
from .forms import MailPreferencesForm


class MailPreferencesView(LoginRequiredMixin, View):
    template_name = "notifications/preferences.html"

    def render(self, request, form):
        context = {"form": form, "history": preferences.history_of(request.user)}
        return render(request, self.template_name, context)

    def get(self, request):
        choices = preferences.choices_of(request.user)
        form = MailPreferencesForm(choices=choices, initial={"language": preferences.language_of(request.user)})
        return self.render(request, form)

    def post(self, request):
        form = MailPreferencesForm(request.POST, choices=preferences.choices_of(request.user))
        if not form.is_valid():
            return self.render(request, form)
        preferences.mail_preferences_save(
            actor=request.user, language=form.cleaned_data["language"], deliveries=form.deliveries()
        )
        messages.success(request, _("Uw mailvoorkeuren zijn opgeslagen."))
        return redirect("notifications:preferences")
