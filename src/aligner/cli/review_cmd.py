"""``aligner review``: correct a run's alignment in the browser; exports then use the corrections."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from aligner.cli import app
from aligner.errors import UsageError
from aligner.fileio import describe_os_error

DEFAULT_PORT = 8720


def _listen(host: str, port: int) -> socket.socket:
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET  # a host name such as localhost
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        hint = "; pass --port 0 to take a free port" if port else ""
        raise UsageError(f"cannot listen on {host}:{port}: {describe_os_error(exc)}{hint}") from exc
    return sock


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _has_display() -> bool:
    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


@app.command("review")
def review_command(
    run_dir: Annotated[Path, typer.Argument(help="Run folder written by 'aligner run'.", show_default=False)],
    port: Annotated[int, typer.Option(help="Port to listen on; 0 takes a free one.")] = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Anything but 127.0.0.1 lets other machines change the review."
        ),
    ] = "127.0.0.1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the URL only; open no browser.")
    ] = False,
    reviewer: Annotated[
        str | None,
        typer.Option(help="Name recorded with each decision [default: your login name].", show_default=False),
    ] = None,
) -> None:
    """Serve a page to review RUN_DIR's alignment: documents side by side, bead by bead, with their
    scores and findings. Confirm, reject, merge, split, move, edit beads and judge findings; each
    decision is appended to RUN_DIR/review.jsonl, and 'aligner export' and 'aligner report' apply
    them. Stop with Ctrl-C.

    Example: aligner review out/cmia-19 --reviewer "Li Wei"
    """
    if not 0 <= port <= 65535:
        raise UsageError(f"--port must lie in 0..65535, not {port}")
    import uvicorn

    from aligner.review.server import LOOPBACK_HOSTS, create_app

    name = reviewer if reviewer is not None else _login_name()
    loopback = _is_loopback(host)
    application = create_app(run_dir, name, allowed_hosts=LOOPBACK_HOSTS if loopback else ["*"])
    sock = _listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    typer.echo(f"reviewing {run_dir} as {name or 'an unnamed reviewer'} at {url} (Ctrl-C to stop)")
    if not loopback:
        typer.echo(f"warning: listening on {host}: anyone who can reach it can change this review", err=True)
    if not no_browser:
        if _has_display():
            import webbrowser

            webbrowser.open(url)
        else:
            typer.echo("no display to open a browser on: open the URL yourself", err=True)
    server = uvicorn.Server(
        uvicorn.Config(application, log_level="warning", access_log=False, lifespan="off")
    )
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def _login_name() -> str:
    for variable in ("ALIGNER_REVIEWER", "USER", "USERNAME", "LOGNAME"):
        value = os.environ.get(variable)
        if value:
            return value
    return ""
