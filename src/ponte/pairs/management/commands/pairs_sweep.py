from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ponte.pairs.services import pairs_expire_overdue, pairs_remind_due


class Command(BaseCommand):
    help = (
        "Expire overdue pair proposals and send the reminders that are due. Safe to run at any "
        "interval (e.g. every 5 minutes from cron) and twice in a row."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = pairs_expire_overdue()
        reminded = pairs_remind_due()
        self.stdout.write(f"Pairs sweep: {len(expired)} proposals expired, {len(reminded)} reminders sent.")
