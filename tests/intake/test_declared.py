"""Declared data for `intake process`: flags, CSV and JSON sidecars, validated like the API's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import synth
from intake.declared import from_flags, read_sidecar
from intake.errors import InvalidRequest

CSV_HEADER = "file,external_ref,permit_type,declared_gross_salary,salary_period\n"


def _intake(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intake.cli", "process", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_csv_rows_with_one_reference_form_one_submission(tmp_path: Path) -> None:
    sidecar = tmp_path / "filing.csv"
    sidecar.write_text(
        CSV_HEADER
        + "a/passport.png,W-1,fixed_term,4200,month\n"
        + "a/contract.pdf,W-1,fixed_term,4200,month\n"
        + "b/passport.png,W-2,unlimited,,\n"
        + "loose.pdf,,,,\n",
        encoding="utf-8",
    )
    first, second, third = read_sidecar(sidecar)
    assert first.paths == (str(tmp_path / "a/passport.png"), str(tmp_path / "a/contract.pdf"))
    assert first.declared.external_ref == "W-1"
    assert first.declared.declared_gross_salary == "4200.00"
    assert first.declared.salary_period == "month"
    assert second.paths == (str(tmp_path / "b/passport.png"),)
    assert second.declared.permit_type == "unlimited"
    assert second.declared.declared_gross_salary is None
    assert third.paths == (str(tmp_path / "loose.pdf"),)
    assert third.declared.external_ref is None


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (
            CSV_HEADER + "a.png,W-1,fixed_term,4200,month\nb.pdf,W-1,fixed_term,4300,month\n",
            "line 3: declares other data than line 2",
        ),
        (CSV_HEADER + "a.png,W-1,blue_card,,\n", "line 2: permit_type"),
        (CSV_HEADER + "a.png,W-1,fixed_term,4.200,00,month\n", "line 2: more values than columns"),
        (CSV_HEADER + ",W-1,fixed_term,,\n", "line 2: the 'file' column is empty"),
        ("path,external_ref\na.png,W-1\n", "'file'"),
        ("file,salary\na.png,4200\n", "unknown column(s) ['salary']"),
        (CSV_HEADER, "lists no files"),
    ],
)
def test_a_bad_csv_is_refused_naming_the_line(tmp_path: Path, body: str, says: str) -> None:
    sidecar = tmp_path / "filing.csv"
    sidecar.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidRequest) as raised:
        read_sidecar(sidecar)
    assert says in raised.value.message


def test_json_lists_submissions_with_their_files(tmp_path: Path) -> None:
    sidecar = tmp_path / "filing.json"
    sidecar.write_text(
        json.dumps(
            [
                {
                    "external_ref": "W-1",
                    "files": ["p.png", "c.pdf"],
                    "salary_period": "year",
                    "declared_gross_salary": "60000",
                },
                {"files": ["d.jpg"], "occupation_category": "highly_qualified"},
            ]
        ),
        encoding="utf-8",
    )
    first, second = read_sidecar(sidecar)
    assert first.paths == (str(tmp_path / "p.png"), str(tmp_path / "c.pdf"))
    assert first.declared.declared_gross_salary == "60000.00"
    assert second.declared.occupation_category == "highly_qualified"


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        ({"files": ["a.png"]}, "expected a list of submissions"),
        ([{"files": []}], "submission #1: 'files' must list one or more paths"),
        ([{"files": ["a.png"], "salary": 1}], "submission #1: unknown key(s) ['salary']"),
        ([{"files": ["a.png"], "occupation_category": "Chief Executive"}], "occupation_category"),
    ],
)
def test_a_bad_json_sidecar_is_refused(tmp_path: Path, entries: object, says: str) -> None:
    sidecar = tmp_path / "filing.json"
    sidecar.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(InvalidRequest) as raised:
        read_sidecar(sidecar)
    assert says in raised.value.message


def test_flags_are_validated_like_the_api() -> None:
    with pytest.raises(InvalidRequest) as raised:
        from_flags(["a.png"], {"salary_period": "week"})
    assert "the command line: salary_period" in raised.value.message
    assert (
        from_flags(["a.png"], {"declared_gross_salary": " 4250 "}).declared.declared_gross_salary
        == "4250.00"
    )


def test_cli_runs_each_submission_of_a_sidecar_and_refuses_bad_data(
    tmp_path: Path, contract_sample: synth.Sample
) -> None:
    (tmp_path / "c1.pdf").write_bytes(synth.born_digital_pdf(contract_sample.text_pages[:1]))
    (tmp_path / "c2.pdf").write_bytes(synth.born_digital_pdf(contract_sample.text_pages[:1]))
    sidecar = tmp_path / "filing.csv"
    sidecar.write_text(
        "file,external_ref,permit_type\nc1.pdf,W-1,fixed_term\nc2.pdf,W-2,unlimited\n",
        encoding="utf-8",
    )
    run = _intake("--declared", str(sidecar), "--format", "json")
    assert run.returncode == 0, run.stderr
    entries = json.loads(run.stdout)
    assert [e["submission"]["ref"] for e in entries] == ["W-1", "W-2"]
    assert [c["code"] for c in entries[0]["submission"]["checks"]] == ["salary_threshold"]
    assert entries[1]["submission"]["checks"] == []  # the unlimited permit has no threshold

    both = _intake("--declared", str(sidecar), str(tmp_path / "c1.pdf"))
    assert both.returncode == 2 and "not both" in both.stderr
    bad = _intake(str(tmp_path / "c1.pdf"), "--salary-period", "week")
    assert bad.returncode == 2 and "salary_period" in bad.stderr
    nothing = _intake()
    assert nothing.returncode == 2 and "Name the files" in nothing.stderr
