"""The ``aligner`` command line: a thin layer of argument parsing and printing over the API.

Exit codes: 0 success, 1 findings above ``--fail-on-findings``, 2 usage error, 3 input error,
4 output error, 5 encoder error, 70 internal error (rerun with ``--debug`` for the traceback),
130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import signal
import sys
import threading
import traceback
from types import FrameType

import typer

from aligner.errors import AlignerError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a job scheduler, a container stopping), raised where the process is.

    A KeyboardInterrupt subclass, so every clean-up that Ctrl-C runs (staged outputs removed,
    half-written cache entries deleted, locks released) runs for it too.
    """


_received_sigterm = threading.Event()


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    # Remembered as well as raised: typer turns the KeyboardInterrupt into a plain exit code 130.
    # Further SIGTERMs (some schedulers repeat them) are ignored, so the clean-up runs to the end.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _received_sigterm.set()
    raise Terminated


app = typer.Typer(
    name="aligner",
    help=(
        "Align English-Chinese document collections into parallel corpora, translation memories "
        "and audit reports.\n\n"
        "Example: aligner run corpora/cmia-19/en.txt corpora/cmia-19/zh.txt -o out/cmia-19\n\n"
        "Exit codes: 0 ok, 1 findings above --fail-on-findings, 2 usage, 3 input, 4 output, "
        "5 encoder, 70 internal error, 130 interrupted, 143 terminated. Add --debug before the command for "
        "tracebacks."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root() -> None:
    """Keeps ``aligner`` a command group even while it has a single command."""


def _register_commands() -> None:
    """Import every ``aligner.cli.*_cmd`` module; each registers its commands on ``app``."""
    import importlib
    import pkgutil

    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.endswith("_cmd"):
            importlib.import_module(f"{__name__}.{module.name}")


_register_commands()


def error_line(message: str) -> None:
    print(f"aligner: error: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns (and exits with) the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    command = typer.main.get_command(app)
    _received_sigterm.clear()
    previous_handler = None
    if argv is None and threading.current_thread() is threading.main_thread():
        previous_handler = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        result = command.main(args=args, prog_name="aligner", standalone_mode=False)
        code = result if isinstance(result, int) else EXIT_OK
    except typer.Exit as done:
        code = done.exit_code
    except (typer.Abort, KeyboardInterrupt):  # Terminated too, where typer lets it through
        code = EXIT_INTERRUPTED
    except typer.exceptions.TyperException as problem:  # usage errors: unknown option, bad value
        show = getattr(problem, "show", None)
        if callable(show):
            show()
        else:
            error_line(problem.format_message())
        code = problem.exit_code
    except AlignerError as problem:
        if debug:
            traceback.print_exc()
        error_line(str(problem))
        code = problem.exit_code
    except Exception as problem:  # the last line of defence: never a bare traceback
        if debug:
            traceback.print_exc()
        error_line(
            f"internal error: {type(problem).__name__}: {problem}; rerun with --debug for the "
            "traceback and report it"
        )
        code = EXIT_INTERNAL
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)
    if code == EXIT_INTERRUPTED and _received_sigterm.is_set():
        code = EXIT_TERMINATED
    if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into a quiet exit code 130: say what happened
        error_line("interrupted; no partial output was left behind")
    elif code == EXIT_TERMINATED:
        error_line("terminated (SIGTERM); no partial output was left behind")
    if argv is None:
        sys.exit(code)
    return code
