"""One bytes-to-text decoder for files, standard input and web pages (`presse.decoding`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presse.decoding import decode
from presse.errors import SourceError
from presse.pages import article_from_page
from presse.sources import load_file
from presse.web import Page

FRENCH = "« Nous préférons attendre », a déclaré la rectrice, Hélène Garnier, à l’académie.\n"


def html(body: str, meta: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{meta}<title>Écoles</title></head><body><article><p>{body}</p></article></body></html>"


def web_page(body: bytes, content_type: str = "text/html", charset: str | None = None) -> Page:
    return Page(url="http://example.invalid/a", final_url="http://example.invalid/a", status=200,
                content_type=content_type, charset=charset, body=body)


@pytest.mark.parametrize(
    "data",
    [
        html(FRENCH, '<meta charset="windows-1252">').encode("cp1252"),
        html(FRENCH).encode("cp1252"),
        html(FRENCH).encode("utf-8"),
        b"\xef\xbb\xbf" + html(FRENCH, '<meta charset="iso-8859-1">').encode("utf-8"),
        b"\xff\xfe\x00\x00" + html(FRENCH).encode("utf-32-le"),
    ],
    ids=["meta-cp1252", "undeclared-cp1252", "utf-8", "bom-beats-meta", "utf-32-bom"],
)
def test_a_file_and_a_web_page_with_the_same_bytes_read_the_same(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    from_file = load_file(str(path))
    from_web = article_from_page(web_page(data))
    assert "Hélène Garnier, à l’académie" in from_file.text
    assert from_web.text == from_file.text and from_web.paragraphs == from_file.paragraphs


def test_the_header_charset_is_one_more_declaration() -> None:
    data = html(FRENCH).encode("cp1252")
    assert decode(data, "windows-1252") == (data.decode("cp1252"), "cp1252", False)
    # A header that does not fit the bytes is ignored: they are not UTF-8.
    assert decode(data, "utf-8").text == data.decode("cp1252")


def test_a_latin1_label_reads_cp1252_and_falls_back_to_latin1_for_its_holes() -> None:
    assert decode(b"l\x92acad\xe9mie", "latin-1").text == "l’académie"
    # 0x81 is undefined in cp1252: the label still holds, as ISO-8859-1.
    assert decode(b"caf\xe9 \x81", "iso-8859-1") == ("café \x81", "latin-1", False)


def test_binary_data_is_flagged_and_a_binary_page_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    assert decode(png).binary and not decode(FRENCH.encode()).binary
    with pytest.raises(SourceError, match=r"example\.invalid/a: binary file, not an article"):
        article_from_page(web_page(png, "text/html"))
