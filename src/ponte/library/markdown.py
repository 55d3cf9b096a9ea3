"""A pill's text: Markdown in, safe HTML out, rendered once when the pill is saved.

markdown-it-py parses CommonMark (plus tables) with raw HTML switched off, so a ``<script>`` in
the text stays text; nh3 then keeps only formatting tags, links to http, https and mailto (each
with ``rel="noopener noreferrer nofollow"``), and no images: a pill's pictures are its media file,
which is served through the authorised view, never pulled from another site.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"


def render_markdown(source: str) -> str:
    """Sanitised HTML for ``source``; the empty string for an empty text."""
    if not source.strip():
        return ""
    html = _PARSER.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        # Relative links would resolve inside Ponte; a pill's text links out, or not at all.
        url_relative="deny",
    )
