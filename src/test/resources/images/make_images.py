"""Writes the image-decoding fixtures of ImagesTest with encoders independent of Java's ImageIO
(Pillow 12 — the Exif-oriented JPEGs Pillow 9.4 —, and a minimal PNG encoder below for the 16-bit colour and 16-bit gray+alpha kinds
Pillow cannot write), and expected.json with the sample values each file holds (JPEG: what
Pillow's libjpeg decodes; the Java decoder may differ by a level or two, hence its tolerance).

Run from this folder: python3 make_images.py   (Pillow, numpy)
"""
import io, json, struct, zlib
import numpy as np
from PIL import Image

W, H = 7, 5
y, x = np.mgrid[0:H, 0:W]


def v8(c):
    return ((37 * x + 61 * y + 89 * c + 13) % 256).astype(np.uint8)


def v16(c):
    return ((9973 * x + 7919 * y + 4093 * c + 1234) % 65536).astype(np.uint16)


gray8 = v8(0)
gray8[2, 3] = 93                        # the value ImageIO's getRGB turned into 163
rgb8 = np.stack([v8(c) for c in range(3)], axis=-1)
alpha8 = ((x * 40 + 5) % 256).astype(np.uint8)
gray16 = v16(0)
rgb16 = np.stack([v16(c) for c in range(3)], axis=-1)
alpha16 = ((x * 9000 + 7) % 65536).astype(np.uint16)

expected = {}


def record(name, planes, bits, tolerance=0, gray=None):
    planes = [np.asarray(p).astype(int).tolist() for p in planes]
    expected[name] = {"gray": len(planes) == 1 if gray is None else gray, "bits": bits, "tolerance": tolerance,
                      "values": planes}


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(name, samples, color_type, bit_depth, extra_chunks=b""):
    """samples: H x W x channels (uint8 or uint16), big-endian rows, filter 0."""
    h, w = samples.shape[:2]
    raw = b"".join(b"\0" + samples[r].astype(">u2" if bit_depth == 16 else "u1").tobytes() for r in range(h))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0))
            + extra_chunks + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    open(name, "wb").write(data)


def linear_rgb_icc():
    """An ICC v2 RGB matrix/TRC profile with sRGB's (D50-adapted) primaries and gamma 1.0: not sRGB."""
    def s15(v):
        return struct.pack(">i", int(round(v * 65536)))

    def xyz(a, b, c):
        return b"XYZ " + b"\0" * 4 + s15(a) + s15(b) + s15(c)

    desc_text = b"rnd4j linear test\0"
    tags = [(b"desc", b"desc" + b"\0" * 4 + struct.pack(">I", len(desc_text)) + desc_text + b"\0" * 4 + b"\0" * 4 + b"\0" * 70),
            (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)), (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
            (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", b"curv" + b"\0" * 4 + struct.pack(">I", 0)), (b"gTRC", b"curv" + b"\0" * 4 + struct.pack(">I", 0)),
            (b"bTRC", b"curv" + b"\0" * 4 + struct.pack(">I", 0)),
            (b"cprt", b"text" + b"\0" * 4 + b"none\0")]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        while (offset + len(body)) % 4:
            body += b"\0"
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ "
              + b"\0" * 12 + b"acsp" + b"APPL" + b"\0" * 4 + b"\0" * 4 + b"\0" * 4 + b"\0" * 8 + b"\0" * 4
              + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 4 + b"\0" * 16 + b"\0" * 28)
    assert len(header) == 128, len(header)
    return header + struct.pack(">I", len(tags)) + table + body


Image.fromarray(gray8, "L").save("gray8.png"); record("gray8.png", [gray8], 8)
Image.fromarray(np.stack([gray8, alpha8], -1), "LA").save("gray_alpha8.png"); record("gray_alpha8.png", [gray8], 8)
Image.fromarray(gray16).save("gray16.png"); record("gray16.png", [gray16], 16)
png("gray_alpha16.png", np.stack([gray16, alpha16], -1), 4, 16); record("gray_alpha16.png", [gray16], 16)
Image.fromarray(rgb8, "RGB").save("rgb8.png"); record("rgb8.png", [rgb8[..., c] for c in range(3)], 8)
Image.fromarray(np.dstack([rgb8, alpha8]), "RGBA").save("rgba8.png"); record("rgba8.png", [rgb8[..., c] for c in range(3)], 8)
png("rgb16.png", rgb16, 2, 16); record("rgb16.png", [rgb16[..., c] for c in range(3)], 16)
png("rgba16.png", np.dstack([rgb16, alpha16]), 6, 16); record("rgba16.png", [rgb16[..., c] for c in range(3)], 16)
bw = (((x + y) % 2) * 255).astype(np.uint8)
Image.fromarray(bw, "L").convert("1").save("gray1.png"); record("gray1.png", [bw], 8)
pal = Image.fromarray(rgb8, "RGB").quantize(colors=16, method=Image.Quantize.MEDIANCUT)
pal.save("palette.png"); pal_rgb = np.asarray(pal.convert("RGB")); record("palette.png", [pal_rgb[..., c] for c in range(3)], 8)
pal.save("palette.gif"); record("palette.gif", [pal_rgb[..., c] for c in range(3)], 8)
pal.save("palette8.bmp"); record("palette8.bmp", [pal_rgb[..., c] for c in range(3)], 8)
Image.fromarray(rgb8, "RGB").save("rgb24.bmp"); record("rgb24.bmp", [rgb8[..., c] for c in range(3)], 8)
Image.fromarray(rgb8, "RGB").save("rgb8.tif"); record("rgb8.tif", [rgb8[..., c] for c in range(3)], 8)
Image.fromarray(gray16).save("gray16.tif"); record("gray16.tif", [gray16], 16)
Image.fromarray(gray8, "L").save("gray8.tif"); record("gray8.tif", [gray8], 8)
pal.save("palette.tif"); record("palette.tif", [pal_rgb[..., c] for c in range(3)], 8)
# a palette whose entries are all gray, as Set11's Parrots.tif and foreman.tif: decodes to one gray plane of the
# palette's values (not the indices, which are reversed here so that reading indices would be caught)
gray_pal = Image.fromarray((255 - gray8).astype(np.uint8), "P")
gray_pal.putpalette([v for i in range(256) for v in (255 - i,) * 3])
gray_pal.save("palette_gray.tif"); record("palette_gray.tif", [np.asarray(gray_pal.convert("L"))], 8)
Image.fromarray(rgb8, "RGB").save("icc_linear.png", icc_profile=linear_rgb_icc())
record("icc_linear.png", [rgb8[..., c] for c in range(3)], 8)
# the same profile in a JPEG: the samples as stored (the JDK's reader would convert them to sRGB, clipping the gamut)
Image.fromarray(rgb8, "RGB").save("icc_linear.jpg", quality=95, subsampling=0, icc_profile=linear_rgb_icc())
back = np.asarray(Image.open("icc_linear.jpg")); record("icc_linear.jpg", [back[..., c] for c in range(3)], 8, tolerance=2)
for name, img in [("rgb.jpg", Image.fromarray(rgb8, "RGB")), ("gray.jpg", Image.fromarray(gray8, "L"))]:
    img.save(name, quality=95, subsampling=0)
    back = np.asarray(Image.open(name))
    record(name, [back] if back.ndim == 2 else [back[..., c] for c in range(3)], 8, tolerance=2)
# Exif orientation (tag 274), as cameras and phones write it: expected is the image as displayed, Pillow's exif_transpose
from PIL import ImageOps
for o in range(2, 9):
    exif = Image.Exif()
    exif[0x0112] = o
    for name, img in [(f"rgb_exif{o}.jpg", Image.fromarray(rgb8, "RGB"))] + ([("gray_exif6.jpg", Image.fromarray(gray8, "L"))] if o == 6 else []):
        img.save(name, quality=95, subsampling=0, exif=exif.tobytes())
        back = np.asarray(ImageOps.exif_transpose(Image.open(name)))
        record(name, [back] if back.ndim == 2 else [back[..., c] for c in range(3)], 8, tolerance=2)
# more than one image in a file (TIFF pages, GIF frames): the first is read, with a warning
second = Image.fromarray((255 - rgb8).astype(np.uint8), "RGB")
Image.fromarray(rgb8, "RGB").save("pages2.tif", save_all=True, append_images=[second])
record("pages2.tif", [rgb8[..., c] for c in range(3)], 8)
pal.save("frames2.gif", save_all=True, append_images=[second.quantize(colors=16, method=Image.Quantize.MEDIANCUT)])
first = np.asarray(Image.open("frames2.gif").convert("RGB")); record("frames2.gif", [first[..., c] for c in range(3)], 8)
with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1)
