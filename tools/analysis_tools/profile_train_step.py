"""Where a training step of a config spends its time, part by part.

Usage::

    python tools/analysis_tools/profile_train_step.py CONFIG
        [--data-root DIR] [--steps 6] [--warmup 2] [--compile]
        [--cfg-options k=v ...] [--out parts.json]

The step is the config's own, built by its runner (``MultipathRunner``):
its data loader (real images, its workers), its optim wrapper (bf16
autocast where the config says ``AutocastOptimWrapper``), its hooks'
``before_run`` (``ChannelsLastHook``, ``SteadyMallocHook``), its model's
``loss`` (decode and auxiliary heads, samplers, class weights as
configured: the ``before_train`` of ``ClassWeightHook`` and
``AGCFusionHook`` runs first). One step is timed in the parts mmengine's
``BaseModel.train_step`` runs:

* ``data``: waiting for the next batch (``next(dataloader)``: the loader's
  workers share the cores with the step);
* ``preprocess``: ``data_preprocessor`` (stack, normalise, pad);
* ``backbone``: its forward pass;
* ``decode head``, ``auxiliary head``: each head's ``loss`` (its forward
  and ``loss_by_feat``: resize to the labels, samplers, cross entropy;
  ShelfNet-lw's 1/16 and 1/32 outputs are inside its decode head);
* ``losses``: the rest of the forward phase (``parse_losses``);
* ``backward``, ``optimizer``: ``optim_wrapper.backward`` and ``step`` +
  ``zero_grad``.

With ``--compile`` the model's ``train_step`` is ``torch.compile`` d (as
mmengine's ``compile=True`` config option does) and the step is timed
whole (``data`` apart). Medians over ``--steps`` after ``--warmup``
steps, and the median count of minor page faults per step in the
training process (``SteadyMallocHook``'s effect; the loader's workers
are not counted). Speed depends on the machine's load: compare runs made
in turns.
"""
import argparse
import json
import resource
import statistics
import time
from collections import defaultdict

import torch

import mmseg_multipath  # noqa: F401
from mmseg_multipath.engine import build_runner
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.config import load_config
from mmseg_multipath.utils.config_checks import set_data_root

PARTS = ('data', 'preprocess', 'backbone', 'decode head', 'auxiliary head',
         'losses', 'backward', 'optimizer')


def parse_args():
    parser = argparse.ArgumentParser(
        description='Time the parts of a config\'s training step')
    parser.add_argument('config')
    parser.add_argument('--data-root', metavar='DIR',
                        help='data_root of every split')
    parser.add_argument('--steps', type=int, default=6)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--compile', action='store_true',
                        help='torch.compile the model\'s train_step '
                        '(mmengine\'s compile=True) and time it whole')
    parser.add_argument('--work-dir', default=None,
                        help='the runner\'s work dir (default: a temporary '
                        'folder)')
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    parser.add_argument('--out', help='write the medians here (JSON)')
    return parser.parse_args()


def _timed_parts(model, seconds):
    """Add the seconds of the backbone's forward (a forward hook) and of
    each head's ``loss`` (its forward and ``loss_by_feat``: mmseg calls
    ``self.forward`` there, which module hooks do not see; timed through
    the instance's method) to ``seconds``. Returns the undo function."""
    start = {}

    def pre(mod, args):
        start['t'] = time.perf_counter()

    def post(mod, args, out):
        seconds['backbone'] += time.perf_counter() - start['t']
    handles = [model.backbone.register_forward_pre_hook(pre),
               model.backbone.register_forward_hook(post)]
    heads = [('decode head', model.decode_head)]
    aux = getattr(model, 'auxiliary_head', None)
    if aux is not None:
        heads += [('auxiliary head', m) for m in
                  (aux if isinstance(aux, torch.nn.ModuleList) else [aux])]
    for part, head in heads:
        def timed(*a, _loss=head.loss, _part=part, **k):
            t = time.perf_counter()
            out = _loss(*a, **k)
            seconds[_part] += time.perf_counter() - t
            return out
        head.loss = timed

    def undo():
        for h in handles:
            h.remove()
        for _, head in heads:
            del head.loss
    return undo


def eager_step(model, optim_wrapper, batch, seconds):
    """One ``BaseModel.train_step``, its parts timed into ``seconds``."""
    t0 = time.perf_counter()
    with optim_wrapper.optim_context(model):
        data = model.data_preprocessor(batch, True)
        t1 = time.perf_counter()
        losses = model(**data, mode='loss')
    loss, _ = model.parse_losses(losses)
    t2 = time.perf_counter()
    optim_wrapper.backward(loss)
    t3 = time.perf_counter()
    optim_wrapper.step()
    optim_wrapper.zero_grad()
    t4 = time.perf_counter()
    seconds['preprocess'] += t1 - t0
    heads = sum(seconds[p] for p in ('backbone', 'decode head',
                                     'auxiliary head'))
    seconds['losses'] += (t2 - t1) - heads
    seconds['backward'] += t3 - t2
    seconds['optimizer'] += t4 - t3


def main():
    args = parse_args()
    cfg = load_config(args.config, cfg_options=args.cfg_options)
    if args.data_root:
        set_data_root(cfg, args.data_root)
    if args.work_dir is None:
        import tempfile  # lazy: only without --work-dir
        args.work_dir = tempfile.mkdtemp(prefix='profile_step_')
    cfg.work_dir = args.work_dir
    cfg.log_level = 'WARNING'  # the parts table, not the runner's dump
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.test_cfg = cfg.test_dataloader = cfg.test_evaluator = None
    runner = build_runner(cfg)
    # the config's hooks that change the model or its loss before training
    for hook in runner.hooks:
        name = type(hook).__name__
        if name in ('ChannelsLastHook', 'SteadyMallocHook'):
            hook.before_run(runner)
        elif name in ('AGCFusionHook', 'ClassWeightHook'):
            hook.before_train(runner)
    model = runner.model.train()
    optim_wrapper = runner.build_optim_wrapper(cfg.optim_wrapper)
    loader = runner.build_dataloader(cfg.train_dataloader)
    batches = iter(loader)
    step_fn = None
    if args.compile:
        step_fn = torch.compile(model.train_step)
    rows = defaultdict(list)
    faults = []
    for i in range(args.warmup + args.steps):
        seconds = defaultdict(float)
        minflt = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        t = time.perf_counter()
        try:
            batch = next(batches)
        except StopIteration:
            batches = iter(loader)
            batch = next(batches)
        seconds['data'] = time.perf_counter() - t
        t = time.perf_counter()
        if step_fn is not None:
            step_fn(batch, optim_wrapper)
            seconds['step (compiled)'] = time.perf_counter() - t
        else:
            undo = _timed_parts(model, seconds)
            eager_step(model, optim_wrapper, batch, seconds)
            undo()
        total = sum(seconds.values())
        print(f'step {i + 1}/{args.warmup + args.steps}: {total:.2f} s'
              f'{" (warm-up)" if i < args.warmup else ""}', flush=True)
        if i >= args.warmup:
            for part, sec in seconds.items():
                rows[part].append(sec)
            rows['total'].append(total)
            faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                          - minflt)
    medians = {p: statistics.median(v) * 1000 for p, v in rows.items()}
    total = medians.pop('total')
    print(f'\n{args.config}: batch {cfg.train_dataloader.batch_size}, '
          f'{cfg.optim_wrapper.get("type", "OptimWrapper")}, '
          f'{"compiled train_step" if args.compile else "eager"}, '
          f'{torch.get_num_threads()} threads, median of {args.steps}')
    print('| part | ms | share |\n|---|---|---|')
    for part in list(PARTS) + ['step (compiled)']:
        if part in medians:
            print(f'| {part} | {medians[part]:.0f} | '
                  f'{100 * medians[part] / total:.0f}% |')
    print(f'| total | {total:.0f} | 100% |')
    step_faults = int(statistics.median(faults))
    print(f'minor page faults per step (this process): {step_faults}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(dict(config=args.config, compile=args.compile,
                           ms=medians, total_ms=total,
                           minor_faults_per_step=step_faults), f, indent=1)


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
