"""Every e-mail the portal sends goes through ``send_mail_later``: a background task per message, enqueued once
the transaction that caused it commits, so a change that is rolled back sends nothing and a request never waits
for the mail server.

When the mail server does not answer (or answers "try again later"), the task enqueues the next attempt for a
while later and ends; the message is sent by the attempt that gets through, so it is sent once. A message the
server refuses for good (a 5xx answer) is not tried again; its failure is logged. With the immediate task
backend (the SQLite demo) there is no worker to try again later, so a failure is only logged.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

ATTEMPTS = 30  # with the default first wait of a minute, doubling to at most an hour: about a day
LONGEST_WAIT = datetime.timedelta(hours=1)


def send_mail_later(subject: str, body: str, recipients, *, from_email: str | None = None) -> int:
    """E-mail ``body`` to each address in ``recipients``, one message each (nobody sees the others' addresses),
    after the current transaction commits (at once outside one). Returns the number of messages."""
    addresses = sorted({address for address in recipients if address})
    sender = from_email or settings.DEFAULT_FROM_EMAIL
    for address in addresses:
        message = {"subject": subject, "body": body, "from_email": sender, "to": [address]}
        transaction.on_commit(lambda message=message: mail_send.enqueue(**message), robust=True)
    return len(addresses)


def retry_wait(attempt: int) -> datetime.timedelta:
    """How long to wait before the attempt after ``attempt`` (1, 2, …)."""
    first = datetime.timedelta(seconds=settings.WONEN_EERST_MAIL_RETRY_SECONDS)
    return min(first * 2 ** (attempt - 1), LONGEST_WAIT)


def _temporary(error: OSError) -> bool:
    """The server did not answer, or answered that it cannot take the message now (4xx); not a refusal (5xx)."""
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return not isinstance(error, smtplib.SMTPRecipientsRefused)


@task()
def mail_send(*, subject: str, body: str, from_email: str, to: list[str], attempt: int = 1) -> str:
    """Send one message; when the mail server does not take it now, enqueue the next attempt."""
    try:
        EmailMessage(subject, body, from_email, to).send()
    except OSError as error:  # socket errors and every smtplib error
        can_wait = mail_send.get_backend().supports_defer
        if not (_temporary(error) and can_wait and attempt < ATTEMPTS):
            logger.error("E-mail %r to %s not sent after %d attempt(s): %s", subject, to, attempt, error)
            raise
        wait = retry_wait(attempt)
        mail_send.using(run_after=timezone.now() + wait).enqueue(
            subject=subject, body=body, from_email=from_email, to=to, attempt=attempt + 1
        )
        logger.warning("E-mail %r to %s not sent (%s); next attempt in %s", subject, to, error, wait)
        return f"attempt {attempt} failed; tried again in {wait}"
    return f"sent at attempt {attempt}"
