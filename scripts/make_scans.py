#!/usr/bin/env python3
"""The OCR corpus (issue 17): scans and font-stripped copies of PDFs whose rows are known.

Sources (a PDF and the rows and courses it must parse to):
- `business-english`: the bundled fixture PDF (41 pages) with `tests/golden/`'s PDF rows;
- `accounting`, `nursing`, `cnc`: the hand-written programmes of `fixtures/programmes/`, every
  course, rendered to PDF by the producer script (`scripts/make_producers.py`, LibreOffice,
  Noto Sans CJK, portrait), with the rows and pages it computes.

Variants (source PDF -> PDF), each page with its own seed (crc32 of source, variant, page):
- `300-grey`   300 dpi, 8-bit grey, lossless (Flate);
- `300-g4`     300 dpi, bilevel (threshold 50 %), CCITT G4 (TIFF through img2pdf);
- `200-jpeg`   200 dpi grey, skew uniform in +-2 deg, speckle noise, slight Gaussian blur,
               JPEG quality uniform in 40..90;
- `150-jpeg`   150 dpi grey, JPEG quality uniform in 40..90;
- `fontless`   the text-layer PDF with every font's /ToUnicode map removed (pikepdf): the
               text layer reads as nothing usable, `--ocr auto` must OCR every page;
- `gs-fontless` the `fontless` PDF re-distilled by Ghostscript (pdfwrite), as an
               unreadable layer looks after another producer has touched it;
- `type3-fontless` (programmes only) the programme printed by headless Chromium, whose
               fonts are Type 3, with their /ToUnicode maps removed: the page has glyphs
               but no text and no image.
Every variant keeps the pages (and page sizes) of its source, so the expected rows (and
their `page`) are the source's.

    python3 scripts/make_scans.py [--out DIR] [--only SUBSTRING...] [--jobs N] [--fixtures]

`--out` (default `target/scans`) gets `<source>.<variant>.pdf` with `<source>.<variant>
.rows.csv` and `.courses.csv` (the expected rows: course_no .. competency_text, page; and
the courses). `--only` keeps the documents whose `<source>.<variant>` contains a substring.
`--fixtures` writes the small committed pages of `fixtures/scans/` instead (see its README).
Deterministic: the same command gives the same bytes (img2pdf --nodate with its internal
engine: the pikepdf one draws a random /ID; pikepdf
deterministic ids, Ghostscript with fixed dates and ids).

Needs: poppler-utils (pdftoppm, pdftotext), img2pdf, ghostscript, qpdf (Debian); Pillow,
numpy, pikepdf (pip); and for the programmes what scripts/make_producers.py needs
(soffice, fonts-noto-cjk, python-docx).
"""
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image, ImageFilter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

FIXTURE_PDF = os.path.join(ROOT, "fixtures", "business-english-standards.pdf")
GOLD_ROWS = os.path.join(ROOT, "tests", "golden", "business-english-standards.pdf-rows.csv")
GOLD_COURSES = os.path.join(ROOT, "tests", "golden", "business-english-standards.courses.csv")
PROGRAMMES = ("accounting", "nursing", "cnc")
# The producer of the programmes' text-layer PDFs (a base of make_producers.matrix()).
PROGRAMME_PRODUCER = ("lo", "notosans", False)

ROW_HEADER = ["course_no", "course_category", "course_name", "project_code", "project_name",
              "task_code", "task_name", "competency_code", "competency_text", "page"]
COURSE_HEADER = ["course_no", "course_category", "course_name", "level", "description"]

# Degradations. Skew: the scans are skewed up to 2 degrees (the reader deskews +-3).
MAX_SKEW_DEG = 2.0
# JPEG quality range of the issue (40 = blocky, visible ringing; 90 = near clean).
JPEG_QUALITY = (40, 90)
# Speckle: the share of pixels that start a dark speck (1-2 px), as a photocopier's dust.
SPECKLE_SHARE = 0.0006
# Sensor noise: standard deviation of additive Gaussian noise, grey levels.
NOISE_SIGMA = 6.0
# Slight blur: Gaussian radius in pixels at 200 dpi (0.5-0.8 px: a slightly soft scan).
BLUR_RADIUS = (0.5, 0.8)
# Bilevel threshold (grey level below which a pixel is black): the middle of the range.
BILEVEL_THRESHOLD = 128

VARIANTS = ("300-grey", "300-g4", "200-jpeg", "150-jpeg", "fontless", "gs-fontless",
            "type3-fontless")
# Variants made from another rendering of the content than the source PDF.
OWN_RENDERING = {"type3-fontless"}
DPI = {"300-grey": 300, "300-g4": 300, "200-jpeg": 200, "150-jpeg": 150}

# The committed pages (`--fixtures`): (name, source, variant, first page, last page). Pages
# are chosen where no row runs on past the last page (checked: the text-layer cut of the same
# pages converts to exactly these rows, see check_cut).
FIXTURE_SET = [
    ("business-english.p1-2.300-g4", "business-english", "300-g4", 1, 2),
    ("nursing.p1-3.200-jpeg", "nursing", "200-jpeg", 1, 3),
    ("business-english.p1-2.fontless", "business-english", "fontless", 1, 2),
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def seed_of(*parts):
    return zlib.crc32("/".join(str(p) for p in parts).encode("utf-8"))


# --------------------------------------------------------------------------------------
# Sources


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fixture_source(src_dir):
    """The bundled fixture: its PDF and the PDF gold (the `line` column dropped)."""
    _, rows = read_csv(GOLD_ROWS)
    _, courses = read_csv(GOLD_COURSES)
    return FIXTURE_PDF, [r[:10] for r in rows], courses


def programme_source(pid, src_dir):
    """A hand-written programme rendered by the producer script (cached in src_dir)."""
    pdf = os.path.join(src_dir, pid + ".pdf")
    rows_csv = os.path.join(src_dir, pid + ".rows.csv")
    courses_csv = os.path.join(src_dir, pid + ".courses.csv")
    if not (os.path.exists(pdf) and os.path.exists(rows_csv) and os.path.exists(courses_csv)):
        import make_producers
        prog = make_producers.load_programme(
            os.path.join(ROOT, "fixtures", "programmes", pid + ".json"))
        kind, font, landscape = PROGRAMME_PRODUCER
        assert kind == "lo"
        with tempfile.TemporaryDirectory() as tmp:
            make_producers.lo_pdf(prog, make_producers.FONTS[font][0], landscape, pdf, tmp)
        codes = [r[4] for c in prog["courses"] for r in c["rows"]]
        pages = make_producers.make_layouts.pages_of(pdf, codes)
        make_producers.write_expected(prog, pdf, os.path.join(src_dir, pid), pages)
    _, rows = read_csv(rows_csv)
    _, courses = read_csv(courses_csv)
    return pdf, rows, courses


def chromium_source(pid, src_dir):
    """A programme printed by headless Chromium (Type 3 fonts), cached in src_dir."""
    pdf = os.path.join(src_dir, pid + ".chromium.pdf")
    stem = os.path.join(src_dir, pid + ".chromium")
    if not (os.path.exists(pdf) and os.path.exists(stem + ".rows.csv")):
        import make_producers
        prog = make_producers.load_programme(
            os.path.join(ROOT, "fixtures", "programmes", pid + ".json"))
        with tempfile.TemporaryDirectory() as tmp:
            make_producers.chromium_pdf(prog, make_producers.FONTS["notosans"][0], pdf, tmp)
        codes = [r[4] for c in prog["courses"] for r in c["rows"]]
        make_producers.write_expected(prog, pdf, stem,
                                      make_producers.make_layouts.pages_of(pdf, codes))
    _, rows = read_csv(stem + ".rows.csv")
    _, courses = read_csv(stem + ".courses.csv")
    return pdf, rows, courses


def source(name, src_dir):
    if name == "business-english":
        return fixture_source(src_dir)
    return programme_source(name, src_dir)


# --------------------------------------------------------------------------------------
# Variants


def page_count(pdf):
    out = run(["pdfinfo", pdf]).stdout.decode("utf-8", "replace")
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise RuntimeError("no page count: " + pdf)


def render_grey(pdf, page, dpi, tmp):
    """One page as an 8-bit grey image at dpi (poppler, anti-aliased)."""
    prefix = os.path.join(tmp, "r%d-%d" % (page, dpi))
    run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page),
         "-singlefile", pdf, prefix])
    img = Image.open(prefix + ".png")
    img.load()
    os.remove(prefix + ".png")
    return img.convert("L")


def degrade(img, rng, dpi):
    """Skew, speckles, sensor noise and blur of a 200-dpi office scan."""
    angle = rng.uniform(-MAX_SKEW_DEG, MAX_SKEW_DEG)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(*BLUR_RADIUS) * dpi / 200.0))
    a = np.asarray(img, dtype=np.float32)
    a = a + rng.normal(0.0, NOISE_SIGMA, a.shape)
    h, w = a.shape
    n = int(h * w * SPECKLE_SHARE)
    ys = rng.integers(0, h - 2, n)
    xs = rng.integers(0, w - 2, n)
    sizes = rng.integers(1, 3, n)
    darks = rng.uniform(0, 90, n)
    for y, x, s, d in zip(ys, xs, sizes, darks):
        a[y:y + s, x:x + s] = d
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L"), angle


def page_image(pdf, page, variant, seed, tmp):
    """The file (path) of one scanned page, ready for img2pdf, and a note."""
    dpi = DPI[variant]
    rng = np.random.default_rng(seed)
    img = render_grey(pdf, page, dpi, tmp)
    path = os.path.join(tmp, "p%04d" % page)
    note = ""
    if variant == "300-grey":
        path += ".png"
        img.save(path, dpi=(dpi, dpi), optimize=False)
    elif variant == "300-g4":
        path += ".tif"
        bw = img.point(lambda v: 255 if v >= BILEVEL_THRESHOLD else 0).convert("1")
        bw.save(path, compression="group4", dpi=(dpi, dpi))
    elif variant == "200-jpeg":
        img, angle = degrade(img, rng, dpi)
        q = int(rng.integers(JPEG_QUALITY[0], JPEG_QUALITY[1] + 1))
        path += ".jpg"
        img.save(path, quality=q, dpi=(dpi, dpi))
        note = "skew %+.2f q%d" % (angle, q)
    elif variant == "150-jpeg":
        q = int(rng.integers(JPEG_QUALITY[0], JPEG_QUALITY[1] + 1))
        path += ".jpg"
        img.save(path, quality=q, dpi=(dpi, dpi))
        note = "q%d" % q
    else:
        raise ValueError(variant)
    return path, note


def scan(pdf, out_pdf, sname, variant, jobs):
    """Every page of pdf as a scan into out_pdf (one image per page, the page's size)."""
    n = page_count(pdf)
    with tempfile.TemporaryDirectory() as tmp:
        def one(p):
            return page_image(pdf, p, variant, seed_of(sname, variant, p), tmp)
        with ThreadPoolExecutor(max_workers=jobs) as ex:
            made = list(ex.map(one, range(1, n + 1)))
        tmp_pdf = out_pdf + ".tmp"
        run(["img2pdf", "--engine", "internal", "--nodate", "--output", tmp_pdf] +
            [p for p, _ in made])
        os.replace(tmp_pdf, out_pdf)
    return [note for _, note in made if note]


def strip_tounicode(pdf, out_pdf):
    """Every font's (and descendant font's) /ToUnicode removed: glyphs draw, text is lost."""
    import pikepdf
    with pikepdf.open(pdf) as doc:
        removed = 0
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" \
                    and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
                removed += 1
        doc.remove_unreferenced_resources()
        doc.save(out_pdf + ".tmp", deterministic_id=True, compress_streams=True)
    os.replace(out_pdf + ".tmp", out_pdf)
    return removed


def gs_redistil(pdf, out_pdf):
    run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite",
         "-dPDFSETTINGS=/default", "-sOutputFile=" + out_pdf + ".tmp", pdf],
        env=dict(os.environ, SOURCE_DATE_EPOCH="0"))
    # Ghostscript writes the current date and a random-ish /ID unless told: normalise both.
    import pikepdf
    with pikepdf.open(out_pdf + ".tmp") as doc:
        if "/Info" in doc.trailer:
            del doc.trailer["/Info"]
        doc.save(out_pdf + ".tmp2", deterministic_id=True)
    os.remove(out_pdf + ".tmp")
    os.replace(out_pdf + ".tmp2", out_pdf)


def make_variant(src_pdf, out_pdf, sname, variant, jobs):
    if variant in DPI:
        return scan(src_pdf, out_pdf, sname, variant, jobs)
    if variant == "fontless":
        return ["%d ToUnicode maps removed" % strip_tounicode(src_pdf, out_pdf)]
    if variant == "type3-fontless":
        return ["%d ToUnicode maps removed" % strip_tounicode(src_pdf, out_pdf)]
    if variant == "gs-fontless":
        with tempfile.TemporaryDirectory() as tmp:
            stripped = os.path.join(tmp, "stripped.pdf")
            strip_tounicode(src_pdf, stripped)
            gs_redistil(stripped, out_pdf)
        return []
    raise ValueError(variant)


# --------------------------------------------------------------------------------------
# Expected rows of a page range, and the committed fixtures


def cut(pdf, first, last, out_pdf):
    run(["qpdf", "--empty", "--deterministic-id", "--pages", pdf, "%d-%d" % (first, last),
         "--", out_pdf])


def rows_of_pages(rows, courses, first, last):
    """The rows starting on pages first..last, renumbered to the cut's pages, and the courses
    they belong to."""
    keep = [r[:9] + [str(int(r[9]) - first + 1)] for r in rows if first <= int(r[9]) <= last]
    nos = {r[0] for r in keep}
    return keep, [c for c in courses if c[0] in nos]


def check_cut(text_pdf, rows):
    """The text-layer cut converts (with $COMPMAP or the built compmap, if any) to exactly
    the expected rows: no row runs on past the cut. Returns a message, empty when fine."""
    exe = os.environ.get("COMPMAP") or os.path.join(ROOT, "target", "release", "compmap")
    if not os.path.exists(exe):
        return "not checked (no %s)" % exe
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([exe, "convert", text_pdf, "--format", "csv", "-o", tmp,
                            "--ocr", "never"], capture_output=True)
        if r.returncode == 2 and b"--ocr" in r.stderr:  # a compmap from before the OCR flag
            r = subprocess.run([exe, "convert", text_pdf, "--format", "csv", "-o", tmp],
                               capture_output=True)
        stem = os.path.splitext(os.path.basename(text_pdf))[0]
        got_path = os.path.join(tmp, stem + ".mappings.csv")
        if not os.path.exists(got_path):
            return "compmap failed: " + r.stderr.decode("utf-8", "replace")[:300]
        _, got = read_csv(got_path)
    got = [g[:10] for g in got]
    if got != rows:
        bad = next((i for i, (a, b) in enumerate(zip(got, rows)) if a != b), min(len(got),
                                                                                  len(rows)))
        return "MISMATCH: %d rows vs %d expected, first difference at row %d" % (
            len(got), len(rows), bad + 1)
    return ""


def make_fixtures(src_dir, jobs):
    out_dir = os.path.join(ROOT, "fixtures", "scans")
    os.makedirs(out_dir, exist_ok=True)
    failed = False
    for name, sname, variant, first, last in FIXTURE_SET:
        pdf, rows, courses = source(sname, src_dir)
        with tempfile.TemporaryDirectory() as tmp:
            text_pdf = os.path.join(tmp, name + ".text.pdf")
            cut(pdf, first, last, text_pdf)
            keep, kept_courses = rows_of_pages(rows, courses, first, last)
            problem = check_cut(text_pdf, keep)
            notes = make_variant(text_pdf, os.path.join(out_dir, name + ".pdf"), name, variant,
                                 jobs)
        write_csv(os.path.join(out_dir, name + ".rows.csv"), ROW_HEADER, keep)
        write_csv(os.path.join(out_dir, name + ".courses.csv"), COURSE_HEADER, kept_courses)
        size = os.path.getsize(os.path.join(out_dir, name + ".pdf"))
        print("%-40s %4d rows %7d bytes %s %s" % (name, len(keep), size, " ".join(notes),
                                                   problem), flush=True)
        failed |= problem.startswith("MISMATCH") or problem.startswith("compmap failed")
    return 1 if failed else 0


def make_corpus(out_dir, only, jobs):
    src_dir = os.path.join(out_dir, "src")
    os.makedirs(src_dir, exist_ok=True)
    for sname in ("business-english",) + PROGRAMMES:
        wanted = [v for v in VARIANTS
                  if not only or any(o in "%s.%s" % (sname, v) for o in only)]
        if not wanted:
            continue
        if sname == "business-english" and "type3-fontless" in wanted:
            wanted.remove("type3-fontless")  # the fixture exists as its PDF only
        for variant in wanted:
            if variant in OWN_RENDERING:
                pdf, rows, courses = chromium_source(sname, src_dir)
            else:
                pdf, rows, courses = source(sname, src_dir)
            stem = os.path.join(out_dir, "%s.%s" % (sname, variant))
            notes = make_variant(pdf, stem + ".pdf", sname, variant, jobs)
            write_csv(stem + ".rows.csv", ROW_HEADER, rows)
            write_csv(stem + ".courses.csv", COURSE_HEADER, courses)
            detail = ""
            if notes and variant == "200-jpeg":
                angles = [abs(float(n.split()[1])) for n in notes]
                detail = "max skew %.2f deg" % max(angles)
            elif notes:
                detail = notes[0]
            print("%-32s %5d rows %3d pages %9d bytes %s" % (
                os.path.basename(stem), len(rows), page_count(stem + ".pdf"),
                os.path.getsize(stem + ".pdf"), detail), flush=True)
    return 0


def main():
    args = sys.argv[1:]
    out_dir = os.path.join(ROOT, "target", "scans")
    only, jobs, fixtures = [], 1, False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--out":
            out_dir = args[i + 1]
            i += 1
        elif a == "--only":
            only.append(args[i + 1])
            i += 1
        elif a == "--jobs":
            jobs = max(1, int(args[i + 1]))
            i += 1
        elif a == "--fixtures":
            fixtures = True
        else:
            sys.exit("usage: make_scans.py [--out DIR] [--only SUBSTRING...] [--jobs N] "
                     "[--fixtures]")
        i += 1
    for tool in ("pdftoppm", "pdfinfo", "img2pdf", "gs", "qpdf"):
        if shutil.which(tool) is None:
            sys.exit("make_scans.py needs `%s` (Debian: poppler-utils, img2pdf, ghostscript, "
                     "qpdf)" % tool)
    if fixtures:
        src_dir = os.path.join(out_dir, "src")
        os.makedirs(src_dir, exist_ok=True)
        sys.exit(make_fixtures(src_dir, jobs))
    sys.exit(make_corpus(out_dir, only, jobs))


if __name__ == "__main__":
    main()
