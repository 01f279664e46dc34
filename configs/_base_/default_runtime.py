# mmseg's runtime plus the plugin's components and hooks (runtime_hooks.py).
_base_ = ['mmseg::_base_/default_runtime.py', './runtime_hooks.py']
default_scope = 'mmseg'
