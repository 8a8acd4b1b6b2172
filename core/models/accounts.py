"""User accounts keep history: who made someone staff, gave them a group or set their password, and why."""

from django.contrib.auth.models import User

from core.history import track_user_accounts

track_user_accounts(User)
