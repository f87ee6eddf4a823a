"""Parsing runs in a child held to memory and time limits: a bomb costs its own file only."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pikepdf
import pytest

from benchmarks import synth
from intake.errors import ResourceLimit, UnreadablePdf
from intake.sandbox import SandboxLimits, split_isolated
from intake.service import IncomingFile, SubmissionMeta, create_submission, split_upload
from intake.split import SplitLimits, split
from storage.audit import SERVICE
from storage.records import Submission
from storage.states import FileStatus, SubmissionStatus
from tests.support.harness import RecordingDispatcher, service_context


def flate_bomb(mib: int) -> bytes:
    """A one-page PDF whose content stream inflates to `mib` MiB of spaces (about 1 KB per
    MiB on disk), built without ever holding the inflated bytes."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(packer.compress(chunk) for _ in range(mib)) + packer.flush()
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    contents = pikepdf.Stream(pdf, packed)
    contents.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].Contents = contents
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


BOMB_IN_A_CHILD = """
import json, sys
from datetime import date
from intake.pipeline import process_file
from intake.rules.policy import load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE
from ocr.engines.tesseract import TesseractEngine
from tests.intake.test_sandbox import flate_bomb
result = process_file(flate_bomb(1024), load_policy(DEFAULT_THRESHOLDS_FILE), TesseractEngine())
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({"status": result.status, "code": result.error.code if result.error else None,
                  "peak_mib": int(status["VmHWM"].split()[0]) / 1024}))
"""


def test_a_flate_bomb_is_refused_and_the_process_reading_it_stays_small() -> None:
    run = subprocess.run(
        [sys.executable, "-c", BOMB_IN_A_CHILD],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    outcome = json.loads(run.stdout)
    assert (outcome["status"], outcome["code"]) == ("error", "resource_limit")
    # Read in-process, this 1 MB file took the server to 2.7 GiB.
    assert outcome["peak_mib"] < 300, outcome


def test_pages_come_back_from_the_child_as_they_were_read() -> None:
    pages = synth.contract(4, language="fr", pages=3).pages
    data = synth.scanned_pdf(pages, 200)
    isolated = split_isolated(data, SplitLimits(), SandboxLimits())
    direct = split(data, SplitLimits())
    assert isolated.kind == direct.kind == "pdf"
    assert [(p.index, p.dpi, p.origin, p.text_layer) for p in isolated.pages] == [
        (p.index, p.dpi, p.origin, p.text_layer) for p in direct.pages
    ]
    assert all(
        np.array_equal(a.image, b.image) for a, b in zip(isolated.pages, direct.pages, strict=True)
    )


def test_a_file_that_takes_too_long_is_stopped() -> None:
    data = synth.scanned_pdf(synth.contract(4, language="fr", pages=2).pages, 300)
    with pytest.raises(ResourceLimit, match=r"took longer than 0\.001 seconds"):
        split_isolated(data, SplitLimits(), SandboxLimits(seconds=0.001))


def test_errors_of_the_file_itself_come_back_as_they_are() -> None:
    with pytest.raises(UnreadablePdf) as raised:
        split_isolated(b"%PDF-1.7\n" + b"\x00garbage" * 100, SplitLimits(), SandboxLimits())
    assert "could not be read" in raised.value.message


def test_in_the_service_a_bomb_fails_its_own_file_and_the_other_is_split(
    data_dir: Path, passport_png: bytes
) -> None:
    dispatcher = RecordingDispatcher()
    ctx = service_context(data_dir, dispatcher)
    ctx = dataclasses.replace(
        ctx,
        pipeline=dataclasses.replace(ctx.pipeline, sandbox=SandboxLimits(memory_bytes=256 << 20)),
    )
    files = [IncomingFile("bomb.pdf", flate_bomb(1024)), IncomingFile("p.png", passport_png)]
    sid = create_submission(ctx, SubmissionMeta("t1"), files, by=SERVICE).id
    for upload_id in dispatcher.take("split_upload"):
        split_upload(ctx, upload_id)
    with ctx.sessions() as session:
        bomb, passport = session.get_one(Submission, sid).uploads
        assert (bomb.status, bomb.error_code) == (FileStatus.ERROR, "resource_limit")
        assert "more than 256 MiB" in (bomb.error_message or "")
        assert (passport.status, passport.page_count) == (FileStatus.SPLIT, 1)
        assert session.get_one(Submission, sid).status == SubmissionStatus.PROCESSING
    assert len(dispatcher.take("process_page")) == 1
