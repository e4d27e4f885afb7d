"""Background work of the accounts app: thin wrappers that load by id and do one thing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from boucle.accounts.models import Invitation


@task()
def invitation_send_email(*, invitation_id: int, token: str, language: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_pending:
        return
    with translation.override(language):
        context = {
            "invitation": invitation,
            "accept_url": settings.SITE_URL.rstrip("/")
            + reverse("accounts:invitation_accept", args=[token]),
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
