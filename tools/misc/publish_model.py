"""Turn a training checkpoint into a release file, as mmseg's
``tools/misc/publish_model.py`` does: the optimizer state is dropped (with
the param schedulers and the message hub: training state only) and the
first 8 hex digits of the file's SHA-256 go into its name.

Usage::

    python tools/misc/publish_model.py IN OUT.pth

IN is a checkpoint, or a work dir (its ``best_*.pth``, else the newest
checkpoint, as ``--resume`` picks it). Writes ``OUT-<sha256[:8]>.pth``
and prints its path; the model weights and ``meta`` (``dataset_meta``
with the class names and palette, the seed, the mmseg version) are kept
unchanged.
"""
import argparse
import glob
import hashlib
import os
import os.path as osp

import torch

from mmseg_multipath.utils.checkpoint_files import CheckpointFileError
from mmseg_multipath.utils.checkpoints import (read_checkpoint,
                                               resume_candidates)
from mmseg_multipath.utils.files import part_path

# training state a release file does not need (mmengine's checkpoint keys)
TRAINING_KEYS = ('optimizer', 'param_schedulers', 'message_hub')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Strip a checkpoint for release and add its hash to the '
        'file name')
    parser.add_argument('in_file', help='checkpoint, or a work dir')
    parser.add_argument('out_file', help='output name, e.g. '
                        'shelfnet18-lw_camvid.pth')
    return parser.parse_args(argv)


def checkpoint_in(path: str) -> str:
    """``path`` itself, or the checkpoint a work dir would release."""
    if not osp.isdir(path):
        if not osp.isfile(path):
            raise FileNotFoundError(f'checkpoint "{path}" does not exist')
        return path
    best = sorted(glob.glob(osp.join(path, 'best_*.pth')),
                  key=osp.getmtime)
    if best:
        return best[-1]
    newest = [p for p in resume_candidates(path) if osp.isfile(p)]
    if newest:
        return newest[0]
    raise FileNotFoundError(
        f'work dir "{path}" has no best_*.pth and no iter_*/epoch_*.pth '
        'checkpoint: pass the checkpoint file')


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def publish(in_file: str, out_file: str) -> str:
    """Write the release file of ``in_file``; returns its path."""
    if not out_file.endswith('.pth'):
        raise ValueError(f'output "{out_file}" must end in .pth')
    src = checkpoint_in(in_file)
    ckpt = read_checkpoint(src)
    if not isinstance(ckpt, dict) or not isinstance(ckpt.get('state_dict'),
                                                    dict):
        raise CheckpointFileError(
            f'checkpoint "{src}" has no state_dict: not a training '
            'checkpoint of mmengine')
    release = {k: v for k, v in ckpt.items() if k not in TRAINING_KEYS}
    release['state_dict'] = {k: v.clone() if torch.is_tensor(v) else v
                             for k, v in ckpt['state_dict'].items()}
    os.makedirs(osp.dirname(osp.abspath(out_file)), exist_ok=True)
    tmp = part_path(out_file)
    try:
        torch.save(release, tmp)
        final = f'{out_file[:-len(".pth")]}-{sha256_of(tmp)[:8]}.pth'
        if osp.abspath(final) == osp.abspath(src):
            raise ValueError(f'the release file "{final}" would overwrite '
                             'its source')
        os.replace(tmp, final)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)
    return final


def main(argv=None):
    args = parse_args(argv)
    print(publish(args.in_file, args.out_file))


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
