"""The English catalogue is complete: every message has an English translation that keeps its
placeholders, and a page shown in English has no Chinese left in its navigation and headings
(Chinese there means a string that is not marked for translation or not translated)."""

from __future__ import annotations

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Python named and positional placeholders (%(name)s, %(size).1f, %s) and brace placeholders ({name}).
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[-+ #0]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[A-Za-z_]\w*\}")


def _po_entries(path: Path) -> list[dict]:
    """The live (non-obsolete) entries of a PO file: msgid, msgid_plural, msgstr list, flags."""
    entries: list[dict] = []
    entry: dict | None = None
    field = ""

    def start() -> dict:
        """The entry a comment flag or a msgid belongs to; an entry is complete once it has a msgstr."""
        if entry is not None and entry["msgstr"]:
            entries.append(entry)
        elif entry is not None:
            return entry
        return {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set(), "msgctxt": None}

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            entry = start()
            entry["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword in ("msgid", "msgctxt"):
                entry = start()
            if keyword.startswith("msgstr"):
                field = f"msgstr{int(keyword[7:-1]) if keyword.startswith('msgstr[') else 0}"
                entry["msgstr"][int(field[6:])] = ""
            else:
                field = keyword
                entry[field] = ""
        if field.startswith("msgstr"):
            entry["msgstr"][int(field[6:])] += value
        else:
            entry[field] += value
    if entry is not None and entry["msgstr"]:
        entries.append(entry)
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    return _po_entries(LOCALE / "django.po")


def test_the_catalogue_parser_reads_plural_and_fuzzy_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "共 %(n)s 项"\nmsgid_plural "共 %(n)s 项"\n'
        'msgstr[0] "%(n)s item"\nmsgstr[1] ""\n\n'
        'msgid "长"\n"文本"\nmsgstr ""\n"Long "\n"text"\n\n#~ msgid "旧"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    first, second = _po_entries(po)
    assert first["msgid_plural"] == "共 %(n)s 项" and first["msgstr"] == {0: "%(n)s item", 1: ""}
    assert "fuzzy" in first["flags"] and "python-format" in first["flags"]
    assert second == {
        "msgid": "长文本",
        "msgid_plural": None,
        "msgstr": {0: "Long text"},
        "flags": set(),
        "msgctxt": None,
    }


def test_the_english_catalogue_has_no_empty_translation(catalogue):
    assert len(catalogue) > 1000
    empty = [e["msgid"] for e in catalogue if not e["msgstr"] or any(not s.strip() for s in e["msgstr"].values())]
    assert empty == []


def test_the_english_catalogue_has_no_fuzzy_entry(catalogue):
    assert [e["msgid"] for e in catalogue if "fuzzy" in e["flags"]] == []


def test_plural_entries_have_both_english_forms(catalogue):
    plurals = [e for e in catalogue if e["msgid_plural"] is not None]
    assert plurals
    assert [e["msgid"] for e in plurals if sorted(e["msgstr"]) != [0, 1]] == []


def test_every_placeholder_of_a_message_is_kept_in_its_translation(catalogue):
    wrong = []
    for e in catalogue:
        wanted = sorted(PLACEHOLDER.findall(e["msgid"]))
        for text in e["msgstr"].values():
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((e["msgid"], text))
    assert wrong == []


def test_translations_contain_no_chinese_except_quoted_input_values(catalogue):
    """A translation with Han characters left is a half translation; the only exceptions are the
    Chinese values a user must type into a spreadsheet, which the English text quotes in “…”."""
    left = []
    for e in catalogue:
        for text in e["msgstr"].values():
            if HAN.search(re.sub(r"“[^”]*”", "", text)):
                left.append((e["msgid"], text))
    assert left == []


def test_the_compiled_catalogue_matches_the_po_file(catalogue):
    """django.mo is what the server reads: a stale one shows Chinese although the PO file is complete."""
    with open(LOCALE / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in catalogue:
        if e["msgid_plural"] is None:
            if compiled.gettext(e["msgid"]) != e["msgstr"][0]:
                stale.append(e["msgid"])
        elif compiled.ngettext(e["msgid"], e["msgid_plural"], 2) != e["msgstr"][1]:
            stale.append(e["msgid"])
    assert stale == []


# --- pages rendered in English ---------------------------------------------------------------

STRUCTURAL = {"title", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "th", "label", "button", "legend"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _StructuralText(HTMLParser):
    """Text inside navigation, headings, table headers, labels and buttons, plus the placeholder,
    title and aria-label attributes anywhere: the words of the interface rather than its data."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label") and value:
                self.texts.append(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if data.strip() and any(t in STRUCTURAL for t in self.stack) and "script" not in self.stack:
            self.texts.append(data.strip())


def _chinese_in_interface(html: str, data_values: list[str]) -> list[str]:
    parser = _StructuralText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        for value in data_values:  # names of people, agencies and enterprises are data, not interface
            text = text.replace(value, "")
        if HAN.search(text):
            found.append(text)
    return found


def _english_client(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_the_interface_check_finds_an_untranslated_heading():
    html = "<nav><a>Hazards</a><span>黄海燕</span></nav><h1>隐患台账</h1><td>储罐区</td><input placeholder='搜索'>"
    assert _chinese_in_interface(html, ["黄海燕"]) == ["隐患台账", "搜索"]


@pytest.mark.django_db
def test_the_login_page_in_english_has_no_chinese_interface_text():
    page = _english_client().get("/accounts/login/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="en"' in html and "Log in" in html
    assert _chinese_in_interface(html, ["简体中文"]) == []


@pytest.mark.django_db
def test_the_hazard_list_in_english_has_no_chinese_interface_text(official_a, enterprise_a):
    from hazards.models import Hazard

    Hazard.objects.create(
        enterprise=enterprise_a,
        status="reported",
        level="major",
        source="finding",
        description="储罐区可燃气体报警器失效",
    )
    page = _english_client(official_a).get("/hazards/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hazards" in html and "储罐区可燃气体报警器失效" in html  # the row is shown, in its own words
    data = [official_a.display_name, official_a.agency.name, enterprise_a.name, "简体中文"]
    assert _chinese_in_interface(html, data) == []


@pytest.mark.django_db
def test_the_home_page_in_english_has_no_chinese_interface_text(official_a, enterprise_a):
    page = _english_client(official_a).get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="en"' in html
    data = [official_a.display_name, official_a.agency.name, enterprise_a.name, "简体中文"]
    assert _chinese_in_interface(html, data) == []


@pytest.mark.django_db
def test_the_same_hazard_list_in_chinese_is_caught_by_the_check(official_a):
    """The check is not vacuous: the default (Chinese) page has Chinese interface text."""
    client = Client()
    client.force_login(official_a)
    html = client.get("/hazards/").content.decode()
    assert "隐患治理" in _chinese_in_interface(html, [official_a.display_name, official_a.agency.name])
