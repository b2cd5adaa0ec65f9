"""A message's extra headers reach the mail server (the List-Unsubscribe pair of the mails
people opt into); a recipient refused for good is reported to the hooks, not retried."""

import pytest

from tremplin.lib import mail
from tremplin.lib.mail import Rendered, send_rendered


def rendered(to: str, **headers) -> Rendered:
    return Rendered(to=[to], subject="Objet", text="Texte", html="<p>Texte</p>", headers=headers)


def test_headers_pass_to_django_s_message():
    message = rendered("a@example.org", **{"List-Unsubscribe": "<https://x/u>"}).email_message()
    assert message.extra_headers == {"List-Unsubscribe": "<https://x/u>"}
    assert message.message()["List-Unsubscribe"] == "<https://x/u>"


def test_a_message_has_no_extra_header_unless_given():
    assert rendered("a@example.org").email_message().message()["List-Unsubscribe"] is None


@pytest.mark.django_db
def test_the_hooks_hear_of_permanent_refusals_only(smtp_server, monkeypatch):
    heard = []
    monkeypatch.setattr(mail, "_refusal_hooks", [lambda *args: heard.append(args)])

    async def refuse(server, session, envelope, address, rcpt_options):
        if address.startswith("gone"):
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = refuse
    assert send_rendered([rendered("gone@example.org"), rendered("here@example.org")]) == 1
    assert [m["To"] for m in smtp_server.messages] == ["here@example.org"]
    assert heard == [("gone@example.org", 550, "No such user")]
