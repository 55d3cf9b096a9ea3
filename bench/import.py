"""Benchmark: import 100,000 people from a generated HR export (CSV, Italian headers).

Usage: uv run python bench/import.py [--rows 100000] [--runs 3] [--xlsx-rows 10000]

Runs on a throw-away SQLite database in a temp dir (dev settings, DEBUG off) unless
DATABASE_URL is set. Each run imports into a fresh organisation. Prints the median time, rows/s,
the time of each phase (parse, validate, apply) and the target; never asserts timings.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_ROWS = 100_000
TARGET_SECONDS = 60.0

FIRST = [
    "Marco",
    "Giulia",
    "Luca",
    "Sofia",
    "Niccolò",
    "Chiara",
    "Andrea",
    "Martina",
    "Matteo",
    "Francesca",
    "Alessandro",
    "Elena",
    "Davide",
    "Sara",
    "Federico",
    "Anna",
    "Lorenzo",
    "Beatrice",
    "Simone",
    "Ilaria",
]
LAST = [
    "Rossi",
    "Bianchi",
    "Verdi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
]
DEPARTMENTS = [
    "Direzione",
    "Finanza",
    "Risorse umane",
    "Digitale",
    "Vendite",
    "Marketing",
    "Logistica",
    "Produzione",
    "Acquisti",
    "Legale",
    "IT",
    "Qualità",
    "Ricerca e sviluppo",
    "Customer care",
]
TITLES = ["Analista", "Impiegato", "Responsabile", "Tecnico", "Specialista", "Consulente", "Operatore", "Direttore"]
LOCATIONS = ["Milano", "Roma", "Torino", "Bologna", "Napoli", "Firenze", "Bari", "Venezia"]
LANGUAGES = ["Italiano", "Italiano, inglese", "it;en", "Italiano, inglese, francese", "English", "italiano e tedesco"]
CHANNELS = ["In presenza, video", "Videochiamata", "chat; email", "Telefono", "video, chat", "email"]
HEADERS = [
    "Matricola",
    "Nome",
    "Cognome",
    "E-mail aziendale",
    "Qualifica",
    "Reparto",
    "Email responsabile",
    "Sede",
    "Fuso orario",
    "Lingue",
    "Canali preferiti",
    "Anno di nascita",
    "Data di assunzione",
]


def generate_rows(count: int, seed: int = 7) -> list[list[object]]:
    """A realistic tree: ~1 manager per 8 people, managers listed before or after their reports."""
    rng = random.Random(seed)
    emails = [f"persona{index:06d}@example.test" for index in range(count)]
    rows: list[list[object]] = []
    for index in range(count):
        manager = "" if index == 0 else emails[rng.randrange(0, max(1, index // 8) or 1)]
        rows.append(
            [
                f"{index:06d}",
                rng.choice(FIRST),
                rng.choice(LAST),
                emails[index],
                rng.choice(TITLES),
                rng.choice(DEPARTMENTS),
                manager,
                rng.choice(LOCATIONS),
                "Europe/Rome" if rng.random() < 0.8 else "",
                rng.choice(LANGUAGES),
                rng.choice(CHANNELS),
                rng.randint(1955, 2004),
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1985, 2024)}",
            ]
        )
    rng.shuffle(rows)
    return rows


def csv_data(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def xlsx_data(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def setup_django(data_dir: Path) -> None:
    os.environ.setdefault("PONTE_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.config.settings.dev")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run_once(data: bytes, filename: str, label: str, changed: bytes | None = None) -> dict[str, float]:
    from ponte.organizations.models import Organization
    from ponte.people.importing.services import import_bytes
    from ponte.people.models import Person

    organization = Organization.objects.create(name=f"Bench {label}", slug=f"bench-{label}")
    started = time.perf_counter()
    outcome = import_bytes(organization, data, filename)
    total = time.perf_counter() - started
    if not outcome.ok:
        print(f"  import failed with {outcome.error_count} errors, first: {outcome.errors[:3]}")
        raise SystemExit(1)
    people = Person.objects.for_organization(organization).count()
    with_manager = Person.objects.for_organization(organization).filter(manager__isnull=False).count()
    timings = {"total": total, **outcome.timings}
    started = time.perf_counter()
    again = import_bytes(organization, data, filename)
    timings["reimport"] = time.perf_counter() - started
    if again.summary.get("unchanged") != people:
        print(f"  re-import was not a no-op: {again.summary}")
    if changed is not None:
        started = time.perf_counter()
        updated = import_bytes(organization, changed, filename)
        timings["update"] = time.perf_counter() - started
        if updated.summary.get("updated") != people:
            print(f"  update re-import did not update every row: {updated.summary}")
    print(
        f"  {label}: {total:6.2f} s  (parse {timings.get('parse', 0):.2f} s,"
        f" validate {timings.get('validate', 0):.2f} s, apply {timings.get('apply', 0):.2f} s)"
        f" — {people:,} people, {with_manager:,} with a manager,"
        f" {outcome.summary['departments_created']} departments; re-import (no change) {timings['reimport']:.2f} s"
        + (f", re-import updating every row {timings['update']:.2f} s" if "update" in timings else "")
    )
    return timings


def report(label: str, rows: int, runs: list[dict[str, float]], target: float | None) -> None:
    median = statistics.median(run["total"] for run in runs)
    phases = {phase: statistics.median(run.get(phase, 0.0) for run in runs) for phase in ("parse", "validate", "apply")}
    print(f"{label}: median {median:.2f} s over {len(runs)} runs, {rows / median:,.0f} rows/s")
    print("  median phases: " + ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in phases.items()))
    print(
        f"  median re-import of the same file (all unchanged): {statistics.median(r['reimport'] for r in runs):.2f} s"
    )
    if all("update" in run for run in runs):
        print(f"  median re-import updating every row: {statistics.median(run['update'] for run in runs):.2f} s")
    if target is not None:
        verdict = "within" if median < target else "OVER"
        print(f"  target: {TARGET_ROWS:,} rows < {target:.0f} s → {verdict} target ({median:.2f} s for {rows:,} rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=TARGET_ROWS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--xlsx-rows", type=int, default=0, help="also time an XLSX import of this many rows")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ponte-bench-import-") as folder:
        setup_django(Path(folder))
        from django.db import connection

        print(f"Database: {connection.vendor}; rows: {args.rows:,}; runs: {args.runs}")
        started = time.perf_counter()
        rows = generate_rows(args.rows)
        data = csv_data(rows)
        (Path(folder) / "people.csv").write_bytes(data)
        print(f"Generated {len(data) / 1e6:.1f} MB CSV in {time.perf_counter() - started:.1f} s")

        for row in rows:
            row[4] = f"{row[4]} senior"
        changed = csv_data(rows)
        runs = [run_once(data, "people.csv", f"csv-{index + 1}", changed) for index in range(args.runs)]
        report("CSV", args.rows, runs, TARGET_SECONDS if args.rows == TARGET_ROWS else None)

        if args.xlsx_rows:
            xlsx = xlsx_data(generate_rows(args.xlsx_rows, seed=11))
            xlsx_runs = [run_once(xlsx, "people.xlsx", f"xlsx-{index + 1}") for index in range(args.runs)]
            report("XLSX", args.xlsx_rows, xlsx_runs, None)


if __name__ == "__main__":
    main()
