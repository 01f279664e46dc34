"""Support for the analysis, benchmark and conversion tools.

Nothing here is needed to build, train or test a model: fair CPU/GPU
timing (``fair_timing``), autograd memory accounting (``autograd_memory``),
the path-length gradient experiment of "Wider or Deeper"
(``residual_paths``), a reader for MXNet ``.params`` files
(``mxnet_params``) and for the logs of training and test runs
(``training_logs``). The modules are imported by the tools that need them;
importing ``mmseg_multipath`` does not import them.
"""
