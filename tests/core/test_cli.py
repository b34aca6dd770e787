"""The `companion` command line, run as a real subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.personal import PersonalStore, personal_db_path
from companion.core.resources import resources_dir
from companion.core.samples import sample_packages

AGENDAS = resources_dir() / "agendas"
KKR_2015 = AGENDAS / "kkr-midtjylland-2015-04-20.txt"


def companion(*args: str, env_dirs: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m companion ARGS`` and capture its output."""
    env = dict(os.environ)
    if env_dirs is not None:
        env["COMPANION_DATA_DIR"] = str(env_dirs / "data")
        env["COMPANION_CONFIG_DIR"] = str(env_dirs / "config")
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def samples_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose library holds the four sample meetings, imported by `companion import`."""
    home = tmp_path_factory.mktemp("samples-home")
    imported = companion("import", *map(str, sample_packages()), env_dirs=home)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.count(": added") == 4
    return home


def test_inspect_json_prints_the_meeting_in_package_format() -> None:
    result = companion("inspect", str(KKR_2015), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "kkr-midtjylland-2015-04-20"
    assert data["organization"] == "KKR Midtjylland"
    numbers = [item["number"] for group in data["groups"] for item in group["agendaItem"]]
    assert numbers[:3] == ["1.1", "2.1", "3.1"]
    assert "Udpegninger" in [group["name"] for group in data["groups"]]


def test_inspect_does_not_load_qt() -> None:
    code = (
        "import sys; from companion.cli import main; "
        f"main(['inspect', {str(KKR_2015)!r}]); "
        "sys.exit(1 if 'PySide6' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, "inspect imported PySide6"


def test_inspect_names_the_problem_of_a_bad_file(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("Dette er ikke en dagsorden.\nBare tekst.\n", encoding="utf-8")
    result = companion("inspect", str(garbage))
    assert result.returncode == 1
    assert "notes.txt" in result.stderr
    assert "Traceback" not in result.stderr

    missing = companion("inspect", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def random_bytes_file(folder: Path) -> Path:
    """A stand-in for a file that is neither a package nor an agenda: random bytes."""
    path = folder / "random.bin"
    path.write_bytes(os.urandom(2000))
    return path


def assert_one_sentence(result: subprocess.CompletedProcess[str], path: Path) -> None:
    """Exit code 1 and one line ``companion: ...`` on stderr that names ``path`` once."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("companion: "), result.stderr
    assert result.stderr.count(str(path)) == 1, result.stderr


@pytest.mark.parametrize("command", ["inspect", "import", "publish"])
def test_a_file_that_is_no_package_is_named_once(tmp_path: Path, command: str) -> None:
    random_bin = random_bytes_file(tmp_path)
    extra = ["--to", str(tmp_path / "feed")] if command == "publish" else []
    result = companion(command, str(random_bin), *extra, env_dirs=tmp_path)
    assert_one_sentence(result, random_bin)
    if command == "publish":
        assert "not a valid zip file" in result.stderr
    else:  # told apart by content: neither a zip, a PDF nor text
        assert "is not a meeting package, an agenda text or a PDF" in result.stderr


def test_an_agenda_that_cannot_be_read_is_named_once(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Dette er ikke en dagsorden.\n", encoding="utf-8")
    for args in (["inspect", str(notes)], ["pack", str(notes), "-o", str(tmp_path / "x.zip")]):
        result = companion(*args, env_dirs=tmp_path)
        assert_one_sentence(result, notes)
        assert "no meeting body found" in result.stderr


def test_a_library_that_cannot_open_is_one_sentence(tmp_path: Path) -> None:
    not_a_folder = random_bytes_file(tmp_path)
    for args in (["meetings"], ["search", "sundhed"], ["import", str(KKR_2015)]):
        result = companion("--data-dir", str(not_a_folder), *args)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith(f"companion: Could not create {not_a_folder}: a file ")


def test_an_os_error_says_its_cause(tmp_path: Path) -> None:
    random_bin = random_bytes_file(tmp_path)
    feed = random_bin / "feed"  # a folder inside a file: the OS refuses it
    sample = str(resources_dir() / "samples" / "kkr-midtjylland-2016-11-22.zip")
    result = companion("publish", sample, "--to", str(feed))
    assert_one_sentence(result, random_bin)
    assert "nothing was published: Could not open" in result.stderr
    assert "a file stands where a folder is needed" in result.stderr


def test_keygen_in_a_folder_that_is_a_file_names_that_cause(tmp_path: Path) -> None:
    key = random_bytes_file(tmp_path) / "publisher.pem"
    result = companion("keygen", str(key))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "already there" not in result.stderr  # the key is not there: its folder is a file
    assert result.stderr.startswith(f"companion: Could not write {key.parent}")


def run_into_closed_pipe(args: list[str], read_first_line: bool) -> tuple[int, str]:
    """Run ``companion ARGS`` into a real pipe that is closed early, like ``| head -1``.

    With ``read_first_line`` the reader takes one line and closes (the output must be
    larger than the pipe's buffer, 64 KiB on Linux); without, it closes before the
    command has written anything. Returns the exit code and stderr.
    """
    with subprocess.Popen(
        [sys.executable, "-m", "companion", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        if read_first_line:
            assert process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        return process.wait(timeout=60), stderr


@pytest.mark.parametrize(
    ("args", "read_first_line"),
    [
        # 90 KB of JSON: more than the pipe holds, so the write after `head` is gone fails
        (["inspect", "--json", str(AGENDAS / "kkr-midtjylland-2016-11-22.txt")], True),
        # a short listing, still in Python's buffer when the reader has gone: fails at exit
        (["inspect", str(KKR_2015)], False),
    ],
)
def test_output_into_a_closed_pipe_ends_quietly(args: list[str], read_first_line: bool) -> None:
    code, stderr = run_into_closed_pipe(args, read_first_line)
    problems = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
    assert problems == [], stderr  # no traceback, no "Exception ignored", no "Broken pipe"
    assert code == 1  # as Python's documentation does: the output was cut short


EMPTY_LIBRARY = "No meetings in the library yet: import a package with `companion import FILE`."


def test_an_empty_library_says_so_on_stderr_and_keeps_stdout_for_data(tmp_path: Path) -> None:
    listed = companion("meetings", env_dirs=tmp_path)
    assert (listed.returncode, listed.stdout, listed.stderr) == (0, "", EMPTY_LIBRARY + "\n")
    as_json = companion("meetings", "--json", env_dirs=tmp_path)
    assert as_json.returncode == 0 and json.loads(as_json.stdout) == []

    searched = companion("search", "sundhed", env_dirs=tmp_path)
    assert (searched.returncode, searched.stdout, searched.stderr) == (1, "", EMPTY_LIBRARY + "\n")
    searched_json = companion("search", "--json", "sundhed", env_dirs=tmp_path)
    assert searched_json.returncode == 1 and json.loads(searched_json.stdout) == []


def test_a_search_without_hits_says_so(samples_home: Path) -> None:
    nothing = companion("search", "zzzxxqq", env_dirs=samples_home)
    assert (nothing.returncode, nothing.stdout) == (1, "")
    assert nothing.stderr == "No items match 'zzzxxqq'.\n"
    as_json = companion("search", "zzzxxqq", "--json", env_dirs=samples_home)
    assert as_json.returncode == 1 and json.loads(as_json.stdout) == []


def test_meetings_and_search_as_json(samples_home: Path) -> None:
    listed = companion("meetings", "--json", env_dirs=samples_home)
    assert listed.returncode == 0 and listed.stderr == ""
    meetings = json.loads(listed.stdout)
    assert [m["id"] for m in meetings] == [
        "kkr-midtjylland-2020-02-05",
        "kd-net-midtjylland-2020-01-24",
        "kkr-midtjylland-2016-11-22",
        "kkr-midtjylland-2015-04-20",
    ]
    assert (
        meetings[-1]["start"] == "2015-04-20T10:00:00+02:00" and meetings[-1]["version"] == 1
    )  # the member's zone, stated

    # "væksthusenes" is in 2015's item 3.3 (its title and text) and 2016's 3.8 ("Væksthusenes"
    # and, first in its text, "Væksthus Midtjylland": the same word, inflected).
    found = companion("search", "væksthusenes", "--json", env_dirs=samples_home)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert [(hit["meeting"], hit["item"]) for hit in hits] == [
        ("kkr-midtjylland-2015-04-20", "3.3"),
        ("kkr-midtjylland-2016-11-22", "3.8"),
    ]
    assert "[væksthusenes]" in hits[0]["snippet"] and "[Væksthus]" in hits[1]["snippet"]
    assert {"meeting", "item", "kind", "page", "title", "snippet"} <= set(hits[0])
    assert (hits[0]["kind"], hits[0]["page"]) == ("item", None)
    assert hits[0]["title"] == (
        "Indspil til den nationale aftale om væksthusenes indsats og resultater i 2016"
    )


def test_search_filters_by_body_year_and_kind(samples_home: Path) -> None:
    # "Erhvervshus": KD-Net's 5 and 15, KKR 2020's 3.1 and 3.2 (see test_search_index).
    def items(*args: str) -> list[tuple[str, str]]:
        result = companion("search", "--json", *args, env_dirs=samples_home)
        return sorted((hit["meeting"], hit["item"]) for hit in json.loads(result.stdout))

    assert items('"Erhvervshus"', "--body", "KD-Net") == [
        ("kd-net-midtjylland-2020-01-24", "15"),
        ("kd-net-midtjylland-2020-01-24", "5"),
    ]
    assert items("--year=2016", "Børnehus") == [("kkr-midtjylland-2016-11-22", "3.1")]
    assert items("Børnehus", "--year", "2020") == []
    assert items("--kind", "attachment", "Børnehus") == []  # the samples have no bilag files
    wrong = companion("search", "--kind", "bilag", "x", env_dirs=samples_home)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


def test_trail_lists_the_same_case_in_other_meetings(samples_home: Path) -> None:
    # KKR 2020's 3.2 "Resultatkontrakt 2020 ..." was KD-Net's point 5 on 24 January 2020.
    result = companion(
        "trail", "kkr-midtjylland-2020-02-05", "3.2", "--json", env_dirs=samples_home
    )
    assert result.returncode == 0, result.stderr
    (link,) = json.loads(result.stdout)
    assert (link["meeting"], link["item"], link["direction"]) == (
        "kd-net-midtjylland-2020-01-24",
        "5",
        "earlier",
    )
    assert link["title"].startswith("Godkendelse af resultatkontrakt 2020") and link["score"] >= 80
    text = companion("trail", "kd-net-midtjylland-2020-01-24", "5", env_dirs=samples_home)
    assert text.stdout.startswith("later\tkkr-midtjylland-2020-02-05\t3.2. Resultatkontrakt")
    generic = companion("trail", "kkr-midtjylland-2020-02-05", "7.1", env_dirs=samples_home)
    assert (generic.returncode, generic.stdout) == (0, "")
    assert generic.stderr.startswith("No other meeting has the case of item 7.1")
    unknown = companion("trail", "kkr-midtjylland-2020-02-05", "9.9", env_dirs=samples_home)
    assert unknown.returncode == 1
    assert unknown.stderr == (
        "companion: The meeting kkr-midtjylland-2020-02-05 has no item 9.9: use the item's "
        "number as the agenda prints it.\n"
    )


def test_plain_trail_prints_the_decision_under_its_link(tmp_path: Path) -> None:
    # As in test_search_trail: the chair of KD-Net records in session mode what point 5
    # came to; KKR 2020 3.2's link back to it then says so on its own line.
    home = tmp_path
    assert companion("import", *map(str, sample_packages()), env_dirs=home).returncode == 0
    decided = "Drøftet udkast til resultatkontrakt 2020 med Erhvervshus Midtjylland."
    with Library(home / "data") as library:
        point_5 = next(
            item.id
            for item in library.meeting("kd-net-midtjylland-2020-01-24").items
            if item.number == "5"
        )
    with PersonalStore(personal_db_path(home / "data")) as store:
        store.set_decision("kd-net-midtjylland-2020-01-24", point_5, decided)
    text = companion("trail", "kkr-midtjylland-2020-02-05", "3.2", env_dirs=home)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0].startswith("earlier\tkd-net-midtjylland-2020-01-24\t5. ")
    assert text.stdout.splitlines()[1] == f"\tdecided: {decided}"
    back = companion("trail", "kd-net-midtjylland-2020-01-24", "5", env_dirs=home)
    assert "decided:" not in back.stdout  # KKR's own decision on 3.2 is in no document


def marks(output: str) -> set[str]:
    """What the snippets in ``output`` mark as matches, case-folded."""
    return {text.casefold() for text in re.findall(r"\[([^\]]*)\]", output)}


def hit_lines(output: str) -> set[tuple[str, str]]:
    """(meeting id, item number) of each hit in the text output of `search`."""
    return set(re.findall(r"^(\S+)\t(\S+)\. ", output, re.MULTILINE))


def test_search_a_finds_the_word_a_not_every_word_starting_with_it(samples_home: Path) -> None:
    # Before: 49 hits on "af", "at", "aftale" ...; "a" is a word in 14 items ("bl.a.").
    found = companion("search", "a", env_dirs=samples_home)
    assert found.returncode == 0, found.stderr
    assert len(hit_lines(found.stdout)) == 14
    assert marks(found.stdout) == {"a"}


def test_search_words_typed_as_operators_are_ours_not_fts5s(samples_home: Path) -> None:
    # Before: 'sundhed AND' was "sundhed" and the prefix "AND*", marking "[andre]".
    dangling = companion("search", "sundhed AND", env_dirs=samples_home)
    assert (dangling.returncode, dangling.stdout) == (2, "")
    assert dangling.stderr == (
        "companion: AND needs a word on each side, like: sundhed AND psykiatri.\n"
    )
    both = companion("search", "sundhed", "AND", "psykiatri", env_dirs=samples_home)
    assert both.returncode == 0, both.stderr
    # "sundhed" in its inflections ("sundheds-", "sundheden"), "psykiatri" and its prefixes.
    found = marks(both.stdout)
    assert "andre" not in found and {"sundhed", "psykiatri"} <= found
    assert all(m.startswith(("sundhed", "psykiatri")) for m in found), found


def test_search_leaves_out_a_word_with_a_minus_without_quoting(samples_home: Path) -> None:
    # "sundhed" and its inflections stand in 2015's 2.1 and 3.8, which lack "psykiatri", and
    # in 2020's 3.4: "... rekrutteringsindsatsen på sundheds- og ældreområdet" (line 236).
    for args in (["sundhed", "-psykiatri"], ["--json", "sundhed", "-psykiatri"]):
        result = companion("search", *args, env_dirs=samples_home)
        assert result.returncode == 0, result.stderr
        if "--json" in args:
            hits = {(hit["meeting"], hit["item"]) for hit in json.loads(result.stdout)}
        else:
            hits = hit_lines(result.stdout)
        assert hits == {
            ("kkr-midtjylland-2015-04-20", "2.1"),
            ("kkr-midtjylland-2015-04-20", "3.8"),
            ("kkr-midtjylland-2020-02-05", "3.4"),
        }
    quoted = companion("search", '"sårbare borgere" -Sociolancen', env_dirs=samples_home)
    assert quoted.returncode == 1 and quoted.stderr.startswith("No items match")


def test_words_after_search_stay_words_even_with_a_minus() -> None:
    from companion.cli.library import protect_search_words

    typed = ["--data-dir", "search", "search", "sundhed", "-hjemløse", "--json"]
    # the folder called "search" is --data-dir's value, not the command
    protected = ["--data-dir", "search", "search", "--json", "--", "sundhed", "-hjemløse"]
    assert protect_search_words(typed) == protected
    # an option with a value keeps its value, in either form
    with_values = ["search", "-x", "--kind", "note", "--year=2020", "y"]
    assert protect_search_words(with_values) == [
        "search",
        "--kind",
        "note",
        "--year=2020",
        "--",
        "-x",
        "y",
    ]
    assert protect_search_words(["search", "--", "-x"]) == ["search", "--", "-x"]
    assert protect_search_words(["import", "-x.zip"]) == ["import", "-x.zip"]
