"""The `intake` command: serve the API, run a worker, or process files in-process."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from intake.build import configure_process, pipeline_context
from intake.declared import DECLARED_KEYS, SubmissionInput, from_flags, read_sidecar
from intake.errors import (
    BadInput,
    ConfigError,
    FileTooLarge,
    InvalidRequest,
    NotFound,
    UnreadableFile,
)
from intake.logs import shorten_ids_everywhere
from intake.rules.permits import PERMIT_TYPES, SALARY_PERIODS
from intake.settings import get_settings
from storage.audit import Actor


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
        # Alembic narrates every start-up at INFO; `intake migrate` says what it did itself.
        logging.getLogger("alembic").setLevel(logging.WARNING)
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

    _keys_parser(sub)
    _audit_parser(sub)
    _retention_parser(sub)

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


def _keys_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = sub.add_parser("keys", help="make, list and revoke API keys")
    actions = keys.add_subparsers(required=True, metavar="ACTION")
    create = actions.add_parser(
        "create", help="make a key and print it once (it is stored only as a hash)"
    )
    create.add_argument("--role", required=True, choices=("portal", "caseworker", "admin"))
    create.add_argument(
        "--tenant",
        dest="tenants",
        action="append",
        default=[],
        help="the tenant a portal key files for, or one a caseworker reviews (repeat for more)",
    )
    create.add_argument("--name", help="what the key is for, e.g. 'portal production'")
    create.add_argument(
        "--replace",
        action="store_true",
        help="revoke the live keys of the same name, role and tenants first (rotation)",
    )
    create.add_argument(
        "--format", choices=("text", "json"), default="text", help="json: id, role, key"
    )
    create.set_defaults(handler=_keys_create)
    listing = actions.add_parser("list", help="the keys, without their secrets")
    listing.add_argument("--all", action="store_true", help="revoked keys too")
    listing.set_defaults(handler=_keys_list)
    revoke = actions.add_parser("revoke", help="revoke a key by its id, at once")
    revoke.add_argument("key_id")
    revoke.set_defaults(handler=_keys_revoke)


def _audit_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    trail = sub.add_parser("audit", help="the audit trail")
    actions = trail.add_subparsers(required=True, metavar="ACTION")
    export = actions.add_parser("export", help="print the trail as CSV, oldest first")
    export.add_argument("--tenant", dest="tenant_id")
    export.add_argument("--actor")
    export.add_argument("--action")
    export.add_argument("--target")
    export.set_defaults(handler=_audit_export)


def _retention_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keeping = sub.add_parser(
        "retention", help="delete finished filings' files and personal data after their days"
    )
    actions = keeping.add_subparsers(required=True, metavar="ACTION")
    run = actions.add_parser("run", help="purge every finished submission past its retention")
    run.add_argument("--dry-run", action="store_true", help="count what is due, change nothing")
    run.set_defaults(handler=_retention_run)
    show = actions.add_parser("show", help="the default and each tenant's own retention")
    show.set_defaults(handler=_retention_show)
    policy = actions.add_parser("set", help="give a tenant its own retention")
    policy.add_argument("--tenant", required=True)
    days = policy.add_mutually_exclusive_group(required=True)
    days.add_argument("--days", type=int, help="days after which its filings are purged")
    days.add_argument("--keep", action="store_true", help="never purge this tenant's filings")
    days.add_argument("--default", action="store_true", help="follow INTAKE_RETENTION_DAYS again")
    policy.set_defaults(handler=_retention_set)


@contextmanager
def _records() -> Iterator[sessionmaker]:
    """The configured record store, migrated, for one command."""
    from storage.database import make_engine, make_sessionmaker

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()


def _operator() -> Actor:
    """The person at the command line, as the audit trail names them."""
    return Actor(f"cli:{getpass.getuser()}", "operator")


def _keys_create(args: argparse.Namespace) -> int:
    from intake.auth import Role, create_key

    try:
        with _records() as sessions, sessions() as session, session.begin():
            issued = create_key(
                session, _operator(), Role(args.role), args.tenants, args.name, replace=args.replace
            )
    except InvalidRequest as exc:
        print(f"intake: {exc.message}", file=sys.stderr)
        return 2
    record = issued.record
    if args.format == "json":
        print(json.dumps({"id": record.id, "role": record.role, "key": issued.secret}))
        return 0
    scope = ", ".join(record.tenants) or "no tenant (admin)"
    print(f"{record.role} key {record.id} for {scope}; shown once, keep it secret:")
    print(issued.secret)
    return 0


def _keys_list(args: argparse.Namespace) -> int:
    from intake.auth import list_keys

    with _records() as sessions, sessions() as session:
        keys = list_keys(session, include_revoked=args.all)
    print(f"{'id':16}  {'role':10}  {'tenants':24}  {'last used':20}  {'revoked':20}  name")
    for key in keys:
        used = key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else "never"
        revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "-"
        tenants = ",".join(key.tenants) or "-"
        print(
            f"{key.id:16}  {key.role:10}  {tenants:24}  {used:20}  {revoked:20}  {key.name or ''}"
        )
    return 0


def _keys_revoke(args: argparse.Namespace) -> int:
    from intake.auth import revoke_key

    try:
        with _records() as sessions, sessions() as session, session.begin():
            revoked = revoke_key(session, _operator(), args.key_id)
            when = revoked.revoked_at
    except NotFound as exc:
        print(f"intake: {exc.message}", file=sys.stderr)
        return 2
    print(f"key {args.key_id} revoked at {when.isoformat(timespec='seconds') if when else '?'}")
    return 0


def _audit_export(args: argparse.Namespace) -> int:
    from intake.trail import audit_csv
    from storage.audit import AuditFilter, append, every_event

    where = AuditFilter(
        tenant_id=args.tenant_id, actor=args.actor, action=args.action, target=args.target
    )
    with _records() as sessions:
        with sessions() as session, session.begin():
            detail = {k: v for k, v in vars(where).items() if v is not None}
            append(session, _operator(), "audit.export", detail=detail or None)
        sys.stdout.writelines(audit_csv(every_event(sessions, where)))
    return 0


def _retention_run(args: argparse.Namespace) -> int:
    from intake.build import make_object_store
    from intake.retention import run

    settings = get_settings()
    with _records() as sessions:
        report = run(
            sessions,
            make_object_store(settings),
            _operator(),
            settings.retention_days,
            dry_run=args.dry_run,
        )
    verb = "due" if args.dry_run else "purged"
    print(f"{report.total} submission(s) {verb}, {report.objects} object(s) deleted")
    if report.failed:
        print(f"{report.failed} submission(s) could not be purged yet (see the log)")
    for tenant, count in sorted(report.submissions.items()):
        print(f"  {tenant}: {count}")
    return 0


def _retention_show(args: argparse.Namespace) -> int:
    from intake.retention import policies

    default = get_settings().retention_days
    print(f"default (INTAKE_RETENTION_DAYS): {f'{default} days' if default else 'kept'}")
    with _records() as sessions, sessions() as session:
        for policy in policies(session):
            days = f"{policy.days} days" if policy.days else "kept"
            print(f"  {policy.tenant_id}: {days} (set by {policy.updated_by})")
    return 0


def _retention_set(args: argparse.Namespace) -> int:
    from intake.retention import clear_policy, set_policy

    try:
        with _records() as sessions, sessions() as session, session.begin():
            if args.default:
                clear_policy(session, _operator(), args.tenant)
            else:
                set_policy(session, _operator(), args.tenant, None if args.keep else args.days)
    except InvalidRequest as exc:
        print(f"intake: {exc.message}", file=sys.stderr)
        return 2
    return _retention_show(args)


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

    policy = load_policy(args.config)
    settings = get_settings()
    changes = describe_changes(load_policy(settings.thresholds_file), policy)
    with _records() as sessions:
        stored = recent_pages(sessions, args.limit)
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
