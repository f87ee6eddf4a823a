"""The errors a person sees, each with a stable code.

One base class carries the code, the HTTP status the API answers with, and
whether a retry could help. Bad input is final (`retryable=False`): workers
never retry it and the submission shows the message. Infrastructure trouble is
retryable. The API, the CLI contract and the workers all map these classes in
exactly one place each.
"""

from __future__ import annotations


class IntakeError(Exception):
    code: str = "internal_error"
    http_status: int = 500
    retryable: bool = False
    # What the uploader should do, in Dutch, for every error of the class: the English
    # message may name numbers and pages, the Dutch one says the same for any of them.
    message_nl: str | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, str]:
        body = {"code": self.code, "message": self.message}
        if self.message_nl is not None:
            body["message_nl"] = self.message_nl
        return body


class BadInput(IntakeError):
    """The upload itself is the problem: say what to do, never retry."""

    http_status = 422


class EmptyFile(BadInput):
    code = "empty_file"
    message_nl = "Het bestand is leeg. Laad het document opnieuw op."


class UnsupportedType(BadInput):
    code = "unsupported_type"
    message_nl = (
        "Dit bestand is geen PDF, JPEG, PNG of TIFF. Bewaar of exporteer het document in "
        "een van die formaten en laad het opnieuw op."
    )
    http_status = 415


class AmbiguousFile(BadInput):
    """A polyglot: the file is two formats at once (a PDF with a ZIP attached, say)."""

    code = "ambiguous_file"
    message_nl = (
        "Dit bestand is tegelijk twee formaten (bijvoorbeeld een PDF met een ZIP-archief "
        "eraan vast). Exporteer het document opnieuw als gewone PDF of afbeelding en laad "
        "dat op."
    )
    http_status = 415


class EncryptedPdf(BadInput):
    code = "encrypted_pdf"
    message_nl = (
        "De PDF is beveiligd met een wachtwoord. Verwijder de beveiliging of druk het "
        "document af naar een nieuwe PDF en laad die op."
    )


class UnreadablePdf(BadInput):
    code = "unreadable_pdf"
    message_nl = (
        "De PDF kan niet gelezen worden; hij is mogelijk beschadigd. Exporteer hem opnieuw "
        "en laad hem opnieuw op."
    )


class UnreadableImage(BadInput):
    code = "unreadable_image"
    message_nl = (
        "De afbeelding kan niet gelezen worden; ze is mogelijk beschadigd of onvolledig. "
        "Exporteer of scan ze opnieuw en laad het nieuwe bestand op."
    )


class TooManyPages(BadInput):
    code = "too_many_pages"
    message_nl = (
        "Het bestand heeft meer pagina's dan per bestand aanvaard worden. Splits het in "
        "kleinere bestanden."
    )
    http_status = 413


class ImageTooLarge(BadInput):
    code = "image_too_large"
    message_nl = "De afbeelding heeft meer pixels dan aanvaard worden. Scan aan 300 dpi."
    http_status = 413


class ResourceLimit(BadInput):
    """Reading the file took more memory or time than any scan of a document needs."""

    code = "resource_limit"
    message_nl = (
        "Dit bestand lezen vraagt meer geheugen of tijd dan een scan van een document; het "
        "is mogelijk beschadigd. Exporteer of scan het document opnieuw als gewone PDF of "
        "afbeelding en laad dat op."
    )
    http_status = 422


class FileTooLarge(BadInput):
    code = "file_too_large"
    message_nl = (
        "Het bestand is groter dan toegelaten. Stuur minder bestanden per indiening of scan "
        "aan 300 dpi."
    )
    http_status = 413

    @classmethod
    def over(cls, max_bytes: int) -> FileTooLarge:
        """The refusal of an upload over `max_bytes` (INTAKE_MAX_UPLOAD_BYTES), API and CLI."""
        if max_bytes >= 1 << 20:
            limit = f"{max_bytes >> 20} MiB"
        else:
            limit = f"{max_bytes >> 10} KiB" if max_bytes >= 1 << 10 else f"{max_bytes} bytes"
        return cls(
            f"The upload is larger than {limit}. "
            "Send fewer files per submission or scan at 300 dpi."
        )


class UnreadableFile(BadInput):
    """The CLI could not open a path it was given, or a parser broke on the file's structure."""

    code = "unreadable_file"
    message_nl = (
        "Dit bestand kan niet gelezen worden. Exporteer of scan het document opnieuw als "
        "gewone PDF of afbeelding en laad dat op."
    )


class InvalidRequest(BadInput):
    code = "invalid_request"


class NotFound(IntakeError):
    code = "not_found"
    http_status = 404


class Purged(IntakeError):
    """The data asked for was deleted under the tenant's retention."""

    code = "purged"
    http_status = 410


class Unauthorized(IntakeError):
    """No API key, or one that is unknown or revoked."""

    code = "unauthorized"
    http_status = 401


class Forbidden(IntakeError):
    """A valid key whose role may not do this (a portal key on an admin route, say)."""

    code = "forbidden"
    http_status = 403


class ConfigError(IntakeError):
    """The service's own configuration is wrong; raised at start-up."""

    code = "config_error"


class OcrFailed(IntakeError):
    """Tesseract failed or timed out; another attempt may succeed."""

    code = "ocr_failed"
    http_status = 503
    retryable = True


class ProcessingFailed(IntakeError):
    """The service gave up on a file or page after its attempts; the reason says why."""

    code = "processing_failed"


def error_from_record(row: object) -> IntakeError:
    """The error a stored row's `error_code` and `error_message` stand for.

    A failure read back from the record store is then judged exactly like a
    fresh one (bad input is final, anything else is the service's failure).
    """
    code = getattr(row, "error_code", None) or IntakeError.code
    message = getattr(row, "error_message", None) or ""
    error = _classes_by_code().get(code, IntakeError)(message)
    error.code = code
    return error


def _classes_by_code() -> dict[str, type[IntakeError]]:
    found: dict[str, type[IntakeError]] = {}
    pending: list[type[IntakeError]] = [IntakeError]
    while pending:
        cls = pending.pop()
        if "code" in vars(cls):
            found.setdefault(cls.code, cls)
        pending.extend(cls.__subclasses__())
    return found
