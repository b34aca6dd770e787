"""`companion import` of packages, agenda texts and PDFs, and `companion show`, as subprocesses.

The agenda PDF is made here: the app's own agenda PDF of the real 2015 agenda
text's import (KL's PDFs are not in the repository); the bilag is a one-page
stand-in named after a bilag the real agenda lists.
"""

from __future__ import annotations

import json
from pathlib import Path

from companion.core.agenda_pdf import render_agenda_pdf
from companion.core.importers.agenda_text import import_agenda_file
from companion.core.resources import resources_dir
from tests.core.test_cli import companion, random_bytes_file
from tests.core.test_package import make_pdf

AGENDAS = resources_dir() / "agendas"
TEXT_2015 = AGENDAS / "kkr-midtjylland-2015-04-20.txt"
TEXT_KD_NET = AGENDAS / "kd-net-midtjylland-2020-01-24.txt"
SAMPLE_2016 = resources_dir() / "samples" / "kkr-midtjylland-2016-11-22.zip"
STAND_IN = "Stand-in bilag made by the tests (the real bilag is not in the repository)"
KVOTER = (
    "Genberegnete flygtningekvoter 2015, som blev udsendt til de midtjyske kommuner den "
    "27. marts 2015"
)


def items_of(document: dict) -> list[dict]:  # type: ignore[type-arg]
    return [item for group in document["groups"] for item in group["agendaItem"]]


def test_import_takes_a_package_a_text_and_a_pdf_with_its_bilag(tmp_path: Path) -> None:
    pdf = tmp_path / "Dagsorden.pdf"
    pdf.write_bytes(render_agenda_pdf(import_agenda_file(TEXT_2015).meeting))
    folder = tmp_path / "Bilag"
    folder.mkdir()
    make_pdf(folder / "Genberegnede flygtningekvoter 2015.pdf", STAND_IN)
    noise = random_bytes_file(tmp_path)

    result = companion(
        "import", str(SAMPLE_2016), str(TEXT_KD_NET), str(pdf), str(folder), str(noise),
        env_dirs=tmp_path,
    )  # fmt: skip

    assert result.returncode == 1  # one input failed
    assert result.stdout.splitlines() == [
        f"{SAMPLE_2016}: kkr-midtjylland-2016-11-22 version 1: added",
        f"{TEXT_KD_NET}: kd-net-midtjylland-2020-01-24 version 1: added",
        f"{pdf}: kkr-midtjylland-2015-04-20 version 1: added (with 1 bilag given)",
    ]
    assert result.stderr == (
        f"companion: {noise} is not a meeting package, an agenda text or a PDF. Choose the "
        "agenda (PDF or text) or the meeting package (.zip) as the secretariat sent it.\n"
    )
    listed = json.loads(companion("meetings", "--json", env_dirs=tmp_path).stdout)
    assert len(listed) == 3

    again = companion("import", str(SAMPLE_2016), env_dirs=tmp_path)
    assert (again.returncode, again.stdout) == (
        0,
        f"{SAMPLE_2016}: kkr-midtjylland-2016-11-22 version 1: unchanged\n",
    )


def test_show_prints_a_library_meeting_as_inspect_prints_its_file(tmp_path: Path) -> None:
    assert companion("import", str(SAMPLE_2016), env_dirs=tmp_path).returncode == 0
    shown = companion("show", "kkr-midtjylland-2016-11-22", "--json", env_dirs=tmp_path)
    inspected = companion("inspect", str(SAMPLE_2016), "--json")
    assert shown.returncode == 0 and inspected.returncode == 0, shown.stderr + inspected.stderr
    assert json.loads(shown.stdout) == json.loads(inspected.stdout)  # one shape, one code

    text = companion("show", "kkr-midtjylland-2016-11-22", env_dirs=tmp_path)
    assert text.stdout == companion("inspect", str(SAMPLE_2016)).stdout


def test_show_of_an_imported_pdf_has_the_text_imports_items_and_its_files(tmp_path: Path) -> None:
    pdf = tmp_path / "Dagsorden.pdf"
    pdf.write_bytes(render_agenda_pdf(import_agenda_file(TEXT_2015).meeting))
    bilag = make_pdf(tmp_path / "Genberegnede flygtningekvoter 2015.pdf", STAND_IN)
    assert companion("import", str(pdf), str(bilag), env_dirs=tmp_path).returncode == 0

    shown = companion("show", "kkr-midtjylland-2015-04-20", "--json", env_dirs=tmp_path)
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    text = json.loads(companion("inspect", str(TEXT_2015), "--json").stdout)

    def sections(item: dict) -> list[str]:  # type: ignore[type-arg]
        return [section["kind"] for section in item["sections"]]

    def outline(doc: dict) -> list[tuple]:  # type: ignore[type-arg]
        return [
            (i["number"], i["name"], i["caseNumber"], i["public"], sections(i))
            for i in items_of(doc)
        ]  # fmt: skip

    assert outline(document) == outline(text)
    assert outline(document)[0] == (
        "1.1",
        "Godkendelse af referat fra møde i KKR Midtjylland den 24. februar 2015",
        "SAG-2015-01231",
        True,
        ["baggrund", "indstilling"],
    )
    assert document["agendaPdf"]["present"] is True
    attachments = [a for item in items_of(document) for a in item["auxiliaryFile"]]
    assert [a["name"] for a in attachments if a["present"]] == [KVOTER]
    assert all(a["file"] is None for a in attachments if not a["present"])
    assert all(not a["present"] for item in items_of(text) for a in item["auxiliaryFile"])


def test_show_of_a_meeting_not_in_the_library_is_one_sentence(tmp_path: Path) -> None:
    result = companion("show", "kkr-midtjylland-1999-01-01", env_dirs=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "companion: The meeting 'kkr-midtjylland-1999-01-01' is not in the library.\n"
    )
