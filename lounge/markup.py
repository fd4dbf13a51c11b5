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
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "span": {"class", "data-user-id", "data-group"},
    "ol": {"start"},
}


@dataclass
class Rendered:
    html: str
    mentioned_ids: set = field(default_factory=set)
    # Group mentions (@here, @channel…) that became mentions: their names.
    group_names: set = field(default_factory=set)


def mention_handles(text):
    return {match.group(1).lower() for match in MENTION_RE.finditer(text)}


def render_message(text, people_by_handle=None, groups=None):
    """Render `text`; `people_by_handle` maps lower-cased handles of people who may be
    mentioned (the channel's members) to their user ids, `groups` group mentions
    (lounge.group_mentions: "here" …) to the ids of the people each names. Others stay
    plain text."""
    people = people_by_handle or {}
    groups = groups or {}
    env = {}
    tokens = _md.parse(text, env)
    mentioned = set()
    group_names = set()
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _mentions_in(token.children, people, groups, mentioned, group_names)
    html = _md.renderer.render(tokens, _md.options, env)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    for name in group_names:
        mentioned |= groups[name]
    return Rendered(clean, mentioned, group_names)


def _mention_span(handle, people, groups):
    r"""The markup of a mention of `handle` (which matched [\w.+-] only, so it is safe
    inside it), or None when it names nobody here."""
    name = handle.lower()
    if name in groups:
        return f'<span class="mention mention--group" data-group="{name}">@{handle}</span>'
    user_id = people.get(name)
    if user_id is None:
        return None
    return f'<span class="mention" data-user-id="{int(user_id)}">@{handle}</span>'


def _mentions_in(children, people, groups, mentioned, group_names):
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
            markup = _mention_span(match.group(1), people, groups)
            if markup is None:
                continue
            out.append(_text(child.content[position : match.start()]))
            span = Token("html_inline", "", 0)
            span.content = markup
            out.append(span)
            name = match.group(1).lower()
            if name in groups:
                group_names.add(name)
            else:
                mentioned.add(people[name])
            position = match.end()
        out.append(_text(child.content[position:]))
    return out


def _text(content):
    token = Token("text", "", 0)
    token.content = content
    return token
