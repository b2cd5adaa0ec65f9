"""The demo outbox: every e-mail the demo "sent", written under var/mail/ by OutboxBackend."""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

_NAME = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}\.eml$")


def _read(path) -> EmailMessage:
    with path.open("rb") as handle:
        return email.message_from_binary_file(handle, policy=policy.default)


def mails(request: HttpRequest) -> HttpResponse:
    outbox = settings.MAIL_OUTBOX_DIR
    paths = sorted(outbox.glob("*.eml"), reverse=True) if outbox.exists() else []
    page = Paginator(paths, 50).get_page(request.GET.get("page"))
    messages = [(path.name, _read(path)) for path in page.object_list]
    return render(request, "demo/mails.html", {"page": page, "messages": messages})


def mail(request: HttpRequest, name: str) -> HttpResponse:
    path = settings.MAIL_OUTBOX_DIR / name
    if not _NAME.match(name) or not path.exists():
        raise Http404
    message = _read(path)
    text = message.get_body(preferencelist=("plain",))
    return render(
        request,
        "demo/mail.html",
        {"message": message, "text": text.get_content() if text else ""},
    )
