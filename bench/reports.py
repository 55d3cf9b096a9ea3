"""Benchmark: the HR dashboards over two years of history at 10,000 participants.

Usage: uv run python bench/reports.py [--participants 10000] [--small 2000] [--requests 15] [--file-runs 3]

Builds one organisation with ``--participants`` people (a tree of 40 departments, 8 locations,
birth years over the four generations) and four programs over the last two years — two closed,
one closed last month, one running — with about one pair per two participants in all: proposals
declined and expired, agreements with an objective each way, a meeting every 14 days (mostly
held), monthly check-ins, confirmed progress, and start and end assessments of the ended pairs.

Then, logged in as a program manager, it requests the organisation dashboard and the program
dashboards of the running program and of the largest closed one, each for everybody, for one
division (``?group=department:<id>``) and for Gen X (``?group=generation:gen_x``): first with the
figures computed on every request (the cache off: ``--computed-requests`` requests, median and
slowest), then as people get them in production, from the five-minute cache of the figures (pairs
at risk are always read fresh): median and 95th percentile of ``--requests`` requests after the one
that fills it, against the 500 ms target of quality.md. Each page's query count is printed beside
the count for an organisation of ``--small`` participants built first, to show it does not grow
with the rows. Last, the program report as a PDF and the
whole organisation's meetings exported as CSV and XLSX.

Runs on a throw-away SQLite database in a temp dir (dev settings, DEBUG off) unless DATABASE_URL
is set. Prints figures; never asserts timings.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from lifecycle import setup_django, timed

DASHBOARD_TARGET_MS = 500.0
#: The cache time of the dashboards' figures in production (settings.REPORTS_CACHE_SECONDS).
CACHE_SECONDS = 300
CADENCE_DAYS = 14
CHECKIN_EVERY_DAYS = 30
#: Departments: a head office, its divisions, and the units under each division (1 + 6 + 33 = 40).
DIVISIONS = 6
UNITS_PER_DIVISION = (6, 6, 6, 5, 5, 5)
LOCATIONS = ("Milano", "Roma", "Torino", "Napoli", "Bologna", "Firenze", "Bari", "Padova")
#: Program name, first month and length in months (relative to the current month), share of the pairs.
PROGRAMS = (
    ("Closed two years ago", -24, 11, 0.22),
    ("Closed last year", -19, 11, 0.24),
    ("Closed last month", -12, 11, 0.30),
    ("Running", -6, 11, 0.24),
)
#: Of every program's proposals: declined and expired; of the accepted pairs of a closed program, ended early.
DECLINED, EXPIRED, ENDED_EARLY = 0.04, 0.03, 0.05
NO_SHOW, CANCELLED = 0.06, 0.05
CHECKIN_ANSWERED = 0.85


@dataclass
class Scene:
    organization: Any
    manager: Any
    running: Any
    largest_closed: Any
    division: Any
    counts: dict[str, int] = field(default_factory=dict)


def _month(today: date, offset: int) -> date:
    from ponte.reports.metrics.months import add_months

    return add_months(today.replace(day=1), offset)


def _moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _score(rng: random.Random, through: float) -> int:
    """A 1–5 answer that improves as the program goes on."""
    return max(1, min(5, round(3.2 + 1.3 * through + rng.gauss(0, 0.7))))


def _people(org: Any, participants: int, rng: random.Random) -> tuple[Any, list[Any], list[Any], list[Any]]:
    """The manager, the department tree, and the young and senior participants."""
    from ponte.accounts.models import User
    from ponte.organizations.models import Department, Membership, Role
    from ponte.people.models import Person

    (head,) = Department.objects.bulk_create([Department(organization=org, name="Head office")])
    divisions = Department.objects.bulk_create(
        Department(organization=org, name=f"Division {n + 1}", parent=head) for n in range(DIVISIONS)
    )
    units = Department.objects.bulk_create(
        Department(organization=org, name=f"Unit {d + 1}.{u + 1}", parent=division)
        for d, division in enumerate(divisions)
        for u in range(UNITS_PER_DIVISION[d])
    )
    users = User.objects.bulk_create(
        (
            User(email=f"p{n}@{org.slug}.example", full_name=f"Person {n}", language="it" if n % 2 else "en")
            for n in range(participants + 1)
        ),
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        (
            Membership(organization=org, user=user, role=Role.MANAGER if n == 0 else Role.PARTICIPANT)
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )
    people = Person.objects.bulk_create(
        (
            Person(
                organization=org,
                user=user,
                email=user.email,
                first_name="Person",
                last_name=str(n),
                department=head if n == 0 else rng.choice(units),
                location=rng.choice(LOCATIONS),
                time_zone="Europe/Rome",
                languages=["it", "en"],
                channels=["video", "in_person"],
                # Juniors are Millennials or Gen Z, seniors Gen X or Baby Boomers.
                birth_year=rng.randint(1985, 2004) if n % 2 else rng.randint(1955, 1979),
            )
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )
    manager, participants_ = people[0], people[1:]
    young = [p for p in participants_ if p.birth_year >= 1985]
    senior = [p for p in participants_ if p.birth_year < 1985]
    return manager, divisions, young, senior


@dataclass
class _Rows:
    enrolments: list[Any] = field(default_factory=list)
    invitations: list[Any] = field(default_factory=list)
    pairs: list[Any] = field(default_factory=list)


def _program_rows(org: Any, program: Any, pairs: int, young: list[Any], senior: list[Any], rng: random.Random) -> _Rows:
    """Invitations, enrolments and pairs (with their outcome) of one program."""
    from ponte.pairs.models import Pair, PairStatus, Response
    from ponte.programs.models import Enrolment, EnrolmentRole, EnrolmentStatus, ProgramInvitation, ProgramStatus

    closed = program.status == ProgramStatus.CLOSED
    juniors = rng.sample(young, min(len(young), pairs + pairs // 10))
    seniors = rng.sample(senior, min(len(senior), pairs + pairs // 10))
    rows = _Rows()
    for role, group in ((EnrolmentRole.JUNIOR, juniors), (EnrolmentRole.SENIOR, seniors)):
        rows.enrolments += [
            Enrolment(organization=org, program=program, person=p, role=role, status=EnrolmentStatus.APPROVED)
            for p in group
        ]
    invited = {p.pk for p in juniors + seniors}
    extra = [p for p in rng.sample(young + senior, len(invited) // 10) if p.pk not in invited]
    rows.invitations = [
        ProgramInvitation(organization=org, program=program, person=p) for p in juniors + seniors + extra
    ]
    for junior, senior_ in zip(juniors[:pairs], seniors[:pairs], strict=False):
        draw = rng.random()
        if draw < DECLINED:
            status, answers = PairStatus.DECLINED, (Response.ACCEPTED, Response.DECLINED)
        elif draw < DECLINED + EXPIRED:
            status, answers = PairStatus.EXPIRED, (Response.ACCEPTED, "")
        elif not closed:
            status, answers = PairStatus.ACTIVE, (Response.ACCEPTED, Response.ACCEPTED)
        else:
            early = rng.random() < ENDED_EARLY
            status = PairStatus.ENDED_EARLY if early else PairStatus.COMPLETED
            answers = (Response.ACCEPTED, Response.ACCEPTED)
        accepted = answers == (Response.ACCEPTED, Response.ACCEPTED)
        started = program.starts_on + timedelta(days=rng.randint(1, 10)) if accepted else None
        ended = None
        if status == PairStatus.COMPLETED:
            ended = program.ends_on
        elif status == PairStatus.ENDED_EARLY and started is not None:
            ended = started + timedelta(days=rng.randint(30, 150))
        rows.pairs.append(
            Pair(
                organization=org,
                program=program,
                junior=junior,
                senior=senior_,
                status=status,
                junior_response=answers[0],
                senior_response=answers[1],
                started_on=started,
                ended_on=ended,
                score=round(rng.uniform(0.3, 0.9), 3),
            )
        )
    return rows


def _history(org: Any, pairs: list[Any], today: date, rng: random.Random) -> dict[str, int]:
    """Agreements, meetings, check-ins, progress and assessments of the accepted pairs."""
    from ponte.feedback.models import Assessment, AssessmentMoment, AssessmentRole, CheckIn
    from ponte.meetings.models import Meeting, MeetingChannel, MeetingStatus
    from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, PairStatus
    from ponte.skills.models import Skill

    digital = list(Skill.objects.filter(area__framework__code="digcomp", area__framework__organization=None))
    leadership = list(Skill.objects.filter(area__framework__code="entrecomp", area__framework__organization=None))
    accepted = [p for p in pairs if p.started_on is not None]
    agreements = Agreement.objects.bulk_create(
        (Agreement(organization=org, pair=pair) for pair in accepted), batch_size=2000
    )
    objectives: list[Any] = []
    for agreement in agreements:
        for direction, skills in ((Direction.JUNIOR_TO_SENIOR, digital), (Direction.SENIOR_TO_JUNIOR, leadership)):
            start = rng.randint(1, 4)
            objectives.append(
                Objective(
                    agreement=agreement,
                    key=uuid.uuid4(),
                    direction=direction,
                    skill=rng.choice(skills),
                    start_level=start,
                    target_level=min(8, start + rng.randint(2, 4)),
                )
            )
    Objective.objects.bulk_create(objectives, batch_size=2000)
    meetings: list[Any] = []
    checkins: list[Any] = []
    progress: list[Any] = []
    assessments: list[Any] = []
    by_pair: dict[int, list[Any]] = {}
    for objective in objectives:
        by_pair.setdefault(objective.agreement.pair_id, []).append(objective)
    for pair in accepted:
        last = min(pair.ended_on or today, today - timedelta(days=1))
        span = max(1, (pair.program.ends_on - pair.program.starts_on).days)
        for offset in range(7, (last - pair.started_on).days + 1, CADENCE_DAYS):
            draw = rng.random()
            status = (
                MeetingStatus.NO_SHOW
                if draw < NO_SHOW
                else MeetingStatus.CANCELLED
                if draw < NO_SHOW + CANCELLED
                else MeetingStatus.HELD
            )
            meetings.append(
                Meeting(
                    organization=org,
                    pair=pair,
                    starts_at=_moment(pair.started_on + timedelta(days=offset), rng.choice((8, 9, 13, 14))),
                    duration_minutes=45,
                    channel=MeetingChannel.VIDEO,
                    status=status,
                    shared_notes="We tried a prompt for the monthly report." if status == MeetingStatus.HELD else "",
                )
            )
        if pair.status == PairStatus.ACTIVE:
            meetings.append(
                Meeting(
                    organization=org,
                    pair=pair,
                    starts_at=_moment(today + timedelta(days=rng.randint(1, CADENCE_DAYS)), 9),
                    duration_minutes=45,
                    channel=MeetingChannel.VIDEO,
                )
            )
        due = pair.started_on + timedelta(days=CHECKIN_EVERY_DAYS)
        while due <= last:
            through = (due - pair.program.starts_on).days / span
            for person in (pair.junior, pair.senior):
                answered = rng.random() < CHECKIN_ANSWERED
                checkins.append(
                    CheckIn(
                        organization=org,
                        pair=pair,
                        person=person,
                        due_on=due,
                        sent_at=_moment(due, 7),
                        answered_at=_moment(due, 16) if answered else None,
                        satisfaction=_score(rng, through) if answered else None,
                        learning=_score(rng, through) if answered else None,
                    )
                )
            due += timedelta(days=CHECKIN_EVERY_DAYS)
        ended = pair.status in (PairStatus.COMPLETED, PairStatus.ENDED_EARLY)
        elapsed = min(1.0, ((pair.ended_on or today) - pair.started_on).days / span)
        for objective in by_pair[pair.pk]:
            learner = pair.senior if objective.direction == Direction.JUNIOR_TO_SENIOR else pair.junior
            teacher = pair.junior if learner is pair.senior else pair.senior
            gain = round(rng.randint(0, objective.target_level - objective.start_level) * elapsed)
            progress += [
                ObjectiveProgress(
                    organization=org, pair=pair, objective_key=objective.key, level=level, confirmed_by=learner
                )
                for level in range(objective.start_level + 1, objective.start_level + gain + 1)
            ]
            if ended:
                common = {"organization": org, "pair": pair, "objective_key": objective.key, "learner": learner}
                end = objective.start_level + gain
                assessments += [
                    Assessment(
                        **common,
                        skill=objective.skill,
                        rater=learner,
                        role=AssessmentRole.SELF,
                        moment=AssessmentMoment.START,
                        level=objective.start_level,
                    ),
                    Assessment(
                        **common,
                        skill=objective.skill,
                        rater=learner,
                        role=AssessmentRole.SELF,
                        moment=AssessmentMoment.END,
                        level=end,
                    ),
                    Assessment(
                        **common,
                        skill=objective.skill,
                        rater=teacher,
                        role=AssessmentRole.PARTNER,
                        moment=AssessmentMoment.END,
                        level=max(objective.start_level, end - rng.choice((0, 0, 1))),
                    ),
                ]
    for model, rows in (
        (Meeting, meetings),
        (CheckIn, checkins),
        (ObjectiveProgress, progress),
        (Assessment, assessments),
    ):
        model.objects.bulk_create(rows, batch_size=2000)
    return {
        "meetings": len(meetings),
        "check-ins": len(checkins),
        "progress rows": len(progress),
        "assessments": len(assessments),
    }


def build(participants: int, seed: int = 20260101) -> Scene:
    """One organisation and its two years of programs, written with bulk inserts."""
    from django.utils import timezone

    from ponte.organizations.models import Organization
    from ponte.pairs.models import Pair, PairStatus
    from ponte.programs.models import Enrolment, Program, ProgramInvitation, ProgramStatus

    rng = random.Random(seed)
    today = timezone.localdate()
    org = Organization.objects.create(
        name=f"Bench {participants:,} S.p.A.", slug=f"bench-{participants}-{uuid.uuid4().hex[:6]}"
    )
    manager, divisions, young, senior = _people(org, participants, rng)
    total_pairs = participants // 2
    programs, pairs = [], []
    for n, (name, first_month, months, share) in enumerate(PROGRAMS):
        starts_on = _month(today, first_month)
        ends_on = _month(today, first_month + months) - timedelta(days=1)
        program = Program.objects.create(
            organization=org,
            name=name,
            slug=f"program-{n + 1}",
            status=ProgramStatus.CLOSED if ends_on < today else ProgramStatus.RUNNING,
            starts_on=starts_on,
            ends_on=ends_on,
            cadence_days=CADENCE_DAYS,
            checkin_every_days=CHECKIN_EVERY_DAYS,
            created_by=manager.user,
        )
        rows = _program_rows(org, program, round(total_pairs * share), young, senior, rng)
        Enrolment.objects.bulk_create(rows.enrolments, batch_size=2000)
        ProgramInvitation.objects.bulk_create(rows.invitations, batch_size=2000)
        pairs += Pair.objects.bulk_create(rows.pairs, batch_size=2000)
        programs.append((program, len(rows.pairs)))
    counts = {"pairs": len(pairs), **_history(org, pairs, today, rng)}
    running = next(program for program, _ in programs if program.status == ProgramStatus.RUNNING)
    largest = max((p for p in programs if p[0].status == ProgramStatus.CLOSED), key=lambda p: p[1])[0]
    # A few of the running pairs need the team's attention, as they would in real life.
    at_risk = [p.pk for p in pairs if p.program_id == running.pk and p.status == PairStatus.ACTIVE][::40]
    Pair.objects.filter(pk__in=at_risk).update(at_risk_since=timezone.now() - timedelta(days=3), risk_reason="no_shows")
    division = max(divisions, key=lambda d: d.children.count())
    _analyze()
    return Scene(org, manager, running, largest, division, counts)


def _analyze() -> None:
    """Give PostgreSQL the table statistics autovacuum keeps in production.

    Its planner chooses joins from them, and freshly bulk-loaded tables have none (autovacuum may
    even be off, as on these machines): without them a dashboard query takes seconds, not
    milliseconds. SQLite plans without statistics unless asked, as it does in production.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _pages(scene: Scene) -> list[tuple[str, str]]:
    from django.urls import reverse

    groups = (
        ("", ""),
        (" · one division", f"?group=department:{scene.division.pk}"),
        (" · Gen X", "?group=generation:gen_x"),
    )
    views = (
        ("organisation dashboard", reverse("reports:org-dashboard")),
        ("running program", reverse("reports:program-dashboard", args=[scene.running.pk])),
        ("largest closed program", reverse("reports:program-dashboard", args=[scene.largest_closed.pk])),
    )
    return [(label + suffix, url + query) for label, url in views for suffix, query in groups]


def _client(scene: Scene) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(scene.manager.user)
    return client


def _fetch(client: Any, url: str) -> Callable[[], int]:
    """A request that reads the whole body (exports stream), returning its size in bytes."""

    def run() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return len(body)

    return run


def _cache_for(seconds: int) -> None:
    """Dashboards keep their figures in the cache (``REPORTS_CACHE_SECONDS``); 0 computes them every time."""
    from django.conf import settings
    from django.core.cache import cache

    settings.REPORTS_CACHE_SECONDS = seconds
    cache.clear()


def query_counts(scene: Scene) -> dict[str, int]:
    """Each dashboard's query count when its figures are computed, after a warm-up request."""
    _cache_for(0)
    client = _client(scene)
    counts = {}
    for label, url in _pages(scene):
        _fetch(client, url)()
        counts[label] = timed(_fetch(client, url))[1]
    return counts


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _samples(client: Any, url: str, requests: int) -> tuple[list[float], int]:
    samples, queries = [], 0
    for _ in range(requests):
        seconds, queries = timed(_fetch(client, url))
        samples.append(seconds * 1000)
    return samples, queries


def dashboards(
    scene: Scene, requests: int, computed_requests: int, small: dict[str, int], small_size: int, size: int
) -> None:
    client = _client(scene)
    print(
        f"dashboards as a program manager: computed ({computed_requests} requests, cache off) and "
        f"from the {CACHE_SECONDS} s cache ({requests} requests after the one that fills it):"
    )
    for label, url in _pages(scene):
        _cache_for(0)
        computed, queries = _samples(client, url, computed_requests)
        _cache_for(CACHE_SECONDS)
        _fetch(client, url)()
        cached, cached_queries = _samples(client, url, requests)
        p95 = _p95(cached)
        verdict = "within" if p95 <= DASHBOARD_TARGET_MS else "OVER"
        print(
            f"  {label:42} computed median {statistics.median(computed):7.1f} ms, max {max(computed):7.1f} ms "
            f"({queries} queries; {small[label]} at {small_size / 1000:g}k) | cached median "
            f"{statistics.median(cached):6.1f} ms, p95 {p95:6.1f} ms ({cached_queries} queries); "
            f"target p95 ≤ {DASHBOARD_TARGET_MS:.0f} ms → {verdict}"
        )


def files(scene: Scene, runs: int) -> None:
    from django.urls import reverse

    # WeasyPrint reports its layout steps and template warnings through logging; here only the
    # time counts.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    client = _client(scene)
    checks = [
        ("program report PDF (largest closed)", reverse("reports:program-pdf", args=[scene.largest_closed.pk])),
        ("meetings export CSV (organisation)", reverse("reports:export", args=["meetings", "csv"])),
        ("meetings export XLSX (organisation)", reverse("reports:export", args=["meetings", "xlsx"])),
    ]
    print(f"downloads, median of {runs} runs (after one warm-up):")
    for label, url in checks:
        size = _fetch(client, url)()
        samples, queries = [], 0
        for _ in range(runs):
            seconds, queries = timed(_fetch(client, url))
            samples.append(seconds)
        print(
            f"  {label:42} median {statistics.median(samples):6.2f} s, slowest {max(samples):6.2f} s, "
            f"{size / 1_000_000:6.1f} MB, {queries} queries"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=2_000, help="the smaller organisation for the query counts")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--computed-requests", type=int, default=3, help="requests with the cache off, per page")
    parser.add_argument("--file-runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.db import connection

        started = time.perf_counter()
        small = build(args.small)
        small_counts = query_counts(small)
        print(f"{args.small:,} participants built and counted in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        scene = build(args.participants)
        listed = ", ".join(f"{count:,} {name}" for name, count in scene.counts.items())
        print(
            f"{args.participants:,} participants, 4 programs over two years: {listed} "
            f"on {connection.vendor}: built in {time.perf_counter() - started:.1f} s"
        )
        dashboards(scene, args.requests, args.computed_requests, small_counts, args.small, args.participants)
        files(scene, args.file_runs)


if __name__ == "__main__":
    main()
