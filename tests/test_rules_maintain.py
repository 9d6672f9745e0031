"""The maintainer's workflow through the CLI: rules test, rules add, rules learn, lexicon learn, pattern rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.rules import load_rules
from pipeline.settings import REPO_CORRECTIONS

DATA = Path(__file__).resolve().parent / "data"
STRATEGY = DATA / "rules" / "kemi_strategy.txt"


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "corrections"
    shutil.copytree(REPO_CORRECTIONS, directory)
    return directory


def _clean(text: str, rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    assert main(["clean", str(page), "--corrections", str(rules_dir)]) == 0
    return capsys.readouterr().out.removesuffix("\n")


# ---- rules test ---------------------------------------------------------------------------------


def test_repository_examples_and_regression_pairs_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "test"]) == 0
    out = capsys.readouterr().out
    passed = int(out.split()[0])
    assert passed >= len(load_rules(REPO_CORRECTIONS).examples) + 4  # the shipped regression pairs
    assert " 0 failed" in out


def test_failing_example_prints_a_unified_diff(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = rules_dir / "protected.txt"
    path.write_text(path.read_text(encoding="utf-8") + "# example: Oulu hyvaksyi → Oulu hyvaksyi\nOulu\n")
    assert main(["rules", "test", "--corrections", str(rules_dir)]) == 1
    out = capsys.readouterr().out
    assert f"--- {path}:" in out and "+++ cleaned" in out
    assert "-Oulu hyvaksyi" in out and "+Oulu hyväksyi" in out
    assert "1 failed" in out


def test_failing_regression_pair_prints_a_unified_diff(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (rules_dir / "tests" / "wrong.ocr.txt").write_text("Kokous alkoi\nkello 18.\n", encoding="utf-8")
    (rules_dir / "tests" / "wrong.expected.txt").write_text("Kokous alkoi\nkello 19.\n", encoding="utf-8")
    assert main(["rules", "test", "--corrections", str(rules_dir)]) == 1
    out = capsys.readouterr().out
    assert "wrong.ocr.txt (expected)" in out
    assert "-kello 19." in out and "+kello 18." in out and " Kokous alkoi" in out


# ---- rules add ----------------------------------------------------------------------------------


def test_add_appends_a_tested_rule_that_the_next_run_uses(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = rules_dir / "replacements.tsv"
    before = path.read_text(encoding="utf-8")
    assert _clean("Kokoutsessa todettiin", rules_dir, tmp_path, capsys) == "Kokoutsessa todettiin"
    code = main(
        ["rules", "add", "kokoutsessa", "kokouksessa", "--example", "Asia kokoutsessa", "--corrections", str(rules_dir)]
    )
    assert code == 0
    assert "1 example(s) passed" in capsys.readouterr().out
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # order and everything already there kept
    assert after[len(before) :] == "# example: Asia kokoutsessa → Asia kokouksessa\nkokoutsessa\tkokouksessa\n"
    # case-aware: the lower-case rule also mends the capitalised word, on the very next run
    assert _clean("Kokoutsessa todettiin", rules_dir, tmp_path, capsys) == "Kokouksessa todettiin"
    assert main(["rules", "test", "--corrections", str(rules_dir)]) == 0


@pytest.mark.parametrize(
    ("wrong", "right", "reason"),
    [
        ("Kemi", "Kemin", "protected word"),
        ("kokous", "kokous", "the same"),
        ("kaksi sanaa", "kaksisanaa", "more than one word"),
        ("ko\tkous", "kokous", "without tabs"),
    ],
)
def test_add_refuses_a_bad_rule_and_writes_nothing(
    rules_dir: Path, capsys: pytest.CaptureFixture[str], wrong: str, right: str, reason: str
) -> None:
    path = rules_dir / "replacements.tsv"
    before = path.read_bytes()
    assert main(["rules", "add", wrong, right, "--corrections", str(rules_dir)]) == 1
    assert reason in capsys.readouterr().err
    assert path.read_bytes() == before


def test_add_refuses_duplicates_and_loops(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "add", "kokoutsessa", "kokouksessa", "--corrections", str(rules_dir)]) == 0
    before = (rules_dir / "replacements.tsv").read_bytes()
    assert main(["rules", "add", "kokoutsessa", "kokoukessa", "--corrections", str(rules_dir)]) == 1
    assert "two replacements for one word" in capsys.readouterr().err
    assert main(["rules", "add", "kokouksessa", "kokoutsessa", "--corrections", str(rules_dir)]) == 1
    assert "replacements loop" in capsys.readouterr().err
    assert (rules_dir / "replacements.tsv").read_bytes() == before


def test_add_refuses_a_rule_whose_example_fails(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (rules_dir / "replacements.tsv").read_bytes()
    code = main(
        [
            "rules",
            "add",
            "kokoutsessa",
            "kokouksessa",
            "--example",
            "Asia kokoutsessa → Asia kokoutsessa",
            "--corrections",
            str(rules_dir),
        ]
    )
    assert code == 1
    captured = capsys.readouterr()
    assert "+Asia kokouksessa" in captured.out and "nothing was written" in captured.err
    assert (rules_dir / "replacements.tsv").read_bytes() == before


def test_add_to_a_file_without_final_newline(rules_dir: Path) -> None:
    path = rules_dir / "replacements.tsv"
    path.write_text("# replacements\nkokoous\tkokous", encoding="utf-8")
    assert main(["rules", "add", "kokoutsessa", "kokouksessa", "--corrections", str(rules_dir)]) == 0
    assert path.read_text(encoding="utf-8") == "# replacements\nkokoous\tkokous\nkokoutsessa\tkokouksessa\n"


def test_add_keeps_the_windows_line_endings_of_a_file(rules_dir: Path) -> None:
    path = rules_dir / "replacements.tsv"
    path.write_bytes(b"# replacements\r\nkokoous\tkokous\r\n")
    added = ["kokoutsessa", "kokouksessa", "--example", "kokoutsessa todettiin"]
    assert main(["rules", "add", *added, "--corrections", str(rules_dir)]) == 0
    lines = path.read_bytes().split(b"\r\n")
    assert lines[:2] == [b"# replacements", b"kokoous\tkokous"] and lines[-2:] == [b"kokoutsessa\tkokouksessa", b""]
    assert b"\n" not in b"".join(lines)  # no bare line feed: every line ends as the file's did


def test_add_refuses_to_build_on_a_broken_directory(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (rules_dir / "protected.txt").write_bytes(b"")
    assert main(["rules", "add", "kokoutsessa", "kokouksessa", "--corrections", str(rules_dir)]) == 1
    assert "protected.txt: empty file" in capsys.readouterr().err


def test_add_from_a_review_download_adds_all_or_nothing(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = rules_dir / "replacements.tsv"
    assert main(["rules", "add", "kokoutsessa", "kokouksessa", "--corrections", str(rules_dir)]) == 0
    download = tmp_path / "replacements-review.tsv"
    download.write_text(
        "# from the review report\nkokoutsessa\tkokouksessa\n"
        "# example: Asia valmisteltlin → Asia valmisteltiin\nvalmisteltlin\tvalmisteltiin\n"
        "kaupunginhalIituksen\tkaupunginhallituksen\n",
        encoding="utf-8",
    )
    assert main(["rules", "add", "--from", str(download), "--corrections", str(rules_dir)]) == 0
    out = capsys.readouterr().out
    assert "added 2 replacement(s)" in out and "1 already there" in out and "1 example(s) passed" in out
    rules = load_rules(rules_dir)
    assert rules.replacements["valmisteltlin"] == "valmisteltiin"
    assert rules.replacements["KaupunginhalIituksen"] == "Kaupunginhallituksen"
    before = path.read_bytes()
    conflicting = tmp_path / "conflict.tsv"
    conflicting.write_text("pyytaa\tpyytää\nvalmisteltlin\tvalmistettiin\n", encoding="utf-8")
    assert main(["rules", "add", "--from", str(conflicting), "--corrections", str(rules_dir)]) == 1
    assert "two replacements for one word" in capsys.readouterr().err
    assert path.read_bytes() == before  # not even the good first line


def test_add_from_a_malformed_download_names_its_line(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    download = tmp_path / "review.tsv"
    download.write_text("pyytaa\tpyytää\nkokoutsessa kokouksessa\n", encoding="utf-8")
    before = (rules_dir / "replacements.tsv").read_bytes()
    assert main(["rules", "add", "--from", str(download), "--corrections", str(rules_dir)]) == 1
    assert f"{download}:2: expected 2 tab-separated fields" in capsys.readouterr().err
    assert (rules_dir / "replacements.tsv").read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["rules", "add"],
        ["rules", "add", "a"],
        ["rules", "add", "a", "b", "--from", "x"],
        ["rules", "add", "a", "--from", "x"],
        ["rules", "add", "--from", "x", "--example", "a → b"],
    ],
)
def test_add_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "WRONG RIGHT" in capsys.readouterr().err


# ---- rules learn --------------------------------------------------------------------------------


def _page(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_learn_counts_confusions_and_updates_weights(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ocr = _page(tmp_path, "ocr.txt", "Kaupunginhallitus hyvaksyi paatoksen 8 12 kokouksessa.\nKasittely")
    truth = _page(tmp_path, "truth.txt", "Kaupunginhallitus hyväksyi päätöksen § 12 kokouksessa.\nKäsittely")
    old = {(c.wrong, c.right): c.weight for c in load_rules(rules_dir).confusions}
    assert main(["rules", "learn", str(ocr), str(truth), "--corrections", str(rules_dir)]) == 0
    out = capsys.readouterr().out
    rules = load_rules(rules_dir)
    # hyväksyi 1, päätöksen 2, Käsittely 1 lost their dots on a; päätöksen lost one on o
    assert rules.learned[("a", "ä")] == (4, 4)
    assert rules.learned[("o", "ö")] == (1, 1)
    assert rules.learned[("8", "§")] == (1, 1)
    new = {(c.wrong, c.right): c.weight for c in rules.confusions}
    assert new[("a", "ä")] < old[("a", "ä")]  # seen every time: likelier, cheaper
    assert new[("d", "ä")] > old[("d", "ä")]  # never seen in 4 chances: a little dearer
    assert "a\tä\t+4 (seen 4 of 4)" in out
    # a second page adds to the counts; the same page again is refused, not counted twice
    ocr2 = _page(tmp_path, "ocr2.txt", "Hallitus paatti asiasta.")
    truth2 = _page(tmp_path, "truth2.txt", "Hallitus päätti asiasta.")
    assert main(["rules", "learn", str(ocr2), str(truth2), "--corrections", str(rules_dir)]) == 0
    assert load_rules(rules_dir).learned[("a", "ä")] == (6, 6)
    assert main(["rules", "learn", str(ocr), str(truth), "--corrections", str(rules_dir)]) == 1
    assert "learned already" in capsys.readouterr().err
    assert load_rules(rules_dir).learned[("a", "ä")] == (6, 6)
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 0


def test_learn_multi_character_confusions(rules_dir: Path, tmp_path: Path) -> None:
    ocr = _page(tmp_path, "ocr.txt", "kaupunginhalIitus kokouksessa ja ymparistolautakunta\n" * 2)
    truth = _page(tmp_path, "truth.txt", "kaupunginhallitus kokouksessa ja ympäristölautakunta\n" * 2)
    assert main(["rules", "learn", str(ocr), str(truth), "--corrections", str(rules_dir)]) == 0
    learned = load_rules(rules_dir).learned
    assert learned[("I", "l")][0] == 2
    assert learned[("a", "ä")][0] == 2 and learned[("o", "ö")][0] == 2


def test_learn_new_pair_is_used_once_seen_twice(rules_dir: Path, tmp_path: Path) -> None:
    ocr = _page(tmp_path, "ocr.txt", "Kaupunginvaltuusto kokoontui Kemissa. Kaupungin vaItuusto")
    truth = _page(tmp_path, "truth.txt", "Kaupunginvaltuusto kokoontui Kemissä. Kaupungin valtuusto")
    ocr2 = _page(tmp_path, "ocr2.txt", "tu0mio")
    truth2 = _page(tmp_path, "truth2.txt", "tuomio")
    ocr3 = _page(tmp_path, "ocr3.txt", "kok0us")
    truth3 = _page(tmp_path, "truth3.txt", "kokous")
    assert main(["rules", "learn", str(ocr2), str(truth2), "--corrections", str(rules_dir)]) == 0
    assert ("0", "o") not in {(c.wrong, c.right) for c in load_rules(rules_dir).confusions}
    assert main(["rules", "learn", str(ocr3), str(truth3), "--corrections", str(rules_dir)]) == 0
    assert ("0", "o") in {(c.wrong, c.right) for c in load_rules(rules_dir).confusions}
    assert main(["rules", "learn", str(ocr), str(truth), "--corrections", str(rules_dir)]) == 0


def test_learn_missing_file_is_a_one_line_error(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = _page(tmp_path, "truth.txt", "kokous")
    assert main(["rules", "learn", str(tmp_path / "none.txt"), str(truth), "--corrections", str(rules_dir)]) == 1
    assert capsys.readouterr().err.strip() == f"minutes: {tmp_path / 'none.txt'}: no such file"
    assert not (rules_dir / "learned_confusions.tsv").exists()


# ---- lexicon learn ------------------------------------------------------------------------------

DAMAGED = """Kaupunginvaltuusto 14.6.2021 § 52
Kaupunginhallitus esittaa kaupunginvaltuustolle, etta se hyvaksyy
kaupungin strategian tavoitteet vuosille 2021-2025. Strategian
tavoitteet ovat Viisas Kemi, Valittava Kemi ja Vihrea Kemi. Tavoitteiden
toteutumista seurataan vuosittain talousarvion kasittelyn yhteydessa,
ja kaupunginhallitus raportoi niista valtuustolle seka asukkaille.
"""


def test_lexicon_learned_from_the_strategy_mends_valittava_kemi(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules_dir = tmp_path / "corrections"
    rules_dir.mkdir()
    for name in ("confusions.tsv", "protected.txt"):
        shutil.copy(REPO_CORRECTIONS / name, rules_dir / name)
    assert "Valittava Kemi" in _clean(DAMAGED, rules_dir, tmp_path, capsys)  # without the domain lexicon
    assert main(["lexicon", "learn", str(STRATEGY), "--corrections", str(rules_dir)]) == 0
    out = capsys.readouterr().out
    assert "word forms" in out and "phrases" in out
    words = (rules_dir / "domain_words.tsv").read_text(encoding="utf-8").splitlines()
    assert "Välittävä\t3" in words
    assert "Välittävä Kemi" in (rules_dir / "domain_phrases.txt").read_text(encoding="utf-8").splitlines()
    cleaned = _clean(DAMAGED, rules_dir, tmp_path, capsys)
    assert "Viisas Kemi, Välittävä Kemi ja Vihreä Kemi" in cleaned
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 0


def test_lexicon_learn_keeps_examples_of_entries_that_remain(
    rules_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = rules_dir / "domain_words.tsv"
    words.write_text(
        "# example: Valittava Kemi → Välittävä Kemi\nVälittävä\t3\n# example: Rovaniemi → Rovaniemi\nRovaniemi\n",
        encoding="utf-8",
    )
    assert main(["lexicon", "learn", str(STRATEGY), "--corrections", str(rules_dir)]) == 0
    assert "example dropped, its entry is no longer learned: Rovaniemi → Rovaniemi" in capsys.readouterr().out
    lines = words.read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("Välittävä\t3") - 1] == "# example: Valittava Kemi → Välittävä Kemi"
    assert not any("Rovaniemi" in line for line in lines)


def test_lexicon_learn_reads_documents_through_extraction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "words.tsv"
    pdf = DATA / "real-minutes" / "35090068.pdf"
    assert main(["lexicon", "learn", str(pdf), "-o", str(output)]) == 0
    counts = dict(line.split("\t") for line in output.read_text(encoding="utf-8").splitlines()[1:])
    assert int(counts["Oulun"]) >= 1
    assert not (tmp_path / "domain_phrases.txt").exists()  # with -o only the word list is written


def test_lexicon_learn_reads_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "clean"
    (folder / "2024").mkdir(parents=True)
    shutil.copy(STRATEGY, folder / "2024" / "strategia.txt")
    (folder / "notes.odt").write_bytes(b"not read")
    output = tmp_path / "words.tsv"
    assert main(["lexicon", "learn", str(folder), "-o", str(output)]) == 0
    assert "Välittävä\t3" in output.read_text(encoding="utf-8").splitlines()


def test_lexicon_learn_missing_path_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lexicon", "learn", str(tmp_path / "nowhere"), "-o", str(tmp_path / "w.tsv")]) == 1
    assert capsys.readouterr().err.strip() == f"minutes: {tmp_path / 'nowhere'}: no such file or folder"


def test_lexicon_learn_bad_input_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Äänekoski".encode("latin-1"))
    output = tmp_path / "words.tsv"
    assert main(["lexicon", "learn", str(bad), "-o", str(output)]) == 1
    assert capsys.readouterr().err.strip() == f"minutes: {bad}: not UTF-8 text"
    assert not output.exists()


# ---- pattern rules and reloading ----------------------------------------------------------------


def test_pattern_rule_fixes_a_damaged_label_with_its_reason_in_the_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Paatos\nKaupunginhallitus hyväksyi ehdotuksen.\n", encoding="utf-8")
    changes = tmp_path / "changes.jsonl"
    assert main(["clean", str(page), "--changes", str(changes)]) == 0
    assert capsys.readouterr().out.startswith("Päätös\nKaupunginhallitus")
    records = [json.loads(line) for line in changes.read_text(encoding="utf-8").splitlines()]
    assert {"before": "Paatos", "after": "Päätös", "reason": "pattern:label-paatos"}.items() <= records[0].items()


def test_paatos_as_a_word_inside_a_sentence_is_left_alone(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Puheessa oli paatos ja voimaa, kuten Kaupunginhallitus totesi."
    assert _clean(text, rules_dir, tmp_path, capsys) == text


def test_a_new_pattern_rule_takes_effect_on_the_next_run(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Kokous alkoi.\nSivu 3 / 12\n"
    assert _clean(text, rules_dir, tmp_path, capsys).rstrip().endswith("Sivu 3 / 12")
    with (rules_dir / "patterns.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n[[rule]]\nname = \"page-number\"\npattern = '^Sivu (\\d+) / (\\d+)$'\nreplace = 'Sivu \\1/\\2'\n"
            'example = "Kokous alkoi.\\nSivu 3 / 12 → Kokous alkoi.\\nSivu 3/12"\n'
        )
    assert _clean(text, rules_dir, tmp_path, capsys).rstrip().endswith("Sivu 3/12")
    assert main(["rules", "test", "--corrections", str(rules_dir)]) == 0


def test_rules_load_once_until_a_file_changes(rules_dir: Path) -> None:
    first = load_rules(rules_dir)
    assert load_rules(rules_dir) is first
    path = rules_dir / "replacements.tsv"
    path.write_text(path.read_text(encoding="utf-8") + "kokoutsessa\tkokouksessa\n", encoding="utf-8")
    second = load_rules(rules_dir)
    assert second is not first and second.replacements["kokoutsessa"] == "kokouksessa"
