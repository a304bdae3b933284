# Golden numbers for PilBicubicTest: Pillow's bicubic resize as Hugging Face's CLIPImageProcessor
# uses it (shortest edge to 224, int(224 * long / short), centre crop). Run with Debian's
# python3-pil (9.4.0 here):  /usr/bin/python3 pil_bicubic.py > ../resources/golden/pil_bicubic.txt
# Each line: width height sha256-of-the-224x224x3-RGB-bytes first-pixel centre-pixel.
import hashlib
from PIL import Image


def pattern(w, h):
    img = Image.new("RGB", (w, h))
    img.putdata([((x * 37 + y * 11) % 256, (x * x + 3 * y) % 256, ((x ^ y) * 5) % 256)
                 for y in range(h) for x in range(w)])
    return img


def clip_input(img, size=224):
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    if short != size:
        new_short, new_long = size, int(size * long / short)
        nw, nh = (new_short, new_long) if w <= h else (new_long, new_short)
        img = img.resize((nw, nh), resample=Image.BICUBIC, reducing_gap=None)
    w, h = img.size
    top, left = (h - size) // 2, (w - size) // 2
    return img.crop((left, top, left + size, top + size))


for w, h in [(97, 61), (500, 300), (301, 640), (224, 300), (1000, 999), (225, 224)]:
    out = clip_input(pattern(w, h)).tobytes()
    mid = (112 * 224 + 112) * 3
    print(w, h, hashlib.sha256(out).hexdigest(), ",".join(map(str, out[0:3])),
          ",".join(map(str, out[mid:mid + 3])))
