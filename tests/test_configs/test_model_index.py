"""The model index in mmseg's format: model-index.yml imports one
metafile.yaml per method folder; every segmentation config of a folder
is a model of its metafile, every listed config exists, and every result
in a metafile is a number of the folder's README (measured numbers only).
"""
import glob
import os.path as osp

import pytest
import yaml

from ..conftest import ROOT

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
