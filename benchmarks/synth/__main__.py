"""Write a small demo set of synthetic uploads with a truth.json manifest.

    python -m benchmarks.synth OUT_DIR [--count N] [--seed S]

Gives people trying the service, and the README demo, realistic files of every accepted format
without handling anyone's real passport.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from .contract import contract
from .diploma import diploma
from .distort import gaussian_blur, rotate
from .lang import LANGUAGES
from .passport import passport
from .sample import Sample
from .writers import born_digital_pdf, scanned_pdf, to_jpeg, to_png, to_tiff


class _DemoSet:
    """Writes files into one folder and remembers what each one should be read as."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.manifest: dict[str, dict[str, Any]] = {}

    def write(
        self, name: str, data: bytes, sample: Sample, distortion: dict[str, Any] | None
    ) -> None:
        path = self.out_dir / name
        path.write_bytes(data)
        self.manifest[name] = {
            "kind": sample.kind,
            "dpi": sample.dpi,
            "pages": len(sample.pages),
            "distortion": distortion,
            "truth": sample.truth,
        }
        applied = f"  {distortion}" if distortion else ""
        print(f"wrote {path}  ({len(data) / 1024:.0f} KiB, {sample.kind}){applied}")


def main(argv: list[str] | None = None) -> int:
    """Generate `count` groups of files starting at `seed`; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synth",
        description="Write synthetic passports, contracts and diplomas with their ground truth.",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--count", type=int, default=3, help="groups of documents (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first group (default 0)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    demo = _DemoSet(args.out_dir)

    for index in range(args.count):
        seed = args.seed + index
        language = LANGUAGES[index % len(LANGUAGES)]
        stem = f"{index:03d}"

        card = passport(seed)
        page = card.pages[0]
        demo.write(f"{stem}_passport.png", to_png(page, card.dpi), card, None)
        demo.write(
            f"{stem}_passport_blur.png",
            to_png(gaussian_blur(page, 4.0), card.dpi),
            card,
            {"op": "gaussian_blur", "sigma": 4.0},
        )
        demo.write(
            f"{stem}_passport_rot7.png",
            to_png(rotate(page, 7.0), card.dpi),
            card,
            {"op": "rotate", "degrees": 7.0},
        )

        letter = contract(seed, language=language)
        skew = round(random.Random(seed).uniform(-2.0, 2.0), 1)  # a page laid slightly askew
        scanned = [rotate(p, skew) for p in letter.pages]
        demo.write(
            f"{stem}_contract_{language}_scan.pdf",
            scanned_pdf(scanned, letter.dpi),
            letter,
            {"op": "rotate", "degrees": skew},
        )
        demo.write(
            f"{stem}_contract_{language}_digital.pdf",
            born_digital_pdf(letter.text_pages),
            letter,
            None,
        )

        certificate = diploma(seed, language=language)
        demo.write(
            f"{stem}_diploma_{language}.jpg",
            to_jpeg(certificate.pages[0], certificate.dpi),
            certificate,
            None,
        )

        other = LANGUAGES[(index + 1) % len(LANGUAGES)]
        long_letter = contract(seed, language=other, pages=2)
        demo.write(
            f"{stem}_contract_{other}_2p.tiff",
            to_tiff(long_letter.pages, long_letter.dpi),
            long_letter,
            None,
        )

    manifest = args.out_dir / "truth.json"
    manifest.write_text(json.dumps(demo.manifest, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {manifest}  ({len(demo.manifest)} files described)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
