"""`minutes rules check` and the pipeline's refusal to run with broken rules: every problem named by file,
line and reason, never a stack trace, never a partial load."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.settings import REPO_CORRECTIONS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "corrections"
    shutil.copytree(REPO_CORRECTIONS, directory)
    return directory


def _append(path: Path, text: str) -> int:
    """Append lines; the number of the first appended line."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def test_repository_rules_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    out = capsys.readouterr().out
    assert "ok" in out and "pattern rules" in out


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("replacements.tsv", "kokoous kokous\n", "separated by spaces: use one tab"),
        ("replacements.tsv", "kokoous\t\tkokous\n", "expected 2 tab-separated fields"),
        ("replacements.tsv", "kokoous\tkokous \n", "spaces around"),
        ("replacements.tsv", "kokoous\tkokous\nkokoous\tkokkous\n", "two replacements for one word"),
        ("replacements.tsv", "Kemi\tKemin\n", "protected word"),
        ("replacements.tsv", "paatos\tpäätös\npäätös\tpaatos\n", "replacements loop: päätös -> paatos -> päätös"),
        ("replacements.tsv", "kokoous\tkokouus\nkokouus\tkokous\n", "itself replaced"),
        ("replacements.tsv", "kokous,\tkokous\n", "punctuation"),
        ("replacements.tsv", "pa\u0308a\u0308tos\tpäätös\n", "NFC"),
        ("replacements.tsv", "kokoous\tko\u00a0kous\n", "U+00A0"),
        ("replacements.tsv", "# example: kokoous alkoi\nkokoous\tkokous\n", "before → after"),
        ("replacements.tsv", "# example: kokoous → kokous\n\nkokoous\tkokous\n", "directly above the rule"),
        ("confusions.tsv", "rn\tm\tnopea\n", "not a number"),
        ("confusions.tsv", "rn\tm\t11\n", "outside"),
        ("confusions.tsv", "a\tä\t0.5\n", "already on line"),
        ("protected.txt", "Oulu\tOulun\n", "a tab in a one-per-line file"),
        ("domain_words.tsv", "Kemijoki\tmonta\n", "not a whole number"),
        ("domain_phrases.txt", "Kemijoki\n", "two or more words"),
        ("learned_confusions.tsv", "a\tä\t5\t3\n", "more than chances"),
    ],
)
def test_each_problem_names_file_line_and_reason(
    rules_dir: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, reason: str
) -> None:
    path = rules_dir / name
    first = _append(path, text)
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(str(path))]
    assert lines, out
    assert any(reason in line for line in lines), out
    line_number = int(lines[0].split(":")[1])
    assert first <= line_number <= first + text.count("\n")


def test_wrong_encoding_names_the_line(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = rules_dir / "protected.txt"
    lines = path.read_bytes().count(b"\n")
    path.write_bytes(path.read_bytes() + "Äänekoski\n".encode("latin-1"))
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    assert f"{path}:{lines + 1}: not UTF-8" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"\n  \n"])
def test_empty_file_is_a_problem(rules_dir: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    (rules_dir / "domain_words.tsv").write_bytes(content)
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    assert "domain_words.tsv: empty file" in capsys.readouterr().out


def test_byte_order_mark_is_a_problem(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = rules_dir / "protected.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    assert f"{path}:1: starts with a byte-order mark" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('[[rule]]\nname = "x"\npattern = "(unclosed"\nreplace = "y"\n', "not a valid regular expression"),
        ('[[rule]]\nname = "x"\npattern = "a"\nreplace = "\\\\2"\n', "not a valid template"),
        ('[[rule]]\nname = "x"\npattern = "^\\\\s*"\nreplace = "y"\n', "can match empty text"),
        ('[[rule]]\nname = "x"\npattern = "a"\n', "needs a text value for 'replace'"),
        ('[[rule]]\nname = "x"\npattern = "a"\nreplace = "b"\ncolour = "red"\n', "unknown key 'colour'"),
        ('[[rule]]\nname = "label-paatos"\npattern = "a"\nreplace = "b"\n', "already used"),
        ('[[rule]]\nname = "x"\npattern = "a"\nreplace = "b"\nexample = "a b"\n', "before → after"),
        ("[[rule]]\nname = x\n", "not valid TOML"),
    ],
)
def test_pattern_problems(rules_dir: Path, capsys: pytest.CaptureFixture[str], text: str, reason: str) -> None:
    path = rules_dir / "patterns.toml"
    first = _append(path, text)
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    out = capsys.readouterr().out
    problem = next(line for line in out.splitlines() if line.startswith(f"{path}:"))
    assert reason in problem
    assert first <= int(problem.split(":")[1]) < first + text.count("\n") + 1


def test_every_problem_is_listed_not_only_the_first(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _append(rules_dir / "replacements.tsv", "a b\tc\n")
    _append(rules_dir / "confusions.tsv", "x\ty\tz\n")
    _append(rules_dir / "patterns.toml", '[[rule]]\nname = "x"\npattern = "("\nreplace = ""\n')
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    out = capsys.readouterr().out
    assert all(name in out for name in ("replacements.tsv:", "confusions.tsv:", "patterns.toml:"))


def test_orphan_regression_file_is_a_problem(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (rules_dir / "tests" / "new.ocr.txt").write_text("Paatos\n", encoding="utf-8")
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    assert "new.ocr.txt: no new.expected.txt beside it" in capsys.readouterr().out


def test_clean_refuses_broken_rules_instead_of_running_without_them(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Kaupunginhallitus hyvaksyi ehdotuksen.\n", encoding="utf-8")
    line = _append(rules_dir / "confusions.tsv", "a ä 0.3\n")
    assert main(["clean", str(page), "--corrections", str(rules_dir)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing cleaned with half the rules
    assert f"{rules_dir / 'confusions.tsv'}:{line}:" in captured.err


def test_missing_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text("kokous\n", encoding="utf-8")
    assert main(["clean", str(page), "--corrections", str(tmp_path / "nowhere")]) == 2
    assert "no such corrections directory" in capsys.readouterr().err


def test_environment_variable_chooses_the_directory(
    rules_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(rules_dir / "replacements.tsv", "x\tx\n")
    monkeypatch.setenv("MINUTES_CORRECTIONS", str(rules_dir))
    assert main(["rules", "check"]) == 1
    assert f"{rules_dir / 'replacements.tsv'}:" in capsys.readouterr().out


def test_run_refuses_broken_rules_before_touching_the_database(
    rules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("kokous\n", encoding="utf-8")
    (rules_dir / "protected.txt").write_bytes(b"")
    database = tmp_path / "minutes.db"
    code = main(["run", str(page), "--db", f"sqlite:///{database}", "--jobs", "1", "--corrections", str(rules_dir)])
    assert code == 2
    assert not database.exists()
    assert "protected.txt: empty file" in capsys.readouterr().err


def test_broken_rules_in_a_real_process_give_no_traceback(rules_dir: Path) -> None:
    (rules_dir / "replacements.tsv").write_bytes(b"kokoous\tkokous\n" + b"\xff\n")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "rules", "check", "--corrections", str(rules_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{rules_dir / 'replacements.tsv'}:2: not UTF-8" in result.stdout


def test_misspelt_rule_file_is_reported(rules_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (rules_dir / "replacement.tsv").write_text("kokoous\tkokous\n", encoding="utf-8")
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    assert "replacement.tsv: not a file the pipeline reads - did you mean replacements.tsv?" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('names = [\n    "Kaupunginhallitus",\n    "Kaupunginhallitus",\n]\n', 3, "listed twice"),
        ('names = ["Kaupunginhallitus"]\n[abbreviations]\nKh = 5\n', 3, "needs the organ's name"),
        ('names = ["Kaupunginhallitus"\n', 1, "not valid TOML"),
        ('organs = ["Kaupunginhallitus"]\n', 1, "unknown key 'organs'"),
    ],
)
def test_organ_list_problems(
    rules_dir: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, reason: str
) -> None:
    path = rules_dir / "organs.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["rules", "check", "--corrections", str(rules_dir)]) == 1
    problem = next(p for p in capsys.readouterr().out.splitlines() if p.startswith(f"{path}:"))
    assert problem.startswith(f"{path}:{line}: ") and reason in problem
