#!/usr/bin/env python3
"""Make text-line images with their expected text, to test and measure the OCR recogniser.

    python3 scripts/make_ocr_lines.py OUT_DIR [--pdf-pages N] [--per-programme N]

Writes OUT_DIR/*.png (grey, 0 = ink on 255 paper) and OUT_DIR/expected.tsv (file<TAB>text).
Two sources, both deterministic:
- `pdf-*`: text lines of fixtures/business-english-standards.pdf, the page rendered at
  300 dpi by poppler's `pdftoppm -gray` and cropped at the line boxes `pdftotext
  -bbox-layout` gives (a margin of MARGIN line heights around them; a line is cut
  where a wide gap shows a table's cell border); the expected text is
  the text layer's, with the Kangxi radicals some producers emit mapped to the ideographs
  (NFKC of those characters only, so full-width punctuation stays full width).
- `prog-*`: names, codes and competency texts of the hand-made programmes
  (fixtures/programmes/*.json: accounting, nursing, CNC; symbols ° Ω ℃ ± ≥ ‰ µ × ·, Latin
  glued to CJK), wrapped as a table cell wraps them and drawn with PIL at 300-dpi print
  sizes in the CJK fonts Debian ships (fonts-noto-cjk, fonts-wqy-microhei).
Needs poppler-utils, Pillow and those fonts. fixtures/ocr/lines/ holds a few of its lines.
"""
import argparse
import json
import pathlib
import random
import re
import subprocess
import tempfile
import unicodedata

from PIL import Image, ImageDraw, ImageFont

ROOT = pathlib.Path(__file__).resolve().parent.parent
PDF = ROOT / "fixtures/business-english-standards.pdf"
PROGRAMMES = sorted((ROOT / "fixtures/programmes").glob("*.json"))
DPI = 300
MARGIN = 0.15  # of the line height, around the text layer's line box
CELL_GAP = 1.0  # a wider gap between two words of a line is a cell border
FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # SC face
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]


def radicals(text):
    return "".join(
        unicodedata.normalize("NFKC", c) if 0x2E80 <= ord(c) <= 0x2FDF else c for c in text)


def pdf_lines(out, pages, rows):
    with tempfile.TemporaryDirectory() as tmp:
        for page in range(1, pages + 1):
            xml = subprocess.run(
                ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(PDF), "-"],
                check=True, capture_output=True, text=True).stdout
            prefix = f"{tmp}/p"
            subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l",
                            str(page), "-png", str(PDF), prefix], check=True)
            image = Image.open(next(pathlib.Path(tmp).glob("p*.png"))).convert("L")
            scale = DPI / 72
            for n, m in enumerate(re.finditer(r"<line [^>]*>(.*?)</line>", xml, re.S)):
                words = [(tuple(float(v) * scale for v in w[:4]), w[4]) for w in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>',
                    m.group(1))]
                for k, segment in enumerate(segments(words)):
                    x0 = min(b[0] for b, _ in segment)
                    y0 = min(b[1] for b, _ in segment)
                    x1 = max(b[2] for b, _ in segment)
                    y1 = max(b[3] for b, _ in segment)
                    text = radicals(" ".join(w for _, w in segment)).strip()
                    if not text:
                        continue
                    pad = (y1 - y0) * MARGIN
                    box = (int(x0 - pad), int(y0 - pad), int(x1 + pad + 0.999),
                           int(y1 + pad + 0.999))
                    name = f"pdf-{page:02}-{n:03}-{k}.png"
                    image.crop(box).save(out / name, optimize=True)
                    rows.append((name, text))
            for f in pathlib.Path(tmp).glob("p*.png"):
                f.unlink()


def segments(words):
    """Words of one text-layer line, cut where a gap wider than CELL_GAP line heights parts
    them: pdftotext joins the cells of a table row into one line, OCR reads cell by cell."""
    out = []
    for box, word in words:
        height = box[3] - box[1]
        if out and box[0] - out[-1][-1][0][2] > CELL_GAP * height:
            out.append([])
        if not out:
            out.append([])
        out[-1].append((box, word))
    return out


def programme_texts(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for project in data.get("projects", []):
        texts.append(f'{project["code"]} {project["name"]}')
        for task in project.get("tasks", []):
            texts.append(task["code"])
            texts.append(task["name"])
            for comp in task.get("competencies", []):
                texts.append(comp["code"])
                texts.append(comp["text"])
    return texts


def wrap(text, rng):
    """Cut a long text as a table cell of 12 to 30 characters wraps it."""
    width = rng.randint(12, 30)
    return [text[i:i + width] for i in range(0, len(text), width)]


def draw(text, font, size):
    face = ImageFont.truetype(font[0], size, index=font[1])
    left, top, right, bottom = face.getbbox(text)
    pad = int(size * 0.25)
    img = Image.new("L", (right - left + 2 * pad, size + 2 * pad), 255)
    ImageDraw.Draw(img).text((pad - left, pad + (size - (bottom + top)) // 2), text,
                             font=face, fill=0)
    return img


def programme_lines(out, per_programme, rows):
    rng = random.Random(17)
    for path in PROGRAMMES:
        lines = [line for text in programme_texts(path) for line in wrap(text, rng)]
        rng.shuffle(lines)
        for n, text in enumerate(lines[:per_programme]):
            font = FONTS[n % len(FONTS)]
            size = rng.choice([36, 40, 44, 50])  # 8.5 to 12 pt at 300 dpi
            name = f"prog-{path.stem}-{n:03}.png"
            draw(text, font, size).save(out / name, optimize=True)
            rows.append((name, text))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--pdf-pages", type=int, default=4)
    parser.add_argument("--per-programme", type=int, default=60)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    pdf_lines(out, args.pdf_pages, rows)
    programme_lines(out, args.per_programme, rows)
    with open(out / "expected.tsv", "w", encoding="utf-8") as f:
        for name, text in rows:
            f.write(f"{name}\t{text}\n")
    print(f"{len(rows)} lines in {out}")


if __name__ == "__main__":
    main()
