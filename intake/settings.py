"""Infrastructure settings: one typed object, read from `INTAKE_*` variables.

Read once at process entry (`get_settings`) and handed down; nothing creates
settings at import time. The thresholds ops tune live in a TOML file
(`intake.rules.policy`), named here by `thresholds_file`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from intake.errors import ConfigError

DEFAULT_THRESHOLDS_FILE = Path(__file__).with_name("thresholds.toml")
MAX_RETENTION_DAYS = 36_500


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    data_dir: Path = Field(Path("var"), description="Root of the embedded stores.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default: SQLite file in data_dir."
    )
    object_store: Literal["local", "s3"] = Field(
        "local", description="'local': files under data_dir; 's3': a MinIO or S3 bucket."
    )
    s3_endpoint: str = Field("127.0.0.1:9000", description="host:port of the S3 service.")
    s3_secure: bool = Field(True, description="HTTPS to the S3 service.")
    s3_access_key: str | None = None
    s3_secret_key: SecretStr | None = None
    s3_region: str | None = None
    s3_bucket: str = Field("intake", description="Created at start-up when missing.")
    s3_server_side_encryption: bool = Field(
        False, description="Ask the store to encrypt each object at rest (SSE-S3)."
    )
    s3_timeout_seconds: float = Field(10.0, gt=0, le=600)
    s3_presign_seconds: int = Field(
        900,
        ge=60,
        le=7 * 24 * 3600,
        description="Lifetime of the download links handed out for page images.",
    )
    broker: Literal["inprocess", "redis", "rabbitmq"] = Field(
        "inprocess",
        description="'inprocess': worker threads inside `intake serve`; 'redis' or 'rabbitmq': "
        "separate `intake worker` processes.",
    )
    broker_url: str | None = Field(
        None, description="Default: redis://127.0.0.1:6379/0 or amqp://guest:guest@127.0.0.1:5672/."
    )
    broker_heartbeat_seconds: int = Field(
        30,
        ge=5,
        le=3600,
        description="Redis: how long a silent worker keeps its messages before they go back "
        "to the queue for another worker.",
    )
    worker_threads: int = Field(2, ge=1, le=64)
    worker_processes: int = Field(
        2, ge=1, le=64, description="Processes `intake worker` runs and restarts when one dies."
    )
    worker_metrics_port: int | None = Field(
        9191,
        ge=0,
        le=65535,
        description="Port of `intake worker`'s /metrics; unset to serve none.",
    )
    max_attempts: int = Field(3, ge=1, le=20, description="Tries of one page before it fails.")
    thresholds_file: Path = DEFAULT_THRESHOLDS_FILE
    thresholds_check_seconds: float = Field(
        5.0,
        ge=0,
        le=3600,
        description="How often a running service looks for a changed thresholds file; 0: only "
        "on SIGHUP or the admin reload endpoint.",
    )
    retention_days: int | None = Field(
        None,
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="Days after which a finished filing loses its files and personal data, "
        "for tenants without their own policy; unset: kept.",
    )
    retention_check_seconds: float = Field(
        3600.0,
        ge=0,
        le=86_400,
        description="How often a running service applies retention; 0: only "
        "`intake retention run`.",
    )
    internal_endpoints: Literal["loopback", "admin", "open"] = Field(
        "loopback",
        description="Who may read /metrics, /docs and /openapi.json: 'loopback' clients on "
        "this machine, an 'admin' key, or anyone ('open').",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    ocr_languages: str = Field(
        "nld+fra+deu+eng",
        pattern=r"^[a-z_]{3,}(\+[a-z_]{3,})*$",
        description="Languages pages may be in; each page is read with its own, the first "
        "language first.",
    )
    ocr_timeout_seconds: float = Field(120.0, gt=0, le=3600)
    ocr_engine: Literal["tesseract", "tesserocr"] = Field(
        "tesseract",
        description="'tesseract': a tesseract process per OCR call (pytesseract); 'tesserocr': "
        "models kept loaded in-process, one set per worker thread (the tesserocr extra).",
    )
    api_threads: int = Field(
        4,
        ge=1,
        le=256,
        description="Threads `intake serve` runs blocking calls in (database, object store). "
        "A few keep uploads fast on a busy interpreter; raise it when those calls wait on a "
        "network (PostgreSQL, S3) rather than a local disk.",
    )
    max_upload_bytes: int = Field(50 * 1024 * 1024, ge=1024)
    max_files_per_submission: int = Field(50, ge=1, le=1000)
    max_pages_per_file: int = Field(200, ge=1, le=5000)
    max_image_pixels: int = Field(120_000_000, ge=1_000_000)
    pdf_render_dpi: int = Field(300, ge=72, le=600)
    split_memory_mb: int = Field(
        512,
        ge=64,
        le=65_536,
        description="Memory a file's parsing may take on top of its pages' (see intake.sandbox).",
    )
    split_seconds: float = Field(
        120.0, gt=0, le=3600, description="Wall-clock limit of parsing and rasterising one file."
    )

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'intake.db'}"

    @property
    def resolved_broker_url(self) -> str:
        if self.broker_url:
            return self.broker_url
        if self.broker == "rabbitmq":
            return "amqp://guest:guest@127.0.0.1:5672/"
        return "redis://127.0.0.1:6379/0"

    @property
    def objects_dir(self) -> Path:
        return self.data_dir / "objects"


def load_settings() -> Settings:
    """Settings from the environment, with errors that name the variable."""
    if os.environ.get("INTAKE_ADMIN_TOKEN"):
        raise ConfigError(
            "INTAKE_ADMIN_TOKEN is no longer read: the admin endpoints take an admin API key. "
            "Make one with `intake keys create --role admin` and unset the variable."
        )
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"INTAKE_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
