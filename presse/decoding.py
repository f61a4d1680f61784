"""Bytes to text, one way for files, standard input and web pages.

`decode(data, charset)` (charset: the HTTP header's, when there is one) tries, in order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): it wins over every declaration;
2. NUL bytes: binary data, not text;
3. valid UTF-8: UTF-8, whatever a label says (valid UTF-8 is almost never an accident); UTF-8 whose
   other lines are cp1252 (non-ASCII UTF-8 in the valid lines): line by line (`decode_with_repairs`);
4. the declared charsets, the header's then the document's own (`<meta charset>`, XML declaration),
   that decode the bytes strictly; latin-1 and ASCII labels read as windows-1252, as browsers do;
   when several legacy ones fit, charset-normalizer chooses among them;
5. UTF-8 with a few damaged bytes (valid multi-byte characters outnumber the invalid bytes): UTF-8,
   U+FFFD for the damaged bytes;
6. charset-normalizer, preferring the western code pages on short French texts; when no encoding
   fits at all, the data is binary.

It never raises: binary data comes back flagged (`Decoded.binary`) for the caller to refuse.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple


class Decoded(NamedTuple):
    text: str
    codec: str  # Python's codec name ("utf-8", "cp1252"...)
    binary: bool = False  # no text encoding fits: `text` is a best effort, not an article


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Where a document declares its charset: <meta charset=…>, <meta http-equiv … charset=…>, <?xml encoding=…?>.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_DECLARATION_SPAN = 8192
# WHATWG: these labels mean windows-1252 in every browser (its C1 range is printable); latin-1 reads the
# few bytes windows-1252 leaves undefined.
_AS_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"})
# Not charsets of documents: UTF-7 is refused by browsers, the others transform text rather than decode it.
_NOT_DOCUMENT_CODECS = frozenset(
    {"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "mbcs", "oem", "charmap"}
)
# French sources: when the detector hesitates between legacy 8-bit code pages, prefer these.
_WESTERN = ["cp1252", "latin_1", "iso8859_15"]


def decode(data: bytes, charset: str | None = None) -> Decoded:
    """The text of `data`; `charset` is a declared one from outside the bytes (an HTTP header)."""
    return decode_with_repairs(data, charset)[0]


def decode_with_repairs(data: bytes, charset: str | None = None) -> tuple[Decoded, tuple[int, ...]]:
    """`decode`, and the 1-based lines of a UTF-8 text that were not UTF-8 (read as cp1252), to be said."""
    plain = not data.startswith(tuple(bom for bom, _ in _BOMS)) and b"\x00" not in data
    mixed = _utf8_with_legacy_lines(data) if plain and not _is_utf8(data) else None
    if mixed is not None:
        return mixed
    return _decode(data, charset), ()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, charset: str | None) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(codec, errors="replace"), codec)
    if b"\x00" in data:
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", binary=True)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_fitting(data, charset)
    if len(declared) == 1:
        return Decoded(data.decode(declared[0]), declared[0])
    if declared:
        chosen = _detect(data, declared) or declared[0]
        return Decoded(data.decode(chosen, errors="replace"), chosen)
    salvaged = data.decode("utf-8", errors="replace")
    if _mostly_utf8(salvaged):
        return Decoded(salvaged, "utf-8")
    detected = _detect_legacy(data)
    if detected is None:
        return Decoded(salvaged, "utf-8", binary=True)
    return Decoded(data.decode(detected, errors="replace"), detected)


def _utf8_with_legacy_lines(data: bytes) -> tuple[Decoded, tuple[int, ...]] | None:
    """UTF-8 with a few lines in cp1252 (a paragraph pasted from an older file): every line is read as
    what it is, rather than the whole file as cp1252 (`dÃ©clarÃ©` everywhere). Only when the valid
    lines prove the file is UTF-8 (non-ASCII characters in them) and the others are not just damaged
    UTF-8 (those keep U+FFFD for their bad bytes)."""
    lines = data.split(b"\n")
    texts: list[str | None] = []
    proven = False
    for line in lines:
        try:
            texts.append(line.decode("utf-8"))
            proven = proven or not line.isascii()
        except UnicodeDecodeError:
            texts.append(None)
    if not proven:
        return None
    repaired: list[int] = []
    for n, (line, text) in enumerate(zip(lines, texts)):
        if text is not None:
            continue
        salvaged = line.decode("utf-8", errors="replace")
        if _mostly_utf8(salvaged):
            texts[n] = salvaged
        else:
            texts[n] = line.decode("cp1252", errors="replace")
            repaired.append(n + 1)
    return Decoded("\n".join(t or "" for t in texts), "utf-8"), tuple(repaired)


def in_document_charset(data: bytes) -> str | None:
    """The charset label the document declares near its start (<meta>, XML declaration), if any."""
    head = data[:_DECLARATION_SPAN]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _declared_fitting(data: bytes, charset: str | None) -> list[str]:
    """The codecs declared (header first, then the document) that decode `data` strictly, in order."""
    candidates: list[str] = []
    for label in (charset, in_document_charset(data)):
        candidates.extend(_codecs_for(label))
    return [c for c in dict.fromkeys(candidates) if _decodes(data, c)]


def _codecs_for(label: str | None) -> list[str]:
    """Python's codecs for a charset label: none when unknown or not a document charset."""
    if not label:
        return []
    label = label.strip().lower()
    if label in _AS_WINDOWS_1252:
        return ["cp1252", "latin-1"]
    try:
        info = codecs.lookup(label)
    except LookupError:
        return []
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_DOCUMENT_CODECS:
        return []
    # A UTF-16/32 label on bytes read this far (no BOM, no NUL byte) is always a mislabel.
    if info.name.startswith(("utf-16", "utf-32")):
        return []
    return [info.name]


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _mostly_utf8(decoded: str) -> bool:
    """True when valid multi-byte UTF-8 characters outnumber the invalid bytes (damaged UTF-8)."""
    invalid = decoded.count("\ufffd")
    non_ascii = len(decoded) - len(decoded.encode("ascii", errors="ignore"))
    return non_ascii - invalid > invalid


def _detect(data: bytes, among: list[str]) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=among).best()
    return codecs.lookup(best.encoding).name if best is not None else None


def _detect_legacy(data: bytes) -> str | None:
    """charset-normalizer's choice, a western code page when it reads about as well; None: binary."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    if best.encoding not in _WESTERN:
        # Short French texts fit several code pages equally well (cp1250, cp1006...): take the
        # western one unless it reads clearly worse (coherence on a short text is noisy: a margin).
        western = from_bytes(data, cp_isolation=_WESTERN).best()
        if western is not None and western.chaos <= best.chaos and western.coherence >= best.coherence - 0.1:
            best = western
    return codecs.lookup(best.encoding).name
