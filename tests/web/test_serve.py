"""``kg serve``: registered on the kg group, documented, and clear about a missing build."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from kg.cli import main


def test_serve_is_registered_with_help(runner) -> None:
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--no-build"):
        assert option in result.output


def test_serve_no_build_without_built_graph_fails_clearly(runner, tmp_path) -> None:
    result = runner.invoke(main, ["--build-dir", str(tmp_path / "leeg"), "serve", "--no-build"])
    assert result.exit_code == 2
    assert "kg build" in result.output


def test_serve_starts_the_app(runner, monkeypatch, sample_settings) -> None:
    import web.server

    started = {}
    monkeypatch.setattr(web.server, "serve_forever", lambda app, host, port, workers, threads: started.update(
        host=host, port=port, workers=workers, threads=threads, blueprints=set(app.blueprints)))
    result = runner.invoke(main, ["--data-dir", str(sample_settings.data_dir), "--build-dir", str(sample_settings.build_dir),
                                  "serve", "--no-build", "--port", "5099", "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert started["port"] == 5099 and started["host"] == "127.0.0.1" and started["workers"] == 3
    assert {"browse", "sparql", "meta"} <= started["blueprints"]


def test_serve_runs_a_production_server(sample_settings) -> None:
    """`kg serve` answers on gunicorn (not Flask's development server), and stops on SIGTERM."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kg", "--data-dir", str(sample_settings.data_dir), "--build-dir",
               str(sample_settings.build_dir), "serve", "--no-build", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "format": "json"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body, server_header = response.read(), response.headers.get("Server", "")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()
                time.sleep(0.2)
        assert json.loads(body) == {"head": {}, "boolean": True}
        assert server_header == ""  # no banner, neither Werkzeug nor gunicorn
    finally:
        server.terminate()
        assert server.wait(timeout=20) == 0
