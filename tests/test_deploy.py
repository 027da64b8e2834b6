"""The daily deployment is declared twice (code for `serve`, prefect.yaml for workers): they agree.

Also the server-less edges of `tariffs trigger` / `tariffs serve`: errors naming the setting,
which parameters are sent, and the exit codes of final states.
"""

from __future__ import annotations

import importlib
import socket
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import pytest
import yaml
from typer.testing import CliRunner

from flows import deploy
from kztariffs.cli import app

REPO = Path(__file__).resolve().parents[1]


def _yaml_deployment() -> dict[str, Any]:
    config = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    (only,) = config["deployments"]
    return {**only, "pull": config["pull"]}


def test_prefect_yaml_declares_the_deployment_of_flows_deploy() -> None:
    declared = _yaml_deployment()
    served = deploy.daily_deployment()
    (schedule,) = served.schedules or []
    (yaml_schedule,) = declared["schedules"]

    assert served.name == declared["name"] == deploy.DEPLOYMENT_NAME == "daily"
    assert f"{served.flow_name}/{served.name}" == deploy.FULL_NAME == "scrape-and-publish/daily"
    assert schedule.schedule.cron == yaml_schedule["cron"] == deploy.CRON == "0 6 * * *"
    assert schedule.schedule.timezone == yaml_schedule["timezone"] == "Asia/Almaty"
    assert schedule.active and yaml_schedule["active"]
    assert served.entrypoint == declared["entrypoint"] == deploy.ENTRYPOINT
    assert served.parameters == declared["parameters"] == {"source": "live", "output": "output"}
    assert served.tags == declared["tags"] and served.description == declared["description"]
    assert declared["work_pool"]["name"] == deploy.WORK_POOL


def test_entrypoint_and_pull_step_import() -> None:
    module, _, attr = deploy.ENTRYPOINT.rpartition(".")
    assert getattr(importlib.import_module(module), attr).name == deploy.FLOW_NAME
    for step in _yaml_deployment()["pull"]:
        (qualified,) = step
        module, _, attr = qualified.rpartition(".")
        assert callable(getattr(importlib.import_module(module), attr))


def test_worker_runs_enter_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(deploy.DATA_DIR_ENV, raising=False)
    with pytest.raises(RuntimeError, match=deploy.DATA_DIR_ENV):
        deploy.enter_data_dir()
    target = tmp_path / "data" / "kz"
    monkeypatch.setenv(deploy.DATA_DIR_ENV, str(target))
    assert deploy.enter_data_dir() == {"directory": str(target.resolve())}
    assert Path.cwd() == target.resolve()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("command", [["trigger"], ["serve"]])
def test_without_a_server_url_the_error_names_the_setting(command: list[str]) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        result = CliRunner().invoke(app, command)
    assert result.exit_code == 2, result.output
    assert "PREFECT_API_URL" in result.output and "no Prefect server configured" in result.output


def test_a_server_that_does_not_answer_is_named() -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url = f"http://127.0.0.1:{_free_port()}/api"
    with temporary_settings(updates={PREFECT_API_URL: url}):
        result = CliRunner().invoke(app, ["trigger", "--wait"])
    assert result.exit_code == 2, result.output
    assert f"PREFECT_API_URL={url} does not answer" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("args", "parameters"),
    [
        ([], {}),
        (
            ["-o", "kcell", "--operator", "izi", "--source", "recorded", "--no-publish"],
            {"operators": ["kcell", "izi"], "source": "recorded", "publish": False},
        ),
        (
            ["--output", "/srv/out", "--recorded-dir", "/srv/rec", "--publish"],
            {"output": "/srv/out", "recorded_dir": "/srv/rec", "publish": True},
        ),
    ],
)
def test_trigger_sends_only_the_given_parameters(
    monkeypatch: pytest.MonkeyPatch, args: list[str], parameters: dict[str, Any]
) -> None:
    """Unset options stay unset, so the deployment's defaults (live, output/) apply."""
    import kztariffs.remote as remote

    sent: list[dict[str, Any]] = []

    def fake_trigger(params: dict[str, Any]) -> Any:
        sent.append(params)
        return SimpleNamespace(name="quiet-fox", id=uuid4())

    monkeypatch.setattr(remote, "trigger", fake_trigger)
    result = CliRunner().invoke(app, ["trigger", *args])
    assert result.exit_code == 0, result.output
    assert sent == [parameters]
    assert "quiet-fox" in result.output


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ("Completed", 0),
        ("Stale", 3),
        ("Failed", 1),
        ("Crashed", 1),
        ("Cancelled", 1),
    ],
)
def test_trigger_wait_exit_codes(monkeypatch: pytest.MonkeyPatch, state: str, code: int) -> None:
    import prefect.states as states

    import kztariffs.remote as remote

    final = (
        states.Completed(name="Stale", message="stale: izi")
        if state == "Stale"
        else getattr(states, state)()
    )
    seen: list[str] = []

    def fake_follow(flow_run_id: Any, on_change: Any, poll_seconds: float = 1.0) -> Any:
        for s in (states.Pending(), states.Running(), final):
            on_change(s)
            seen.append(s.name)
        return final

    monkeypatch.setattr(remote, "trigger", lambda p: SimpleNamespace(name="r", id=uuid4()))
    monkeypatch.setattr(remote, "follow", fake_follow)
    result = CliRunner().invoke(app, ["trigger", "--wait"])
    assert result.exit_code == code, result.output
    for name in seen:
        assert name in result.output
    if state == "Stale":
        assert "stale: izi" in result.output


def test_the_documented_automation_is_valid() -> None:
    """OPERATIONS.md's automation.yaml is what `prefect automation create --from-file` accepts."""
    from prefect.events.schemas.automations import AutomationCore, EventTrigger

    text = (REPO / "OPERATIONS.md").read_text(encoding="utf-8")
    after = text.split("<!-- automation.yaml", 1)[1]
    block = after.split("```yaml", 1)[1].split("```", 1)[0]
    data = yaml.safe_load(block.replace("BLOCK_DOCUMENT_ID", str(uuid4())))
    (automation,) = [AutomationCore.model_validate(a) for a in data["automations"]]
    trigger = automation.trigger
    assert isinstance(trigger, EventTrigger)
    assert trigger.expect == {
        "prefect.flow-run.Stale",
        "prefect.flow-run.Failed",
        "prefect.flow-run.Crashed",
    }
    assert trigger.match_related.get("prefect.resource.name") == [deploy.FLOW_NAME]
