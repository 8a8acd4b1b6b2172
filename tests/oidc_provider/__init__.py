"""A small OpenID Connect provider (django-oauth-toolkit) that the single sign-on tests start on a port of their own:
`serve.py` runs it as a separate process with its own database, one user and one client application."""
