"""The supervisor's typed refusal: answered to the driver as an error reply."""

from __future__ import annotations

from contracts.envelope import ErrorCode, ErrorInfo


class SupervisorError(Exception):
    def __init__(self, code: ErrorCode, message: str, retryable: bool = False):
        super().__init__(message)
        self.info = ErrorInfo(code=code, message=message, retryable=retryable)

    @classmethod
    def passed_on(cls, info: ErrorInfo) -> SupervisorError:
        """A module's refusal of what the supervisor asked on a driver's behalf, as is."""
        return cls(info.code, info.message, info.retryable)
