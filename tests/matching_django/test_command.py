"""``manage.py match`` / ``ponte match``: the same engine from the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ponte.cli import build_parser
from ponte.matching.models import MatchRun, Proposal, RunStatus

from .conftest import cohort

pytestmark = pytest.mark.django_db


def test_a_dry_run_writes_nothing_and_json_parses(program) -> None:
    cohort(program, juniors=2, seniors=2)
    out = StringIO()
    call_command("match", "--program", program.slug, "--org", "acme", "--dry-run", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["dry_run"] and payload["run_id"] is None
    assert len(payload["pairs"]) == 2 and payload["metrics"]["pairs"] == 2
    assert not MatchRun.objects.exists() and not Proposal.objects.exists()


def test_without_dry_run_a_run_waits_for_review(program) -> None:
    cohort(program, juniors=2, seniors=2)
    out = StringIO()
    call_command("match", "--program", program.slug, stdout=out)
    run = MatchRun.objects.get()
    assert run.status == RunStatus.DONE and run.proposals.count() == 2
    assert "total_score" in out.getvalue() and "↔" in out.getvalue()


def test_an_unknown_program_is_an_error(acme) -> None:
    with pytest.raises(CommandError):
        call_command("match", "--program", "nope", stdout=StringIO())


def test_the_ponte_command_has_a_match_subcommand() -> None:
    args = build_parser().parse_args(["match", "--program", "bridge", "--org", "acme", "--dry-run", "--json"])
    assert (args.program, args.org, args.dry_run, args.json) == ("bridge", "acme", True, True)
