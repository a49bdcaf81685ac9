"""Write the sample PDF report and its first page as a PNG for the README.

    python scripts/sample_report.py            # writes docs/sample-report.png only
    python scripts/sample_report.py --pdf out.pdf

Made-up data (bot/report/sample.py). Needs fonts-wqy-microhei and poppler-utils
(pdftoppm); writes docs/sample-report.png (top of page 1, grayscale, < 200 KB).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.report import render_pdf  # noqa: E402
from bot.report.sample import sample_input  # noqa: E402

PNG = ROOT / "docs" / "sample-report.png"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, help="also keep the PDF here")
    parser.add_argument("--dpi", type=int, default=96)
    parser.add_argument("--height", type=float, default=0.55, help="share of the page kept")
    args = parser.parse_args()
    k = load_knowledge(ROOT / "knowledge")
    pdf = render_pdf(sample_input(k), k)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.pdf or Path(tmp) / "sample.pdf")
        path.write_bytes(pdf)
        stem = Path(tmp) / "page"
        width, height = int(8.27 * args.dpi), int(11.69 * args.dpi * args.height)
        command = ["pdftoppm", "-png", "-gray", "-r", str(args.dpi), "-f", "1", "-l", "1"]
        command += ["-x", "0", "-y", "0", "-W", str(width), "-H", str(height)]
        subprocess.run([*command, "-singlefile", str(path), str(stem)], check=True)
        PNG.parent.mkdir(exist_ok=True)
        # pdftoppm writes RGB even with -gray; grayscale halves the file.
        Image.open(stem.with_suffix(".png")).convert("L").save(PNG, optimize=True)
    print(f"{PNG.relative_to(ROOT)}: {PNG.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
