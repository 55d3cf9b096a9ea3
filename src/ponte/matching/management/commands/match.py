"""``manage.py match --program SLUG [--org SLUG] [--dry-run] [--json]``

The same loading and engine as the web run, synchronously. Prints the quality figures and the pairs
(or JSON). ``--dry-run`` writes nothing; otherwise a DONE run with its proposals is saved for review
on the matching page (nothing is published).
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.matching.loading import load_cohort
from ponte.matching.services import match_run_create_done, solve
from ponte.organizations.models import Organization
from ponte.programs.models import Program

FIGURES = (
    "pairs",
    "pinned_pairs",
    "juniors",
    "seniors",
    "participation",
    "juniors_matched",
    "seniors_matched",
    "total_score",
    "mean_score",
    "p10_score",
    "min_score",
    "juniors_top1",
    "juniors_top5",
    "blocking_pairs",
    "gap",
    "time_total",
)


class Command(BaseCommand):
    help = "Run the matching engine for a program from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="The program's short name (slug).")
        parser.add_argument("--org", help="The organisation's short name (needed when several have the program).")
        parser.add_argument("--dry-run", action="store_true", help="Compute and print; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        programs = Program.objects.filter(slug=options["program"])
        if options["org"]:
            organization = Organization.objects.filter(slug=options["org"]).first()
            if organization is None:
                raise CommandError(f"No organisation with the short name {options['org']!r}.")
            programs = programs.filter(organization=organization)
        found = list(programs[:2])
        if not found:
            raise CommandError(f"No program with the short name {options['program']!r}.")
        if len(found) > 1:
            raise CommandError("Several organisations have a program with this short name: add --org SLUG.")
        program = found[0]
        started = time.perf_counter()
        outcome = solve(load_cohort(program))
        elapsed = time.perf_counter() - started
        run_id = None
        if not options["dry_run"]:
            run_id = match_run_create_done(program=program, outcome=outcome, by=None).pk
        pairs = [
            {
                "junior": p.junior.person.full_name,
                "junior_email": p.junior.person.email,
                "senior": p.senior.person.full_name,
                "senior_email": p.senior.person.email,
                "score": round(p.score, 4),
                "pinned": p.pinned,
            }
            for p in outcome.proposals
        ]
        unmatched = [
            {"name": u.enrolment.person.full_name, "email": u.enrolment.person.email, "reason": u.reason}
            for u in outcome.unmatched
        ]
        if options["json"]:
            payload = {
                "program": program.slug,
                "organization": program.organization.slug,
                "dry_run": bool(options["dry_run"]),
                "run_id": run_id,
                "seconds": round(elapsed, 3),
                "metrics": outcome.metrics,
                "pairs": pairs,
                "unmatched": unmatched,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        metrics = outcome.metrics
        self.stdout.write(f"Program {program.slug} ({program.organization.slug}): {elapsed:.2f} s end to end")
        for key in FIGURES:
            value = metrics.get(key)
            self.stdout.write(f"  {key:<18} {value:.4f}" if isinstance(value, float) else f"  {key:<18} {value}")
        self.stdout.write("")
        for pair in pairs:
            pin = " (pinned)" if pair["pinned"] else ""
            self.stdout.write(f"  {pair['score']:.3f}  {pair['junior']} ↔ {pair['senior']}{pin}")
        for person in unmatched:
            self.stdout.write(f"  unmatched: {person['name']} ({person['reason']})")
        if run_id is None:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Saved as run {run_id} for review (not published)."))
