"""The index of every published report (reports/index.html, index.en.html) and each report's
history of versions (`kulturdialog history`).

Everything is read from the manifests (manifests.py), as the open-data catalogue (dcat.py) is,
which `write` writes beside the pages. The page is static (no scripts), links are relative
(reports/ can be copied anywhere and still works), it has the reports' look and fonts, and it
states no clock time: the same reports give the same index.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kulturdialog.data.settings import Settings
from kulturdialog.data.settings import load as load_settings
from kulturdialog.formats.html import font_faces, stylesheet, text
from kulturdialog.lang import fmt, i18n
from kulturdialog.publish.index_words import STRINGS
from kulturdialog.publish.manifests import Entry, Year, href, read, scan
from kulturdialog.publish.target import version_label

PAGES = {"sv": "index.html", "en": "index.en.html"}
EXTRA_CSS = """
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.lang-switch { margin: 0 0 1rem; font-size: 0.9rem; }
.entry { border-top: 1px solid var(--rule); padding: 1rem 0 0.5rem; }
.entry h3 { margin: 0 0 0.5rem; }
.files { list-style: none; padding: 0; margin: 0.75rem 0 0; display: flex; flex-wrap: wrap;
  gap: 0.4rem 1.25rem; }
.files a { font-weight: 600; }
details { border-top: 1px solid var(--rule); padding: 1rem 0 0.5rem; }
summary { cursor: pointer; font-weight: 600; font-size: 1.1rem; }
summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
td .files { margin: 0; gap: 0.2rem 0.9rem; }
.versions { list-style: none; padding: 0; margin: 0; }
.version-title { font-weight: 600; margin: 0 0 0.4rem; }
nav.years ol { display: flex; flex-wrap: wrap; gap: 0.4rem 1.25rem; }
"""


# -- the page -----------------------------------------------------------------------------------
def page(reports: Path, language: str = "sv") -> str:
    """The index page in `language` ("sv" or "en")."""
    say = STRINGS[language]
    lang = i18n.language(language)
    years = scan(reports)
    body = []
    if years:
        links = "".join(f'<li><a href="#y{y.year}">{y.year}</a></li>' for y in years)
        body.append(
            f'<nav class="toc years" aria-labelledby="years-title"><h2 id="years-title">'
            f"{text(say['years'])}</h2><ol>{links}</ol></nav>"
        )
    else:
        body.append(f"<p>{text(say['none'])}</p>")
    for year in years:
        body.append(_year(year, reports, say, lang))
    head = (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang.code}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(say['title'])}</title>\n"
        f'<meta name="description" content="{text(say["intro"])}">\n'
        f'<link rel="alternate" hreflang="{say["other_lang"]}" '
        f'href="{PAGES[say["other_lang"]]}">\n'
        '<meta name="generator" content="kulturdialog">\n'
        f"<style>\n{font_faces()}\n{stylesheet(language)}\n{EXTRA_CSS}</style>\n</head>\n"
    )
    return (
        head
        + "<body>\n"
        + f'<a class="skip-link" href="#main">{text(say["skip_link"])}</a>\n'
        + '<div class="page">\n<main id="main">\n'
        + f'<p class="lang-switch"><a href="{PAGES[say["other_lang"]]}" '
        + f'hreflang="{say["other_lang"]}" lang="{say["other_lang"]}">'
        + f"{text(say['other'])}</a></p>\n"
        + f'<header class="title-block"><p class="kicker">{text(lang("kicker"))}</p>'
        + f'<h1 id="titel">{text(say["title"])}</h1>'
        + f'<p class="lead">{text(say["intro"])}</p></header>\n'
        + "\n".join(body)
        + "\n</main>\n</div>\n</body>\n</html>\n"
    )


def _year(year: Year, reports: Path, say: dict, lang) -> str:
    parts = [f'<section class="level2" aria-labelledby="y{year.year}">']
    parts.append(f'<h2 id="y{year.year}">{year.year}</h2>')
    for entry in year.current:
        parts.append(_entry(entry, reports, say, lang))
    for notebook, entries in sorted(year.grids.items()):
        parts.append(_grid(notebook, entries, reports, say, lang))
    if year.archived:
        ident = f"y{year.year}-earlier"
        items = []
        for e in year.archived:
            name = e.title + (f" ({e.value})" if e.value and e.value not in e.title else "")
            label = version_label(e.version)
            facts = (
                f"<div><dt>{text(say['version'])}</dt><dd>{text(label)}</dd></div>"
                f"<div><dt>{text(say['published'])}</dt><dd>{_date(e.date, lang)}</dd></div>"
                f"<div><dt>{text(say['key'])}</dt><dd><code>{text(e.key)}</code></dd></div>"
            )
            items.append(
                f'<li class="entry"><p class="version-title"{_lang(e, lang)}>{text(name)}</p>'
                f'<dl class="facts">{facts}</dl>'
                f"{_files(e, reports, say, f'{name}, {label}')}</li>"
            )
        parts.append(
            f'<h3 id="{ident}">{text(say["earlier"].format(year=year.year))}</h3>'
            f'<ul class="versions" aria-labelledby="{ident}">{"".join(items)}</ul>'
        )
    parts.append("</section>")
    return "\n".join(parts)


def _lang(entry: Entry, lang) -> str:
    code = entry.document.get("language")
    return f' lang="{text(code)}"' if code and code != lang.code else ""


def _date(value: str | None, lang) -> str:
    if not value:
        return "–"
    try:
        shown = fmt.date(dt.date.fromisoformat(value), locale=lang.locale)
    except ValueError:
        return text(value)
    return f'<time datetime="{text(value)}">{text(shown)}</time>'


def _files(entry: Entry, reports: Path, say: dict, context: str) -> str:
    """The links to an entry's files; each link's name says which report it belongs to."""
    items = []
    for kind, name in entry.files().items():
        items.append(
            f'<li><a href="{href(entry, name, reports)}">{text(say[kind])}'
            f'<span class="visually-hidden"> – {text(context)}</span></a></li>'
        )
    return f'<ul class="files">{"".join(items)}</ul>'


def _entry(entry: Entry, reports: Path, say: dict, lang) -> str:
    facts = []
    if entry.document.get("diarienummer"):
        facts.append((say["dnr"], text(entry.document["diarienummer"])))
    facts.append((say["published"], _date(entry.date, lang)))
    listed = "".join(f"<div><dt>{text(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    context = f"{entry.title}, {entry.year}"
    return (
        f'<article class="entry"><h3{_lang(entry, lang)}>{text(entry.title)}</h3>'
        f'<dl class="facts">{listed}</dl>{_files(entry, reports, say, context)}</article>'
    )


def grid_title(notebook: str, entries: list[Entry]) -> str:
    """A grid's name for readers: its reports' titles up to the colon or dash that precedes the
    value ("Kommunprofil: Salem 2021", … → "Kommunprofil"), else what the titles share up to a
    space; the notebook's name when they share nothing."""
    titles = [e.title for e in entries]
    shared = os.path.commonprefix(titles) if len(titles) > 1 else titles[0]
    cut = max(shared.rfind(separator) for separator in (":", " – ", " — "))
    if cut < 0 and len(titles) > 1:
        cut = shared.rfind(" ")
    return shared[: max(cut, 0)].strip() or notebook


def _grid(notebook: str, entries: list[Entry], reports: Path, say: dict, lang) -> str:
    rows = []
    for e in entries:
        rows.append(
            f'<tr><th scope="row"{_lang(e, lang)}>{text(e.title)}</th>'
            f"<td>{text(e.value)}</td><td>{_date(e.date, lang)}</td>"
            f"<td>{_files(e, reports, say, f'{e.title}, {e.year}')}</td></tr>"
        )
    count = say["report_one"] if len(entries) == 1 else say["reports"].format(n=len(entries))
    name = text(f"{grid_title(notebook, entries)} {entries[0].year}")
    return (
        f'<details class="grid"><summary>{name}: {text(count)}</summary>'
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{name}">'
        f"<table><caption>{name}: {text(count)}</caption><thead><tr>"
        f'<th scope="col">{text(say["report"])}</th><th scope="col">{text(say["value"])}</th>'
        f'<th scope="col">{text(say["published"])}</th>'
        f'<th scope="col">{text(say["formats"])}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></details>"
    )


def write(reports: Path, settings: Settings | None = None) -> list[Path]:
    """Write reports/index.html, index.en.html and the open-data catalogue dcat.rdf (each
    replaced in one rename), the catalogue with `settings` (kulturdialog.yaml's
    when None). The pages are written even when the settings are not good enough for the
    catalogue (DataError)."""
    from kulturdialog.publish import dcat
    from kulturdialog.publish.swap import replace_whole, year_lock

    reports.mkdir(parents=True, exist_ok=True)
    written = []
    with year_lock(reports, "index"):
        for language, name in PAGES.items():
            target = reports / name
            replace_whole(target, page(reports, language).encode("utf-8"))
            written.append(target)
        written.append(dcat.write(reports, settings or load_settings()))
    return written


# -- history ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Version:
    label: str  # "v1", "v2", … or "current"
    folder: Path
    date: str | None
    key: str
    changed: tuple[str, ...]  # input files changed since the version before: "~ path", "+", "-"
    outputs: tuple[str, ...]


def history(
    year: int,
    notebook: str = "annual_summary",
    reports: Path | None = None,
    overrides: Mapping[str, object] | None = None,
) -> list[Version]:
    """Every published version of a year's report (a grid value's, with `overrides`), oldest
    first, the current one last."""
    from kulturdialog import paths
    from kulturdialog.publish.target import Target, archived_versions

    reports = reports or paths.reports_dir()
    target = Target.of(year, notebook, overrides)
    final = target.folder(reports)
    found = [(version_label(p.name), p) for p in archived_versions(final, target)]
    if (final / target.manifest).is_file():
        found.append(("current", final))
    versions, before = [], None
    for label, folder in found:
        record = read(folder / target.manifest) or {}
        inputs = record.get("inputs", {})
        changed: list[str] = []
        if before is not None:
            for name in sorted(set(inputs) | set(before)):
                if name not in before:
                    changed.append(f"+ {name}")
                elif name not in inputs:
                    changed.append(f"- {name}")
                elif inputs[name] != before[name]:
                    changed.append(f"~ {name}")
        versions.append(
            Version(
                label,
                folder,
                record.get("rendering_date"),
                str(record.get("render_key") or "")[:12],
                tuple(changed),
                tuple(record.get("outputs", {})),
            )
        )
        before = inputs
    return versions
