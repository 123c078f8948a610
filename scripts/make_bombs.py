#!/usr/bin/env python3
"""Writes the small hostile PDFs of `tests/bombs.rs` into `fixtures/bad/bombs/`.

Each is a few KB and, read naively, takes gigabytes of memory or minutes:

flate-2gib.pdf   a page's content stream under two FlateDecode filters that inflates to
                 2 GiB of spaces (the inner zlib stream is 2,048 identical full-flushed
                 1 MiB blocks, so it is made in a second instead of compressing 2 GiB).
page-tree.pdf    32 levels of page-tree nodes, each listing the next node twice in /Kids
                 (2^32 pages if every path is followed).
widths.pdf       an ordinary one-page PDF plus one unreferenced CIDFont whose /W array
                 repeats `0 65535 1` 300 times (19.7 million width entries).
forms.pdf        24 form XObjects, each drawing the next twice: 2^24 draws of the last.
page-content.pdf two pages sharing one content stream of 2 MB of `0 0 m 1 1 l S` (which
                 pdf-extract parses into 250 MB of operators and paths per page).
glyphs.pdf       one page showing 300,000 glyphs from 300 KB of content.
xref-stream.pdf  an ordinary one-page PDF whose cross-reference stream (the one `startxref`
                 names) is under two FlateDecode filters and inflates to 2 GiB: lopdf
                 inflates it while reading the file's structure, before any object.
object-streams.pdf  an ordinary one-page PDF plus 64 object streams (`/Type /ObjStm`), each
                 under two FlateDecode filters and inflating to 1 MiB (far under the
                 per-stream limit), each holding one array of half a million zeros: 64 MiB
                 of objects that lopdf parses at load time into 4 GB of `Object`s (each
                 `0 ` becomes a 128-byte `Object`).

Usage: python3 scripts/make_bombs.py  (from the repository root)
"""
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "bad", "bombs")


def pdf(objects):
    """objects: list of bytes (bodies of objects 1..n); object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 760 Td (Some text) Tj ET\n"


def zlib_of_spaces(mib):
    """A zlib stream of `mib` MiB of spaces, made from one compressed MiB repeated."""
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    seg = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert seg == again, "full-flushed blocks differ"
    tail = c.flush(zlib.Z_FINISH)
    n = mib << 20
    a = (1 + 32 * n) % 65521
    b = (n + 32 * (n * (n + 1) // 2)) % 65521
    return b"\x78\xda" + seg * mib + tail + struct.pack(">I", (b << 16) | a)


def flate_2gib():
    inner = zlib_of_spaces(2048)
    outer = zlib.compress(inner, 9)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(outer, b"/Filter [/FlateDecode /FlateDecode]"),
        HELVETICA,
    ])


def page_tree(levels=32):
    # 1 catalog, 2..levels+1 page-tree nodes, then the page, its content and font.
    page = levels + 2
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for k in range(levels):
        node = 2 + k
        kid = node + 1 if k + 1 < levels else page
        parent = b"" if k == 0 else b"/Parent %d 0 R " % (node - 1)
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R %d 0 R] /Count %d >>"
                       % (parent, kid, kid, 2 ** (levels - k)))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                   b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (levels + 1, page + 1, page + 2))
    objects.append(stream(TEXT))
    objects.append(HELVETICA)
    return pdf(objects)


def widths():
    w = b" ".join([b"0 65535 1"] * 300)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(TEXT),
        HELVETICA,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unused "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/DW 1000 /W [" + w + b"] >>",
    ])


def forms(levels=24):
    # 1 catalog, 2 pages, 3 page, 4 content, 5 font, 6.. forms X0..X{levels}.
    first = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X0 %d 0 R >> >> >>" % first,
        stream(b"/X0 Do\n"),
        HELVETICA,
    ]
    for k in range(levels + 1):
        if k < levels:
            body = b"/X%d Do /X%d Do\n" % (k + 1, k + 1)
            res = b"/Resources << /Font << /F1 5 0 R >> /XObject << /X%d %d 0 R >> >>" % (
                k + 1, first + k + 1)
        else:
            body = TEXT
            res = b"/Resources << /Font << /F1 5 0 R >> >>"
        objects.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res))
    return pdf(objects)


def one_page(content, pages=1):
    kids = b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    for i in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                       b"/Resources << /Font << /F1 5 0 R >> >> >>")
        objects.append(stream(zlib.compress(content, 9), b"/Filter /FlateDecode")
                       if i == 0 else b"null")
        objects.append(HELVETICA if i == 0 else b"null")
    return pdf(objects)


def page_content():
    return one_page(b"0 0 m 1 1 l S\n" * 145000, pages=2)


def glyphs():
    return one_page(b"BT /F1 1 Tf 72 760 Td\n" + (b"(" + b"A" * 1000 + b") Tj\n") * 300 + b"ET\n")


def xref_stream():
    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(TEXT),
        HELVETICA,
    ]
    for i, o in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(body)
    data = zlib.compress(zlib_of_spaces(2048), 9)
    body += b"6 0 obj\n" + stream(
        data, b"/Type /XRef /Size 7 /W [1 4 1] /Root 1 0 R /Filter [/FlateDecode /FlateDecode]"
    ) + b"\nendobj\n"
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)


def object_streams(streams=64, mib=1):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(TEXT),
        HELVETICA,
    ]
    zeros = b"[" + b"0 " * ((mib << 20) // 2 - 1) + b"]"
    for i in range(streams):
        # One object, number 1000 + i, at offset 0 of the stream's objects.
        header = b"%d 0 " % (1000 + i)
        data = header + zeros
        packed = zlib.compress(zlib.compress(data, 9), 9)
        objects.append(stream(packed, b"/Type /ObjStm /N 1 /First %d "
                              b"/Filter [/FlateDecode /FlateDecode]" % len(header)))
    return pdf(objects)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make in [("flate-2gib.pdf", flate_2gib), ("page-tree.pdf", page_tree),
                       ("widths.pdf", widths), ("forms.pdf", forms),
                       ("page-content.pdf", page_content), ("glyphs.pdf", glyphs),
                       ("xref-stream.pdf", xref_stream),
                       ("object-streams.pdf", object_streams)]:
        data = make()
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
