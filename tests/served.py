"""Real processes for the deployment tests: start a command as a host would, wait until it
answers, stop it as systemd would (SIGTERM), and show what it printed when something fails."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import free_port

__all__ = ["Served", "free_port", "procfile", "start", "wait_until_answering"]


@dataclass
class Served:
    name: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start(name: str, command: list[str] | str, *, env: dict, cwd: Path, logs: Path) -> Served:
    """Start `command` (a shell line when a string, as a Procfile runner would) in its own
    process group, its output in `logs/<name>.log`."""
    log = logs / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - our own commands, on loopback
            ["bash", "-c", command] if isinstance(command, str) else command,
            env=env,
            cwd=cwd,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Served(name, process, log)


def wait_until_answering(served: Served, url: str, *, timeout: float = 60, context=None) -> None:
    """Poll `url` until it answers at all (any HTTP status), failing with the process's output
    if it stops first or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise AssertionError(f"{served.name} stopped:\n{served.output()}")
        try:
            urllib.request.urlopen(url, timeout=5, context=context)  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"{served.name} did not answer {url}:\n{served.output()}")


def procfile(path: Path) -> dict[str, str]:
    """The process types of a Procfile: {name: shell command}."""
    commands = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = command.strip()
    return commands
