"""`paidoff sms-check` as DESIGN.md specifies it: JSON lines or plain text in, verdicts out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.sms.evaluate import wilson
from tests.conftest import DATA
from tests.unit.test_sms_corpus import SCAM_RECALL


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_json_lines_in_json_lines_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {
            "text": "邓强，你欠的钱什么时候还？再不处理我们将联系你的家人和单位。",
            "sender": "15736219048",
        },
        {"text": "【支付宝】校验码483920，您正在登录支付宝，切勿告诉他人。", "sender": 95188},
    ]
    _stdin(monkeypatch, "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    assert main(["sms-check", "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["verdict"] for o in out] == ["collection", "official_notice"]
    assert out[0]["addressed_name"] == "邓强"
    assert out[0]["facts"]["sender"] == "mobile"
    assert out[1]["facts"]["sender"] == "official"
    assert {"verdict", "risk", "signals", "facts", "addressed_name"} <= set(out[0])


def test_plain_text_file_with_a_blank_line_between_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sms.txt"
    path.write_text(
        "【支付宝】您的余额支付功能将于今日关闭，请登录a1ipay.com/kq重新开通。\n\n"
        "王先生您好，您在借呗的借款已逾期，请尽快还款。\n",
        encoding="utf-8",
    )
    assert main(["sms-check", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "#1 Likely a scam (scam)" in out
    assert "#2 A debt-collection message (collection)" in out
    assert "name: 王先生" in out


def test_a_bad_json_line_is_reported_and_the_rest_still_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, '{"text": "您好"}\n{oops\n{"sender": "95188"}\n')
    assert main(["sms-check", "--json"]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    assert "line 2: not JSON" in captured.err
    assert 'line 3: expected an object with a "text" string' in captured.err


def test_eval_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sms-check", "--eval", "--no-cv", str(DATA / "sms_corpus.yaml")]) == 0
    out = capsys.readouterr().out
    assert "== tuning: " in out
    assert "precision [95% CI]" in out
    assert "confusion" in out
    assert "addressed name exact" in out
    assert "genuine notices called scam:" in out


def test_eval_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sms-check", "--eval", "--json", "--no-cv", str(DATA / "sms_corpus.yaml")]) == 0
    figures = json.loads(capsys.readouterr().out)
    tuning = figures["tuning"]
    assert tuning["kind"] == "tuning"
    corpus = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    scams = sum(1 for item in corpus["items"] if item["label"] == "scam")
    assert tuning["per_verdict"]["scam"]["support"] == scams
    assert tuning["per_verdict"]["scam"]["recall"] >= SCAM_RECALL
    low, high = tuning["per_verdict"]["scam"]["recall_ci"]
    assert low <= tuning["per_verdict"]["scam"]["recall"] <= high
    assert figures["cross_validation"] == {"skipped": "--no-cv"}


def _corpus(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text(
        yaml.safe_dump({"version": 1, "items": items}, allow_unicode=True), encoding="utf-8"
    )
    return path


SCAM = "【支付宝】您的余额支付功能将于今日关闭，请登录a1ipay.com/kq重新开通。"
DEBT = "王先生您好，您在借呗的借款已逾期，请尽快还款。"
CODE = "【支付宝】校验码483920，您正在登录支付宝，切勿告诉他人。"


def test_eval_reports_the_held_out_file_beside_the_tuning_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tuning = _corpus(
        tmp_path / "tuning.yaml",
        [{"id": "scam-1", "label": "scam", "text": SCAM, "source": "https://a.example/1"}],
    )
    held = _corpus(
        tmp_path / "held.yaml",
        [
            {"id": "h1", "label": "scam", "text": SCAM, "topic": "loan"},
            {"id": "h2", "label": "scam", "text": "您好", "topic": "other"},
            {"id": "h3", "label": "collection", "text": DEBT, "topic": "loan"},
            {"id": "h4", "label": "official_notice", "text": CODE, "topic": "other"},
        ],
    )
    args = ["sms-check", "--eval", "--no-cv", str(tuning), "--holdout", str(held)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"== tuning: {tuning} (1 messages" in out
    assert f"== held-out: {held} (4 messages; no rule or weight was fitted to it)" in out
    assert "scam recall, topic loan: 1/1" in out
    assert "scam recall, topic other: 0/1" in out
    assert "rules alone" in out

    assert main([*args, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    (held_out,) = figures["held_out"]
    assert held_out["kind"] == "held-out"
    assert held_out["file"] == str(held)
    assert held_out["messages"] == 4
    assert held_out["scam_recall_by_topic"]["loan"]["recall"] == 1.0
    assert held_out["scam_recall_by_topic"]["other"]["recall"] == 0.0
    assert held_out["official_as_scam"] == 0.0
    assert held_out["per_verdict"]["collection"]["recall"] == 1.0
    assert "rules_alone" in held_out


def test_eval_without_a_held_out_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.yaml"
    args = ["sms-check", "--eval", "--no-cv", str(DATA / "sms_corpus.yaml"), "--holdout"]
    assert main([*args, str(missing)]) == 0
    assert f"== held-out: {missing} not found ==" in capsys.readouterr().out
    assert main([*args, str(missing), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["held_out"] == []
    assert figures["held_out_missing"] == [str(missing)]


def test_eval_reports_each_held_out_file_as_its_own_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tuning = _corpus(tmp_path / "tuning.yaml", [{"id": "s", "label": "scam", "text": SCAM}])
    first = _corpus(
        tmp_path / "first.yaml",
        [
            {"id": "a1", "label": "collection", "text": DEBT, "topic": "loan"},
            {"id": "a2", "label": "collection", "text": "您好", "topic": "loan"},
        ],
    )
    second = _corpus(
        tmp_path / "second.yaml",
        [
            {"id": "b1", "label": "official_notice", "text": CODE, "topic": "other"},
            {"id": "b2", "label": "scam", "text": SCAM, "topic": "loan"},
            {"id": "b3", "label": "scam", "text": SCAM, "topic": "loan"},
        ],
    )
    missing = tmp_path / "third.yaml"
    args = ["sms-check", "--eval", "--no-cv", str(tuning)]
    args += ["--holdout", str(first), "--holdout", str(second), "--holdout", str(missing)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"== held-out: {first} (2 messages; no rule or weight was fitted to it)" in out
    assert f"== held-out: {second} (3 messages; no rule or weight was fitted to it)" in out
    assert f"== held-out: {missing} not found ==" in out
    first_part = out.split(f"== held-out: {first}")[1].split(f"== held-out: {second}")[0]
    second_part = out.split(f"== held-out: {second}")[1]
    # Each section counts its own file only: per label and topic, with intervals.
    assert "collection recall, topic loan: 1/2 = 0.500 [0.095, 0.905]" in first_part
    assert "scam recall, topic loan" not in first_part
    assert "scam recall, topic loan: 2/2" in second_part
    assert "official_notice recall, topic other: 1/1" in second_part
    assert "collection recall" not in second_part.split("rules alone")[0]

    assert main([*args, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    one, two = figures["held_out"]
    assert (one["file"], one["messages"], two["file"], two["messages"]) == (
        str(first),
        2,
        str(second),
        3,
    )
    assert figures["held_out_missing"] == [str(missing)]
    loan = one["recall_by_topic"]["collection"]["loan"]
    assert (loan["right"], loan["total"], loan["ci"]) == (1, 2, [*wilson(1, 2)])
    assert set(one["recall_by_topic"]) == {"collection"}
    assert set(two["recall_by_topic"]) == {"scam", "official_notice"}
    assert two["recall_by_topic"]["scam"]["loan"]["recall"] == 1.0
    assert two["per_verdict"]["scam"]["support"] == 2
    assert two["rules_alone"]["per_verdict"]["scam"]["support"] == 2


def test_eval_reads_the_shipped_held_out_file_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tuning = _corpus(tmp_path / "tuning.yaml", [{"id": "s", "label": "scam", "text": SCAM}])
    data = tmp_path / "tests" / "data"
    data.mkdir(parents=True)
    # Retired files are tuning data now: never a held-out section, by old or new name.
    retired = (
        "sms_holdout.yaml",
        "sms_holdout2.yaml",
        "sms_holdout11.yaml",
        "sms_tuning_ho2.yaml",
    )
    for name in retired:
        _corpus(data / name, [{"id": "r", "label": "scam", "text": SCAM}])
    monkeypatch.chdir(tmp_path)
    assert main(["sms-check", "--eval", "--no-cv", "--json", str(tuning)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["held_out"] == []
    assert figures["held_out_missing"] == [
        "tests/data/sms_holdout10.yaml",
        "tests/data/sms_holdout12.yaml",
        "tests/data/sms_holdout13.yaml",
    ]
    _corpus(data / "sms_holdout10.yaml", [{"id": "b", "label": "scam", "text": SCAM}])
    assert main(["sms-check", "--eval", "--no-cv", str(tuning)]) == 0
    out = capsys.readouterr().out
    assert "== held-out: tests/data/sms_holdout10.yaml (1 messages" in out
    assert "== held-out: tests/data/sms_holdout12.yaml not found" in out
    assert "sms_holdout.yaml" not in out
    assert "sms_holdout2.yaml" not in out
    assert "sms_holdout11.yaml" not in out


def test_eval_reports_the_retired_held_out_file_as_tuning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """File 1, retired into tuning data, is its own tuning section, also under --tuning-only,
    and is never reported as held out."""
    data = tmp_path / "tests" / "data"
    data.mkdir(parents=True)
    _corpus(data / "sms_corpus.yaml", [{"id": "s", "label": "scam", "text": SCAM}])
    retired: list[dict[str, object]] = [
        {"id": "scam-ho-001", "label": "scam", "text": SCAM, "topic": "loan"},
        {"id": "collection-ho-001", "label": "collection", "text": DEBT, "topic": "loan"},
    ]
    _corpus(data / "sms_tuning_ho1.yaml", retired)
    monkeypatch.chdir(tmp_path)
    assert main(["sms-check", "--eval", "--no-cv", "--tuning-only"]) == 0
    out = capsys.readouterr().out
    header = (
        "== tuning (retired held-out, now tuning): tests/data/sms_tuning_ho1.yaml "
        "(2 messages; the rules and the model were tuned on it) =="
    )
    assert header in out
    assert "collection recall, topic loan: 1/1" in out.split(header)[1]
    assert "== held-out:" not in out.split("not evaluated (--tuning-only)")[1]
    assert main(["sms-check", "--eval", "--no-cv", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["tuning"]["messages"] == 1
    (section,) = figures["tuning_retired"]
    assert (section["file"], section["messages"]) == ("tests/data/sms_tuning_ho1.yaml", 2)
    assert section["kind"] == "tuning (retired held-out, now tuning)"
    assert "tests/data/sms_tuning_ho1.yaml" not in [s["file"] for s in figures["held_out"]]


def test_eval_cross_validates_the_model_by_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("sklearn")
    items: list[dict[str, object]] = []
    for n, host in enumerate(("a.example", "b.example", "c.example")):
        for label, text in (("scam", SCAM), ("collection", DEBT), ("official_notice", CODE)):
            items.append(
                {
                    "id": f"{label}-{n}",
                    "label": label,
                    "text": text.replace("王", "张李赵"[n]),
                    "source": f"https://{host}/{n}",
                }
            )
    tuning = _corpus(tmp_path / "tuning.yaml", items)
    argv = ["sms-check", "--eval", "--json", str(tuning), "--holdout", str(tmp_path / "x")]
    assert main(argv) == 0
    crossed = json.loads(capsys.readouterr().out)["cross_validation"]
    assert crossed["groups"] == 3
    assert crossed["folds"] == 3
    alone = crossed["model_alone"]["per_verdict"]
    assert sum(alone[label]["support"] for label in alone) == 9
    assert crossed["rules_and_model"]["per_verdict"]["scam"]["recall"] == 1.0


def test_eval_of_a_missing_corpus_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sms-check", "--eval", str(tmp_path / "nope.yaml")]) == 1
    assert "cannot read the corpus" in capsys.readouterr().err


def test_a_missing_image_file_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sms-check", "--image", str(tmp_path / "shot.png")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_message_past_the_limit_is_read_in_part_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "【借呗】您的借款已逾期，点击 alipay-jb.top 处理。" * 1000  # 32,000 characters
    _stdin(monkeypatch, json.dumps({"text": text}, ensure_ascii=False) + "\n")
    assert main(["sms-check", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["verdict"] == "scam"
    assert "message 1: 32000 characters, only the first 4096 were read" in captured.err


def test_eval_tuning_only_never_reads_the_held_out_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Whoever writes rules runs this: no held-out figure may reach them (HOLDOUT.md)."""
    holdout = _corpus(tmp_path / "holdout.yaml", [{"id": "x", "label": "scam", "text": SCAM}])
    corpus = str(DATA / "sms_corpus.yaml")
    args = ["sms-check", "--eval", "--no-cv", "--holdout", str(holdout), corpus]
    second = _corpus(tmp_path / "holdout2.yaml", [{"id": "y", "label": "scam", "text": SCAM}])
    args += ["--holdout", str(second)]
    assert main([*args, "--tuning-only", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["held_out"] is None
    assert figures["held_out_missing"] is None
    assert main([*args, "--tuning-only"]) == 0
    out = capsys.readouterr().out
    assert str(holdout) not in out
    assert str(second) not in out
    assert main([*args, "--json"]) == 0  # without the flag both held-out files are read
    assert [s["file"] for s in json.loads(capsys.readouterr().out)["held_out"]] == [
        str(holdout),
        str(second),
    ]
