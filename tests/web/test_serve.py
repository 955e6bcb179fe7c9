"""``kg serve``: registered on the kg group, documented, and clear about a missing build."""

from __future__ import annotations

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
    from flask import Flask

    started = {}
    monkeypatch.setattr(Flask, "run", lambda self, **kw: started.update(kw, blueprints=set(self.blueprints)))
    result = runner.invoke(main, ["--data-dir", str(sample_settings.data_dir), "--build-dir", str(sample_settings.build_dir),
                                  "serve", "--no-build", "--port", "5099"])
    assert result.exit_code == 0, result.output
    assert started["port"] == 5099 and started["host"] == "127.0.0.1"
    assert {"browse", "sparql", "meta"} <= started["blueprints"]
