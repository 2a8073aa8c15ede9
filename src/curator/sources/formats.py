"""Input formats: detect from content, parse bytes, read files.

Contract:
- `detect_format(data)` names the format from the bytes alone: `arxiv-rss` (`<rss>`), `arxiv-atom`
  (`<feed>` of rss.arxiv.org), `arxiv-api` (`<feed>` with OpenSearch counts or an arxiv.org/api id),
  `hf-daily` (a JSON array of `{paper: ...}` items, or an empty array), `hf-search` (a JSON array of
  bare paper objects or `{"papers": [...]}`), `jsonl` (a JSON object per line). Anything else raises
  InputError with one line saying what it looks like: an empty file, an HTML page (with its title, as a
  saved error or login page usually is), a legacy RSS 1.0 feed (pre-2024 arXiv), unknown XML or text.
- `parse_bytes(data, fmt=, origin=, source=)` parses one input and merges duplicates within it
  (`merge_papers`); `origin` names the file or URL in every message, `source` is the label put in
  `Paper.sources` (the format name by default, `file:NAME` for files).
- `read_input(path, fmt=)` reads a file (or stdin for `-`); file problems raise InputError naming it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from .merge import merge_papers
from .parse_api import parse_api
from .parse_hf import hf_items, load_json, parse_hf
from .parse_jsonl import parse_jsonl
from .parse_listing import parse_listing
from .result import FORMATS, ParseResult

_PROLOGUE = re.compile(rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.S | re.I)
_SUPPORTED = "arXiv RSS/Atom listing feeds, arXiv API responses, Hugging Face papers JSON, JSONL"


def detect_format(data: bytes, *, origin: str = "input") -> str:
    """One of FORMATS for `data`, or InputError naming what it looks like."""
    head = _reject_unusable(data, origin)
    if head[:1] == b"<":
        return _xml_kind(head, origin)
    if head[:1] == b"[":
        return _json_array_kind(data, origin)
    if head[:1] == b"{":
        return _json_object_kind(data, origin)
    raise InputError(f"{origin}: unknown input format (starts with {head[:30]!r})",
                     hint=f"expected one of: {_SUPPORTED}")


def _reject_unusable(data: bytes, origin: str) -> bytes:
    """The start of `data`, or InputError for an empty input or an HTML page."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise InputError(f"{origin}: empty file", hint=f"expected one of: {_SUPPORTED}")
    if head[:1] == b"<" and (_root_name(head) == "html" or re.search(rb"<!DOCTYPE\s+html", head[:200], re.I)):
        title = _HTML_TITLE.search(head)
        named = f" titled '{' '.join(title.group(1).decode('utf-8', 'replace').split())[:80]}'" if title else ""
        raise InputError(f"{origin}: this is an HTML page{named}, not a feed or API response "
                         "(an error or login page saved in place of the data?)",
                         hint="download it again; if it keeps happening the server is refusing the request")
    return head


def _root_name(head: bytes) -> str:
    """The root element's local name, lower-cased ('' when there is none)."""
    prologue = _PROLOGUE.match(head)
    match = _ROOT.match(head, prologue.end() if prologue else 0)
    return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1].lower() if match else ""


def _xml_kind(head: bytes, origin: str) -> str:
    local = _root_name(head)
    if local == "rss":
        return "arxiv-rss"
    if local == "rdf":
        raise InputError(f"{origin}: legacy arXiv RSS 1.0 (RDF) feed from before 2024 is not supported",
                         hint="use a current feed from rss.arxiv.org")
    if local == "feed":
        api = b"opensearch" in head or b"arxiv.org/api" in head
        return "arxiv-api" if api else "arxiv-atom"
    raise InputError(f"{origin}: unknown XML document <{local or '?'}>", hint=f"expected one of: {_SUPPORTED}")


def _json_array_kind(data: bytes, origin: str) -> str:
    items = hf_items(load_json(data, origin), origin)
    first = next((item for item in items if isinstance(item, dict)), None)
    if first is None or isinstance(first.get("paper"), dict):
        return "hf-daily"
    return "hf-search"


def _json_object_kind(data: bytes, origin: str) -> str:
    """`{"papers": [...]}` is a search response, one object per line is JSONL; name anything else."""
    first_line = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        value = json.loads(first_line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        try:
            value = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return "jsonl"  # the JSONL parser names the broken line
        if not (isinstance(value, dict) and isinstance(value.get("papers"), list)):
            keys = ", ".join(sorted(map(str, value)))[:80] if isinstance(value, dict) else type(value).__name__
            raise InputError(f"{origin}: one multi-line JSON object (keys: {keys}), not one of the supported inputs",
                             hint=f"expected one of: {_SUPPORTED}") from None
    is_search = isinstance(value, dict) and isinstance(value.get("papers"), list)
    return "hf-search" if is_search else "jsonl"


_PARSERS: dict[str, Callable[..., ParseResult]] = {
    "arxiv-rss": parse_listing,
    "arxiv-atom": parse_listing,
    "arxiv-api": parse_api,
    "jsonl": parse_jsonl,
}


def parse_bytes(data: bytes, *, fmt: str | None = None, origin: str, source: str | None = None) -> ParseResult:
    """Parse one input into merged Papers; InputError for anything that is not a usable input."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"{origin}: unknown input format '{fmt}'", hint=f"use one of: {', '.join(FORMATS)}")
    if fmt is None:
        fmt = detect_format(data, origin=origin)
    else:
        _reject_unusable(data, origin)
    label = source or fmt
    if fmt in ("hf-daily", "hf-search"):
        result = parse_hf(data, origin=origin, source=label, fmt=fmt)
    else:
        result = _PARSERS[fmt](data, origin=origin, source=label)
        result.format = fmt
    merged = merge_papers(result.papers)
    result.duplicates = len(result.papers) - len(merged)
    result.papers = merged
    return result


def read_input(path: Path, fmt: str | None = None) -> ParseResult:
    """Read and parse one input file (`-` is stdin)."""
    path = Path(path)
    if str(path) == "-":
        return parse_bytes(sys.stdin.buffer.read(), fmt=fmt, origin="<stdin>", source="file:stdin")
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found", hint="check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not a file", hint="name the files inside it") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", hint="check the permissions") from exc
    return parse_bytes(data, fmt=fmt, origin=str(path), source=f"file:{path.name}")
