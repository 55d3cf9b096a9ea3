"""Browser test fixtures: Debian's chromium driven by pytest-playwright against pytest-django's live server.

One browser per session (pytest-playwright's ``browser``), a fresh context and ``page`` per test,
``base_url`` pointing at the live server so tests write ``page.goto("/")``. ``demo_org`` loads a
scaled-down Lumina plus Globex with the same demo logins as ``load_demo``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from ponte.demo.generator import GLOBEX, LUMINA
from ponte.demo.loader import LoadResult, load_demo
from tests.demo.reference import ensure_reference_skills

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A synthetic camera and microphone, granted without a prompt: the pill recorder really records.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    # Never `playwright install`: these machines cannot download browsers, Debian's package is the one.
    path = shutil.which("chromium")
    if path is None:
        reason = "Browser tests need Debian's chromium (apt-get install -y chromium); `command -v chromium` found none."
        print(f"\nSKIP: {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], chromium_path: str) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": chromium_path, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "en-GB",
        "timezone_id": "Europe/Rome",
        "viewport": {"width": 1280, "height": 800},
    }


@pytest.fixture(scope="session", autouse=True)
def _allow_django_orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API keeps an event loop running in the test thread, which makes Django
    # refuse ORM calls there (SynchronousOnlyOperation); the live server itself runs in its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo_org(transactional_db: None) -> list[LoadResult]:
    """Lumina (about 60 people) and Globex, with every demo login of the full demo."""
    # Transactional tests flush the database between tests, reference skills included.
    ensure_reference_skills()
    return load_demo(companies=[LUMINA.scaled(0.2), GLOBEX.scaled(0.5)])
