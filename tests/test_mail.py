"""Every e-mail goes out in the background once its transaction commits, and is tried again while the mail server
does not answer: with a real SMTP server that is down at first, no e-mail is lost and none is sent twice."""

import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from regions.services import review_create
from wonen_eerst.mail import mail_send, retry_wait, send_mail_later


class Inbox:
    """aiosmtpd's handler: keeps every message the server accepted."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), envelope.content.decode()))
        return "250 Ontvangen"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """The address of a mail server that is not there yet; ``start()`` brings it up on that address."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.WONEN_EERST_MAIL_RETRY_SECONDS = 0.05
    inbox = Inbox()
    controllers = []

    def start():
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)

    inbox.start = start
    yield inbox
    for controller in controllers:
        controller.stop()


def waiting_mail() -> int:
    return DBTaskResult.objects.filter(task_path=mail_send.module_path, status=TaskResultStatus.READY).count()


def test_no_email_is_lost_and_none_is_sent_twice_when_the_mail_server_is_down_at_first(
    task_worker, smtp, coalition, client
):
    client.post(reverse("password_reset"), {"email": coalition.partner_user.email})
    review_create(region=coalition.region, user=coalition.advisor, text="Betrek de corporaties eerder.")
    send_mail_later("Twee ontvangers", "Tekst.", ["een@example.org", "twee@example.org"])
    assert waiting_mail() == 4  # one task per message: a password reset, the advice to the trekker, two more

    for attempt in (1, 2, 3):  # the server does not answer: every attempt enqueues the next one, nothing is lost
        task_worker()
        assert waiting_mail() == 4 and smtp.messages == []
        time.sleep(retry_wait(attempt).total_seconds() + 0.05)
    smtp.start()
    deadline = time.monotonic() + 30
    while waiting_mail() and time.monotonic() < deadline:
        task_worker()
        time.sleep(0.05)

    assert waiting_mail() == 0
    received = sorted(to for to, _ in smtp.messages)
    assert received == sorted(
        [
            (coalition.partner_user.email,),
            (coalition.trekker_user.email,),
            ("een@example.org",),
            ("twee@example.org",),
        ]
    ), "every message exactly once"
    reset = next(content for to, content in smtp.messages if to == (coalition.partner_user.email,))
    assert "Nieuw wachtwoord voor het Wonen Eerst portaal" in reset and "/account/wachtwoord/nieuw/" in reset
    attempts = DBTaskResult.objects.filter(task_path=mail_send.module_path)
    assert attempts.filter(status=TaskResultStatus.FAILED).count() == 0
    assert attempts.count() >= 4 * 4  # three failed attempts per message, then the one that got through


def test_a_message_the_server_takes_at_once_is_sent_once(task_worker, smtp):
    smtp.start()
    send_mail_later("Welkom", "Tekst.", ["een@example.org"])
    task_worker()
    task_worker()
    assert [to for to, _ in smtp.messages] == [("een@example.org",)]


def test_nothing_is_sent_for_a_change_that_is_rolled_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            send_mail_later("Niet verstuurd", "Tekst.", ["een@example.org"])
            raise RuntimeError("teruggedraaid")
        send_mail_later("Wel verstuurd", "Tekst.", ["een@example.org", "", "een@example.org"])
    assert [(message.subject, message.to) for message in mail.outbox] == [("Wel verstuurd", ["een@example.org"])]


def test_the_wait_between_attempts_doubles_up_to_an_hour(settings):
    settings.WONEN_EERST_MAIL_RETRY_SECONDS = 60
    assert [retry_wait(n).total_seconds() for n in (1, 2, 3, 7, 8, 30)] == [60, 120, 240, 3600, 3600, 3600]
