"""Finds user-facing text that is not marked for translation.

Templates: text between tags, and the attributes people read or hear (title, alt,
placeholder, aria-label, a button's value), outside `{% translate %}` and
`{% blocktranslate %}`. Text in <script>, <style>, and elements marked
`translate="no"` (a name, a code, a zone) is left alone, as are the few words every
language writes the same (ALWAYS_THE_SAME).

Python: literal strings (and f-strings, and "…" % … built from a literal) where Django
and Commons show them to people: form and model labels and help texts, choices,
admin descriptions, ValidationError, messages.*, add_error, and the message of every
domain error (core.errors.DomainError and its subclasses, which views and sockets
show as they are). A line ending in `# untranslated: <why>` is skipped.

Run `python -m tests.i18n.unmarked [paths…]` to list what is left."""

import ast
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "lounge", "courses", "groups", "mentorship", "home", "config"]
TEMPLATE_SUFFIXES = {".html", ".txt"}
# Product names, units and codes that read the same in every language.
ALWAYS_THE_SAME = {"Commons", "UTC", "ICS", "CSV", "PDF", "PNG", "SVG", "OK", "Markdown"}
WORD = re.compile(r"[^\W\d_]{2,}")
MARK = "\x00"

VISIBLE_ATTRIBUTES = {
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
# data- attributes whose value the page's scripts show or announce.
VISIBLE_DATA_SUFFIXES = ("-label", "-text", "-message", "-title", "-confirm", "-placeholder")
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
SKIPPED_RAW = {"comment": "endcomment", "verbatim": "endverbatim"}


def has_words(text):
    words = WORD.findall(text.replace(MARK, " "))
    return any(word not in ALWAYS_THE_SAME for word in words)


def _blank(text):
    """A mark in place of `text`, keeping its line breaks so line numbers hold."""
    return MARK + "\n" * text.count("\n")


def template_markup(source):
    """The template with every tag and variable replaced by a mark, and everything
    inside translation blocks and comments blanked out."""
    out = []
    closing = None
    for token in Lexer(source).tokenize():
        contents = token.contents
        if closing is not None:
            if token.token_type == TokenType.BLOCK and contents.split()[0] == closing:
                closing = None
            out.append(_blank(contents))
            continue
        if token.token_type == TokenType.TEXT:
            out.append(contents)
            continue
        if token.token_type == TokenType.BLOCK:
            words = contents.split()
            name = words[0] if words else ""
            closing = SKIPPED_BLOCKS.get(name) or SKIPPED_RAW.get(name)
            # A block that fills in a class or an address holds no words people read.
            if name == "block" and len(words) > 1 and words[1].endswith(("_class", "_url")):
                closing = "endblock"
        out.append(_blank(contents))
    return "".join(out)


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.raw_depth = 0
        self.untranslated = []  # tag names of open elements marked translate="no"

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.untranslated:
            if tag == self.untranslated[-1][0]:
                self.untranslated[-1][1] += 1
        elif attributes.get("translate") == "no":
            self.untranslated.append([tag, 1])
        if tag in ("script", "style"):
            self.raw_depth += 1
        if self.untranslated:
            return
        for name, value in attrs:
            visible = name in VISIBLE_ATTRIBUTES or (
                name.startswith("data-") and name.endswith(VISIBLE_DATA_SUFFIXES)
            )
            if name == "value" and tag == "input":
                visible = attributes.get("type") in ("submit", "button", "reset")
            if visible and value and has_words(value):
                self.found.append((self.getpos()[0], f'{name}="{value.replace(MARK, "…")}"'))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.raw_depth:
            self.raw_depth -= 1
        if self.untranslated and tag == self.untranslated[-1][0]:
            self.untranslated[-1][1] -= 1
            if not self.untranslated[-1][1]:
                self.untranslated.pop()

    def handle_data(self, data):
        if self.raw_depth or self.untranslated:
            return
        if has_words(data):
            line = self.getpos()[0]
            self.found.append((line, " ".join(data.replace(MARK, "…").split())))


def unmarked_in_template(path):
    """[(line, text)] of untranslated text in one template."""
    markup = template_markup(Path(path).read_text(encoding="utf-8"))
    if Path(path).suffix == ".txt":
        return [
            (number, line.replace(MARK, "…").strip())
            for number, line in enumerate(markup.splitlines(), 1)
            if has_words(line)
        ]
    finder = _TextFinder()
    finder.feed(markup)
    finder.close()
    return finder.found


# Python ---------------------------------------------------------------------------

GETTEXT_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
USER_FACING_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "description",
    "empty_label",
    "empty_value_display",
    "message",
}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}


def domain_error_names():
    """Names of every DomainError subclass (the apps must be loaded)."""
    from core.errors import DomainError

    names, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _unmarked(node):
    """True for text a person would read that is not passed through gettext."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.Constant) and has_words(part.value) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _unmarked(node.left)
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        return isinstance(node.func, ast.Attribute) and _unmarked(node.func.value)
    if isinstance(node, ast.Call) and _name(node.func) in ("mark_safe", "format_html"):
        return bool(node.args) and _unmarked(node.args[0])
    return False


def _user_facing_arguments(node, domain_errors):
    """The arguments of call `node` that people read."""
    name = _name(node.func)
    picked = [kw.value for kw in node.keywords if kw.arg in USER_FACING_KEYWORDS]
    for kw in node.keywords:
        if kw.arg == "error_messages" and isinstance(kw.value, ast.Dict):
            picked.extend(kw.value.values)
        if kw.arg == "choices" and isinstance(kw.value, ast.List | ast.Tuple):
            for choice in kw.value.elts:
                if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                    picked.append(choice.elts[1])
    if name == "ValidationError" and node.args:
        picked.append(node.args[0])
    elif name == "FrameError" and len(node.args) > 1:
        picked.append(node.args[1])
    elif name in domain_errors and node.args:
        picked.append(node.args[0])
    elif (
        name == "add_error"
        and len(node.args) > 1
        or (
            name in MESSAGE_LEVELS
            and isinstance(node.func, ast.Attribute)
            and _name(node.func.value) == "messages"
            and len(node.args) > 1
        )
    ):
        picked.append(node.args[1])
    if name in GETTEXT_FUNCTIONS and node.args and isinstance(node.args[0], ast.JoinedStr):
        picked.append(node.args[0])  # an f-string cannot be looked up in a catalogue
    return picked


def unmarked_in_python(path, domain_errors):
    """[(line, text)] of untranslated user-facing strings in one module."""
    source = Path(path).read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, str(path))
    found = []

    def report(node):
        if "# untranslated:" in lines[node.lineno - 1]:
            return
        found.append((node.lineno, ast.get_source_segment(source, node) or ""))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for argument in _user_facing_arguments(node, domain_errors):
                if _unmarked(argument):
                    report(argument)
        elif isinstance(node, ast.ClassDef) and {_name(b) for b in node.bases} & CHOICES_BASES:
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                    label = statement.value.elts[-1]
                    if len(statement.value.elts) > 1 and _unmarked(label):
                        report(label)
    return found


def python_files(paths=None):
    for path in paths or [ROOT / app for app in APPS]:
        path = Path(path)
        candidates = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for candidate in candidates:
            parts = candidate.relative_to(ROOT).parts
            if "migrations" in parts or "management" in parts or candidate.suffix != ".py":
                continue
            yield candidate


def template_files(paths=None):
    for path in paths or [ROOT / "templates"]:
        path = Path(path)
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for candidate in candidates:
            if candidate.suffix in TEMPLATE_SUFFIXES and candidate.is_file():
                yield candidate


def everything_unmarked(paths=None):
    """{relative path: [(line, text)]} over the given paths (default: all)."""
    templates = [Path(p) for p in paths or () if "templates" in Path(p).resolve().parts]
    modules = [Path(p) for p in paths or () if Path(p) not in templates]
    report = {}
    if not paths or templates:
        for path in template_files(templates or None):
            if found := unmarked_in_template(path):
                report[str(path.relative_to(ROOT))] = found
    if not paths or modules:
        errors = domain_error_names()
        for path in python_files(modules or None):
            if found := unmarked_in_python(path, errors):
                report[str(path.relative_to(ROOT))] = found
    return report


def main(argv):
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    report = everything_unmarked([Path(p).resolve() for p in argv] or None)
    for path, found in report.items():
        for line, text in found:
            print(f"{path}:{line}: {text}")
    print(f"{sum(len(f) for f in report.values())} unmarked strings in {len(report)} files")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
