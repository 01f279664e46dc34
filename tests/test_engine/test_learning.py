"""The demo model learns the demo data: mIoU above a stated bound."""
import pytest

from mmseg_multipath.engine import build_runner
from ..conftest import demo_cfg

# Budget and bound: 400 iterations of batch 8 from scratch (a fifth of
# the demo's schedule) must reach MIOU_BOUND on the demo val split; the full
# demo (2000 iterations) reaches more, see configs/demo/README.md.
ITERS = 400
MIOU_BOUND = 42.0  # measured here: 45.56 (2 cores, seed 0)


# bound by iterations, not by time: 338 s alone on 2 cores, past pytest.ini's
# 900 s under a load average of 5-7 (a shared host); its own limit leaves
# room for a machine four times slower, and the test is in the slow tier
@pytest.mark.timeout(2400)
def test_demo_model_reaches_miou_bound(demo_root, tmp_path):
    cfg = demo_cfg(demo_root, tmp_path / 'learn', max_iters=ITERS)
    cfg.default_hooks.logger.interval = 50
    cfg.train_dataloader.num_workers = 2
    cfg.train_dataloader.persistent_workers = True
    runner = build_runner(cfg)
    runner.train()
    metrics = runner.val_loop.run()
    print(f"demo val mIoU after {ITERS} iterations: {metrics['mIoU']:.2f}")
    assert metrics['mIoU'] >= MIOU_BOUND, metrics
