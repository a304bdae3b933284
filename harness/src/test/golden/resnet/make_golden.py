#!/usr/bin/python3
"""Golden numbers for memefusion's torchvision ResNet conversion and preprocessing.

Run with Debian's python3-torchvision (torchvision 0.14, Pillow 9.4), NOT part of the build:

    /usr/bin/python3 harness/src/test/golden/resnet/make_golden.py \
        harness/src/test/resources/golden/resnet18-torchvision.json [--write-weights W.safetensors]

Weights and images come from integer formulas that the Java tests compute too
(io.memefusion.features.convert.resnet.Formula), so nothing binary is committed: only this
script and the small JSON it writes. --write-weights also saves the formula ResNet-18 state dict
as .safetensors (47 MB, for trying `models import`; never commit it).
"""
import hashlib
import json
import struct
import sys
import zlib

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image
from torchvision import transforms

MASK = 0xFFFFFFFF


def hash32(seed, idx):
    """The test formula: a 32-bit integer hash of (seed, index), idx a uint64 array."""
    x = (idx * np.uint64(2654435761) + np.uint64(seed * 40503 + 12345)) & np.uint64(MASK)
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(2246822519)) & np.uint64(MASK)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(3266489917)) & np.uint64(MASK)
    x ^= x >> np.uint64(16)
    return x


def uniform(seed, n):
    return hash32(seed, np.arange(n, dtype=np.uint64)).astype(np.float64) / 4294967296.0


def formula_tensor(name, shape):
    n = int(np.prod(shape))
    u = uniform(zlib.crc32(name.encode()), n)
    if name.endswith("running_var") or (name.endswith(".weight") and len(shape) == 1):
        v = 0.5 + u
    elif name.endswith("running_mean") or name.endswith(".bias"):
        v = 0.2 * (2 * u - 1)
    else:  # conv / fc weights: uniform with He variance 2 / fan_in
        fan_in = int(np.prod(shape[1:]))
        v = (2 * u - 1) * np.sqrt(6.0 / fan_in)
    return v.astype(np.float32).reshape(shape)


def formula_image(index, h, w):
    """[h, w, 3] uint8: a wrapping gradient plus noise."""
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    noise = hash32(1000 + index, np.arange(h * w * 3, dtype=np.uint64)).reshape(h, w, 3)
    v = (x * 7 + y * 3 + c * 60 + (noise >> np.uint64(29)).astype(np.int64) * 9) % 256
    return v.astype(np.uint8)


IMAGES = [(300, 217), (217, 300), (100, 150), (257, 256), (259, 256), (480, 640)]
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def main():
    out_path = sys.argv[1]
    weights_path = sys.argv[sys.argv.index("--write-weights") + 1] if "--write-weights" in sys.argv else None
    torch.set_num_threads(1)
    resize = transforms.Resize(256)  # PIL bilinear (PIL always antialiases)
    crop = transforms.CenterCrop(224)
    tail = transforms.Compose([transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    golden = {
        "versions": {"torch": torch.__version__, "torchvision": torchvision.__version__,
                     "pillow": PIL.__version__, "numpy": np.__version__},
        "preprocessing": [],
    }
    inputs = {}
    for i, (h, w) in enumerate(IMAGES):
        img = Image.fromarray(formula_image(i, h, w), "RGB")
        resized = resize(img)
        r = np.asarray(resized)
        t = tail(crop(resized))  # [3, 224, 224] float32
        hwc = t.permute(1, 2, 0).contiguous().numpy()
        inputs[i] = t
        golden["preprocessing"].append({
            "index": i, "height": h, "width": w,
            "resized_height": r.shape[0], "resized_width": r.shape[1],
            "resized_sha256": hashlib.sha256(r.tobytes()).hexdigest(),
            "resized_first": [int(v) for v in r.reshape(-1)[:12]],
            "input_sha256": hashlib.sha256(hwc.astype("<f4").tobytes()).hexdigest(),
            "input_first": [float(v) for v in hwc.reshape(-1)[:6]],
        })
    model = torchvision.models.resnet18()
    state = {}
    for name, value in model.state_dict().items():
        if name.endswith("num_batches_tracked"):
            state[name] = value
        else:
            state[name] = torch.from_numpy(formula_tensor(name, tuple(value.shape)))
    model.load_state_dict(state)
    model.fc = torch.nn.Identity()
    model.eval()
    features = []
    with torch.no_grad():
        for i in (0, 2):
            f = model(inputs[i].unsqueeze(0))[0].numpy()
            features.append({"image": i, "features": [float(v) for v in f]})
    golden["resnet18_formula_weights"] = features
    with open(out_path, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    if weights_path:
        write_safetensors(weights_path, {k: v.numpy() for k, v in state.items()})


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, a in tensors.items():
        dtype = {"float32": "F32", "int64": "I64"}[str(a.dtype)]
        data = a.astype("<f4" if dtype == "F32" else "<i8").tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


if __name__ == "__main__":
    main()
