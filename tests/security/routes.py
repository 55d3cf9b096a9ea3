"""Walk the URL configuration so security sweeps cover every route, including future ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the raw pattern when unnamed
    pattern: str  # the joined route, e.g. "people/<int:person_id>/edit/"
    module: str  # the view's module, to tell our views from Django's and allauth's

    @property
    def is_regex(self) -> bool:
        return "(?P<" in self.pattern or "^" in self.pattern

    @property
    def params(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.pattern)

    def path(self, values: dict[str, object]) -> str:
        def fill(match: re.Match[str]) -> str:
            return str(values[match.group(1)])

        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, self.pattern)


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            child_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, child_ns)
        else:
            name = f"{namespace}{entry.name}" if entry.name else route
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            view_class = getattr(callback, "view_class", None)
            if view_class is not None:
                module = view_class.__module__
            yield Route(name=name, pattern=route, module=module)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ""))


def ponte_routes() -> list[Route]:
    return [route for route in all_routes() if route.module.startswith("ponte.")]
