"""The ``ponte`` command: one entry point for people who run Ponte.

ponte demo [--simulate]    migrate, load the demo organisations, run web + worker on :8000
ponte serve                production web server (gunicorn)
ponte worker               background task worker (django-tasks-db)
ponte scheduler            enqueues periodic tasks (reminders, expiries) for the worker
ponte import-people FILE --org SLUG [--dry-run]
ponte match --program SLUG [--org SLUG] [--dry-run] [--json]
ponte manage ARGS...       any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence


def _django(argv: Sequence[str], settings: str | None = None) -> None:
    if settings:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ponte", *argv])


def _demo(args: argparse.Namespace) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "ponte.config.settings.dev"
    _django(["migrate", "--no-input", "-v", "0"])
    _django(["load_demo", *(["--reset"] if args.reset else []), *(["--simulate"] if args.simulate else [])])
    if args.no_serve:
        return 0
    manage = [sys.executable, "-m", "ponte.cli", "manage"]
    worker = subprocess.Popen([*manage, "db_worker", "--no-reload"], env=os.environ.copy())
    scheduler = subprocess.Popen([*manage, "crontask", "--no-heartbeat", "-v", "0"], env=os.environ.copy())
    address = f"{args.host}:{args.port}"
    print(f"\nPonte is starting on http://{address}/ — press Ctrl+C to stop.\n", flush=True)
    try:
        return subprocess.call([*manage, "runserver", address, "--noreload"], env=os.environ.copy())
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (scheduler, worker):
            process.send_signal(signal.SIGINT)
        for process in (scheduler, worker):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.config.settings.prod")
    return subprocess.call(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ponte.config.wsgi:application",
            "--bind",
            args.bind,
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
        ]
    )


def _scheduler(args: argparse.Namespace) -> int:
    _django(["crontask", "--no-heartbeat"])
    return 0


def _worker(args: argparse.Namespace) -> int:
    _django(["db_worker", *args.rest])
    return 0


def _import_people(args: argparse.Namespace) -> int:
    _django(["import_people", args.file, "--org", args.org, *(["--dry-run"] if args.dry_run else [])])
    return 0


def _match(args: argparse.Namespace) -> int:
    argv = ["match", "--program", args.program]
    if args.org:
        argv += ["--org", args.org]
    argv += [*(["--dry-run"] if args.dry_run else []), *(["--json"] if args.json else [])]
    _django(argv)
    return 0


def _manage(args: argparse.Namespace) -> int:
    _django(args.rest)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ponte", description="Ponte: two-way reverse mentoring.")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="Start Ponte with demo data on SQLite.")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--reset", action="store_true", help="Recreate the demo organisations from scratch.")
    demo.add_argument("--no-serve", action="store_true", help="Load the data and exit.")
    demo.add_argument(
        "--simulate",
        action="store_true",
        help="Also load a closed program fast-forwarded through a whole run (with --reset on a loaded demo).",
    )
    demo.set_defaults(handler=_demo)

    serve = commands.add_parser("serve", help="Run the production web server.")
    serve.add_argument("--bind", default="127.0.0.1:8000")
    serve.add_argument("--workers", type=int, default=3)
    serve.set_defaults(handler=_serve)

    worker = commands.add_parser("worker", help="Run the background task worker.")
    worker.add_argument("rest", nargs=argparse.REMAINDER)
    worker.set_defaults(handler=_worker)

    scheduler = commands.add_parser("scheduler", help="Enqueue periodic tasks (run one next to the workers).")
    scheduler.set_defaults(handler=_scheduler)

    importer = commands.add_parser("import-people", help="Import people from a CSV or XLSX file.")
    importer.add_argument("file")
    importer.add_argument("--org", required=True, help="The organisation's short name (slug).")
    importer.add_argument("--dry-run", action="store_true", help="Check the file without writing anything.")
    importer.set_defaults(handler=_import_people)

    matcher = commands.add_parser("match", help="Run matching for a program from the command line.")
    matcher.add_argument("--program", required=True, help="The program's short name (slug).")
    matcher.add_argument("--org", help="The organisation's short name (slug).")
    matcher.add_argument("--dry-run", action="store_true", help="Compute and print; write nothing.")
    matcher.add_argument("--json", action="store_true", help="Print the result as JSON.")
    matcher.set_defaults(handler=_match)

    manage = commands.add_parser("manage", help="Run any Django management command.")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
