"""The `intake` command: serve the API, run a worker, or process files in-process."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from intake.build import configure_process, pipeline_context
from intake.declared import DECLARED_KEYS, SubmissionInput, from_flags, read_sidecar
from intake.errors import BadInput, ConfigError, FileTooLarge, InvalidRequest, UnreadableFile
from intake.logs import shorten_ids_everywhere
from intake.rules.permits import PERMIT_TYPES, SALARY_PERIODS
from intake.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    configure_process()
    try:
        logging.basicConfig(
            level=get_settings().log_level,
            stream=sys.stderr,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        shorten_ids_everywhere()
        code: int = args.handler(args)
    except ConfigError as exc:
        print(f"intake: {exc.message}", file=sys.stderr)
        return 2
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP API (with in-process workers by default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=_serve)

    worker = sub.add_parser(
        "worker", help="run worker processes on the configured broker, restarting any that dies"
    )
    worker.add_argument("--processes", type=_count, help="default: INTAKE_WORKER_PROCESSES")
    worker.add_argument(
        "--threads", type=_count, help="threads per process; default: INTAKE_WORKER_THREADS"
    )
    worker.add_argument(
        "--metrics-host",
        default="127.0.0.1",
        help="address /metrics listens on (default: %(default)s)",
    )
    worker.add_argument(
        "--metrics-port", type=int, help="default: INTAKE_WORKER_METRICS_PORT; 0 picks a free port"
    )
    worker.add_argument(
        "--sweep-seconds",
        type=_seconds,
        default=60.0,
        help="how often to look for stalled submissions; 0: never (default: %(default)s)",
    )
    worker.add_argument(
        "--stale-seconds",
        type=_seconds,
        default=600.0,
        help="a submission without progress for this long has its work sent "
        "again (default: %(default)s)",
    )
    worker.add_argument(
        "--stop-seconds",
        type=_seconds,
        default=60.0,
        help="on SIGTERM, how long running pages may take to finish (default: %(default)s)",
    )
    worker.set_defaults(handler=_worker)

    migrate = sub.add_parser(
        "migrate", help="bring the record store's schema to the newest revision"
    )
    migrate.set_defaults(handler=_migrate)

    thresholds = sub.add_parser("thresholds", help="tools for the quality thresholds")
    thresholds_sub = thresholds.add_subparsers(required=True, metavar="ACTION")
    simulate = thresholds_sub.add_parser(
        "simulate", help="replay stored pages against a candidate thresholds file"
    )
    simulate.add_argument("--config", type=Path, required=True, help="candidate thresholds TOML")
    simulate.add_argument("--limit", type=int, default=10_000, help="newest pages to replay")
    simulate.set_defaults(handler=_simulate)

    process = sub.add_parser("process", help="run the pipeline on files and print the results")
    process.add_argument(
        "paths", nargs="*", metavar="PATH", help="files of one submission (or use --declared)"
    )
    process.add_argument("--config", type=Path, help="thresholds TOML (default: the shipped one)")
    process.add_argument("--format", choices=("json", "table"), default="table")
    declared = process.add_argument_group(
        "declared data", "what the portal would send with the files; checked against them"
    )
    declared.add_argument("--external-ref", help="the portal's reference of the submission")
    declared.add_argument("--permit-type", help=f"one of {', '.join(PERMIT_TYPES)}")
    declared.add_argument("--applicant-name", help="the worker's name as declared")
    declared.add_argument(
        "--declared-salary", dest="declared_gross_salary", help="gross salary, e.g. 4200.00"
    )
    declared.add_argument("--salary-period", help=f"one of {', '.join(SALARY_PERIODS)}")
    declared.add_argument(
        "--occupation-category", help="salary threshold row, e.g. highly_qualified"
    )
    declared.add_argument(
        "--declared",
        type=Path,
        metavar="FILE",
        help="CSV or JSON listing many submissions: files and declared data (see docs/api.md)",
    )
    process.set_defaults(handler=_process)
    return parser


def _migrate(args: argparse.Namespace) -> int:
    """Every process migrates at start-up; this runs the same upgrade alone, as a deploy step."""
    from storage.database import migrate
    from storage.migrate import current

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.resolved_database_url
    before = current(url)
    after = migrate(url)
    print(
        f"record store at revision {after}"
        + (f" (was {before or 'empty'})" if before != after else " (already the newest)")
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from intake.rules.policy import load_policy

    settings = get_settings()
    load_policy(settings.thresholds_file)  # a bad file stops here with its key, not in a traceback
    from intake.logs import uvicorn_log_config
    from workers.bootstrap import make_app

    uvicorn.run(make_app(settings), host=args.host, port=args.port, log_config=uvicorn_log_config())
    return 0


def _worker(args: argparse.Namespace) -> int:
    from intake.rules.policy import load_policy
    from workers.supervisor import Supervisor, SupervisorOptions

    settings = get_settings()
    if settings.broker == "inprocess":
        raise ConfigError(
            f"INTAKE_BROKER={settings.broker}: the in-process broker runs its workers inside "
            "`intake serve`; a separate worker process needs a networked broker."
        )
    load_policy(settings.thresholds_file)  # a bad file stops here, not in every child
    options = SupervisorOptions(
        processes=args.processes or settings.worker_processes,
        threads=args.threads or settings.worker_threads,
        metrics_host=args.metrics_host,
        metrics_port=(
            args.metrics_port if args.metrics_port is not None else settings.worker_metrics_port
        ),
        sweep_seconds=args.sweep_seconds,
        stale_seconds=args.stale_seconds,
        stop_seconds=args.stop_seconds,
    )
    return Supervisor(settings, options).run()


def _count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError("must be from 1 to 64")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 86_400:
        raise argparse.ArgumentTypeError("must be from 0 to 86400 seconds")
    return value


def _simulate(args: argparse.Namespace) -> int:
    from intake.rules.policy import describe_changes, load_policy
    from intake.simulate import recent_pages, simulate
    from storage.database import make_engine, make_sessionmaker

    policy = load_policy(args.config)
    settings = get_settings()
    changes = describe_changes(load_policy(settings.thresholds_file), policy)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    try:
        stored = recent_pages(make_sessionmaker(engine), args.limit)
    finally:
        engine.dispose()
    print(f"{args.config} against {settings.thresholds_file}: {len(changes)} value(s) differ")
    print("\n".join([f"  {line}" for line in changes] + simulate(stored, policy).lines()))
    return 0


def _process(args: argparse.Namespace) -> int:
    from datetime import date

    from intake.assemble import FileAnalysis, assemble_file, conclude_submission
    from intake.output import file_to_json, file_to_table, submission_to_json, submission_to_table
    from intake.pipeline import analyse_file
    from intake.rules.crosscheck import Declared
    from storage.states import FileVerdict

    try:
        submissions = _submissions(args)
    except InvalidRequest as exc:
        print(f"intake: {exc.message}", file=sys.stderr)
        return 2
    settings = get_settings()
    if args.config is not None:
        settings = settings.model_copy(update={"thresholds_file": args.config})
    context = pipeline_context(settings)
    policy, today = context.policy, date.today()
    outputs = []
    unfinished = False
    for submission in submissions:
        ref = submission.declared.external_ref
        results = []
        for path in submission.paths:
            data = _read_upload(Path(path), settings.max_upload_bytes)
            if isinstance(data, BadInput):
                analysis = FileAnalysis(error=data)
            else:
                analysis = analyse_file(
                    data,
                    policy,
                    context.engine,
                    limits=context.limits,
                    sandbox=context.sandbox,
                    today=today,
                )
            results.append(assemble_file(analysis, policy))
            if args.format == "table":
                print(file_to_table(path, results[-1]), flush=True)
        result = conclude_submission(results, Declared.of(submission.declared), policy, today)
        unfinished = unfinished or any(
            f.status in (FileVerdict.ERROR, FileVerdict.FAILED) for f in result.files
        )
        if args.format == "table":
            print(submission_to_table(ref, result), flush=True)
        else:
            summary = submission_to_json(ref, result)
            outputs += [
                file_to_json(p, f, summary) for p, f in zip(submission.paths, results, strict=True)
            ]
    if args.format == "json":
        json.dump(outputs, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return 1 if unfinished else 0


def _read_upload(path: Path, max_bytes: int) -> bytes | BadInput:
    """The file's bytes, or why not: the CLI holds files to the API's upload cap."""
    try:
        if path.stat().st_size > max_bytes:
            return FileTooLarge.over(max_bytes)
        return path.read_bytes()
    except OSError as exc:
        return UnreadableFile(f"Cannot read {path}: {exc.strerror or exc}")


def _submissions(args: argparse.Namespace) -> list[SubmissionInput]:
    """The submissions to process: the files given with the flags' data, or a sidecar's."""
    flags = {key: getattr(args, key) for key in DECLARED_KEYS if getattr(args, key) is not None}
    if args.declared is None:
        if not args.paths:
            raise InvalidRequest("Name the files to process, or a --declared file listing them.")
        return [from_flags(args.paths, flags)]
    if args.paths or flags:
        raise InvalidRequest(
            "Give the files and their data either in --declared or on the command line, not both."
        )
    return read_sidecar(args.declared)


if __name__ == "__main__":
    sys.exit(main())
