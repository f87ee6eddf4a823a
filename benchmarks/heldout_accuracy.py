"""Gate and extraction accuracy on the held-out corpus (`benchmarks.heldout`), through the pipeline.

    python -m benchmarks.heldout_accuracy [--count 16] [--seed 9000] [--show-misses]

The extractors were tuned on `benchmarks.synth`; this corpus was written apart from it, so its
figures are the ones to quote. Every file goes through `intake.pipeline.process_file` as an
upload would. Printed:

- the gate: good pages it refused (with the reason codes), and bad captures it let through,
  per defect, with the reasons it gave;
- document type: files read as exactly one document of the expected kind, per condition;
- passports: MRZ with every field right, clean scans against phone photos;
- checks that failed on good files (a printed name that does not match, say);
- contracts and diplomas: per field, values right (whitespace collapsed, case ignored; the exact
  count beside it), and wrong values reported with confidence >= 0.99;
- with --show-misses, every wrong field with the value expected and the value read;
- a last line of JSON with every figure, for tracking over time.

`--count` is per kind and condition and per defect; the default takes 10-15 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from benchmarks.heldout import Case, cases
from intake.assemble import FileResult, PageAnalysis
from intake.build import configure_process
from intake.pipeline import process_file
from intake.rules.policy import load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE
from ocr.engines.tesseract import TesseractEngine
from ocr.fields.passport import REQUIRED as MRZ_FIELDS

CONFIDENT = 0.99
# The truth keeps the raw MRZ lines, but the pipeline reports the fields decoded from them.
UNSCORED = frozenset({"mrz_line1", "mrz_line2"})


def same(read: str, truth: str) -> bool:
    """Equal once runs of whitespace are one space and case is ignored: what a caseworker sees."""
    return " ".join(read.split()).casefold() == " ".join(truth.split()).casefold()


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class Tally:
    good_pages: int = 0
    false_rejects: int = 0
    false_reject_reasons: Counter[str] = field(default_factory=Counter)
    false_reject_cases: Counter[str] = field(default_factory=Counter)
    unreadable: list[str] = field(default_factory=list)
    bad_seen: Counter[str] = field(default_factory=Counter)
    bad_rejected: Counter[str] = field(default_factory=Counter)
    bad_for_named_reason: Counter[str] = field(default_factory=Counter)
    bad_reasons: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    type_seen: Counter[str] = field(default_factory=Counter)
    type_right: Counter[str] = field(default_factory=Counter)
    read_as: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    mrz_seen: Counter[str] = field(default_factory=Counter)
    mrz_right: Counter[str] = field(default_factory=Counter)
    field_seen: Counter[tuple[str, str]] = field(default_factory=Counter)
    field_right: Counter[tuple[str, str]] = field(default_factory=Counter)
    field_exact: Counter[tuple[str, str]] = field(default_factory=Counter)
    confident_wrong: Counter[tuple[str, str]] = field(default_factory=Counter)
    all_right: Counter[str] = field(default_factory=Counter)
    failed_checks: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[str] = field(default_factory=list)


def _gate(case: Case, result: FileResult, tally: Tally) -> None:
    analysed = [p for p in result.pages if isinstance(p, PageAnalysis)]
    refused = [p for p in analysed if not p.quality.passed]
    codes: set[str] = {r.code for p in refused for r in p.quality.reasons}
    if case.good:
        tally.good_pages += len(analysed)
        tally.false_rejects += len(refused)
        tally.false_reject_reasons.update(r.code for p in refused for r in p.quality.reasons)
        if refused:
            tally.false_reject_cases[case.label] += 1
        return
    tally.bad_seen[case.condition] += 1
    if refused:
        tally.bad_rejected[case.condition] += 1
        tally.bad_reasons[case.condition].update(codes or {"(no reason)"})
        if codes & set(case.reasons):
            tally.bad_for_named_reason[case.condition] += 1
    else:
        tally.bad_reasons[case.condition]["(accepted)"] += 1


def _fields(case: Case, result: FileResult, tally: Tally) -> None:
    types = [d.type for d in result.documents]
    tally.type_seen[case.label] += 1
    tally.type_right[case.label] += types == [case.kind]
    tally.read_as[case.label]["+".join(map(str, types)) or "(nothing)"] += 1
    document = next((d for d in result.documents if d.type == case.kind), None)
    fields = document.fields if document is not None else {}
    wrong = 0
    if document is not None:
        tally.failed_checks[case.kind].update(c.code for c in document.checks if not c.ok)
    for name, truth in case.truth.items():
        if name in UNSCORED:
            continue
        key = (case.kind, name)
        found = fields.get(name)
        value = found.value if found is not None else ""
        tally.field_seen[key] += 1
        tally.field_exact[key] += value == truth
        if same(value, truth):
            tally.field_right[key] += 1
            continue
        wrong += 1
        confidence = found.confidence if found is not None else None
        if confidence is not None and confidence >= CONFIDENT:
            tally.confident_wrong[key] += 1
        shown = f"{confidence:.2f}" if confidence is not None else "-"
        tally.misses.append(
            f"{case.label} / {name}: expected {truth!r}, read {value!r} (confidence {shown})"
        )
    tally.all_right[case.label] += wrong == 0
    if case.kind == "passport":
        mrz_wrong = any(
            not same(fields[k].value if k in fields else "", case.truth[k]) for k in MRZ_FIELDS
        )
        group = "clean" if case.condition == "scan" else "degraded"
        tally.mrz_seen[group] += 1
        tally.mrz_right[group] += not mrz_wrong


def score(case: Case, result: FileResult, tally: Tally) -> None:
    if result.error is not None:
        tally.unreadable.append(f"{case.label}: {result.error}")
    _gate(case, result, tally)
    if case.good:
        _fields(case, result, tally)


def figures(tally: Tally, elapsed: float) -> dict[str, object]:
    """Every figure of the run, keyed as the JSON line gives them."""
    bad_total = sum(tally.bad_seen.values())
    return {
        "gate_false_rejects": tally.false_rejects,
        "gate_good_pages": tally.good_pages,
        "gate_false_reject_pct": _pct(tally.false_rejects, tally.good_pages),
        "gate_false_reject_reasons": dict(tally.false_reject_reasons),
        "reject_recall_pct": _pct(sum(tally.bad_rejected.values()), bad_total),
        "reject_recall": {
            c: [tally.bad_rejected[c], tally.bad_seen[c], tally.bad_for_named_reason[c]]
            for c in tally.bad_seen
        },
        "bad_reasons": {c: dict(r) for c, r in tally.bad_reasons.items()},
        "doc_type_pct": {k: _pct(tally.type_right[k], tally.type_seen[k]) for k in tally.type_seen},
        "mrz_all_right_pct": {
            g: _pct(tally.mrz_right[g], tally.mrz_seen[g]) for g in tally.mrz_seen
        },
        "all_fields_right_pct": {
            k: _pct(tally.all_right[k], tally.type_seen[k]) for k in tally.type_seen
        },
        "field_pct": {
            f"{kind}.{name}": _pct(tally.field_right[(kind, name)], n)
            for (kind, name), n in tally.field_seen.items()
        },
        "field_exact_pct": {
            f"{kind}.{name}": _pct(tally.field_exact[(kind, name)], n)
            for (kind, name), n in tally.field_seen.items()
        },
        "confident_wrong": {f"{k}.{n}": c for (k, n), c in tally.confident_wrong.items() if c},
        "confident_wrong_total": sum(tally.confident_wrong.values()),
        "failed_checks_on_good_files": {k: dict(c) for k, c in tally.failed_checks.items()},
        "unreadable_files": len(tally.unreadable),
        "elapsed_s": round(elapsed),
    }


def report(tally: Tally, elapsed: float, show_misses: bool) -> None:
    print("\nquality gate")
    print(
        f"  good pages refused: {tally.false_rejects}/{tally.good_pages} "
        f"({_pct(tally.false_rejects, tally.good_pages)}%)"
        f"  reasons: {dict(tally.false_reject_reasons) or '-'}"
    )
    for label, n in sorted(tally.false_reject_cases.items()):
        print(f"    {label}: {n} file(s) with a refused page")
    bad_total = sum(tally.bad_seen.values())
    print(
        f"  bad captures refused: {sum(tally.bad_rejected.values())}/{bad_total} "
        f"({_pct(sum(tally.bad_rejected.values()), bad_total)}%)"
    )
    for condition, n in tally.bad_seen.items():
        print(
            f"    {condition:<16} refused {tally.bad_rejected[condition]}/{n}, "
            f"for the named reason {tally.bad_for_named_reason[condition]}/{n}  "
            f"{dict(tally.bad_reasons[condition])}"
        )
    print("\ndocument type (exactly one document of the expected kind)")
    for label, n in tally.type_seen.items():
        print(
            f"  {label:<24} {tally.type_right[label]:>3}/{n:<3} "
            f"{_pct(tally.type_right[label], n):5.1f}%  read as {dict(tally.read_as[label])}"
        )
    print("\npassport MRZ, all fields right")
    for group, n in tally.mrz_seen.items():
        print(
            f"  {group:<24} {tally.mrz_right[group]:>3}/{n:<3} "
            f"{_pct(tally.mrz_right[group], n):5.1f}%"
        )
    print("\nall fields right per file")
    for label, n in tally.type_seen.items():
        print(
            f"  {label:<24} {tally.all_right[label]:>3}/{n:<3} "
            f"{_pct(tally.all_right[label], n):5.1f}%"
        )
    print(f"\n{'field':<36} {'right':>9} {'%':>6} {'exact':>6}  confident but wrong")
    for (kind, name), n in sorted(tally.field_seen.items()):
        key = (kind, name)
        print(
            f"  {kind + '.' + name:<34} {tally.field_right[key]:>4}/{n:<4} "
            f"{_pct(tally.field_right[key], n):5.1f}% {_pct(tally.field_exact[key], n):5.1f}%  "
            f"{tally.confident_wrong[key]}"
        )
    print(f"\nwrong but confident (>= {CONFIDENT}): {sum(tally.confident_wrong.values())}")
    for kind, failed in tally.failed_checks.items():
        print(f"checks failed on good {kind} files: {dict(failed)}")
    for line in tally.unreadable:
        print(f"unreadable: {line}")
    if show_misses and tally.misses:
        print("\nwrong fields:")
        for miss in tally.misses:
            print(f"  {miss}")
    print(f"elapsed {elapsed:.0f} s")
    print(json.dumps(figures(tally, elapsed), ensure_ascii=False, sort_keys=True))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=16, help="files per kind and condition")
    parser.add_argument("--seed", type=int, default=9000)
    parser.add_argument("--show-misses", action="store_true", help="list every wrong field")
    args = parser.parse_args(argv)
    configure_process()
    policy = load_policy(DEFAULT_THRESHOLDS_FILE)
    engine = TesseractEngine()
    today = date.today()
    tally = Tally()
    start = time.perf_counter()
    for case in cases(args.count, args.seed):
        score(case, process_file(case.data, policy, engine, today=today), tally)
    report(tally, time.perf_counter() - start, args.show_misses)


if __name__ == "__main__":
    main()
