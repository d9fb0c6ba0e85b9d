"""Error types the CLI turns into one-line messages and distinct exit codes."""

from __future__ import annotations


class AlignerError(Exception):
    """Base class for errors a user can act on. ``exit_code`` is the process exit status."""

    exit_code = 3


class UsageError(AlignerError):
    """Bad options or option combinations."""

    exit_code = 2


class InputError(AlignerError):
    """A missing, empty, binary or undecodable input, or one that cannot be used as asked."""

    exit_code = 3


class OutputError(AlignerError):
    """An output folder or file that cannot be written, or would clobber an earlier run."""

    exit_code = 4


class EncoderError(AlignerError):
    """An encoder that cannot be loaded (unknown name, model not available offline)."""

    exit_code = 5


class ComponentError(AlignerError):
    """An optional component that is not installed (an extra such as ``ray``) or cannot start.

    Same exit status as an encoder that cannot be loaded: in both, the set-up lacks a part.
    """

    exit_code = 5
