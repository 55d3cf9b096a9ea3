from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ponte.skills.services import frameworks_sync


class Command(BaseCommand):
    help = "Create or update the reference competence frameworks (DigComp, EntreComp, GreenComp)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = frameworks_sync()
        self.stdout.write(f"Frameworks synced: {result.created} created, {result.updated} updated.")
