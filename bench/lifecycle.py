"""Benchmark: the pair lifecycle at 10,000 participants — the hourly sweeps and the pages pairs use.

Usage: uv run python bench/lifecycle.py [--pairs 5000] [--meetings 6] [--runs 3] [--requests 30]

Builds one organisation with ``--pairs`` active pairs (two people each) three months into a
program: an agreement with an objective each way, ``--meetings`` meetings that took place with
shared notes, feedback from both and confirmed progress; one pair in ten has gone quiet. Then:

* the risk sweep (``sweep_activity``) and the check-in sweep (``sweep_checkins``): the first run
  does the work (flags, check-ins, their emails to a file backend), the following runs find
  nothing new — the steady state of an hourly job. Budget: the hour between two runs.
* the pages: a participant's pair page, meeting page and meetings list; the program team's pairs
  list, a pair page and the check-in summary. Median and 95th percentile of ``--requests`` requests
  each, with their query count, against the targets of quality.md (200 ms for pages, 500 ms for
  summaries).

Runs on a throw-away SQLite database in a temp dir (dev settings, DEBUG off) unless DATABASE_URL
is set. Prints figures; never asserts timings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

PAGE_TARGET_MS = 200.0
SUMMARY_TARGET_MS = 500.0
SWEEP_BUDGET_S = 3600.0


def setup_django(data_dir: Path) -> None:
    os.environ.setdefault("PONTE_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.config.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ["EMAIL_BACKEND"] = "file"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(pairs: int, meetings: int) -> dict[str, Any]:
    """The organisation, written with bulk inserts (a few seconds for 5,000 pairs)."""
    from django.utils import timezone

    from ponte.accounts.models import User
    from ponte.feedback.models import MeetingFeedback
    from ponte.meetings.models import Meeting, MeetingStatus
    from ponte.organizations.models import Department, Membership, Organization, Role
    from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus
    from ponte.people.models import Person
    from ponte.programs.models import Program, ProgramStatus
    from ponte.skills.models import Skill

    org = Organization.objects.create(name="Bench S.p.A.", slug=f"bench-{uuid.uuid4().hex[:6]}")
    departments = Department.objects.bulk_create(Department(organization=org, name=f"Unit {n}") for n in range(20))
    users = User.objects.bulk_create(
        User(email=f"p{n}@{org.slug}.example", full_name=f"Person {n}", language="it" if n % 2 else "en")
        for n in range(2 * pairs + 1)
    )
    Membership.objects.bulk_create(
        Membership(organization=org, user=user, role=Role.MANAGER if n == 0 else Role.PARTICIPANT)
        for n, user in enumerate(users)
    )
    people = Person.objects.bulk_create(
        Person(
            organization=org,
            user=user,
            email=user.email,
            first_name="Person",
            last_name=str(n),
            department=departments[n % 20],
            time_zone="Europe/Rome" if n % 3 else "Europe/London",
            languages=["it", "en"],
            channels=["video", "chat"],
            birth_year=1995 if n % 2 else 1965,
        )
        for n, user in enumerate(users)
    )
    manager, participants = people[0], people[1:]
    program = Program.objects.create(
        organization=org, name="Bench program", slug="bench", status=ProgramStatus.RUNNING, cadence_days=14
    )
    today = timezone.localdate()
    rows = Pair.objects.bulk_create(
        Pair(
            organization=org,
            program=program,
            junior=participants[2 * n],
            senior=participants[2 * n + 1],
            status=PairStatus.ACTIVE,
            junior_response="accepted",
            senior_response="accepted",
            started_on=today - timedelta(days=90),
        )
        for n in range(pairs)
    )
    digital = Skill.objects.filter(area__framework__code="digcomp").first()
    vision = Skill.objects.filter(area__framework__code="entrecomp").first()
    agreements = Agreement.objects.bulk_create(
        Agreement(organization=org, pair=pair, junior_confirmed_at=timezone.now(), senior_confirmed_at=timezone.now())
        for pair in rows
    )
    objectives = Objective.objects.bulk_create(
        Objective(
            agreement=agreement, key=uuid.uuid4(), direction=direction, skill=skill, start_level=2, target_level=5
        )
        for agreement in agreements
        for direction, skill in ((Direction.JUNIOR_TO_SENIOR, digital), (Direction.SENIOR_TO_JUNIOR, vision))
    )
    ObjectiveProgress.objects.bulk_create(
        ObjectiveProgress(
            organization=org,
            pair=agreements[n // 2].pair,
            objective_key=objective.key,
            level=3,
            confirmed_by=agreements[n // 2].pair.senior if n % 2 == 0 else agreements[n // 2].pair.junior,
        )
        for n, objective in enumerate(objectives)
    )
    now = timezone.now()
    meeting_rows = []
    for n, pair in enumerate(rows):
        quiet = n % 10 == 0  # one pair in ten has not met for 60 days
        for m in range(meetings):
            days_ago = 60 + 14 * m if quiet else 3 + 14 * m
            meeting_rows.append(
                Meeting(
                    organization=org,
                    pair=pair,
                    starts_at=now - timedelta(days=days_ago),
                    duration_minutes=45,
                    channel="video",
                    status=MeetingStatus.HELD,
                    shared_notes="We tried a prompt for the monthly report.",
                )
            )
    created = Meeting.objects.bulk_create(meeting_rows, batch_size=2000)
    MeetingFeedback.objects.bulk_create(
        (
            MeetingFeedback(
                organization=org,
                meeting=meeting,
                pair=meeting.pair,
                author=author,
                recipient=recipient,
                rating=4,
                learned="How a budget is negotiated",
                kudos="Thank you!",
            )
            for meeting in created
            for author, recipient in (
                (meeting.pair.junior, meeting.pair.senior),
                (meeting.pair.senior, meeting.pair.junior),
            )
        ),
        batch_size=2000,
    )
    return {"org": org, "program": program, "manager": manager, "pair": rows[1], "meeting": created[meetings]}


def timed(run: Callable[[], object]) -> tuple[float, int]:
    """Seconds and queries of one call (counted by a wrapper: Django's own log stops at 9,000)."""
    from django.db import connection

    count = 0

    def counting(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
    return elapsed, count


def sweeps(runs: int) -> None:
    from ponte.feedback.risk import pairs_check_activity
    from ponte.feedback.services import checkins_sweep

    for label, sweep in (("risk sweep (sweep_activity)", pairs_check_activity), ("check-in sweep", checkins_sweep)):
        first, first_queries = timed(sweep)
        steady = [timed(sweep) for _ in range(runs)]
        median = statistics.median(seconds for seconds, _ in steady)
        print(
            f"{label}: first run {first:.2f} s ({first_queries:,} queries, does the work and sends its emails); "
            f"steady state median {median:.2f} s over {runs} runs ({steady[0][1]:,} queries); "
            f"budget {SWEEP_BUDGET_S:,.0f} s (the hour between runs) → "
            f"{'within' if median < SWEEP_BUDGET_S else 'OVER'}"
        )


def pages(scene: dict[str, Any], requests: int) -> None:
    from django.test import Client
    from django.urls import reverse

    pair, meeting, manager = scene["pair"], scene["meeting"], scene["manager"]
    participant = Client()
    participant.force_login(pair.junior.user)
    team = Client()
    team.force_login(manager.user)
    checks = [
        ("pair page (participant)", participant, reverse("pairs:pair-detail", args=[pair.pk]), PAGE_TARGET_MS),
        (
            "meeting page (participant)",
            participant,
            reverse("meetings:meeting-detail", args=[meeting.pk]),
            PAGE_TARGET_MS,
        ),
        ("meetings list (participant)", participant, reverse("meetings:pair-meetings", args=[pair.pk]), PAGE_TARGET_MS),
        ("my partners (participant)", participant, reverse("pairs:my-pairs"), PAGE_TARGET_MS),
        ("program pairs (team)", team, reverse("pairs:program-pairs", args=[scene["program"].pk]), PAGE_TARGET_MS),
        (
            "program pairs at risk (team)",
            team,
            reverse("pairs:program-pairs", args=[scene["program"].pk]) + "?status=at_risk",
            PAGE_TARGET_MS,
        ),
        ("pair page (team)", team, reverse("pairs:pair-detail", args=[pair.pk]), PAGE_TARGET_MS),
        (
            "check-in summary (team)",
            team,
            reverse("feedback:program-checkins", args=[scene["program"].pk]),
            SUMMARY_TARGET_MS,
        ),
    ]
    print(f"pages, {requests} requests each (after one warm-up):")
    for label, client, url, target in checks:
        assert client.get(url).status_code == 200, url
        samples = []
        for _ in range(requests):
            seconds, queries = timed(lambda client=client, url=url: client.get(url))
            samples.append(seconds * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        verdict = "within" if p95 <= target else "OVER"
        print(
            f"  {label:30} median {statistics.median(samples):6.1f} ms, p95 {p95:6.1f} ms, "
            f"{queries:3} queries; target p95 ≤ {target:.0f} ms → {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--meetings", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.db import connection

        started = time.perf_counter()
        scene = build(args.pairs, args.meetings)
        print(
            f"{2 * args.pairs:,} participants in {args.pairs:,} active pairs, {args.pairs * args.meetings:,} meetings, "
            f"{2 * args.pairs * args.meetings:,} feedback rows on {connection.vendor}: built in "
            f"{time.perf_counter() - started:.1f} s"
        )
        sweeps(args.runs)
        pages(scene, args.requests)


if __name__ == "__main__":
    main()
