"""User text to safe HTML: a small markdown subset (bold, italic, code, links, lists)
rendered by markdown-it-py with raw HTML off, @mentions turned into spans, and the
result cleaned by nh3. No regex ever touches HTML: mentions are found in text tokens."""

import re
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# Handles are Django usernames: letters, digits and @.+-_ (no @ inside a mention).
MENTION_RE = re.compile(r"(?<![\w@])@([\w.+-]*\w)")

# breaks: a line break typed in a message (Shift+Enter) stays one. linkify: a bare
# http(s) address or www. name becomes a link (other schemes never do; nh3 then keeps
# only http, https and mailto links and adds rel).
_md = (
    MarkdownIt("js-default", {"linkify": True, "breaks": True, "typographer": False})
    .enable("linkify")
    .disable(
        ["heading", "lheading", "table", "image", "blockquote", "hr", "html_block", "html_inline"]
    )
)
_md.disable("strikethrough", ignoreInvalid=True)

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "a", "ul", "ol", "li", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"class", "data-user-id"}, "ol": {"start"}}


@dataclass
class Rendered:
    html: str
    mentioned_ids: set = field(default_factory=set)


def mention_handles(text):
    return {match.group(1).lower() for match in MENTION_RE.finditer(text)}


def render_message(text, people_by_handle=None):
    """Render `text`; `people_by_handle` maps lower-cased handles of people who may be
    mentioned (the channel's members) to their user ids. Others stay plain text."""
    people = people_by_handle or {}
    env = {}
    tokens = _md.parse(text, env)
    mentioned = set()
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _mentions_in(token.children, people, mentioned)
    html = _md.renderer.render(tokens, _md.options, env)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    return Rendered(clean, mentioned)


def _mentions_in(children, people, mentioned):
    out = []
    link_depth = 0
    for child in children:
        if child.type == "link_open":
            link_depth += 1
        elif child.type == "link_close":
            link_depth -= 1
        if child.type != "text" or link_depth or "@" not in child.content:
            out.append(child)
            continue
        position = 0
        for match in MENTION_RE.finditer(child.content):
            user_id = people.get(match.group(1).lower())
            if user_id is None:
                continue
            out.append(_text(child.content[position : match.start()]))
            # The handle matched [\w.+-] only, so it is safe inside this markup.
            span = Token("html_inline", "", 0)
            span.content = (
                f'<span class="mention" data-user-id="{int(user_id)}">@{match.group(1)}</span>'
            )
            out.append(span)
            mentioned.add(user_id)
            position = match.end()
        out.append(_text(child.content[position:]))
    return out


def _text(content):
    token = Token("text", "", 0)
    token.content = content
    return token
