"""Make a held-out SMS file from collectors' files (tests/data/HOLDOUT.md), label-blind.

``python scripts/holdout.py sites`` prints every site (``github.com/owner/name`` or a registrable
domain) that the tuning data, the held-out files or ``knowledge/sources.yaml`` use: the list a
collector must keep away from. ``python scripts/holdout.py merge DIR --number N`` merges the
collectors' files ``DIR/<letter>.yaml`` (in letter order) into
``tests/data/sms_holdoutN.yaml``: it drops an item without a page URL, a text seen before (white
space ignored), a text or a site the tuning data has, a site the knowledge cites, a site named in
``--same-as`` (another domain of a used site's owner), and every item of a site past the eighth;
it renumbers the ids ``<label>-hN-NNN`` and ends each note with "(collected as <old id>)". It
never reads a verdict: what it drops depends only on sources and texts.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.holdout_sites import URL, normal, site, sites_of  # noqa: E402

LABELS = ("scam", "official_notice", "collection", "unclear")
TOPICS = ("loan", "other")
PER_SITE = 8
"""At most this many items of one held-out file come from one site."""
Item = Mapping[str, Any]


def _items(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("items") or [])


def tuning_items(data: Path) -> list[dict[str, Any]]:
    """Every item of the tuning data: the corpus and the retired held-out files."""
    return [
        item
        for path in sorted(data.glob("sms_*.yaml"))
        if "holdout" not in path.name
        for item in _items(path)
    ]


def cited_sites(sources: Path) -> set[str]:
    """The sites ``knowledge/sources.yaml`` cites, in a URL or a note."""
    listed = yaml.safe_load(sources.read_text(encoding="utf-8"))["sources"]
    return sites_of(listed, "url", "note")


def merge(
    collected: Iterable[Item],
    tuning: Sequence[Item],
    cited: set[str],
    number: int,
    same_as: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The held-out items made from ``collected`` (in order), and why the others were dropped."""
    texts = {normal(str(item.get("text") or "")) for item in tuning}
    used = sites_of(tuning)
    aliases = same_as or {}
    seen: set[str] = set()
    per_site: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    out: list[dict[str, Any]] = []
    for item in collected:
        source = str(item.get("source") or "").strip()
        text = normal(str(item.get("text") or ""))
        reason = _dropped(item, source, text, texts, used, cited, aliases, seen)
        if reason is None and per_site[site(source)] >= PER_SITE:
            reason = f"more than {PER_SITE} from one site"
        if reason is not None:
            dropped[reason] += 1
            continue
        seen.add(text)
        per_site[site(source)] += 1
        label = str(item["label"])
        numbers[label] += 1
        merged: dict[str, Any] = {
            "id": f"{label.replace('_', '-')}-h{number}-{numbers[label]:03d}",
            "label": label,
            "topic": item["topic"],
            "text": item["text"],
            "addressed_name": item.get("addressed_name"),
            "signals": [],
            "source": source,
            "note": " ".join(
                filter(
                    None, (str(item.get("note") or "").strip(), f"(collected as {item.get('id')})")
                )
            ),
        }
        if item.get("sender"):
            merged["sender"] = str(item["sender"])
        out.append(merged)
    return out, dropped


def _dropped(
    item: Item,
    source: str,
    text: str,
    texts: set[str],
    used: set[str],
    cited: set[str],
    aliases: Mapping[str, str],
    seen: set[str],
) -> str | None:
    if not URL.fullmatch(source):
        return "no page URL"
    if item.get("label") not in LABELS or item.get("topic") not in TOPICS or not text:
        return "no label, topic or text"
    where = site(source)
    checks = (
        (text in texts, "text in the tuning data"),
        (text in seen, "text taken twice"),
        (where in used, "site used by the tuning data"),
        (where in cited, "site cited by the knowledge"),
        (where in aliases, "another domain of a used site's owner"),
    )
    return next((why for failed, why in checks if failed), None)


def render(items: Sequence[Item], number: int, session: str) -> str:
    """The held-out file's text, with the header that says what it is for."""
    head = (
        f"# Held-out file {number} ({session}): see HOLDOUT.md. No rule, pattern, weight or\n"
        "# model feature may be written against it; it is measured, never tuned on.\n"
    )
    body = yaml.safe_dump(
        {"version": 1, "items": list(items)}, allow_unicode=True, sort_keys=False, width=100
    )
    return head + body


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sites", help="the sites a collector must keep away from")
    merging = commands.add_parser("merge", help="merge DIR/<letter>.yaml into a held-out file")
    merging.add_argument("dir", type=Path)
    merging.add_argument("--number", type=int, required=True, help="the held-out file's number")
    merging.add_argument("--session", default="", help="written in the file's header")
    merging.add_argument(
        "--same-as", action="append", default=[], metavar="SITE=USED", help="a used site's alias"
    )
    args = parser.parse_args(argv)
    data, sources = ROOT / "tests" / "data", ROOT / "knowledge" / "sources.yaml"
    if args.command == "sites":
        held = [item for path in sorted(data.glob("sms_holdout*.yaml")) for item in _items(path)]
        every = sites_of(tuning_items(data)) | sites_of(held) | cited_sites(sources)
        print("\n".join(sorted(s for s in every if s)))
        return 0
    aliases = dict(pair.split("=", 1) for pair in args.same_as)
    collected = [item for path in sorted(args.dir.glob("*.yaml")) for item in _items(path)]
    items, dropped = merge(
        collected, tuning_items(data), cited_sites(sources), args.number, aliases
    )
    target = data / f"sms_holdout{args.number}.yaml"
    target.write_text(render(items, args.number, args.session), encoding="utf-8")
    print(f"{target.relative_to(ROOT)}: {len(items)} items, {len(sites_of(items))} sites")
    print(f"  labels: {dict(Counter(str(i['label']) for i in items))}")
    print(f"  dropped: {dict(dropped) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
