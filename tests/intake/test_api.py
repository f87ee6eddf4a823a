"""End to end through the HTTP API with the embedded stores and in-process workers."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from benchmarks import synth
from intake.settings import Settings
from tests.support import keys
from tests.support.harness import wait_until_final
from workers.bootstrap import make_app

pytestmark = pytest.mark.tesseract


@pytest.fixture
def client(data_dir: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=data_dir, worker_threads=2, max_upload_bytes=20 * 1024 * 1024)
    with TestClient(make_app(settings), headers=keys.portal(settings)) as test_client:
        yield test_client


def _post(client: TestClient, files: list[tuple[str, bytes, str]], **form: str) -> Any:
    return client.post(
        "/v1/submissions",
        files=[("files", (name, data, ctype)) for name, data, ctype in files],
        data=form,
    )


def test_sharp_passport_is_accepted_with_its_mrz_fields(
    client: TestClient, passport_sample: synth.Sample, passport_png: bytes
) -> None:
    response = _post(
        client,
        [("passport.png", passport_png, "image/png")],
        external_ref="VLA-2027-0001",
        permit_type="fixed_term",
    )
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["status"] == "received"
    assert [f["status"] for f in accepted["files"]] == ["received"]
    body = wait_until_final(client, accepted["status_url"])
    assert body["status"] == "accepted", body
    assert body["external_ref"] == "VLA-2027-0001"
    (page,) = body["pages"]
    assert page["quality"]["verdict"] == "pass"
    (document,) = body["documents"]
    assert document["type"] == "passport"
    for name in (
        "document_number",
        "surname",
        "given_names",
        "nationality",
        "date_of_birth",
        "sex",
        "expiry_date",
        "issuing_state",
    ):
        assert document["fields"][name]["value"] == passport_sample.truth[name], name
    assert {c["code"]: c["ok"] for c in document["checks"]}["mrz_check_digits"] is True
    for variant, magic in (
        ("original", b"\x89PNG"),
        ("deskewed", b"\x89PNG"),
        ("thumbnail", b"\xff\xd8"),
    ):
        image = client.get(page["images"][variant])
        assert image.status_code == 200
        assert image.content.startswith(magic)


def test_blurred_passport_is_rejected_as_blurry(
    client: TestClient, blurred_passport_png: bytes
) -> None:
    response = _post(client, [("blurred.png", blurred_passport_png, "image/png")])
    body = wait_until_final(client, response.json()["status_url"])
    assert body["status"] == "rejected"
    (page,) = body["pages"]
    reasons = page["quality"]["reasons"]
    assert "blurry" in [r["code"] for r in reasons]
    blurry = next(r for r in reasons if r["code"] == "blurry")
    assert blurry["value"] < blurry["threshold"]
    assert blurry["message"] and blurry["message_nl"]
    assert body["documents"] == []


def test_two_page_pdf_gives_two_pages(client: TestClient, two_page_pdf: bytes) -> None:
    response = _post(client, [("contract.pdf", two_page_pdf, "application/pdf")])
    body = wait_until_final(client, response.json()["status_url"])
    assert [p["index"] for p in body["pages"]] == [0, 1]
    assert body["files"][0]["page_count"] == 2
    assert body["files"][0]["type"] == "pdf"
    assert all(p["status"] == "done" for p in body["pages"])


def test_unsupported_type_is_refused_but_stored(client: TestClient, data_dir: Path) -> None:
    payload = b"PK\x03\x04 this is a zip archive"
    response = _post(client, [("scan.pdf", payload, "application/pdf")])
    assert response.status_code == 415
    body = response.json()
    assert body["code"] == "unsupported_type"
    assert "PDF, JPEG, PNG or TIFF" in body["message"]
    assert body["message_nl"].startswith("Dit bestand is geen PDF, JPEG, PNG of TIFF.")
    stored = list((data_dir / "objects").rglob("original"))
    assert [p.read_bytes() for p in stored] == [payload]
    record = client.get(f"/v1/submissions/{body['submission_id']}").json()
    assert record["status"] == "rejected"
    assert record["files"][0]["error"]["code"] == "unsupported_type"
    assert record["files"][0]["error"]["message_nl"] == body["message_nl"]


def test_a_pdf_with_a_zip_attached_is_refused_as_ambiguous_but_stored(
    client: TestClient, data_dir: Path
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("invoice.html", "<script>document.location='https://x'</script>")
    payload = synth.born_digital_pdf(["Arbeidsovereenkomst"]) + archive.getvalue()
    response = _post(client, [("contract.pdf", payload, "application/pdf")])
    assert response.status_code == 415
    body = response.json()
    assert body["code"] == "ambiguous_file"
    assert [p.read_bytes() for p in (data_dir / "objects").rglob("original")] == [payload]
    record = client.get(f"/v1/submissions/{body['submission_id']}").json()
    assert (record["status"], record["files"][0]["error"]["code"]) == ("rejected", "ambiguous_file")


def test_file_names_are_shown_cleaned_and_kept_as_sent(client: TestClient) -> None:
    pdf = synth.born_digital_pdf(["Arbeidsovereenkomst"])
    sent = "../../etc/\u202epasswd.pdf"
    response = _post(client, [(sent, pdf, "application/pdf")])
    assert response.status_code == 202
    (accepted,) = response.json()["files"]
    assert (accepted["filename"], accepted["original_filename"]) == ("passwd.pdf", sent)
    record = client.get(response.json()["status_url"]).json()
    assert record["files"][0]["filename"] == "passwd.pdf"


def test_a_name_too_long_for_a_multipart_header_is_refused_with_the_limit(
    client: TestClient,
) -> None:
    pdf = synth.born_digital_pdf(["Arbeidsovereenkomst"])
    response = _post(client, [("a" * 5000 + ".pdf", pdf, "application/pdf")])
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_request",
        "message": "The upload is not valid multipart/form-data. Send each file as a part "
        "named 'files'; a part's headers, its file name included, may be at most 4 KiB.",
    }


def test_a_repaired_pdf_is_read_and_the_repair_noted_on_its_file(client: TestClient) -> None:
    sample = synth.contract(5, language="en")
    good = synth.born_digital_pdf(sample.text_pages[:1])
    at = good.rfind(b"startxref")
    broken = good[:at] + b"startxref\n999999\n%%EOF\n"
    response = _post(client, [("contract.pdf", broken, "application/pdf")])
    assert response.status_code == 202
    body = wait_until_final(client, response.json()["status_url"])
    (file,) = body["files"]
    assert [n["code"] for n in file["notes"]] == ["repaired_pdf"]
    assert body["documents"][0]["fields"]["employee_name"]["value"] == sample.truth["employee_name"]


def test_empty_file_is_422(client: TestClient) -> None:
    response = _post(client, [("empty.png", b"", "image/png")])
    assert response.status_code == 422
    assert response.json()["code"] == "empty_file"


def test_corrupt_pdf_reaches_rejected_with_reason(client: TestClient) -> None:
    response = _post(client, [("broken.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100, "x/y")])
    assert response.status_code == 202
    body = wait_until_final(client, response.json()["status_url"])
    assert body["status"] == "rejected"
    assert body["error"]["code"] == "unreadable_pdf"
    assert body["files"][0]["error"]["code"] == "unreadable_pdf"


def test_metadata_is_validated(client: TestClient, passport_png: bytes) -> None:
    response = _post(client, [("p.png", passport_png, "image/png")], permit_type="tourist")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert "permit_type" in response.json()["message"]


def test_another_tenants_submission_answers_like_a_missing_one(
    data_dir: Path, passport_png: bytes
) -> None:
    settings = Settings(data_dir=data_dir)
    employer_a, employer_b = (
        keys.portal(settings, "employer-a"),
        keys.portal(settings, "employer-b"),
    )
    with TestClient(make_app(settings)) as client:
        response = client.post(
            "/v1/submissions",
            files=[("files", ("p.png", passport_png, "image/png"))],
            headers=employer_a,
        )
        url = response.json()["status_url"]
        assert client.get(url, headers=employer_a).status_code == 200
        other = client.get(url, headers=employer_b)
        missing = client.get(url[:-4] + "0000", headers=employer_a)
        assert other.status_code == missing.status_code == 404
        assert (
            other.json()
            == missing.json()
            == {
                "code": "not_found",
                "message": "No submission with this id.",
            }
        )
        image = f"{url}/pages/{'0' * 32}/image"
        assert client.get(image, headers=employer_b).json() == missing.json()
        wait_until_final(client, url, employer_a)


def test_the_tenant_header_no_longer_chooses_the_tenant(
    client: TestClient, passport_png: bytes
) -> None:
    response = client.post(
        "/v1/submissions",
        files=[("files", ("p.png", passport_png, "image/png"))],
        headers={"X-Tenant-Id": "someone-else"},
    )
    assert response.status_code == 422
    assert "X-Tenant-Id is no longer read" in response.json()["message"]


def test_body_over_the_cap_is_413(data_dir: Path) -> None:
    settings = Settings(data_dir=data_dir, max_upload_bytes=64 * 1024)
    with TestClient(make_app(settings), headers=keys.portal(settings)) as small:
        response = _post(small, [("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 200_000, "image/png")])
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["checks"] == {"records": "ok", "objects": "ok", "broker": "ok", "tesseract": "ok"}
    assert body["tesseract_version"].startswith("5.")


@pytest.mark.parametrize("salary", ["NaN", "sNaN", "1e999999", "-5", "4.250,00"])
def test_bad_salary_is_a_typed_422(client: TestClient, passport_png: bytes, salary: str) -> None:
    response = _post(client, [("p.png", passport_png, "image/png")], declared_gross_salary=salary)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert "declared_gross_salary" in response.json()["message"]


def test_unknown_routes_answer_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.delete("/v1/submissions").json()["code"] == "method_not_allowed"
