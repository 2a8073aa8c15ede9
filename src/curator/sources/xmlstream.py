"""Namespace-aware XML reading that keeps every complete record of a cut-off document.

Contract: `read_records(data, record_tags)` parses *bytes* (so the XML declaration decides the encoding,
never an HTTP header or a guessed text codec) with the standard library's expat pull parser and returns
the partial tree's root, every record element whose end tag was seen, and the parse error if the document
is not well-formed. A truncated download therefore yields exactly its complete entries and a flag, never
a half entry without its abstract (feedparser's loose fallback turns the cut-off entry into a paper with
no summary and no authors). Elements are matched by `{namespace}localname`, so inline namespace
declarations (legacy arXiv API) and prefix differences do not matter. Entities are decoded once, here.
`check_encoding(data, origin)` tells a file saved in another encoding than its XML declaration names
(Latin-1 or cp1252 saved as "UTF-8") apart from a cut-off download: re-downloading would not fix it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..errors import InputError

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_CHUNK = 1 << 16
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class XmlRecords:
    """What could be read: the root (possibly incomplete), complete records, and the error if any."""

    root: ET.Element | None
    records: list[ET.Element] = field(default_factory=list)
    error: str | None = None
    error_at_end: bool = False


def read_records(data: bytes, record_tags: set[str]) -> XmlRecords:
    """Parse `data`, collecting each element in `record_tags` once its end tag is seen."""
    parser = ET.XMLPullParser(events=("start", "end"))
    result = XmlRecords(root=None)
    try:
        for offset in range(0, len(data), _CHUNK):
            parser.feed(data[offset : offset + _CHUNK])
            _collect(parser, result, record_tags)
        parser.close()
    except ET.ParseError as exc:
        _collect(parser, result, record_tags)
        line, column = getattr(exc, "position", (0, 0))
        result.error = f"line {line}, column {column}: {_reason(exc)}"
        result.error_at_end = line >= data.rstrip().count(b"\n") + 1
    else:
        _collect(parser, result, record_tags)
    return result


def _collect(parser: ET.XMLPullParser, result: XmlRecords, record_tags: set[str]) -> None:
    for event, element in parser.read_events():
        if result.root is None and event == "start":
            result.root = element
        elif event == "end" and element.tag in record_tags:
            result.records.append(element)


def _reason(exc: ET.ParseError) -> str:
    """expat's message without the position it repeats."""
    return str(exc).split(":", 1)[0]


def text_of(parent: ET.Element, *tags: str) -> str | None:
    """Text of the first child with any of `tags` (tried in order), else None; '' stays ''."""
    for tag in tags:
        child = parent.find(tag)
        if child is not None:
            return "".join(child.itertext())
    return None


def texts_of(parent: ET.Element, tag: str) -> list[str]:
    """Texts of all children with `tag`."""
    return ["".join(child.itertext()) for child in parent.findall(tag)]


def truncation_warning(origin: str, doc: XmlRecords, kept: int) -> str:
    """One line saying the document is cut off (or broken) and what was kept."""
    what = "ends early" if doc.error_at_end else "is not well-formed"
    return (
        f"{origin}: XML {what} ({doc.error}); kept the {kept} complete entries before that point, "
        "the rest is lost (download it again)"
    )


def check_encoding(data: bytes, origin: str) -> None:
    """InputError when `data` is not text in the encoding its XML declaration names (UTF-8 by default)."""
    match = _DECLARED.match(data[:300])
    name = match.group(1).decode("ascii") if match else "UTF-8"
    try:
        data.decode(name)
    except LookupError:
        raise InputError(f"{origin}: the XML declaration names an unknown encoding '{name}'",
                         hint="save the file as UTF-8 and declare encoding='UTF-8'") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: byte {data[exc.start]:#04x} at offset {exc.start} is not {name}, the encoding "
                         "the XML declaration names (a file saved in another encoding?)",
                         hint="save it as UTF-8, or declare its real encoding") from None
