"""``manage.py load_demo [--reset]``: the two demo organisations and their logins."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ponte.demo.generator import DEMO_PASSWORD
from ponte.demo.loader import DemoDataError, LoadResult, load_demo


class Command(BaseCommand):
    help = "Load the demo organisations (Lumina Energia, Globex Italia). Safe to run twice."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo organisations and their accounts, then recreate them."
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        started = time.perf_counter()
        try:
            results = load_demo(reset=reset)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        for result in results:
            self.stdout.write(self._summary(result))
        self.stdout.write(f"Done in {elapsed:.1f} s.\n")
        self.stdout.write(self._logins(results))

    def _summary(self, result: LoadResult) -> str:
        plan = result.plan
        if not result.created:
            return f"{plan.company.name}: already loaded, left as is (use --reset to recreate)."
        return f"{plan.company.name}: {len(plan.people)} people, {len(plan.accounts)} accounts."

    def _logins(self, results: list[LoadResult]) -> str:
        # The named logins tell the demo story (admin, program manager, a junior and a senior);
        # the extra participants are only counted.
        rows: list[tuple[str, str, str]] = [("Email", "Role", "Password")]
        extras = 0
        for result in results:
            company = result.plan.company
            rows += [(a.email, f"{a.role.label} (UI: {a.language})", DEMO_PASSWORD) for a in company.named]
            extras += len(result.plan.accounts) - len(company.named)
        width = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = ["  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
        lines.insert(1, "  ".join("-" * w for w in width))
        lines.append(f"…and {extras} more participants (firstname.lastname@lumina.example), same password.")
        return "\n".join(lines) + "\n"
