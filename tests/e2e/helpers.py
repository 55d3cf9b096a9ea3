"""Helpers for browser tests: sign in through the real form, check accessibility, take screenshots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# pytest-playwright wipes its output folder (test-results/) at the start of every pytest session,
# so in a checkout shared with other runs PONTE_SCREENSHOTS_DIR can keep screenshots elsewhere.
SCREENSHOTS = Path(
    os.environ.get("PONTE_SCREENSHOTS_DIR") or Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
)
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in the way a person does: open the login page, type, press the button."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    # The header holds other forms (language switch), so aim at the login form's own button.
    with page.expect_navigation():
        page.locator("form[action$='/accounts/login/'] button[type=submit]").click()


def sign_out(page: Page) -> None:
    with page.expect_navigation():
        page.locator("form[action$='/accounts/logout/'] button[type=submit]").click()


def axe_check(page: Page) -> list[dict[str, Any]]:
    """Run axe on the current page; fail on serious or critical violations, return the others."""
    violations: list[dict[str, Any]] = _axe.run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        report = format_violations(blocking)
        pytest.fail(f"axe found {len(blocking)} serious/critical violation(s) on {page.url}:\n{report}")
    if violations:
        print(f"axe (minor/moderate) on {page.url}:\n{format_violations(violations)}")
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation.get('impact')}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def shot(page: Page, name: str) -> Path:
    """Save a full-page PNG to test-results/screenshots/<name>.png, for humans to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
