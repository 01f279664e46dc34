"""mmseg-multipath: an MMSegmentation 1.x plugin.

Two ways in (docs/get_started.md):

* a fresh machine: ``bash tools/setup_env.sh`` builds ``.venv`` with the
  pinned stack (mmcv 2.1.0 compiled with its ops);
* an environment that already has torch and mmcv (e.g. OpenMMLab's CUDA
  wheels): ``pip install -e .`` (or ``mim install -e .``) adds mmengine,
  mmsegmentation, mmpretrain and the rest from ``install_requires``;
  ``pip install -e .[tests]`` adds what the test suite needs.
"""
import os.path as osp
from setuptools import find_packages, setup


def version():
    scope = {}
    with open(osp.join('mmseg_multipath', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


# torch, torchvision and mmcv (>= 2.0.0rc4, < 2.2.0, with compiled ops) are
# not listed: they are built for the machine's CUDA/CPU, and mmseg refuses
# other mmcv versions. Everything ``import mmseg_multipath`` needs is here.
INSTALL_REQUIRES = [
    'mmengine==0.10.7',  # AtomicCheckpointHook overrides private methods
    'mmsegmentation==1.2.2',
    'mmpretrain>=1.2.0,<1.3.0',
    'numpy<2.4',
    'opencv-python',
    'Pillow',
    'prettytable',
    'ftfy',
    'regex',
]
EXTRAS_REQUIRE = {
    'onnx': ['onnx', 'onnxruntime', 'onnxscript'],
    'deploy': ['openvino', 'nncf'],
    'cityscapes': ['cityscapesscripts'],
    'tensorboard': ['tensorboard'],
    'analysis': ['matplotlib', 'scipy'],
}
EXTRAS_REQUIRE['tests'] = sorted(
    {'pytest', 'pytest-timeout', 'flake8', 'isort'} |
    {r for reqs in EXTRAS_REQUIRE.values() for r in reqs})

setup(
    name='mmseg_multipath',
    version=version(),
    description='Multi-path segmentation networks (Wider or Deeper, '
    'ChoiceNet, '
    'SeqConv, ShelfNet, AGC) for MMSegmentation 1.x',
    long_description=open('README.md').read() if osp.exists('README.md')
    else '',
    long_description_content_type='text/markdown',
    packages=find_packages(include=['mmseg_multipath', 'mmseg_multipath.*']),
    package_data={'mmseg_multipath': ['datasets/*.json']},
    python_requires='>=3.9',
    install_requires=INSTALL_REQUIRES,
    extras_require=EXTRAS_REQUIRE,
    license='Apache-2.0',
)
