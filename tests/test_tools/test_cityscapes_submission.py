"""The Cityscapes submission path, checked with cityscapesscripts' own
evaluation on a small val set in the real Cityscapes layout."""
import os
import zipfile

import cv2
import numpy as np
import torch
from cityscapesscripts.evaluation import \
    evalPixelLevelSemanticLabeling as cs_eval
from cityscapesscripts.helpers.labels import id2label, labels
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.datasets import CityscapesDataset
from mmseg.evaluation import IoUMetric
from mmseg.registry import MODELS

from mmseg_multipath.engine import build_runner
from ..conftest import DEMO_CONFIG, run_tool

IDS = [(city, f'{seq:06d}', f'{frame:06d}') for city, seq, frame in
       (('aachen', 0, 19), ('aachen', 1, 19), ('bremen', 4, 19))]


def _write_cityscapes(root, rng, h=64, w=128):
    all_ids = [lab.id for lab in labels if lab.id >= 0]
    for city, seq, frame in IDS:
        stem = f'{city}_{seq}_{frame}'
        img_dir = root / 'leftImg8bit' / 'val' / city
        gt_dir = root / 'gtFine' / 'val' / city
        img_dir.mkdir(parents=True, exist_ok=True)
        gt_dir.mkdir(parents=True, exist_ok=True)
        blocks = rng.choice(all_ids, size=(h // 8, w // 8))
        label_ids = np.kron(blocks, np.ones((8, 8), np.int64)).astype(
            np.uint8)
        train_ids = np.vectorize(lambda i: id2label[i].trainId)(label_ids)
        train_ids[(train_ids < 0) | (train_ids == 255)] = 255
        inst = label_ids.astype(np.int32)
        for lid in np.unique(label_ids):
            if id2label[lid].hasInstances:
                inst[label_ids == lid] = int(lid) * 1000 + 1
        cv2.imwrite(str(img_dir / f'{stem}_leftImg8bit.png'),
                    rng.integers(0, 255, (h, w, 3), dtype=np.uint8))
        cv2.imwrite(str(gt_dir / f'{stem}_gtFine_labelIds.png'), label_ids)
        cv2.imwrite(str(gt_dir / f'{stem}_gtFine_labelTrainIds.png'),
                    train_ids.astype(np.uint8))
        cv2.imwrite(str(gt_dir / f'{stem}_gtFine_instanceIds.png'),
                    inst.astype(np.uint16))


def test_submission_files_pass_cityscapesscripts_and_match_iou_metric(
        tmp_path):
    root = tmp_path / 'cityscapes'
    _write_cityscapes(root, np.random.default_rng(0))
    cfg_path = tmp_path / 'cs_cfg.py'
    cfg_path.write_text(f'''
_base_ = ['{DEMO_CONFIG}']
model = dict(decode_head=dict(num_classes=19))
test_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=19),
    dict(type='PackSegInputs')
]
test_dataloader = dict(dataset=dict(
    _delete_=True, type='CityscapesDataset', data_root='{root}',
    data_prefix=dict(img_path='leftImg8bit/val',
                     seg_map_path='gtFine/val'),
    pipeline=test_pipeline))
test_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
''')
    init_default_scope('mmseg')
    cfg = Config.fromfile(str(cfg_path))
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    ckpt = tmp_path / 'cs.pth'
    torch.save({'state_dict': model.state_dict(),
                'meta': dict(dataset_meta=CityscapesDataset.METAINFO)}, ckpt)

    out = tmp_path / 'sub.zip'
    res = run_tool(['tools/submission/cityscapes.py', str(cfg_path),
                    str(ckpt), '-o', str(out), '--split', 'val'])
    assert res.returncode == 0, res.stderr[-3000:]
    pred_dir = tmp_path / 'pred'
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == sorted(
            f'{c}_{s}_{f}_pred.png' for c, s, f in IDS)
        zf.extractall(pred_dir)
    valid_ids = {lab.id for lab in labels if not lab.ignoreInEval} | {0}
    for name in os.listdir(pred_dir):
        pred = cv2.imread(str(pred_dir / name), cv2.IMREAD_UNCHANGED)
        assert pred.shape == (64, 128) and pred.dtype == np.uint8
        assert set(np.unique(pred)) <= valid_ids  # label ids, not train ids

    # cityscapesscripts' own evaluation accepts the files
    args = cs_eval.args
    args.cityscapesPath = str(root)
    args.predictionPath, args.predictionWalk = str(pred_dir), None
    args.quiet, args.JSONOutput = True, False
    gts = sorted(str(p) for p in root.glob(
        'gtFine/val/*/*_gtFine_labelIds.png'))
    preds = [cs_eval.getPrediction(args, gt) for gt in gts]
    result = cs_eval.evaluateImgLists(preds, gts, args)

    # ... and its class IoU equals mmseg's IoUMetric on the same predictions
    lut = np.full(256, 255, np.uint8)
    for lab in labels:
        if 0 <= lab.trainId < 255:
            lut[lab.id] = lab.trainId
    areas = []
    for gt, pred in zip(gts, preds):
        train_gt = cv2.imread(gt.replace('_labelIds', '_labelTrainIds'),
                              cv2.IMREAD_UNCHANGED)
        train_pred = lut[cv2.imread(pred, cv2.IMREAD_UNCHANGED)]
        areas.append(IoUMetric.intersect_and_union(
            torch.from_numpy(train_pred.astype(np.int64)),
            torch.from_numpy(train_gt.astype(np.int64)), 19, 255))
    total = [sum(a[i] for a in areas) for i in range(4)]
    ours = IoUMetric.total_area_to_metrics(*total, metrics=['mIoU'])['IoU']
    classes = CityscapesDataset.METAINFO['classes']
    theirs = np.array([result['classScores'][
        next(lab.name for lab in labels if lab.trainId == i)]
        for i in range(len(classes))], np.float64)
    ours = np.asarray(ours, np.float64)
    assert np.isfinite(theirs).sum() >= 5  # a non-trivial comparison
    np.testing.assert_allclose(ours, theirs, atol=1e-9, equal_nan=True)

    # the category level: CityscapesIoUMetric on the same predictions
    # equals cityscapesscripts' categoryScores / averageScoreCategories
    from mmseg_multipath.evaluation import CityscapesIoUMetric
    from mmseg_multipath.evaluation.cityscapes_iou_metric import (
        CATEGORIES, TRAIN_ID_CATEGORY)
    for train_id, cat in enumerate(TRAIN_ID_CATEGORY):
        lab = next(lab for lab in labels if lab.trainId == train_id)
        assert lab.category == CATEGORIES[cat]
    metric = CityscapesIoUMetric(iou_metrics=['mIoU'])
    metric.dataset_meta = CityscapesDataset.METAINFO
    for gt, pred in zip(gts, preds):
        train_gt = cv2.imread(gt.replace('_labelIds', '_labelTrainIds'),
                              cv2.IMREAD_UNCHANGED)
        train_pred = lut[cv2.imread(pred, cv2.IMREAD_UNCHANGED)]
        metric.process({}, [dict(
            img_path=gt, pred_sem_seg=dict(data=torch.from_numpy(
                train_pred.astype(np.int64))[None]),
            gt_sem_seg=dict(data=torch.from_numpy(
                train_gt.astype(np.int64))[None]))])
    both = metric.compute_metrics(metric.results)
    assert both['mIoU'] == round(100 * float(np.nanmean(theirs)), 2)
    assert np.isfinite(list(result['categoryScores'].values())).sum() >= 4
    assert abs(both['mIoU_category'] -
               100 * result['averageScoreCategories']) < 0.006

    # the IoUMetric run by mmengine's test loop reports the same mean
    cfg.work_dir = str(tmp_path / 'w')
    cfg.load_from = str(ckpt)
    metrics = build_runner(cfg).test()
    assert abs(metrics['mIoU'] -
               100 * result['averageScoreClasses']) < 0.006
