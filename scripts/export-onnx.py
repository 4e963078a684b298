#!/usr/bin/env python3
# Exports the ONNX test files of the importer (test/fixtures/onnx/export/) with Debian's
# python3-torch / python3-torchvision / python3-onnx, weights left out (external data, then the data
# file deleted), and writes the conv + FC MACs that PyTorch forward hooks report beside them.
#
#   /usr/bin/python3 scripts/export-onnx.py [--out test/fixtures/onnx/export] [--only NAME ...]
#
# (a) the zoo's models built in PyTorch (same layers as src/models/zoo/*), for a round-trip test;
# (b) torchvision vgg11, densenet121, mnasnet0_5, efficientnet_b0 (224×224, random init: no download);
# (c) small pattern models: an AdderNet LeNet written the reference code's way (unfold, then
#     −(W − X).abs().sum(1)) and a sign-binarised CNN.
# Opsets vary across files on purpose (attributes vs inputs differ between opsets 7 and 18).

import argparse
import json
import os
import sys

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from onnx import external_data_helper, numpy_helper  # noqa: F401

torch.manual_seed(0)

# ---------------------------------------------------------------- (a) the zoo


class LeNet5BN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(1, 6, 5, bias=False), nn.BatchNorm2d(6)
        self.conv2, self.bn2 = nn.Conv2d(6, 16, 5, bias=False), nn.BatchNorm2d(16)
        self.fc1, self.bn3 = nn.Linear(400, 120, bias=False), nn.BatchNorm1d(120)
        self.fc2, self.bn4 = nn.Linear(120, 84, bias=False), nn.BatchNorm1d(84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.bn3(self.fc1(x)))
        x = F.relu(self.bn4(self.fc2(x)))
        return self.fc3(x)


class LeNetPP(nn.Module):
    def __init__(self):
        super().__init__()
        widths = [1, 32, 32, 64, 64, 128, 128]
        self.convs = nn.ModuleList(nn.Conv2d(widths[i], widths[i + 1], 5, padding=2, bias=False) for i in range(6))
        self.bns = nn.ModuleList(nn.BatchNorm2d(widths[i + 1]) for i in range(6))
        self.fc1, self.fc2 = nn.Linear(1152, 2), nn.Linear(2, 10)

    def forward(self, x):
        for i in range(6):
            x = F.relu(self.bns[i](self.convs[i](x)))
            if i % 2 == 1:
                x = F.max_pool2d(x, 2)
        x = x.view(x.size(0), -1)
        return self.fc2(self.fc1(x))


class VGGSmall(nn.Module):
    def __init__(self):
        super().__init__()
        layers, c = [], 3
        for w in [128, 256, 512]:
            for _ in range(2):
                layers += [nn.Conv2d(c, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU()]
                c = w
            layers.append(nn.MaxPool2d(2))
        self.features, self.fc = nn.Sequential(*layers), nn.Linear(8192, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.features(x), 1))


class BasicBlockCifar(nn.Module):
    def __init__(self, cin, c, stride):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(cin, c, 3, stride, 1, bias=False), nn.BatchNorm2d(c)
        self.conv2, self.bn2 = nn.Conv2d(c, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c)
        self.downsample = None
        if stride != 1 or cin != c:
            self.downsample = nn.Sequential(nn.Conv2d(cin, c, 1, stride, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + (self.downsample(x) if self.downsample is not None else x))


class ResNetCifar(nn.Module):
    """The AdderNet reference resnet20.py layout: fc as a 1×1 conv + BN, then x.view(x.size(0), -1)."""

    def __init__(self, depth):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1, self.bn1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16)
        blocks, cin = [], 16
        for si, c in enumerate([16, 32, 64]):
            for i in range(n):
                blocks.append(BasicBlockCifar(cin, c, 2 if si > 0 and i == 0 else 1))
                cin = c
        self.layers = nn.Sequential(*blocks)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc, self.bn2 = nn.Conv2d(64, 10, 1, bias=False), nn.BatchNorm2d(10)

    def forward(self, x):
        x = self.layers(F.relu(self.bn1(self.conv1(x))))
        x = self.bn2(self.fc(self.avgpool(x)))
        return x.view(x.size(0), -1)


def resnet50_v1():
    """torchvision's ResNet-50 with the stride moved from the 3×3 to the first 1×1 (original Caffe v1)."""
    m = torchvision.models.resnet50()
    for layer in [m.layer2, m.layer3, m.layer4]:
        b = layer[0]
        b.conv1.stride, b.conv2.stride = (2, 2), (1, 1)
    return m


# ---------------------------------------------------------------- (c) pattern models


def adder2d_function(X, W, stride=1, padding=0):
    """As the AdderNet reference adder.py writes it (forward only)."""
    n_filters, d_filter, h_filter, w_filter = (int(d) for d in W.size())
    n_x, d_x, h_x, w_x = X.size()
    h_out = int((h_x - h_filter + 2 * padding) / stride + 1)
    w_out = int((w_x - w_filter + 2 * padding) / stride + 1)
    X_col = F.unfold(X.view(1, -1, h_x, w_x), h_filter, dilation=1, padding=padding, stride=stride).view(n_x, -1, h_out * w_out)
    X_col = X_col.permute(1, 2, 0).contiguous().view(X_col.size(1), -1)
    W_col = W.view(n_filters, -1)
    out = -(W_col.unsqueeze(2) - X_col.unsqueeze(0)).abs().sum(1)
    out = out.view(n_filters, h_out, w_out, n_x)
    return out.permute(3, 0, 1, 2).contiguous()


class Adder2d(nn.Module):
    def __init__(self, cin, cout, k, stride=1, padding=0):
        super().__init__()
        self.stride, self.padding = stride, padding
        self.weight = nn.Parameter(torch.randn(cout, cin, k, k))

    def forward(self, x):
        return adder2d_function(x, self.weight, self.stride, self.padding)


class AdderLeNet(nn.Module):
    """LeNet-5-BN with adder layers inside (first conv and last FC multiplicative, as the reference code)."""

    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(1, 6, 5, bias=False), nn.BatchNorm2d(6)
        self.conv2, self.bn2 = Adder2d(6, 16, 5), nn.BatchNorm2d(16)
        self.conv3, self.bn3 = Adder2d(16, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32)
        self.fc = nn.Linear(32 * 4 * 4, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.relu(self.bn2(self.conv2(x)))
        x = F.relu(self.bn3(self.conv3(x)))
        return self.fc(x.view(x.size(0), -1))


class BinaryNet(nn.Module):
    """Sign-binarised inner layers (activations and weights through sign), first conv and last FC real."""

    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(3, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32)
        self.conv2, self.bn2 = nn.Conv2d(32, 64, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(64)
        self.fc1, self.bn3 = nn.Linear(64 * 16 * 16, 128, bias=False), nn.BatchNorm1d(128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.hardtanh(self.bn1(self.conv1(x)))
        x = F.conv2d(torch.sign(x), torch.sign(self.conv2.weight), stride=2, padding=1)
        x = F.hardtanh(self.bn2(x))
        x = torch.flatten(x, 1)
        x = F.hardtanh(self.bn3(F.linear(torch.sign(x), torch.sign(self.fc1.weight))))
        return self.fc2(x)


# ---------------------------------------------------------------- the list

CIFAR, MNIST32, MNIST28, IMAGENET = (1, 3, 32, 32), (1, 1, 32, 32), (1, 1, 28, 28), (1, 3, 224, 224)
MODELS = {
    # name: (builder, input shape, opset, group)
    'zoo-lenet5-bn': (LeNet5BN, MNIST32, 9, 'zoo'),
    'zoo-lenet-pp': (LeNetPP, MNIST28, 11, 'zoo'),
    'zoo-vgg-small': (VGGSmall, CIFAR, 13, 'zoo'),
    'zoo-resnet20': (lambda: ResNetCifar(20), CIFAR, 7, 'zoo'),
    'zoo-resnet32': (lambda: ResNetCifar(32), CIFAR, 10, 'zoo'),
    'zoo-resnet56': (lambda: ResNetCifar(56), CIFAR, 17, 'zoo'),
    'zoo-resnet18': (torchvision.models.resnet18, IMAGENET, 12, 'zoo'),
    'zoo-resnet50': (torchvision.models.resnet50, IMAGENET, 13, 'zoo'),
    'zoo-resnet50-v1': (resnet50_v1, IMAGENET, 14, 'zoo'),
    'tv-vgg11': (torchvision.models.vgg11, IMAGENET, 13, 'torchvision'),
    'tv-densenet121': (torchvision.models.densenet121, IMAGENET, 13, 'torchvision'),
    'tv-mnasnet0_5': (torchvision.models.mnasnet0_5, IMAGENET, 13, 'torchvision'),
    'tv-efficientnet_b0': (torchvision.models.efficientnet_b0, IMAGENET, 13, 'torchvision'),
    'adder-lenet': (AdderLeNet, MNIST28, 11, 'pattern'),
    'adder-lenet-op17': (AdderLeNet, MNIST28, 17, 'pattern'),
    'adder-lenet-batch2': (AdderLeNet, (2, 1, 28, 28), 13, 'pattern'),
    'binary-net': (BinaryNet, CIFAR, 13, 'pattern'),
}


def hook_macs(model, shape):
    """Conv and FC multiply-accumulates per sample, from forward hooks."""
    layers = []

    def conv_hook(m, inp, out):
        k = (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        layers.append({'kind': 'conv', 'macs': out[0].numel() * k})

    def fc_hook(m, inp, out):
        layers.append({'kind': 'linear', 'macs': out[0].numel() * m.in_features})

    hooks = []
    for mod in model.modules():
        if isinstance(mod, nn.Conv2d):
            hooks.append(mod.register_forward_hook(conv_hook))
        elif isinstance(mod, nn.Linear):
            hooks.append(mod.register_forward_hook(fc_hook))
    with torch.no_grad():
        model(torch.zeros(*shape))
    for h in hooks:
        h.remove()
    return layers


def strip_weights(path):
    """Points every floating-point initializer at an external-data file that is not written (weights
    absent); integer initializers (shape and index constants) stay in the model."""
    m = onnx.load(path)
    data = os.path.basename(path) + '.data'
    offset = 0
    for t in m.graph.initializer:
        if t.data_type not in (onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE, onnx.TensorProto.FLOAT16):
            continue
        if not t.HasField('raw_data'):
            t.raw_data = onnx.numpy_helper.to_array(t).tobytes()
            t.ClearField('float_data')
            t.ClearField('double_data')
            t.ClearField('int32_data')
        length = len(t.raw_data)
        external_data_helper.set_external_data(t, location=data, offset=offset, length=length)
        t.ClearField('raw_data')
        t.data_location = onnx.TensorProto.EXTERNAL
        offset += length
    onnx.save_model(m, path)
    if os.path.getsize(path) >= 200 * 1024:
        # Large graphs (densenet121): drop the inferred value_info and shorten tensor and node names.
        shorten_names(m.graph)
        onnx.save_model(m, path)


def shorten_names(g):
    keep = {v.name for v in list(g.input) + list(g.output)}
    names = {}

    def short(n):
        if n == '' or n in keep:
            return n
        return names.setdefault(n, f't{len(names)}')

    del g.value_info[:]
    for i, node in enumerate(g.node):
        node.name = f'{node.op_type}_{i}'
        node.input[:] = [short(n) for n in node.input]
        node.output[:] = [short(n) for n in node.output]
        node.doc_string = ''
    for t in g.initializer:
        t.name = short(t.name)
    for v in g.input:
        v.name = short(v.name)


def export(name, out_dir):
    build, shape, opset, group = MODELS[name]
    model = build().eval()
    path = os.path.join(out_dir, f'{name}.onnx')
    torch.onnx.export(
        model, torch.zeros(*shape), path, opset_version=opset, input_names=['input'], output_names=['output'],
        training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True,
    )
    strip_weights(path)
    layers = hook_macs(model, shape)
    size = os.path.getsize(path)
    if size >= 200 * 1024:
        sys.exit(f'{path} is {size} bytes (limit 200 KB)')
    return {
        'group': group, 'opset': opset, 'input_shape': list(shape), 'weights': 'external-data-absent',
        'macs': sum(l['macs'] for l in layers),
        'conv': sum(l['macs'] for l in layers if l['kind'] == 'conv'),
        'linear': sum(l['macs'] for l in layers if l['kind'] == 'linear'),
        'layers': len(layers), 'layer_macs': [l['macs'] for l in layers], 'bytes': size,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'onnx', 'export'))
    ap.add_argument('--only', nargs='*')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    expected_path = os.path.join(args.out, 'expected.json')
    expected = {}
    if args.only and os.path.exists(expected_path):
        with open(expected_path) as f:
            expected = json.load(f)['models']
    for name in args.only or MODELS:
        expected[name] = export(name, args.out)
        e = expected[name]
        print(f"{name}: opset {e['opset']}, {e['layers']} conv/FC layers, {e['macs']:,} MACs, {e['bytes']:,} bytes")
    expected = {k: expected[k] for k in MODELS if k in expected}
    with open(expected_path, 'w') as f:
        json.dump({'schema': 'addersim/onnx-export-expected@1', 'torch': torch.__version__, 'torchvision': torchvision.__version__,
                   'note': 'conv + FC MACs per sample from PyTorch forward hooks (adder layers are not hooked)', 'models': expected}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
