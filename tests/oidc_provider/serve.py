"""Run the test identity provider: `python -m tests.oidc_provider.serve PORT REDIRECT_URI POST_LOGOUT_URI`.

Creates its database, one user (`idp-user` / `idp-password`, e-mail from OIDC_PROVIDER_USER_EMAIL) and the client
application `regie` (secret `regie-secret`, RS256, no consent screen), prints "ready" and serves until killed."""

import os
import sys

CLIENT_ID = "regie"
CLIENT_SECRET = "regie-secret"
USERNAME, PASSWORD = "idp-user", "idp-password"


def main(port: int, redirect_uri: str, post_logout_uri: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(
        USERNAME,
        email=os.environ["OIDC_PROVIDER_USER_EMAIL"],
        password=PASSWORD,
        first_name="Ilse",
        last_name="de Provider",
    )
    Application.objects.create(
        name="Regie",
        user=user,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=post_logout_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    print("ready", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
