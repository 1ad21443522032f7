"""Typed faults a handler may raise. Each says whether resending may help.

Business outcomes (a rejected brief, a failed QC) are replies, not these.
"""

from __future__ import annotations

from contracts.envelope import ErrorCode, ErrorInfo


class ModuleError(Exception):
    code: ErrorCode = ErrorCode.INTERNAL
    retryable: bool = False

    def __init__(self, message: str, *, code: ErrorCode | None = None,
                 retryable: bool | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        if retryable is not None:
            self.retryable = retryable

    def info(self) -> ErrorInfo:
        return ErrorInfo(code=self.code, message=str(self), retryable=self.retryable)


class NotFound(ModuleError):
    code = ErrorCode.NOT_FOUND


class Conflict(ModuleError):
    code = ErrorCode.CONFLICT
