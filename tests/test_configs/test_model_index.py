"""The model index in mmseg's format: model-index.yml imports one
metafile.yaml per method folder; every segmentation config of a folder
is a model of its metafile, every listed config exists, and every result
in a metafile is a number of the folder's README (measured numbers only);
a model's ``Code`` is the file of a component its config builds, or, for
a peer built wholly from mmseg's components, its config.
"""
import glob
import os.path as osp

import pytest
import yaml

from ..conftest import ROOT, load_config

INDEX = yaml.safe_load(open(osp.join(ROOT, 'model-index.yml')))
METAFILES = sorted(INDEX['Import'])


def test_every_method_folder_has_a_metafile():
    folders = sorted(osp.dirname(p) for p in glob.glob(
        osp.join(ROOT, 'configs', '*', 'README.md')))
    assert sorted(osp.join(ROOT, osp.dirname(m)) for m in METAFILES) == \
        folders


@pytest.mark.parametrize('metafile', METAFILES)
def test_metafile_lists_every_config(metafile):
    meta = yaml.safe_load(open(osp.join(ROOT, metafile)))
    folder = osp.dirname(metafile)
    names = {c['Name'] for c in meta['Collections']}
    models = meta['Models']
    configs = sorted(glob.glob(osp.join(ROOT, folder, '*.py')))
    assert sorted(osp.join(ROOT, m['Config']) for m in models) == configs
    readme = open(osp.join(ROOT, folder, 'README.md')).read()
    for m in models:
        assert m['Name'] == osp.splitext(osp.basename(m['Config']))[0]
        assert m['In Collection'] in names
        assert osp.isfile(osp.join(ROOT, m['Code']))
        for result in m['Results'] or []:
            assert result['Task'] == 'Semantic Segmentation'
            for metric, value in result['Metrics'].items():
                assert f'{value:.2f}' in readme, (m['Name'], metric, value)


def _types(node):
    """Every ``type`` named in a (nested) config dict."""
    if isinstance(node, dict):
        if isinstance(node.get('type'), str):
            yield node['type']
        for v in node.values():
            yield from _types(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _types(v)


@pytest.mark.parametrize('metafile', METAFILES)
def test_code_is_the_models_own(metafile):
    # BiSeNetV1's entries once named shelf_head.py as their code
    for m in yaml.safe_load(open(osp.join(ROOT, metafile)))['Models']:
        model = load_config(osp.join(ROOT, m['Config'])).model
        types = set(_types(model))
        if m['Code'] == m['Config']:
            heads = model.get('auxiliary_head') or []
            parts = [model.get('backbone'), model.get('decode_head')] + (
                heads if isinstance(heads, list) else [heads])
            parts = {p['type'] for p in parts if isinstance(p, dict)}
            ours = [t for t in parts if any(
                f'class {t}(' in open(p).read() for p in glob.glob(
                    osp.join(ROOT, 'mmseg_multipath', '**', '*.py'),
                    recursive=True))]
            assert not ours, (m['Name'], 'names its config as code but '
                              f'its {ours} are of this package')
            continue
        source = open(osp.join(ROOT, m['Code'])).read()
        assert any(f'class {t}(' in source for t in types), (
            m['Name'], m['Code'], 'defines none of', sorted(types))
