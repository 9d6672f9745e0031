"""`minutes review`: the report from a real database, opened in a real browser (Debian's chromium).

The database is filled by the real pipeline: `minutes run` on a scanned PNG and a scanned PDF (the PDF is
then moved away, as archives do), and the Espoo minutes (old OCR text, tests/data/review) cleaned and
segmented in this process, with a word-repair step of its own on top: main's cleaner does not repair
words yet, and the report must show word changes and flagged words as the repair stage records them
(`Edit`s applied by `pipeline.clean.edits.apply`, the offsets carried by `rebase`).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from pipeline.clean import Cleaner
from pipeline.clean.edits import Edit, apply, rebase
from pipeline.extract import extract_document
from pipeline.review import write_report
from pipeline.review.data import ReviewChange
from pipeline.review.highlight import example_windows, highlight
from pipeline.segment import segment_document
from pipeline.settings import Settings
from pipeline.store import Store
from tests.conftest import DATA, SAMPLES, run_cli

pytest_plugins = ["pgcluster"]

ESPOO = DATA / "review" / "espoo_kh_2017-05-08.txt"
REPAIRS = {"etta": "että", "hyvaksyy": "hyväksyy", "Kasittely": "Käsittely"}
FLAGGED = {"Makela": "Mäkelä"}
HOSTILE = '<script>alert("ocr")</script> & <b>lihavoitu</b>'  # OCR text is untrusted input


def _repair(text: str, page: int) -> tuple[str, list[Edit]]:
    words = re.compile(r"\b(" + "|".join(map(re.escape, [*REPAIRS, *FLAGGED, "lihavoitu"])) + r")\b")
    edits = []
    for match in words.finditer(text):
        word = match.group()
        if word == "lihavoitu":  # a flagged word whose suggestion carries markup
            edits.append(Edit(match.start(), match.end(), 'x"><img src=y>', "word-repair", 0.3, apply=False))
        elif word in FLAGGED:
            edits.append(Edit(match.start(), match.end(), FLAGGED[word], "word-repair", 0.55, apply=False))
        else:
            edits.append(Edit(match.start(), match.end(), REPAIRS[word], "word-repair", 0.95))
    return text, edits


def espoo_document(settings: Settings) -> Path:
    document = extract_document(ESPOO, settings)
    document.pages[1].raw_text += "\n" + HOSTILE + "\n"
    Cleaner(replace(settings, repair=False)).clean_document(document)  # the step below is the only word repair
    for page in document.pages:
        text, edits = _repair(page.text, page.number)
        page.cleaned_text, repairs = apply(text, edits, page.number)
        page.changes = sorted(rebase(page.changes, repairs) + repairs, key=lambda c: c.offset)
    return segment_document(document)


@dataclass(frozen=True)
class Report:
    folder: Path
    db: str
    espoo_page: Path  # the Espoo document's report page


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("review")
    scans = root / "scans"
    scans.mkdir()
    shutil.copy(SAMPLES / "tekninen_2024-11-12.png", scans / "tekninen.png")
    shutil.copy(SAMPLES / "kh_2024-12-04.pdf", scans / "kh.pdf")
    db = f"sqlite:///{root / 'minutes.db'}"
    ran = run_cli("run", "--db", db, "--jobs", "2", "--quiet", str(scans / "tekninen.png"), str(scans / "kh.pdf"))
    assert ran.returncode == 0, ran.stderr
    (scans / "kh.pdf").rename(root / "kh-moved.pdf")  # the archive moved the file after the run
    settings = Settings(jobs=1)
    store = Store(db)
    store.save_document(espoo_document(settings))
    store.record_failure(str(root / "broken.pdf"), "0" * 64, "page 2 cannot be rendered: damaged")
    store.close()
    folder = root / "report"
    made = run_cli("review", "--db", db, "-o", str(folder))
    assert made.returncode == 0, made.stderr
    index = (folder / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="(doc-\d+\.html)">espoo_kh_2017-05-08\.txt</a>', index)
    assert href, "the index links the Espoo document"
    return Report(folder=folder, db=db, espoo_page=folder / href.group(1))


def test_index_counts_each_document_and_plots_every_page(report: Report) -> None:
    index = (report.folder / "index.html").read_text(encoding="utf-8")
    row = index[index.index("espoo_kh_2017-05-08.txt</a>") :].split("</tr>")[0]
    cells = re.findall(r'<td class="number">([^<]*)</td>', row)
    repairs = sum(len(re.findall(rf"\b{w}\b", ESPOO.read_text(encoding="utf-8"))) for w in REPAIRS)
    assert cells[:3] == ["2", "2", "2"]  # pages, decisions, flagged words (Makela and the hostile line's word)
    assert f"word-repair {repairs}" in row
    assert "dehyphenate" in row and "page-header" in row
    # one bar per page, pages without OCR drawn grey; OCR'd pages carry their confidence
    assert index.count('<rect class="bar') == 5
    assert index.count('class="bar none"') == 2
    assert re.search(r"kh\.pdf p\. 2: mean OCR confidence \d+\.\d", index)
    failed = index[index.index("broken.pdf</a>") :].split("</tr>")[0]
    assert "failed" in failed and "page 2 cannot be rendered: damaged" in failed


def test_ocr_text_is_escaped_everywhere(report: Report) -> None:
    html = report.espoo_page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>lihavoitu" not in html and "<img src=y>" not in html
    assert "&lt;script&gt;alert(&#34;ocr&#34;)&lt;/script&gt; &amp; &lt;b&gt;" in html
    assert "suggestion: «x&#34;&gt;&lt;img src=y&gt;»" in html  # inside a title attribute, quotes too
    # the data the script reads is JSON inside <script>: no "</script>" may end it early
    data = html[html.index('<script type="application/json"') :]
    assert data.index("</script>") > data.index("\\u003cscript\\u003e")


def test_pages_show_their_scan_or_say_why_there_is_none(report: Report) -> None:
    index = (report.folder / "index.html").read_text(encoding="utf-8")
    png = re.search(r'<a href="(doc-\d+\.html)">tekninen\.png</a>', index)
    pdf = re.search(r'<a href="(doc-\d+\.html)">kh\.pdf</a>', index)
    assert png and pdf
    shown = (report.folder / png.group(1)).read_text(encoding="utf-8")
    [thumb] = re.findall(r'<img src="images/([^"]+)" alt="scan of page 1"', shown)
    assert (report.folder / "images" / thumb).stat().st_size > 1000
    moved = (report.folder / pdf.group(1)).read_text(encoding="utf-8")
    assert moved.count("No page image: the source file is not available") == 2
    assert "<img" not in moved
    assert "No page image: text file: there is no scan" in report.espoo_page.read_text(encoding="utf-8")


def test_relative_source_paths_are_read_from_the_folder_the_run_was_in(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "scans").mkdir(parents=True)
    shutil.copy(SAMPLES / "tekninen_2024-11-12.png", archive / "scans" / "tekninen.png")
    db = f"sqlite:///{tmp_path / 'minutes.db'}"
    ran = run_cli("run", "--db", db, "--jobs", "1", "--quiet", "scans/tekninen.png", cwd=archive)
    assert ran.returncode == 0, ran.stderr

    def page_image(*options: str) -> str:
        folder = tmp_path / f"report{len(options)}"
        made = run_cli("review", "--db", db, "-o", str(folder), *options, cwd=tmp_path)
        assert made.returncode == 0, made.stderr
        [page] = folder.glob("doc-*.html")
        return page.read_text(encoding="utf-8")

    assert "No page image: the source file is not available" in page_image()  # scans/ is not beside the report
    shown = page_image("--sources", str(archive))
    assert '<img src="images/' in shown and "No page image" not in shown


def test_the_report_uses_no_network_resource(report: Report) -> None:
    for page in report.folder.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), page.name


def test_a_missing_database_is_one_clear_line_and_creates_nothing(tmp_path: Path) -> None:
    result = run_cli("review", "--db", f"sqlite:///{tmp_path / 'nope.db'}", "-o", str(tmp_path / "out"))
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        f"minutes: no database at sqlite:///{tmp_path / 'nope.db'} (run `minutes run` first)"
    ]
    assert not (tmp_path / "nope.db").exists() and not (tmp_path / "out").exists()


def test_an_unwritable_output_folder_is_one_clear_line(report: Report, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_cli("review", "--db", report.db, "-o", str(blocker / "report"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot write the report" in result.stderr


def test_the_report_reads_postgresql_as_it_reads_sqlite(store_url: str, tmp_path: Path) -> None:
    store = Store(store_url)
    store.save_document(espoo_document(Settings(jobs=1)))
    store.close()
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "doc-999.html").write_text("a document an earlier report had", encoding="utf-8")
    summary = write_report(store_url, tmp_path / "report", Settings(jobs=1))
    assert (summary.documents, summary.pages, summary.pages_with_images) == (1, 2, 0)
    [page] = (tmp_path / "report").glob("doc-*.html")
    html = page.read_text(encoding="utf-8")
    assert html.count('<article class="decision"') == 2
    assert re.search(
        r'<mark class="change"[^>]*title="was: «Kasittely» \(word-repair, confidence 0.95\)">Käsittely</mark>', html
    )
    assert "<dt>Presenter</dt><dd>Kaupunginjohtaja Jukka Makela</dd>" in html  # a field kept in the JSON column


def _change(offset: int, before: str, after: str, applied: bool = True, n: int = 0) -> ReviewChange:
    return ReviewChange(f"p1-o{offset}-{n}", 1, offset, before, after, "word-repair", 0.9, applied)


def test_a_stale_change_is_listed_not_drawn_over_other_words() -> None:
    text = "Kaupunginhallitus hyväksyy ehdotuksen."
    good = _change(18, "hyvaksyy", "hyväksyy")
    stale = _change(0, "Kaupunginvaltuusto", "Kaupunginvaltuustoa")  # the row no longer fits the text
    html, placed, unplaced = highlight(text, [good, stale])
    assert placed == [good] and unplaced == [stale]
    assert str(html).count("<mark") == 1


def test_a_rule_example_is_a_few_words_of_the_line_without_neighbouring_changes() -> None:
    text = "Kaupunginhallitus ehdottaa, että valtuusto hyväksyy liitteenä olevan Espoon\nkaupungin hallintosäännön."
    joined = _change(text.index("poon"), "-\npoon ", "poon\n")  # dehyphenation: the line break moved
    joined = ReviewChange("p1-dehyphenate", 1, joined.offset, joined.before, joined.after, "dehyphenate", 0.9, True)
    changes = [
        _change(text.index("että"), "etta", "että"),
        _change(text.index("hyväksyy"), "hyvaksyy", "hyväksyy"),
        _change(text.index("olevan"), "olevan", "olevien", applied=False),
        joined,
    ]
    _, placed, _ = highlight(text, changes)
    assert len(placed) == 4
    for width in (10, 24, 60):
        windows = example_windows(text, placed, width=width)
        for change in placed[:3]:
            left, key, right = windows[change.key]
            assert key == change.key
            assert f"{left}{change.shown}{right}" in text.split("\n")[0]  # words of the change's own line
            assert not left.startswith(" ") and not right.endswith(" ")
            assert len(left) <= width and len(right) <= width
            others = [c.shown for c in placed if c is not change]
            assert not any(other in left or other in right for other in others)
    assert example_windows(text, placed)[placed[1].key] == ["valtuusto ", placed[1].key, " liitteenä"]


# -- in the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not [url for url in requests if not url.startswith(("file:", "blob:", "data:"))], "offline report"
    assert errors == []


def _download(page: Page, button: str) -> Path:
    with page.expect_download() as download:
        page.click(button)
    path = Path(download.value.path())
    target = path.with_name(download.value.suggested_filename)
    path.rename(target)
    return target


def _row(page: Page, before: str) -> object:
    return page.locator("tr[data-key]").filter(has=page.get_by_role("link", name=before, exact=True)).first


def test_the_archivist_sees_changes_and_decisions_and_gives_verdicts(
    report: Report, page: Page, tmp_path: Path
) -> None:
    page.goto(report.espoo_page.as_uri())
    change = page.locator("mark.change", has_text="Käsittely")
    expect(change).to_be_visible()
    expect(change).to_have_attribute("title", re.compile(r"^was: «Kasittely» \(word-repair, confidence 0\.95\)$"))
    expect(page.locator("mark.flag", has_text="Makela")).to_have_attribute("title", re.compile("suggestion: «Mäkelä»"))
    decisions = page.locator("#decisions article.decision")
    expect(decisions).to_have_count(2)
    expect(decisions.first).to_be_visible()
    expect(decisions.first).to_contain_text("§ 127")
    expect(decisions.nth(1)).to_contain_text("Luottamushenkiloiden palkkiot")

    # accept the repair of Kasittely, reject the first etta -> että
    _row(page, "Kasittely").locator('button[data-verdict="accept"]').click()
    _row(page, "etta").locator('button[data-verdict="reject"]').click()
    expect(change).to_have_class(re.compile(r"\baccepted\b"))
    expect(page.locator("#verdict-count")).to_contain_text("1 accepted, 1 rejected")
    page.screenshot(path=str(tmp_path / "review.png"), full_page=False)
    assert (tmp_path / "review.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    page.reload()  # the verdicts live in the browser's storage
    expect(page.locator("mark.change", has_text="Käsittely")).to_have_class(re.compile(r"\baccepted\b"))
    expect(page.locator("mark.rejected")).to_have_count(1)
    expect(page.locator("mark.rejected")).to_have_text("että")

    rules = _download(page, "#download-replacements")
    assert rules.name == "replacements-espoo_kh_2017-05-08.tsv"
    lines = rules.read_text(encoding="utf-8").splitlines()
    # the format of corrections/replacements.tsv: the rule, and directly above it an example in context
    assert [line for line in lines if not line.startswith("#") and line] == ["Kasittely\tKäsittely"]
    assert lines[lines.index("Kasittely\tKäsittely") - 1] == "# example: Kasittely → Käsittely"

    # the regression pair: the whole document as OCR read it, and as it should come out
    ocr = _download(page, "#download-ocr")
    expected = _download(page, "#download-expected")
    assert (ocr.name, expected.name) == ("espoo_kh_2017-05-08.ocr.txt", "espoo_kh_2017-05-08.expected.txt")
    raw = ESPOO.read_text(encoding="utf-8").split("\f")
    raw[1] += "\n" + HOSTILE + "\n"
    assert ocr.read_text(encoding="utf-8") == "\f".join(raw) + "\n"
    want = expected.read_text(encoding="utf-8")
    assert want.count("\f") == 1 and "Espoon kaupunki" not in want  # running headers stay removed
    assert "\nKäsittely\n" in want  # accepted
    assert "ehdottaa, etta valtuusto hyväksyy liitteena" in want  # rejected; the undecided neighbour kept
    assert "siten, että se" in want and "Jukka Makela" in want  # undecided: as the pipeline left them

    page.click("#clear-verdicts")
    expect(page.locator("mark.accepted, mark.rejected")).to_have_count(0)


def test_the_index_leads_to_each_document_and_a_thumbnail_zooms(report: Report, page: Page) -> None:
    page.goto((report.folder / "index.html").as_uri())
    expect(page.locator("svg.plot rect.bar")).to_have_count(5)
    page.locator("table.documents a", has_text="tekninen.png").click()
    zoom = page.locator(".lightbox img")
    expect(zoom).to_be_hidden()
    page.locator(".scan img").click()  # the thumbnail opens the large image
    expect(zoom).to_be_visible()
    width = "image => image.decode().then(() => image.naturalWidth)"  # once the file has loaded
    assert zoom.evaluate(width) > page.locator(".scan img").evaluate(width) > 0
    zoom.click()
    expect(zoom).to_be_hidden()
    page.goto((report.folder / "index.html").as_uri())
    page.locator("table.documents a", has_text="espoo_kh_2017-05-08.txt").click()
    expect(page.locator("h1")).to_have_text("espoo_kh_2017-05-08.txt")
    expect(page.locator("article.page")).to_have_count(2)


def test_an_unreviewed_regression_pair_is_what_the_cleaner_makes_of_the_ocr_text(report: Report, page: Page) -> None:
    """The pair `minutes rules test` reads: with no verdict given, the cleaner turns the .ocr.txt
    into the .expected.txt exactly (this document went through the real pipeline, not a test step)."""
    index = (report.folder / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="(doc-\d+\.html)">tekninen\.png</a>', index)
    assert href
    page.goto((report.folder / href.group(1)).as_uri())
    ocr = _download(page, "#download-ocr").read_text(encoding="utf-8").removesuffix("\n")
    expected = _download(page, "#download-expected").read_text(encoding="utf-8").removesuffix("\n")
    assert ocr != expected  # the page had changes
    # specks and blurred punctuation are judged by Tesseract's confidence in each word, which the text alone
    # does not carry: the cleaner gets the page's OCR words as the run had them
    document = extract_document(SAMPLES / "tekninen_2024-11-12.png", Settings(jobs=1))
    assert document.pages[0].raw_text.strip() == ocr.strip()
    Cleaner(Settings(jobs=1)).clean_document(document)
    assert document.pages[0].text == expected
