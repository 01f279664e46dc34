"""mmseg-multipath: an MMSegmentation 1.x plugin (install: tools/setup_env.sh)."""
import os.path as osp

from setuptools import find_packages, setup


def version():
    scope = {}
    with open(osp.join('mmseg_multipath', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


setup(
    name='mmseg_multipath',
    version=version(),
    description='Multi-path segmentation networks (Wider or Deeper, ChoiceNet, '
    'SeqConv, ShelfNet, AGC) for MMSegmentation 1.x',
    long_description=open('README.md').read() if osp.exists('README.md')
    else '',
    long_description_content_type='text/markdown',
    packages=find_packages(include=['mmseg_multipath', 'mmseg_multipath.*']),
    package_data={'mmseg_multipath': ['datasets/*.json']},
    python_requires='>=3.9',
    # torch, torchvision and mmcv (with compiled ops) are installed by
    # tools/setup_env.sh; the rest is in requirements.txt
    install_requires=['mmengine==0.10.7', 'mmsegmentation==1.2.2'],
    license='Apache-2.0',
)
