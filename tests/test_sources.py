"""Article sources: .txt/.md/.html files, folders, standard input, encodings, bad input. No spaCy here."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import sys
import types
from pathlib import Path

import pytest

from presse import loading
from presse.decoding import decode
from presse.errors import SourceError
from presse.loading import load_path, load_paths
from presse.model import Article
from presse.sources import (
    article_from_html,
    article_from_markdown,
    article_from_text,
    natural_key,
    split_paragraphs,
    with_headline,
)

DATA = Path(__file__).parent / "data"
FIXTURES = DATA / "sources"
SEED = DATA / "kremlin-peskov-trump-call.txt"

FRENCH = (
    "Le président a déclaré à l’AFP : « Ça suffit — c’est une œuvre de fiction », selon l’Élysée.\n"
    "\n"
    "Coût de l’opération : 5 € ; Noël approche, où irons-nous ?\n"
)


def blocks_of(article: Article) -> list[str]:
    return [article.paragraph_text(p.index) for p in article.paragraphs]


def assert_offsets_round_trip(article: Article) -> None:
    for index, p in enumerate(article.paragraphs):
        assert p.index == index
        assert 0 <= p.start < p.end <= len(article.text)
        chunk = article.text[p.start : p.end]
        assert chunk == chunk.strip() and chunk
    starts = [p.start for p in article.paragraphs]
    assert starts == sorted(starts)


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return str(path)


# ----------------------------------------------------------------------------------------------- .txt


def test_blank_line_blocks_are_paragraphs_with_stripped_offsets() -> None:
    text = "\n  Premier bloc,\nsur deux lignes.  \n\n \t \n\tDeuxième bloc.\n\n\n Troisième.\n\n"
    paragraphs = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paragraphs] == [
        "Premier bloc,\nsur deux lignes.",
        "Deuxième bloc.",
        "Troisième.",
    ]
    assert [p.index for p in paragraphs] == [0, 1, 2]


def test_without_blank_line_each_non_empty_line_is_a_paragraph() -> None:
    # Blank lines only before or after the content do not switch to the block rule.
    text = "\n\nLigne un.\n  Ligne deux.  \nLigne trois.\n\n\n"
    paragraphs = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paragraphs] == ["Ligne un.", "Ligne deux.", "Ligne trois."]


def test_a_whitespace_only_line_counts_as_blank() -> None:
    text = "Un.\nDeux.\n \u00a0\t\nTrois."
    paragraphs = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paragraphs] == ["Un.\nDeux.", "Trois."]


def test_txt_file_both_rules_round_trip(tmp_path: Path) -> None:
    blocks = write(tmp_path, "blocs.txt", "Un premier bloc.\nQui continue.\n\nUn second bloc.\n")
    lines = write(tmp_path, "lignes.txt", "Une ligne.\nUne autre ligne.\n\n")
    (by_block,) = load_path(blocks)
    (by_line,) = load_path(lines)
    assert blocks_of(by_block) == ["Un premier bloc.\nQui continue.", "Un second bloc."]
    assert blocks_of(by_line) == ["Une ligne.", "Une autre ligne."]
    for article in (by_block, by_line):
        assert_offsets_round_trip(article)


def test_seed_paragraphs_match_gold(gold: dict) -> None:
    (article,) = load_path(str(SEED))
    assert len(article.paragraphs) == gold["paragraph_count"] == 27
    assert [{"index": p.index, "start": p.start, "end": p.end} for p in article.paragraphs] == gold["paragraphs"]
    assert article.text == SEED.read_text(encoding="utf-8")
    assert_offsets_round_trip(article)


def test_article_identity_and_source(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Un article.\n")
    (article,) = load_path(path)
    assert article.source == path
    assert article.id == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def test_text_keeps_every_character_but_crlf_cr_and_bom(tmp_path: Path) -> None:
    raw = "\ufeffTitre court\r\n\r\nUn\tparagraphe\u00a0avec  des espaces.\rSuite.\r\n"
    (article,) = load_path(write(tmp_path, "crlf.txt", raw))
    assert article.text == "Titre court\n\nUn\tparagraphe\u00a0avec  des espaces.\nSuite.\n"
    assert blocks_of(article) == ["Titre court", "Un\tparagraphe\u00a0avec  des espaces.\nSuite."]


# --------------------------------------------------------------------------------------------- titles


def test_short_unpunctuated_first_block_is_the_title_and_paragraph_zero() -> None:
    article = article_from_text("Poutine dément tout appel avec Trump\n\nLe Kremlin a démenti.\n", "x/a.txt")
    assert article.title == "Poutine dément tout appel avec Trump"
    assert blocks_of(article)[0] == "Poutine dément tout appel avec Trump"
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    "first_block",
    [
        "Le Kremlin a démenti.",  # final punctuation
        "« C’est complètement faux. »",  # final punctuation inside closing quotes
        "Selon lui :",
        "Où est passé le président ?",
        " ".join(["mot"] * 16),  # more than 15 words
        "Un titre\nsur deux lignes",  # not one line
        "* * *",  # no letter or digit
    ],
)
def test_other_first_blocks_leave_the_title_to_the_file_name(first_block: str) -> None:
    article = article_from_text(first_block + "\n\nLa suite de l’article.\n", "dossier/mon_article-du--jour.txt")
    assert article.title == "mon article du jour"
    assert blocks_of(article)[0] == first_block


def test_fifteen_words_is_still_a_title() -> None:
    first = " ".join(["mot"] * 15)
    assert article_from_text(first + "\n\nSuite.", "a.txt").title == first


def test_seed_title_comes_from_its_file_name() -> None:
    (article,) = load_path(str(SEED))
    assert article.title == "kremlin peskov trump call"


# ------------------------------------------------------------------------------------------- markdown


def test_markdown_heading_is_the_title_and_markup_is_plain() -> None:
    (article,) = load_path(str(FIXTURES / "article.md"))
    assert article.title == "Le Kremlin dément un appel"
    blocks = blocks_of(article)
    assert blocks == [
        "Le Kremlin dément un appel",
        "Le président russe Vladimir Poutine a démenti les informations du Washington Post selon "
        "lesquelles Donald Trump lui avait parlé.",
        "Dmitri Peskov parle de fiction",
        "Le Kremlin n’a « pas de projets concrets »",
        "« C’est complètement faux », a déclaré Dmitri Peskov.",
    ]
    for marker in ("*", "[", "](", "`", "#", "> ", "https://"):
        assert marker not in article.text
    assert article.text == "\n\n".join(blocks)
    assert_offsets_round_trip(article)


def test_markdown_suffix_and_front_matter(tmp_path: Path) -> None:
    md = "---\ntitle: \"Titre de l’en-tête\"\nauthor: Jean Dupont\n---\n## Intertitre\n\nTexte _souligné_.\n"
    (article,) = load_path(write(tmp_path, "note.markdown", md))
    assert article.title == "Titre de l’en-tête"
    assert article.meta == {"author": "Jean Dupont"}
    # No `# heading`: the front matter's title is the headline, paragraph 0.
    assert blocks_of(article) == ["Titre de l’en-tête", "Intertitre", "Texte souligné."]


def test_markdown_without_heading_uses_the_first_block_rule() -> None:
    article = article_from_markdown("Un article **sans** titre.\n\nDeuxième.", "docs/un_article.md")
    assert article.title == "un article"
    assert blocks_of(article) == ["Un article sans titre.", "Deuxième."]


# ----------------------------------------------------------------------------------------------- html


def test_html_main_text_without_boilerplate() -> None:
    (article,) = load_path(str(FIXTURES / "article.html"))
    assert article.title == "Le Kremlin dément un appel entre Poutine et Trump"
    for marker in ("NAV-MARKER", "FOOTER-MARKER", "SCRIPT-MARKER", "font-family", "<", "Accueil"):
        assert marker not in article.text
    blocks = blocks_of(article)
    assert any(b.startswith("Le président russe Vladimir Poutine a démenti") for b in blocks)
    assert any("Dmitri Peskov" in b and "pure fiction" in b for b in blocks)  # <em> kept as text
    assert any(b.startswith("Le Washington Post a été le premier") for b in blocks)  # link kept as text
    assert len(blocks) >= 4
    assert article.text == "\n\n".join(blocks)
    assert article.meta["author"] == "Claire Martin"
    assert article.meta["date"].startswith("2024-11-11")
    assert_offsets_round_trip(article)


# A page laid out as many are: the headline outside the article element, so trafilatura leaves it out.
BODY = "".join(
    f"<p>Le président russe a démenti les informations selon lesquelles un appel avait eu lieu le {i} mai.</p>"
    for i in range(4)
)
HEADLINE_OUTSIDE = (
    "<html><head><title>Pour Montebourg, le nucléaire a de l’avenir — Le Quotidien</title>"
    "<meta property='og:title' content='Pour Montebourg, le nucléaire a de l’avenir'></head><body>"
    "<header><h1>Pour Montebourg, le nucléaire a de l’avenir</h1></header>"
    f"<main><article>{BODY}</article></main></body></html>"
)


def test_an_html_headline_the_extractor_leaves_out_is_paragraph_zero(tmp_path: Path) -> None:
    (article,) = load_path(write(tmp_path, "page.html", HEADLINE_OUTSIDE))
    assert article.title == "Pour Montebourg, le nucléaire a de l’avenir"
    blocks = blocks_of(article)
    assert blocks[0] == article.title and len(blocks) == 5
    assert blocks[1].startswith("Le président russe a démenti")
    assert_offsets_round_trip(article)


def test_an_html_headline_already_in_the_text_is_not_repeated() -> None:
    (article,) = load_path(str(FIXTURES / "article.html"))  # its <h1> is inside <article>
    assert blocks_of(article)[0] == article.title
    assert article.text.count(article.title) == 1
    kicker = f"<html><head><title>Grève générale</title></head><body><article><p>Social</p><h2>Grève générale</h2>{BODY}</article></body></html>"
    assert blocks_of(article_from_html(kicker, "k.html"))[:2] == ["Social", "Grève générale"]


def test_with_headline_compares_blocks_loosely_and_only_near_the_top() -> None:
    blocks = ["Social", "Grève  GÉNÉRALE", "Texte."]
    assert with_headline(blocks, "Grève générale") == blocks
    assert with_headline(["Texte."] * 3 + ["Grève générale"], "Grève générale")[0] == "Grève générale"
    assert with_headline(blocks, None) == with_headline(blocks, "  ") == blocks
    assert with_headline(["Texte."], " Grève\n générale ") == ["Grève générale", "Texte."]


def test_a_markdown_heading_stays_paragraph_zero_over_a_front_matter_title() -> None:
    md = "---\ntitle: Titre pour le référencement\n---\n# Le vrai titre\n\nTexte.\n"
    article = article_from_markdown(md, "note.md")
    assert article.title == "Titre pour le référencement"
    assert blocks_of(article) == ["Le vrai titre", "Texte."]


def test_html_paragraph_repeated_back_to_back_is_kept() -> None:
    # trafilatura drops a block equal to the previous one; a repeat in the page itself is content.
    repeated = "<p>Le Kremlin a démenti les informations selon lesquelles un appel avait eu lieu lundi.</p>"
    page = f"<html><body><article>{repeated}{repeated}<p>Un autre paragraphe, assez long pour être gardé.</p></article></body></html>"
    blocks = blocks_of(article_from_html(page, "repeat.html"))
    assert blocks[0] == blocks[1] == "Le Kremlin a démenti les informations selon lesquelles un appel avait eu lieu lundi."
    assert len(blocks) == 3


def test_article_from_html_accepts_bytes_and_url() -> None:
    data = (FIXTURES / "article.html").read_bytes()
    article = article_from_html(data, "https://example.org/a", url="https://example.org/a")
    assert article.meta["url"] == "https://example.org/a"
    assert article.source == "https://example.org/a"
    assert "Vladimir Poutine" in article.text


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Élysée</title></head><body><article>'
        "<p>Le président a déclaré à l’AFP que « ça suffit », et l’Élysée a confirmé cette position mardi.</p>"
        "</article></body></html>"
    )
    (article,) = load_path(write(tmp_path, "legacy.htm", page.encode("cp1252")))
    assert "à l’AFP que « ça suffit »" in article.text
    assert article.title == "Élysée"


def test_html_with_only_scripts_and_styles_is_a_clear_error(tmp_path: Path) -> None:
    page = "<html><head><style>p{}</style><script>var a = 1;</script></head><body><script>x()</script></body></html>"
    path = write(tmp_path, "vide.html", page)
    with pytest.raises(SourceError, match="no article text found in .*vide.html"):
        load_path(path)


def test_truncated_html_is_readable(tmp_path: Path) -> None:
    paragraph = "<p>Le président russe a démenti les informations selon lesquelles un appel avait eu lieu {}.</p>"
    page = "<html><head><title>Coupé</title></head><body><article>" + "".join(
        paragraph.format(i) for i in range(6)
    )
    (article,) = load_path(write(tmp_path, "coupe.html", page[:-30]))
    assert article.title == "Coupé"
    assert "appel avait eu lieu 0." in article.text
    assert_offsets_round_trip(article)


# --------------------------------------------------------------------------------------------- folder


def test_folder_natural_order_recursive_hidden_skipped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for name in ["file10.txt", "file2.txt", "File1.md", "b/inner.html", "a/deep/x.txt", "a.htm"]:
        body = f"<html><body><p>Article {name}, un texte assez long pour être extrait.</p></body></html>"
        write(root, name, body if name.endswith((".html", ".htm")) else f"Article {name}.\n")
    write(root, ".hidden.txt", "Caché.\n")
    write(root, ".git/objects.txt", "Caché aussi.\n")
    write(root, "notes.pdf", "Pas un article.\n")
    write(root, "feed.xml", "<rss/>")
    articles = load_path(str(root))
    relative = [os.path.relpath(a.source, root) for a in articles]
    assert relative == [
        os.path.join("a", "deep", "x.txt"),
        "a.htm",
        os.path.join("b", "inner.html"),
        "File1.md",
        "file2.txt",
        "file10.txt",
    ]
    assert all(a.source.startswith(str(root)) for a in articles)
    assert "Caché" not in "".join(a.text for a in articles)


def test_natural_key() -> None:
    names = ["file10", "File2", "file1", "file01b", "a"]
    assert sorted(names, key=natural_key) == ["a", "file1", "file01b", "File2", "file10"]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    write(tmp_path / "vide", ".cache.txt", "caché\n")
    with pytest.raises(SourceError, match="vide: no articles found"):
        load_path(str(tmp_path / "vide"))


def test_folder_of_bad_files_names_the_reason(tmp_path: Path) -> None:
    write(tmp_path, "blanc.txt", "  \n")
    with pytest.raises(SourceError, match="no articles found.*blanc.txt: empty article"):
        load_path(str(tmp_path))


def test_folder_skips_a_bad_file_and_keeps_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "1.txt", "Bon article.\n")
    write(tmp_path, "2.txt", b"\x00\x01\x02binaire")
    assert [a.text for a in load_path(str(tmp_path))] == ["Bon article.\n"]


# ---------------------------------------------------------------------------------------------- stdin


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, "Titre venu du tuyau\r\n\r\nUn paragraphe.\r\n".encode("utf-16"))
    (article,) = load_path("-")
    assert article.source == "-"
    assert article.title == "Titre venu du tuyau"
    assert blocks_of(article) == ["Titre venu du tuyau", "Un paragraphe."]


def test_stdin_html_is_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, (FIXTURES / "article.html").read_bytes())
    (article,) = load_paths(["-"])
    assert article.title == "Le Kremlin dément un appel entre Poutine et Trump"
    assert "FOOTER-MARKER" not in article.text and "<p>" not in article.text


def test_stdin_text_that_mentions_tags_stays_text(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, b"La balise <html> ouvre une page.\nLa balise <body> suit.\n")
    (article,) = load_path("-")
    assert blocks_of(article) == ["La balise <html> ouvre une page.", "La balise <body> suit."]


def test_empty_stdin_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, b"\n \n")
    with pytest.raises(SourceError, match="standard input: empty article"):
        load_path("-")


# ------------------------------------------------------------------------------------------ encodings


LATIN1_FRENCH = FRENCH.replace("€", "E").replace("œ", "oe").replace("’", "'").replace("—", "-")


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        (FRENCH.encode("cp1252"), FRENCH),
        (LATIN1_FRENCH.encode("latin-1"), LATIN1_FRENCH),  # latin-1 has no €, œ, ’ or —
        (b"\xff\xfe" + FRENCH.encode("utf-16-le"), FRENCH),
        (b"\xfe\xff" + FRENCH.encode("utf-16-be"), FRENCH),
        (b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), FRENCH),
        (FRENCH.encode("utf-8"), FRENCH),
    ],
    ids=["cp1252", "latin-1", "utf-16-le-bom", "utf-16-be-bom", "utf-8-bom", "utf-8"],
)
def test_encodings(tmp_path: Path, encoded: bytes, expected: str) -> None:
    (article,) = load_path(write(tmp_path, "enc.txt", encoded))
    assert article.text == expected
    assert len(article.paragraphs) == 2


def test_short_legacy_french_is_not_read_as_another_code_page() -> None:
    # charset-normalizer alone picks cp1006 or cp037 for bytes this short.
    assert decode("Noël à Paris.\n".encode("latin-1")).text == "Noël à Paris.\n"
    assert decode("Café crème.\n".encode("cp1252")).text == "Café crème.\n"


def test_cyrillic_legacy_code_page_is_still_detected() -> None:
    text = "Президент России Владимир Путин опроверг сообщения о том, что Дональд Трамп говорил с ним.\n"
    assert decode(text.encode("cp1251")).text == text


def test_invalid_utf8_bytes_are_replaced_not_fatal(tmp_path: Path) -> None:
    good = FRENCH.encode("utf-8")
    damaged = good[:20] + b"\xff\xfe\xc3" + good[20:]
    (article,) = load_path(write(tmp_path, "abime.txt", damaged))
    assert "\ufffd" in article.text
    assert article.text.replace("\ufffd", "") == FRENCH  # the rest is read as UTF-8, not as cp1252
    assert "Ã" not in article.text


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), bytes(range(1, 256)) * 40],
    ids=["nul-bytes", "no-encoding-fits"],
)
def test_binary_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "photo.txt", data)
    with pytest.raises(SourceError, match=r"photo\.txt: binary file, not an article"):
        load_path(path)


@pytest.mark.parametrize("data", [b"", b"  \r\n\n\t \n", b"\xef\xbb\xbf\n"], ids=["empty", "whitespace", "bom"])
def test_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "blanc.txt", data)
    with pytest.raises(SourceError, match=r"blanc\.txt: empty article$"):
        load_path(path)


def test_empty_html_and_markdown_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="empty article"):
        load_path(write(tmp_path, "vide.md", "\n\n"))
    with pytest.raises(SourceError, match="vide2.md: empty article"):
        load_path(write(tmp_path, "vide2.md", "---\n---\n\n***\n"))
    with pytest.raises(SourceError, match="empty article"):
        load_path(write(tmp_path, "vide.html", " "))


# ------------------------------------------------------------------------------------ paths and errors


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "absent.txt")
    with pytest.raises(SourceError, match="absent.txt: no such file or folder"):
        load_path(missing)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "verrou.txt", "Secret.\n")
    real_open = builtins.open

    def deny(file, *args, **kwargs):  # root reads anything: fail the way a user's read would
        if str(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    with pytest.raises(SourceError, match="verrou.txt: permission denied"):
        load_path(path)


def test_unreadable_path_kinds_name_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def is_a_directory(file, *args, **kwargs):
        raise IsADirectoryError(21, "Is a directory", str(file))

    path = write(tmp_path, "x.txt", "x")
    monkeypatch.setattr(builtins, "open", is_a_directory)
    with pytest.raises(SourceError, match="x.txt: is a folder"):
        load_path(path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_files_are_refused_not_read_forever() -> None:
    with pytest.raises(SourceError, match="/dev/zero: not a regular file"):
        load_path("/dev/zero")


def test_source_files_are_unchanged(tmp_path: Path) -> None:
    copies = []
    for fixture in [SEED, FIXTURES / "article.md", FIXTURES / "article.html"]:
        copy = tmp_path / fixture.name
        copy.write_bytes(fixture.read_bytes())
        os.utime(copy, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        copies.append(copy)
    before = [(c.read_bytes(), c.stat().st_mtime_ns) for c in copies]
    load_paths([str(c) for c in copies])
    load_path(str(tmp_path))
    assert [(c.read_bytes(), c.stat().st_mtime_ns) for c in copies] == before


def test_unknown_suffix_is_read_as_text_or_html(tmp_path: Path) -> None:
    (text,) = load_path(write(tmp_path, "README", "Un texte.\n"))
    assert text.text == "Un texte.\n"
    (page,) = load_path(write(tmp_path, "page.php", (FIXTURES / "article.html").read_bytes()))
    assert "FOOTER-MARKER" not in page.text and "Vladimir Poutine" in page.text


def test_a_megabyte_on_one_line_is_one_paragraph(tmp_path: Path) -> None:
    line = "anticonstitutionnellement " * 40_000
    (article,) = load_path(write(tmp_path, "ligne.txt", line))
    assert len(article.paragraphs) == 1
    assert article.paragraph_text(0) == line.strip()


# ------------------------------------------------------------------------------------- URLs and feeds


def test_urls_and_feeds_go_to_their_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []

    def fake(kind):
        def load(path, on_error=None, **options):
            seen.append((kind, path))
            return [article_from_text(f"Depuis {kind}.", path)]

        return load

    monkeypatch.setattr(loading, "load_url", fake("web"))
    monkeypatch.setattr(loading, "load_feed", fake("feeds"))
    articles = load_paths(["https://example.org/a", "flux.RSS", "x.atom", "HTTP://example.org/b"])
    assert [a.text for a in articles] == ["Depuis web.", "Depuis feeds.", "Depuis feeds.", "Depuis web."]
    assert seen[1] == ("feeds", "flux.RSS")


