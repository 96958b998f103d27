"""What a page offers to send: its forms (fields, values, buttons) and the query
parameters of its GET forms and links, read from the HTML as a browser would.

Used by the generated-input suite (tests/test_generated_input.py) to find every
form and every GET parameter without a hand-written list.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # text, number, date, select, textarea, checkbox, file, hidden, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    selected: list[str] = field(default_factory=list)  # of a <select multiple>


@dataclass
class Form:
    method: str
    action: str
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (name, value)

    def defaults(self) -> dict[str, list[str]]:
        """What submitting the form untouched sends (the first named button pressed)."""
        data: dict[str, list[str]] = {}
        for f in self.fields.values():
            if f.kind == "file":
                continue
            if f.multiple:  # what a browser sends: the selected options, maybe none
                if f.selected:
                    data[f.name] = list(f.selected)
                continue
            if f.kind in ("checkbox", "radio"):
                if f.value:
                    data.setdefault(f.name, []).append(f.value)
                continue
            data[f.name] = [f.value]
        if self.buttons:
            name, value = self.buttons[0]
            data[name] = [value]
        return data


@dataclass
class Page:
    path: str
    forms: list[Form] = field(default_factory=list)
    # (path, {param: value}) of each query string the page links to or submits
    queries: list[tuple[str, dict[str, str]]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.page = Page(path=path)
        self.form: Form | None = None
        self.select: Field | None = None
        self.selected: str | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page.path, a.get("action") or self.page.path)
            self.form = Form(
                method=(a.get("method") or "get").lower(),
                action=action,
                multipart="multipart" in a.get("enctype", ""),
            )
            self.page.forms.append(self.form)
        elif tag == "a" and "?" in a.get("href", ""):
            href = urljoin(self.page.path, a["href"])
            parts = urlsplit(href)
            if not parts.netloc and parts.path.startswith("/"):
                self.page.queries.append((parts.path, dict(parse_qsl(parts.query))))
        elif self.form is None or "name" not in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image", "button"):
                self.form.buttons.append((a["name"], a.get("value", "")))
                return
            value = a.get("value", "")
            if kind in ("checkbox", "radio") and "checked" not in a:
                value = ""
            existing = self.form.fields.get(a["name"])
            if existing is not None and kind in ("checkbox", "radio"):
                existing.options.append(a.get("value", "on"))
                existing.value = existing.value or value
                return
            self.form.fields[a["name"]] = Field(
                a["name"], kind, value, options=[a.get("value", "on")] if kind == "radio" else []
            )
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = Field(a["name"], "select", multiple="multiple" in a)
            self.selected = None
            self.form.fields[a["name"]] = self.select
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.select.options.append(value)
            if "selected" in a:
                self.selected = value
                self.select.selected.append(value)
        elif tag == "textarea":
            self.textarea = Field(a["name"], "textarea")
            self.form.fields[a["name"]] = self.textarea

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            if self.form is not None and self.form.method == "get":
                values = {k: v[0] for k, v in self.form.defaults().items() if v}
                values |= {name: "" for name in self.form.fields if name not in values}
                self.page.queries.append((urlsplit(self.form.action).path, values))
            self.form = None
        elif tag == "select" and self.select is not None:
            # What the browser sends: the selected option, or the first one.
            first = self.select.options[0] if self.select.options else ""
            if self.select.multiple:
                first = ""
            self.select.value = first if self.selected is None else self.selected
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_read(path: str, html: str) -> Page:
    parser = _Parser(path)
    parser.feed(html)
    parser.close()
    return parser.page
