"""The store on both engines: idempotent saves, replacement, all-or-nothing, awkward text, search, export."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from pipeline.errors import EnvironmentProblem, InputError
from pipeline.model import Change, Decision, Document, Meeting, Page, PageSource, SourceRef
from pipeline.store import Store, schema

pytest_plugins = ["pgcluster"]

KEMI_STRATEGY = Path(__file__).resolve().parents[2] / "shared" / "kemi_strategy.txt"  # ../shared beside the repo


def decision(path: str, section: int, title: str, body: str, **meeting: str | None) -> Decision:
    municipality = meeting.get("municipality", "Kemi")
    organ = meeting.get("organ", "Kaupunginhallitus")
    date = meeting.get("meeting_date", "2024-03-12")
    return Decision(
        municipality=municipality,
        organ=organ,
        meeting_date=date,
        section=section,
        title=title,
        diary_number=f"KEMDno-2024-{section}",
        text=f"§ {section}\n{title}\n{body}",
        decision="Hyväksyttiin.",
        source=SourceRef(path, "", [1]),
        meeting=Meeting(municipality, organ, date, present=["Matti Meikäläinen"]),
    )


def document(path: str, sha256: str, *decisions: Decision) -> Document:
    page = Page(1, "raw text", PageSource.TEXT_FILE, cleaned_text="clean text", engine="text", language="fin")
    page.changes = [Change(1, 0, "raw", "clean", "test")]
    for one in decisions:
        one.source = SourceRef(path, sha256, one.source.pages)
    return Document(Path(path), sha256, [page], list(decisions))


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (schema.documents, schema.pages, schema.meetings, schema.decisions, schema.corrections)
        }


def test_saving_the_same_document_again_changes_nothing(store_url: str) -> None:
    store = Store(store_url)
    doc = document("a.txt", "sha-a", decision("a.txt", 1, "Talousarvio", "Kaupunginhallitus teki päätöksen."))
    assert store.save_document(doc) is True
    before, exported = counts(store), list(store.decisions())
    with store.engine.connect() as connection:
        stamps = connection.execute(select(schema.decisions.c.id, schema.decisions.c.updated_at)).all()
    assert store.save_document(doc) is False
    assert Store(store_url).save_document(doc) is False  # a new process, the same answer
    assert counts(store) == before == {"documents": 1, "pages": 1, "meetings": 1, "decisions": 1, "corrections": 1}
    assert list(store.decisions()) == exported
    with store.engine.connect() as connection:
        assert connection.execute(select(schema.decisions.c.id, schema.decisions.c.updated_at)).all() == stamps


def test_a_changed_file_replaces_its_earlier_records(store_url: str) -> None:
    store = Store(store_url)
    store.save_document(
        document(
            "a.txt",
            "sha-1",
            decision("a.txt", 1, "Vanha asia", "Ensimmäinen versio."),
            decision("a.txt", 2, "Toinen asia", "Poistuu.", organ="Kaupunginvaltuusto"),
        )
    )
    store.save_document(document("a.txt", "sha-2", decision("a.txt", 1, "Uusi asia", "Toinen versio.")))
    records = list(store.decisions())
    assert [(r["title"], r["source"]["sha256"]) for r in records] == [("Uusi asia", "sha-2")]
    assert counts(store)["meetings"] == 1  # the old version's two meetings went with it
    assert store.search("versio") == records


def test_a_document_the_database_refuses_stores_nothing_and_keeps_the_earlier_version(store_url: str) -> None:
    store = Store(store_url)
    store.save_document(document("a.txt", "sha-1", decision("a.txt", 1, "Hyvä", "Tallentuu.")))
    before = counts(store)
    broken = decision("a.txt", 3, "Rikki", "Ei tallennu.")
    broken.title = None  # type: ignore[assignment]  # NOT NULL: fails after the document and pages are written
    new = document("a.txt", "sha-2", decision("a.txt", 1, "Uusi", "Tämä versio ei tallennu."), broken)
    with pytest.raises(InputError, match="cannot store"):
        store.save_document(new)
    assert counts(store) == before
    assert [r["title"] for r in store.decisions()] == ["Hyvä"]
    assert store.search("versio") == []


def test_quotes_backslashes_nul_and_a_megabyte_section_are_stored_and_found(store_url: str) -> None:
    store = Store(store_url)
    awkward = "Lainaus \"kaksi\" ja 'yksi'; polku C:\\temp\\x\\\\; '); DROP TABLE decisions; -- \x00loppu"
    prose = KEMI_STRATEGY.read_text(encoding="utf-8")
    big = (prose * (1_048_576 // len(prose) + 1))[:1_048_576] + " sammakkolammikko"
    doc = document(
        "b.txt",
        "sha-b",
        decision("b.txt", 1, "Hankala 'otsikko' \\ \"x\"", awkward),
        decision("b.txt", 2, "Iso pykälä", big),
    )
    doc.pages[0].raw_text = awkward
    doc.decisions[0].errors = ['virhe \x00 \\ "']
    store.save_document(doc)
    first, second = store.decisions()
    assert first["title"] == "Hankala 'otsikko' \\ \"x\""
    assert first["text"].endswith(awkward.replace("\x00", ""))
    assert first["errors"] == ['virhe  \\ "']
    assert len(second["text"]) > 1_048_576
    assert second["text"] == doc.decisions[1].text
    assert [r["section"] for r in store.search("sammakkolammikko")] == [2]  # the last word of the megabyte
    assert [r["section"] for r in store.search("'); DROP TABLE decisions; --")] == [1]
    assert [r["section"] for r in store.search('"kaksi" \\temp')] == [1]
    assert counts(store)["decisions"] == 2
    with store.engine.connect() as connection:
        assert connection.execute(select(schema.pages.c.raw_text)).scalar_one() == awkward.replace("\x00", "")


@pytest.fixture
def council(store_url: str) -> Store:
    store = Store(store_url)
    store.save_document(
        document(
            "kh.txt",
            "sha-kh",
            decision("kh.txt", 10, "Talousarvion muutos", "Kaupunginhallitus teki päätöksen talousarviosta."),
            decision("kh.txt", 11, "Katujen kunnossapito", "Kunnossapidon päätökset merkittiin tiedoksi."),
            decision("kh.txt", 12, "Kaupunginvaltuuston kokous", "Asia siirrettiin valtuustolle."),
        )
    )
    store.save_document(
        document(
            "tela.txt",
            "sha-tela",
            decision(
                "tela.txt",
                5,
                "Päätös rakennusluvasta",
                "Lautakunta päätti luvasta.",
                organ="Tekninen lautakunta",
                meeting_date="2023-06-01",
            ),
        )
    )
    return store


def sections(records: list[dict]) -> list[int]:
    return sorted(r["section"] for r in records)


def test_search_finds_inflected_forms_both_ways(council: Store) -> None:
    assert sections(council.search("päätös")) == [5, 10, 11]  # päätöksen, päätökset, Päätös
    assert sections(council.search("päätöksiä")) == [5, 10, 11]
    assert sections(council.search("talousarvio")) == [10]  # only talousarvion/talousarviosta in the text
    assert sections(council.search("valtuusto")) == [12]  # valtuustolle, and the part of kaupunginvaltuuston
    assert sections(council.search("PÄÄTÖS talousarviossa")) == [10]  # every word must match
    assert council.search("sammakko") == []
    assert council.search("  ;:  ") == []


def test_search_finds_hyphenated_compounds(store_url: str) -> None:
    store = Store(store_url)
    store.save_document(
        document(
            "a.txt",
            "sha-a",
            decision("a.txt", 1, "EU-hankkeen rahoitus", "Kemi-Tornio-alueen hanke."),
            decision("a.txt", 2, "Talon korjaus", "Hanke ja EU mainittiin erikseen."),
        )
    )
    assert sections(store.search("EU-hanke")) == [1, 2]  # the compound, or one of its parts
    assert sections(store.search("kemi-tornio-alueen")) == [1]
    assert sections(store.search("Kemi-Tornio")) == [1]  # part of a longer compound
    assert store.search("xyzzy-plugh") == []


def test_search_filters_by_organ_and_meeting_dates(council: Store) -> None:
    assert sections(council.search("päätös", organ="lautakunta")) == [5]
    assert sections(council.search("päätös", organ="KAUPUNGINHALLITUS")) == [10, 11]
    assert sections(council.search("päätös", date_from=dt.date(2024, 1, 1))) == [10, 11]
    assert sections(council.search("päätös", date_to=dt.date(2023, 12, 31))) == [5]
    assert council.search("päätös", date_from=dt.date(2023, 6, 2), date_to=dt.date(2024, 3, 11)) == []
    assert len(council.search("päätös", limit=1)) == 1


def test_export_since_returns_only_what_was_written_after(store_url: str) -> None:
    store = Store(store_url)
    store.save_document(document("a.txt", "sha-a", decision("a.txt", 1, "Ensimmäinen", "A.")))
    time.sleep(0.01)
    mark = dt.datetime.now(dt.UTC)
    time.sleep(0.01)
    store.save_document(document("b.txt", "sha-b", decision("b.txt", 1, "Toinen", "B.")))
    assert [r["title"] for r in store.decisions(since=mark)] == ["Toinen"]
    assert [r["title"] for r in store.decisions(since=mark.astimezone(dt.timezone(dt.timedelta(hours=3))))] == [
        "Toinen"
    ]
    store.save_document(document("a.txt", "sha-a", decision("a.txt", 1, "Ensimmäinen", "A.")))  # unchanged
    assert [r["title"] for r in store.decisions(since=mark)] == ["Toinen"]
    store.save_document(document("a.txt", "sha-a2", decision("a.txt", 1, "Korjattu", "A2.")))
    assert [r["title"] for r in store.decisions(since=mark)] == ["Korjattu", "Toinen"]
    assert list(store.decisions(since=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1))) == []


def test_a_meeting_is_one_row_per_document_shared_by_its_decisions(store_url: str) -> None:
    store = Store(store_url)
    store.save_document(
        document("a.txt", "sha-a", decision("a.txt", 1, "Yksi", "A."), decision("a.txt", 2, "Kaksi", "B."))
    )
    without = decision("b.txt", 3, "Kolme", "C.")
    without.meeting = None
    store.save_document(document("b.txt", "sha-b", without))
    store.save_document(document("c.txt", "sha-c", decision("c.txt", 4, "Neljä", "D.", municipality=None)))
    assert counts(store)["meetings"] == 2
    records = list(store.decisions())
    assert [r["meeting"] and r["meeting"]["municipality"] for r in records] == ["Kemi", "Kemi", None, None]
    assert records[2]["meeting"] is None and records[3]["meeting"] is not None
    store.record_failure("a.txt", "sha-a2", "unreadable")
    assert counts(store)["meetings"] == 1


def test_a_failure_replaces_the_files_earlier_records(store_url: str) -> None:
    store = Store(store_url)
    store.save_document(document("a.txt", "sha-a", decision("a.txt", 1, "Yksi", "A.")))
    store.record_failure("a.txt", "sha-a2", "page 2: unreadable")
    assert list(store.decisions()) == []
    assert not store.has_document("sha-a")
    with store.engine.connect() as connection:
        row = connection.execute(select(schema.documents.c.status, schema.documents.c.error)).one()
    assert tuple(row) == ("failed", "page 2: unreadable")


@pytest.mark.parametrize(
    "url",
    [
        "nosuchdb://x/y",
        "sqlite:////nonexistent-folder/minutes.db",
        "postgresql://postgres@/minutes?host=/nonexistent-socket-folder&port=1",
        "postgresql://nobody:secret@127.0.0.1:1/minutes",
        "postgresql://nobody:secret@127.0.0.1:notaport/minutes",
        "nosuchdb://nobody:secret@host/minutes",
    ],
)
def test_an_unusable_database_url_is_one_clear_line(url: str) -> None:
    with pytest.raises(EnvironmentProblem) as raised:
        Store(url)
    message = str(raised.value)
    assert "\n" not in message and "secret" not in message
    assert message.startswith(("bad database URL", "cannot open database"))


def test_a_file_that_is_not_a_database_is_an_environment_problem(tmp_path: Path) -> None:
    not_a_database = tmp_path / "minutes.db"
    not_a_database.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(EnvironmentProblem, match="cannot open database"):
        Store(f"sqlite:///{not_a_database}")


def test_search_on_postgresql_uses_the_finnish_configuration(council: Store) -> None:
    if council.dialect != "postgresql":
        with council.engine.connect() as connection:
            sql = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'decisions_fts'")).scalar_one()
        assert "fts5" in sql
        return
    with council.engine.connect() as connection:
        definition = connection.execute(
            text(
                "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef JOIN pg_attribute ON attnum = adnum"
                " AND attrelid = adrelid WHERE attrelid = 'decisions'::regclass AND attname = 'search'"
            )
        ).scalar_one()
    assert "'finnish'::regconfig" in definition


def test_postgresql_commits_need_not_wait_for_the_disk_unless_the_url_asks(postgres_database: str) -> None:
    def synchronous_commit(url: str) -> str:
        store = Store(url)
        with store.engine.connect() as connection:
            setting = connection.execute(text("SHOW synchronous_commit")).scalar_one()
        store.close()
        return setting

    assert synchronous_commit(postgres_database) == "off"
    assert synchronous_commit(postgres_database + "&options=-c%20synchronous_commit%3Don") == "on"
    assert synchronous_commit(postgres_database + "&options=-c%20work_mem%3D8MB") == "off"


def test_the_read_api_gives_documents_pages_changes_and_decisions(store_url: str) -> None:
    store = Store(store_url)
    doc = document("a.txt", "sha-a", decision("a.txt", 1, "Yksi", "A."), decision("a.txt", 2, "Kaksi", "B."))
    doc.pages.append(Page(2, "toinen", PageSource.OCR, cleaned_text="toinen", engine="tesseract 5", language="fin"))
    doc.pages[1].changes = [Change(2, 4, "l", "i", "ocr-confusion", 0.5), Change(2, 0, "x", "t", "lexicon", 0.9, False)]
    store.save_document(doc)
    store.record_failure("b.pdf", "sha-b", "encrypted PDF")
    a, b = store.documents()
    assert (a["path"], a["status"], a["pages"], b["path"], b["status"], b["error"]) == (
        "a.txt", "ok", 2, "b.pdf", "failed", "encrypted PDF"
    )  # fmt: skip
    first, second = store.pages(a["id"])
    assert (first["number"], first["raw_text"], first["cleaned_text"]) == (1, "raw text", "clean text")
    assert (second["source"], second["engine"], second["language"]) == ("ocr", "tesseract 5", "fin")
    assert [c["reason"] for c in store.changes(first["id"])] == ["test"]
    changes = store.changes(second["id"])
    assert [{k: c[k] for k in Change.__slots__} for c in changes] == [
        doc.pages[1].changes[1].to_dict(),
        doc.pages[1].changes[0].to_dict(),
    ]  # in text order
    assert [r["title"] for r in store.decisions(document_id=a["id"])] == ["Yksi", "Kaksi"]
    assert store.pages(b["id"]) == [] and list(store.decisions(document_id=b["id"])) == []


def test_reading_a_missing_sqlite_file_is_an_error_not_a_new_database(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentProblem, match="no database at"):
        Store(f"sqlite:///{tmp_path / 'typo.db'}", create=False)
    assert not (tmp_path / "typo.db").exists()


def test_search_gives_the_newest_first_and_folds_case_of_organ_names(store_url: str) -> None:
    store = Store(store_url)
    dates = ["2021-05-01", "", "2023-01-09", "2022-07-15"]
    for number, date in enumerate(dates):
        path = f"{number}.txt"
        one = decision(path, number, "Asia", "Päätös.", organ="Ympäristölautakunta", meeting_date=date or None)
        store.save_document(document(path, f"sha-{number}", one))
    assert [r["meeting_date"] for r in store.search("päätökset")] == ["2023-01-09", "2022-07-15", "2021-05-01", None]
    assert len(store.search("päätös", organ="YMPÄRISTÖ")) == 4  # Unicode case folding, on SQLite too
    assert store.search("päätös", organ="hallitus") == []
