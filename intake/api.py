"""The HTTP API: thin routes over `intake.service`; errors map to HTTP in one handler."""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal, Protocol

from fastapi import Depends, FastAPI, File, Form, Header, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intake import metrics, views
from intake.errors import (
    AdminDisabled,
    ConfigError,
    FileTooLarge,
    IntakeError,
    InvalidRequest,
    NotFound,
    Unauthorized,
)
from intake.policy_source import PolicySource, reload_on_sighup
from intake.rules.policy import describe_changes, parse_policy
from intake.schemas import (
    ReasonShift,
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
    SubmissionMeta,
    create_submission,
)
from intake.settings import Settings
from intake.simulate import recent_pages, simulate
from ocr.engines.tesseract import tesseract_version
from ocr.engines.tesserocr import tesserocr_version
from storage.records import Page, Submission

log = logging.getLogger(__name__)
TENANT_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
DEFAULT_TENANT = "default"
IMAGE_VARIANTS = {"original": "image_key", "deskewed": "deskewed_key", "thumbnail": "thumbnail_key"}


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
        reload_on_sighup(app.state.runtime.context.pipeline.policies)
        try:
            yield
        finally:
            app.state.runtime.stop()

    app = FastAPI(title="Permit document intake", version="0.1.0", lifespan=lifespan)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.add_exception_handler(IntakeError, _intake_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
    _routes(app, settings)
    _admin_routes(app, settings)
    return app


def _probe_tesseract(settings: Settings) -> str:
    """The version of the Tesseract that will read pages: the CLI's, or tesserocr's library."""
    try:
        return tesserocr_version() if settings.ocr_engine == "tesserocr" else tesseract_version()
    except Exception as exc:
        return f"unavailable: {exc}"


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _tenant(x_tenant_id: Annotated[str | None, Header()] = None) -> str:
    tenant = x_tenant_id or DEFAULT_TENANT
    if not TENANT_PATTERN.match(tenant):
        raise InvalidRequest("X-Tenant-Id must be 1 to 64 letters, digits, '.', '_' or '-'.")
    return tenant


def _routes(app: FastAPI, settings: Settings) -> None:
    @app.post("/v1/submissions", status_code=202, response_model=SubmissionAccepted)
    async def post_submission(
        request: Request,
        files: Annotated[list[UploadFile], File(description="one or more scans or PDFs")],
        tenant: Annotated[str, Depends(_tenant)],
        external_ref: Annotated[str | None, Form()] = None,
        permit_type: Annotated[str | None, Form()] = None,
        applicant_name: Annotated[str | None, Form()] = None,
        declared_gross_salary: Annotated[str | None, Form()] = None,
        salary_period: Annotated[str | None, Form()] = None,
        occupation_category: Annotated[str | None, Form()] = None,
    ) -> Any:
        try:
            meta = SubmissionCreate(
                external_ref=external_ref,
                permit_type=permit_type,
                applicant_name=applicant_name,
                declared_gross_salary=declared_gross_salary,
                salary_period=salary_period,
                occupation_category=occupation_category,
            )
        except ValidationError as exc:
            raise InvalidRequest(describe_validation(exc.errors())) from exc
        if len(files) > settings.max_files_per_submission:
            raise InvalidRequest(
                f"At most {settings.max_files_per_submission} files per submission."
            )
        incoming = [
            IncomingFile(f.filename or f"file-{i}", await f.read(), f.content_type)
            for i, f in enumerate(files)
        ]
        runtime = _runtime(request)
        # Hashing, fsync and database writes block: keep them off the event loop.
        submission = await run_in_threadpool(
            create_submission,
            runtime.context,
            SubmissionMeta(tenant_id=tenant, **meta.model_dump()),
            incoming,
        )
        return views.submission_accepted(submission, _base(request))

    @app.get("/v1/submissions/{submission_id}", response_model=SubmissionPublic)
    def get_submission(
        submission_id: str, request: Request, tenant: Annotated[str, Depends(_tenant)]
    ) -> Any:
        with _runtime(request).context.sessions() as session:
            submission = _owned_submission(session, submission_id, tenant)
            return views.submission_public(submission, _base(request))

    @app.get("/v1/submissions/{submission_id}/pages/{page_id}/image")
    def get_page_image(
        submission_id: str,
        page_id: str,
        request: Request,
        tenant: Annotated[str, Depends(_tenant)],
        variant: Literal["original", "deskewed", "thumbnail"] = "deskewed",
    ) -> Response:
        runtime = _runtime(request)
        with runtime.context.sessions() as session:
            _owned_submission(session, submission_id, tenant)
            page = session.get(Page, page_id)
            if page is None or page.submission_id != submission_id:
                raise NotFound("No such page in this submission.")
            key = getattr(page, IMAGE_VARIANTS[variant])
        if key is None:
            raise NotFound(f"The {variant} image of this page is not ready yet.")
        url = runtime.context.objects.presigned_url(key, settings.s3_presign_seconds)
        if url is not None:
            # The client fetches the bytes from the store itself; no image passes through here.
            return RedirectResponse(url, status_code=307)
        media = "image/jpeg" if key.endswith(".jpg") else "image/png"
        return Response(runtime.context.objects.get(key), media_type=media)

    @app.get("/metrics", include_in_schema=False)
    def get_metrics() -> Response:
        return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)

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


def _admin_routes(app: FastAPI, settings: Settings) -> None:
    """Ops' endpoints: see and reload the thresholds in force, try a candidate file."""

    def admin(authorization: Annotated[str | None, Header()] = None) -> None:
        if settings.admin_token is None:
            raise AdminDisabled("Admin endpoints are disabled: set INTAKE_ADMIN_TOKEN to use them.")
        expected = f"Bearer {settings.admin_token.get_secret_value()}".encode()
        if not hmac.compare_digest((authorization or "").encode(), expected):
            raise Unauthorized("Send the admin token as 'Authorization: Bearer <token>'.")

    def policies(request: Request) -> PolicySource:
        return _runtime(request).context.pipeline.policies

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

    @app.get("/v1/admin/thresholds", response_model=ThresholdsPublic, dependencies=[Depends(admin)])
    def get_thresholds(request: Request) -> Any:
        return thresholds_public(policies(request), [])

    @app.post(
        "/v1/admin/thresholds/reload",
        response_model=ThresholdsPublic,
        dependencies=[Depends(admin)],
    )
    def reload_thresholds(request: Request) -> Any:
        source = policies(request)
        return thresholds_public(source, source.reload())

    @app.post(
        "/v1/admin/thresholds/simulate",
        response_model=SimulationPublic,
        dependencies=[Depends(admin)],
    )
    async def simulate_thresholds(request: Request, limit: int = 10_000) -> Any:
        """Body: a candidate thresholds file (TOML). Nothing is changed."""
        if not 1 <= limit <= 1_000_000:
            raise InvalidRequest("limit must be from 1 to 1000000 pages.")
        try:
            candidate = parse_policy((await request.body()).decode("utf-8"), source="the body")
        except UnicodeDecodeError as exc:
            raise InvalidRequest("The body must be a thresholds file in UTF-8 TOML.") from exc
        except ConfigError as exc:
            raise InvalidRequest(exc.message) from exc
        runtime = _runtime(request)
        stored = await run_in_threadpool(recent_pages, runtime.context.sessions, limit)
        result = simulate(stored, candidate)
        return SimulationPublic(
            pages=result.pages,
            newly_rejected=result.newly_rejected,
            newly_passed=result.newly_passed,
            changes=describe_changes(runtime.context.pipeline.policy, candidate),
            reasons=[
                ReasonShift(doc_type=t, reason=r, gained=g, lost=lost)
                for t, r, g, lost in result.shifts()
            ],
        )


def _owned_submission(session: Any, submission_id: str, tenant: str) -> Submission:
    submission = session.get(Submission, submission_id)
    if submission is None or submission.tenant_id != tenant:
        raise NotFound("No submission with this id.")
    result: Submission = submission
    return result


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def _intake_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntakeError)
    body: dict[str, Any] = exc.as_dict()
    if isinstance(exc, RejectedUpload):
        body["submission_id"] = exc.submission_id
    return JSONResponse(body, status_code=exc.http_status)


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
