from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from ponte.config.env import env_bool, env_choice, env_int, env_list


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("off", False), ("", False)])
def test_env_bool_understands_common_spellings(raw: str, expected: bool) -> None:
    assert env_bool("X", environ={"X": raw}) is expected


def test_env_bool_rejects_nonsense() -> None:
    with pytest.raises(ImproperlyConfigured, match="X must be a boolean"):
        env_bool("X", environ={"X": "maybe"})


def test_env_int_enforces_bounds() -> None:
    with pytest.raises(ImproperlyConfigured, match="at most 10"):
        env_int("N", 1, maximum=10, environ={"N": "11"})
    with pytest.raises(ImproperlyConfigured, match="must be an integer"):
        env_int("N", 1, environ={"N": "ten"})


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_env_int_round_trips_any_integer(number: int) -> None:
    assert env_int("N", 0, environ={"N": f" {number} "}) == number


def test_env_list_and_choice() -> None:
    assert env_list("H", environ={"H": "a.example, b.example,,"}) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured):
        env_choice("E", ("console", "smtp"), "console", environ={"E": "carrier-pigeon"})


def _load_prod(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"))
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "ponte.config.settings.prod", **env})
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120)


GOOD = {
    "SECRET_KEY": "k" * 10 + "Q9w8E7r6T5y4U3i2O1p0AaSsDdFfGgHhJjKkLlZzXxCcVvBbNnMm",
    "ALLOWED_HOSTS": "ponte.example.com",
}


def test_production_settings_pass_check_deploy() -> None:
    result = _load_prod(**GOOD)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"SECRET_KEY": "insecure-development-key-do-not-use-in-production"}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is weak"),
        ({"ALLOWED_HOSTS": "*"}, "wildcards are refused"),
    ],
)
def test_production_refuses_unsafe_configuration(override: dict[str, str], message: str) -> None:
    result = _load_prod(**{**GOOD, **override})
    assert result.returncode != 0
    assert message in result.stderr
