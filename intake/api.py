"""The HTTP API: thin routes over `intake.access` and `intake.auth`; errors map in one place.

Every route but the health probes needs an API key (`intake.auth`); the tenant
comes from the key. /metrics, /docs and /openapi.json answer whom
INTAKE_INTERNAL_ENDPOINTS names.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, Protocol

from anyio import to_thread
from fastapi import Depends, FastAPI, File, Form, Header, Path, Query, Request, UploadFile
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartParser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intake import access, auth, metrics, retention, views
from intake.auth import Principal, Role, authenticate
from intake.errors import (
    ConfigError,
    FileTooLarge,
    Forbidden,
    IntakeError,
    InvalidRequest,
    Unauthorized,
)
from intake.policy_source import PolicySource, reload_on_sighup
from intake.rules.policy import describe_changes, parse_policy
from intake.schemas import (
    AuditEventPublic,
    AuditPage,
    ErrorPublic,
    KeyCreate,
    KeyIssued,
    KeyPublic,
    ReasonShift,
    RetentionPolicyPublic,
    RetentionPublic,
    RetentionRunPublic,
    RetentionSet,
    SimulationPublic,
    SubmissionAccepted,
    SubmissionCreate,
    SubmissionPublic,
    ThresholdsPublic,
    describe_validation,
)
from intake.service import (
    IncomingFile,
    RejectedUpload,
    ServiceContext,
)
from intake.settings import Settings
from intake.simulate import recent_pages, simulate
from intake.trail import AuditQuery, audit_csv
from ocr.engines.tesseract import tesseract_version
from ocr.engines.tesserocr import tesserocr_version
from storage import audit

log = logging.getLogger(__name__)

UPLOAD_SPOOL_BYTES = 16 * 1024 * 1024


class Runtime(Protocol):
    """What the app needs of the process it runs in; built by the composition root
    (`workers.bootstrap`), so the web tier never imports the queue or the workers."""

    context: ServiceContext

    def check(self) -> dict[str, str]: ...

    def stop(self) -> None: ...


def create_app(settings: Settings, build_runtime: Callable[[Settings], Runtime]) -> FastAPI:
    """The FastAPI app; `build_runtime` makes its stores, queue and workers at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = build_runtime(settings)
        app.state.tesseract = _probe_tesseract(settings)
        # Blocking calls (database, object store) run in these threads. Twenty threads
        # at once only pass the interpreter lock around; a few keep uploads flowing.
        to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        with app.state.runtime.context.sessions() as session:
            if not auth.has_live_keys(session):
                log.warning(
                    "no API keys: every /v1 request is refused until one is made with "
                    "`intake keys create --role portal --tenant <tenant>`"
                )
        reload_on_sighup(app.state.runtime.context.pipeline.policies)
        try:
            yield
        finally:
            app.state.runtime.stop()

    app = FastAPI(
        title="Permit document intake",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(_known_query)],
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    # Starlette spools a file part over 1 MiB to a temporary file, then the route reads it
    # back into memory to hash and store it: a typical scan was written to disk twice.
    # Parts up to this size stay in memory; BodyLimit bounds what one request holds.
    MultiPartParser.spool_max_size = UPLOAD_SPOOL_BYTES
    app.add_exception_handler(IntakeError, _intake_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
    _routes(app, settings)
    _admin_routes(app, settings)
    _internal_routes(app, settings)
    return app


async def _known_query(request: Request) -> None:
    """A query parameter the route does not take is refused, not ignored: a mistyped
    filter (`tenant=` for `tenant_id=`) must not silently widen an answer."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise InvalidRequest(
            f"Unknown query parameter(s): {', '.join(unknown)[:200]}. This route takes: {takes}."
        )


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _probe_tesseract(settings: Settings) -> str:
    """The version of the Tesseract that will read pages: the CLI's, or tesserocr's library."""
    try:
        return tesserocr_version() if settings.ocr_engine == "tesserocr" else tesseract_version()
    except Exception as exc:
        return f"unavailable: {exc}"


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _context(request: Request) -> ServiceContext:
    return _runtime(request).context


_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    description="An API key made with `intake keys create`: `ik_<id>_<secret>`.",
)


def _principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    x_tenant_id: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    """The key's principal; the tenant comes from the key, never from the request."""
    bearer = f"Bearer {credentials.credentials}" if credentials is not None else None
    remote = request.client.host if request.client else None
    with _context(request).transaction() as session:
        principal = authenticate(session, bearer, remote)
    if x_tenant_id is not None and x_tenant_id not in principal.tenants:
        raise InvalidRequest(
            "X-Tenant-Id is no longer read: the tenant comes from the API key, and this key "
            "does not reach that tenant. Leave the header out."
        )
    return principal


Caller = Annotated[Principal, Depends(_principal)]
TenantPath = Annotated[str, Path(pattern=auth.TENANT_PATTERN.pattern)]
# Ids as the service makes them (uuid4 hex, a key's 16 hex digits): nothing else reaches a query.
RecordId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
KeyId = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$")]


async def _role(request: Request, who: Principal, *roles: Role) -> Principal:
    """`who`, if its role is one of `roles`; a refusal is audited before it is answered.

    A coroutine, so an allowed request does not wait for a thread to be told so.
    """
    if who.role not in roles:
        route = request.scope.get("route")
        detail = {"route": f"{request.method} {getattr(route, 'path', '?')}"}
        await run_in_threadpool(_audit_denied, _context(request), who, detail)
    who.require(*roles)
    return who


def _audit_denied(context: ServiceContext, who: Principal, detail: dict[str, str]) -> None:
    with context.transaction() as session:
        audit.append(session, who.actor, "role.denied", outcome="denied", detail=detail)


async def _admin(request: Request, who: Caller) -> Principal:
    return await _role(request, who, Role.ADMIN)


async def _portal(request: Request, who: Caller) -> Principal:
    return await _role(request, who, Role.PORTAL)


async def _reader(request: Request, who: Caller) -> Principal:
    return await _role(request, who, *access.READERS)


Admin = Annotated[Principal, Depends(_admin)]
Portal = Annotated[Principal, Depends(_portal)]
Reader = Annotated[Principal, Depends(_reader)]


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the error answers a route gives, all in one shape."""
    words = {
        400: "The body could not be parsed (not JSON, not multipart).",
        401: "No API key, or an unknown or revoked one.",
        403: "The key's role may not do this.",
        404: "No such resource for this key (another tenant's looks the same).",
        410: "Deleted under the tenant's retention period.",
        413: "Too large: the upload, a file, or its pages.",
        415: "Not a type the service reads, or two types at once.",
        422: "The request or the file cannot be used; the message says why.",
    }
    return {s: {"model": ErrorPublic, "description": words[s]} for s in statuses}


def _routes(app: FastAPI, settings: Settings) -> None:
    @app.post(
        "/v1/submissions",
        status_code=202,
        response_model=SubmissionAccepted,
        responses=_errors(400, 401, 403, 413, 415, 422),
    )
    async def post_submission(
        request: Request,
        meta: Annotated[SubmissionCreate, Form()],
        who: Portal,
        # A default, not an annotation: the cap comes from the settings in scope.
        files: list[UploadFile] = File(  # noqa: B008
            description="one or more scans or PDFs",
            min_length=1,
            max_length=settings.max_files_per_submission,
        ),
    ) -> Any:
        incoming = [
            IncomingFile(f.filename or f"file-{i}", await f.read(), f.content_type)
            for i, f in enumerate(files)
        ]
        # Hashing, fsync and database writes block: keep them off the event loop.
        submission = await run_in_threadpool(
            access.submit,
            _context(request),
            who,
            meta,
            incoming,
        )
        return views.submission_accepted(submission, _base(request))

    @app.get(
        "/v1/submissions/{submission_id}",
        response_model=SubmissionPublic,
        responses=_errors(401, 403, 404, 422),
    )
    def get_submission(submission_id: RecordId, request: Request, who: Reader) -> Any:
        return access.submission_view(_context(request), who, submission_id, _base(request))

    @app.get(
        "/v1/submissions/{submission_id}/pages/{page_id}/image",
        response_class=Response,
        responses={
            200: {"content": {"image/png": {}, "image/jpeg": {}}, "description": "The image."},
            307: {"description": "A short-lived link to the image in the object store."},
            **_errors(401, 403, 404, 410, 422),
        },
    )
    def get_page_image(
        submission_id: RecordId,
        page_id: RecordId,
        request: Request,
        who: Reader,
        variant: access.Variant = "deskewed",
    ) -> Response:
        context = _context(request)
        image = access.page_image(context, who, submission_id, page_id, variant)
        url = context.objects.presigned_url(image.key, settings.s3_presign_seconds)
        if url is not None:
            # The client fetches the bytes from the store itself; no image passes through here.
            return RedirectResponse(url, status_code=307)
        return Response(context.objects.get(image.key), media_type=image.media_type)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz(request: Request) -> JSONResponse:
        checks = _runtime(request).check()
        tesseract = request.app.state.tesseract
        checks["tesseract"] = "ok" if not tesseract.startswith("unavailable") else tesseract
        ready = all(v == "ok" for v in checks.values())
        body = {
            "status": "ready" if ready else "not_ready",
            "checks": checks,
            "tesseract_version": tesseract,
        }
        return JSONResponse(body, status_code=200 if ready else 503)


def _internal_routes(app: FastAPI, settings: Settings) -> None:
    """/metrics, /docs and /openapi.json, for whom INTAKE_INTERNAL_ENDPOINTS names."""

    def internal(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    ) -> None:
        if settings.internal_endpoints == "open":
            return
        if settings.internal_endpoints == "admin":
            _principal(request, credentials).require(Role.ADMIN)
            return
        host = request.client.host if request.client else ""
        # A request a proxy forwarded comes from elsewhere, whatever address it arrives from.
        forwarded = any(h in request.headers for h in FORWARDING_HEADERS)
        if forwarded or not _is_loopback(host):
            raise Forbidden(
                "This endpoint answers only on this machine (INTAKE_INTERNAL_ENDPOINTS=loopback)."
            )

    guarded = [Depends(internal)]

    @app.get("/metrics", include_in_schema=False, dependencies=guarded)
    def get_metrics() -> Response:
        return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)

    @app.get("/openapi.json", include_in_schema=False, dependencies=guarded)
    def get_openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=guarded)
    def get_docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=app.title)


FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _admin_routes(app: FastAPI, settings: Settings) -> None:
    """Ops' endpoints: thresholds, keys and the audit trail, for admin keys only."""

    refusals = _errors(401, 403)

    def policies(request: Request) -> PolicySource:
        return _context(request).pipeline.policies

    def thresholds_public(source: PolicySource, changed: list[str]) -> ThresholdsPublic:
        status = source.status()
        return ThresholdsPublic(
            path=status.path,
            loaded_at=status.loaded_at,
            reloads=status.reloads,
            last_error=status.last_error,
            changed=changed,
            thresholds=source.current().as_mapping(),
        )

    def audited(request: Request, who: Principal, action: str, detail: dict[str, Any]) -> None:
        with _context(request).transaction() as session:
            audit.append(session, who.actor, action, detail=detail or None)

    @app.get("/v1/admin/thresholds", response_model=ThresholdsPublic, responses=refusals)
    def get_thresholds(request: Request, who: Admin) -> Any:
        return thresholds_public(policies(request), [])

    @app.post("/v1/admin/thresholds/reload", response_model=ThresholdsPublic, responses=refusals)
    def reload_thresholds(request: Request, who: Admin) -> Any:
        source = policies(request)
        changed = source.reload()
        audited(request, who, "thresholds.reload", {"changed": changed})
        return thresholds_public(source, changed)

    @app.post(
        "/v1/admin/thresholds/simulate",
        response_model=SimulationPublic,
        responses=_errors(401, 403, 422),
    )
    async def simulate_thresholds(
        request: Request,
        who: Admin,
        limit: Annotated[int, Query(ge=1, le=1_000_000, description="Newest pages.")] = 10_000,
    ) -> Any:
        """Body: a candidate thresholds file (TOML). Nothing is changed."""
        try:
            candidate = parse_policy((await request.body()).decode("utf-8"), source="the body")
        except UnicodeDecodeError as exc:
            raise InvalidRequest("The body must be a thresholds file in UTF-8 TOML.") from exc
        except ConfigError as exc:
            raise InvalidRequest(exc.message) from exc
        context = _context(request)
        stored = await run_in_threadpool(recent_pages, context.sessions, limit)
        await run_in_threadpool(
            audited, request, who, "thresholds.simulate", {"pages": len(stored)}
        )
        result = simulate(stored, candidate)
        return SimulationPublic(
            pages=result.pages,
            newly_rejected=result.newly_rejected,
            newly_passed=result.newly_passed,
            changes=describe_changes(context.pipeline.policy, candidate),
            reasons=[
                ReasonShift(doc_type=t, reason=r, gained=g, lost=lost)
                for t, r, g, lost in result.shifts()
            ],
        )

    @app.post(
        "/v1/admin/keys",
        status_code=201,
        response_model=KeyIssued,
        responses=_errors(400, 401, 403, 422),
    )
    def create_key(body: KeyCreate, request: Request, who: Admin) -> Any:
        with _context(request).transaction() as session:
            issued = auth.create_key(
                session,
                who.actor,
                Role(body.role),
                list(body.tenants),
                body.name,
                replace=body.replace,
            )
            return KeyIssued(**auth.describe(issued.record), key=issued.secret)

    @app.get("/v1/admin/keys", response_model=list[KeyPublic], responses=refusals)
    def list_keys(request: Request, who: Admin, include_revoked: bool = False) -> Any:
        with _context(request).sessions() as session:
            return [
                auth.describe(k) for k in auth.list_keys(session, include_revoked=include_revoked)
            ]

    @app.delete(
        "/v1/admin/keys/{key_id}",
        response_model=KeyPublic,
        responses=_errors(401, 403, 404, 422),
    )
    def revoke_key(key_id: KeyId, request: Request, who: Admin) -> Any:
        with _context(request).transaction() as session:
            return auth.describe(auth.revoke_key(session, who.actor, key_id))

    def retention_public(request: Request) -> RetentionPublic:
        with _context(request).sessions() as session:
            return RetentionPublic(
                default_days=settings.retention_days,
                tenants=[
                    RetentionPolicyPublic.model_validate(p, from_attributes=True)
                    for p in retention.policies(session)
                ],
            )

    @app.get("/v1/admin/retention", response_model=RetentionPublic, responses=refusals)
    def get_retention(request: Request, who: Admin) -> Any:
        return retention_public(request)

    @app.put(
        "/v1/admin/retention/{tenant_id}",
        response_model=RetentionPublic,
        responses=_errors(400, 401, 403, 422),
    )
    def set_retention(
        tenant_id: TenantPath, body: RetentionSet, request: Request, who: Admin
    ) -> Any:
        with _context(request).transaction() as session:
            retention.set_policy(session, who.actor, tenant_id, body.days)
        return retention_public(request)

    @app.delete(
        "/v1/admin/retention/{tenant_id}", response_model=RetentionPublic, responses=refusals
    )
    def clear_retention(tenant_id: TenantPath, request: Request, who: Admin) -> Any:
        with _context(request).transaction() as session:
            retention.clear_policy(session, who.actor, tenant_id)
        return retention_public(request)

    @app.post("/v1/admin/retention/run", response_model=RetentionRunPublic, responses=refusals)
    def run_retention(request: Request, who: Admin, dry_run: bool = False) -> Any:
        context = _context(request)
        report = retention.run(
            context.sessions, context.objects, who.actor, settings.retention_days, dry_run=dry_run
        )
        return RetentionRunPublic(
            dry_run=report.dry_run,
            submissions=report.submissions,
            objects=report.objects,
            failed=report.failed,
        )

    @app.get("/v1/admin/audit", response_model=AuditPage, responses=_errors(401, 403, 422))
    def get_audit(
        request: Request,
        who: Admin,
        where: Annotated[AuditQuery, Depends()],
        after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Any:
        with _context(request).transaction() as session:
            found = audit.events(session, where.filter(), after=after, limit=limit)
            audit.append(session, who.actor, "audit.read", detail=where.detail() or None)
            return AuditPage(
                events=[AuditEventPublic.model_validate(e, from_attributes=True) for e in found],
                next_after=found[-1].id if len(found) == limit else None,
            )

    @app.get(
        "/v1/admin/audit/export",
        response_class=StreamingResponse,
        responses={200: {"content": {"text/csv": {}}}, **_errors(401, 403, 422)},
    )
    def export_audit(
        request: Request, who: Admin, where: Annotated[AuditQuery, Depends()]
    ) -> StreamingResponse:
        """Every matching event as CSV, oldest first, streamed."""
        context = _context(request)
        audited(request, who, "audit.export", where.detail())

        return StreamingResponse(
            audit_csv(audit.every_event(context.sessions, where.filter())),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
        )


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def _intake_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntakeError)
    body: dict[str, Any] = exc.as_dict()
    if isinstance(exc, RejectedUpload):
        body["submission_id"] = exc.submission_id
    # RFC 6750: a 401 names the scheme the client should use.
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
    return JSONResponse(body, status_code=exc.http_status, headers=headers)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors (404, 405, a body it could not parse) in our shape."""
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc.__cause__, IntakeError):
        return await _intake_error(_request, exc.__cause__)
    codes = {404: "not_found", 405: "method_not_allowed", 413: FileTooLarge.code}
    message = _EXPLAINED.get(str(exc.detail), str(exc.detail))
    body = {"code": codes.get(exc.status_code, "invalid_request"), "message": message}
    return JSONResponse(body, status_code=exc.status_code)


# Starlette's terse words for a body it cannot parse, said so the sender can act on them.
_EXPLAINED = {
    "Invalid multipart data.": (
        "The upload is not valid multipart/form-data. Send each file as a part named 'files'; "
        "a part's headers, its file name included, may be at most 4 KiB."
    ),
}


async def _unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    body = {
        "code": "internal_error",
        "message": "Something went wrong on our side; the upload was kept. Try again later.",
    }
    return JSONResponse(body, status_code=500)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    body = {"code": InvalidRequest.code, "message": describe_validation(exc.errors())}
    return JSONResponse(body, status_code=422)


class BodyLimit:
    """Refuse request bodies over the upload cap, before they are parsed or spooled.

    Starlette sets no limit on a body; without this a single request could
    fill the disk.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise self._error()
            return message

        await self.app(scope, counting_receive, send)

    def _error(self) -> FileTooLarge:
        return FileTooLarge.over(self.max_bytes)

    async def _refuse(self, send: Send) -> None:
        response = JSONResponse(self._error().as_dict(), status_code=413)
        await response({"type": "http"}, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}
