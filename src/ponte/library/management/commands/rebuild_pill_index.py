from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from ponte.library.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text index of experience pills (all organisations, or one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", type=int, default=None, help="Only this organisation's id.")

    def handle(self, *args: Any, **options: Any) -> None:
        # One transaction: searches keep seeing the old index until the new one is complete.
        with transaction.atomic():
            indexed = rebuild_index(options["organization"])
        self.stdout.write(f"Pills indexed: {indexed}.")
