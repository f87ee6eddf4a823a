"""Parse and rasterise an upload in a child process with a memory and a time limit.

Nothing in the parsing stack promises safety on hostile input: qpdf inflates a
Flate bomb of a few hundred KB to gigabytes, PDFium renders whatever a content
stream asks for, and a decoder can loop. So `split` runs in a child forked
from a small server process (multiprocessing's forkserver, which preloads the
parsers once, so a file costs a fork, not an interpreter start). The child
caps its own address space (RLIMIT_AS) before it touches the bytes; the parent
waits at most the wall-clock limit and kills it after. A file that breaks a
limit is a final `resource_limit` refusal for that file alone: the worker and
every other file go on. Pages come back pickled through a pipe.

The memory limit is `memory_bytes` for the parsers' work plus, per page the
file declares, three A4 pages at the render resolution (the page, its copy on
the way back, a decoder's buffer): a 200-page scan gets its pages' memory, a
one-page bomb no more than one page's.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import sys
from dataclasses import dataclass
from functools import cache
from multiprocessing.connection import Connection
from typing import Any

from intake.errors import BadInput, ResourceLimit, UnreadableFile
from intake.split import SplitFile, SplitLimits, count_pages, page_bytes, split

log = logging.getLogger(__name__)
_PROJECT_PACKAGES = frozenset({"intake", "ocr", "quality", "storage", "workers", "benchmarks"})
# What the child reports: the pages, or the error a person reads, or that it ran out.
_Outcome = tuple[str, Any]


@dataclass(frozen=True)
class SandboxLimits:
    memory_bytes: int = 512 << 20  # for the parsers, on top of the pages (module docstring)
    seconds: float = 120.0


def split_isolated(data: bytes, limits: SplitLimits, sandbox: SandboxLimits) -> SplitFile:
    """`split(data, limits)` in a child held to `sandbox`; BadInput as `split` raises it."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_split_in_child, args=(sender, data, limits, sandbox.memory_bytes), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(sandbox.seconds):
            raise _too_slow(sandbox.seconds)
        try:
            kind, value = receiver.recv()
        except EOFError as exc:  # the child died without a word: killed, or out of memory
            raise _too_big(sandbox.memory_bytes) from exc
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "pages":
        result: SplitFile = value
        return result
    if kind == "memory":
        raise _too_big(sandbox.memory_bytes)
    if kind == "crash":
        # The class only: a parser's message may quote the file.
        log.error("a parser failed on an upload with %s; refused as unreadable_file", value)
        raise UnreadableFile(
            "This file's structure is damaged in a way the readers cannot follow. Export or "
            "scan the document again as a plain PDF or image and upload that."
        )
    raise value


@cache
def _context() -> Any:
    """The forkserver context, started on first use.

    multiprocessing runs the parent's main module again in every child; its
    imports cost nothing when the server has them already, so the server
    preloads every module of this project the parent has imported (and with
    them the libraries they use), not only the parsers.
    """
    context = multiprocessing.get_context("forkserver")
    loaded = [name for name in sys.modules if name.split(".")[0] in _PROJECT_PACKAGES]
    context.set_forkserver_preload(sorted({"intake.sandbox", *loaded}))
    return context


def _split_in_child(sender: Connection, data: bytes, limits: SplitLimits, memory: int) -> None:
    outcome: _Outcome
    try:
        _cap_address_space(memory + 3 * page_bytes(limits) * count_pages(data))
        outcome = ("pages", split(data, limits))
    except MemoryError:
        outcome = ("memory", None)
    except BadInput as exc:
        outcome = ("error", exc)
    except Exception as exc:  # a parser's bug met this file: said as such, not as memory
        outcome = ("crash", type(exc).__name__)
    sender.send(outcome)
    sender.close()


def _cap_address_space(extra: int) -> None:
    """Allow what the process maps already (the parsers' libraries) plus `extra` bytes."""
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    limit = mapped + extra
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _too_big(memory: int) -> ResourceLimit:
    return ResourceLimit(
        f"Reading this file needs more than {memory >> 20} MiB of memory, more than any "
        "scan of a document does; it may be damaged or built to exhaust the service. Export "
        "or scan the document again as a plain PDF or image and upload that."
    )


def _too_slow(seconds: float) -> ResourceLimit:
    return ResourceLimit(
        f"Reading this file took longer than {seconds:g} seconds, longer than any scan of a "
        "document takes; it may be damaged or built to exhaust the service. Export or scan "
        "the document again as a plain PDF or image and upload that."
    )
