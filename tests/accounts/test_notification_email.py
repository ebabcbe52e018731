"""Notification emails: sent after commit through Django's email backend, once, only to users with
an address; a refused email waits for the sweeper; a task delivered four times at once to a real
worker sends one email; with the broker down the request succeeds and the sweeper sends it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from accounts.models import Notification
from accounts.services import notifications_sweep, notify
from tests.hazards.conftest import photo


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


class BrokenBackend:
    """An email backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP 服务器拒绝连接")


@pytest.mark.django_db
def test_email_goes_after_commit_once_and_only_to_users_with_an_address(
    official_a, official_a2, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.tasks import deliver_notification

    official_a.email = "huang@example.cn"
    official_a.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify(
            recipients=[official_a, official_a2], kind="bulletin_issued", title="通报发布：六月", body="正文",
            url="/reports/bulletins/1/", key="b:1",
        )  # fmt: skip
        assert mailoutbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["huang@example.cn"] and "通报发布：六月" in mail.subject
    assert "正文" in mail.body and "http://127.0.0.1:8000/reports/bulletins/1/" in mail.body
    mine = next(r for r in rows if r.recipient_id == official_a.pk)
    deliver_notification.apply(args=[mine.pk])  # a redelivered task
    assert notifications_sweep(older_than_seconds=0) == 0
    assert len(mailoutbox) == 1
    mine.refresh_from_db()
    assert mine.emailed_at is not None and mine.email_attempts == 1 and mine.email_error == ""
    other = next(r for r in rows if r.recipient_id == official_a2.pk)
    other.refresh_from_db()
    assert other.emailed_at is None  # no address, nothing to send


@pytest.mark.django_db
def test_a_refused_email_is_kept_with_its_error_and_the_sweeper_sends_it_later(
    official_a, mailoutbox, settings, django_capture_on_commit_callbacks
):
    official_a.email = "huang@example.cn"
    official_a.save()
    settings.EMAIL_BACKEND = "tests.accounts.test_notification_email.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notify(recipients=[official_a], kind="report_returned", title="报表退回", key="r:1")
    row.refresh_from_db()
    assert row.emailed_at is None and "拒绝连接" in row.email_error and row.email_attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications_sweep(older_than_seconds=0) == 1
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.emailed_at is not None and row.email_error == "" and row.email_attempts == 2
    assert notifications_sweep(older_than_seconds=0) == 0


@pytest.fixture
def mail_dir(tmp_path, monkeypatch) -> Path:
    """Emails of a worker process written as files here (requested before the worker fixture)."""
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(tmp_path))
    return tmp_path


def _mails(path: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(path.iterdir()) if p.stat().st_size]


def test_a_task_delivered_four_times_at_once_sends_one_email(mail_dir, celery_parallel_worker, official_a):
    """Four copies of the delivery task, two at a time in two worker processes, reach the row together:
    the compare-and-set claim lets one send."""
    from accounts.tasks import deliver_notification
    from tests.utils import publish_at_once, wait_for

    official_a.email = "huang@example.cn"
    official_a.save()
    row = Notification.objects.create(
        recipient=official_a, kind="legal_review", title="重大执法决定待法制审核", key="race:1"
    )
    results = publish_at_once(deliver_notification, row.pk, n=4, gate=Notification)
    assert sorted(r["email"] for r in results) == [False, False, False, True]
    mails = wait_for(lambda: _mails(mail_dir))
    assert len(mails) == 1 and "huang@example.cn" in mails[0]
    row.refresh_from_db()
    assert row.emailed_at is not None and row.email_attempts == 1


def test_with_the_broker_down_the_rectification_succeeds_and_the_sweeper_sends_the_email_once(
    mail_dir, celery_worker, responsible, make_hazard, enterprise_user, official_a
):
    from config.celery import app
    from tests.utils import broker_down, wait_for

    official_a.email = "huang@example.cn"
    official_a.save()
    hazard = make_hazard(status="rectifying")
    with broker_down(app):
        response = client_for(enterprise_user).post(
            f"/hazards/{hazard.pk}/do/submit_rectification/",
            {
                "submit_rectification-description": "已更换报警器",
                "submit_rectification-photos": photo(),
                "version": hazard.version,
            },
        )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == "awaiting_acceptance"
    row = Notification.objects.get(recipient=official_a, kind="rectification_review")
    assert row.emailed_at is None and _mails(mail_dir) == []
    assert notifications_sweep(older_than_seconds=0) == 1
    assert notifications_sweep(older_than_seconds=0) in (0, 1)  # a second sweep may race the worker
    mails = wait_for(lambda: _mails(mail_dir))
    wait_for(lambda: Notification.objects.filter(pk=row.pk, emailed_at__isnull=False).exists())
    assert len(_mails(mail_dir)) == 1 and "待验收" in mails[0]
