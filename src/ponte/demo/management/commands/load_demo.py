"""``manage.py load_demo [--reset] [--simulate]``: the two demo organisations and their logins."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ponte.demo.generator import DEMO_PASSWORD
from ponte.demo.loader import DemoDataError, LoadResult, load_demo
from ponte.demo.simulate import NAME as SIMULATED_PROGRAM


class Command(BaseCommand):
    help = "Load the demo organisations (Lumina Energia, Globex Italia). Safe to run twice."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo organisations and their accounts, then recreate them."
        )
        parser.add_argument(
            "--simulate",
            action="store_true",
            help=f"Also write a closed program fast-forwarded to its end ({SIMULATED_PROGRAM}), for the reports.",
        )

    def handle(self, *args: Any, reset: bool = False, simulate: bool = False, **options: Any) -> None:
        started = time.perf_counter()
        try:
            results = load_demo(reset=reset, simulate=simulate)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        for result in results:
            self.stdout.write(self._summary(result, simulate=simulate))
        self.stdout.write(f"Done in {elapsed:.1f} s.\n")
        self.stdout.write(self._logins(results))

    def _summary(self, result: LoadResult, *, simulate: bool) -> str:
        plan = result.plan
        if not result.created:
            again = "--reset --simulate" if simulate else "--reset"
            return f"{plan.company.name}: already loaded, left as is (use {again} to recreate)."
        summary = f"{plan.company.name}: {len(plan.people)} people, {len(plan.accounts)} accounts"
        if simulate and plan.company.with_programs:
            summary += f", and the closed program {SIMULATED_PROGRAM}"
        return summary + "."

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
