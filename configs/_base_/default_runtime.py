# mmseg's runtime plus the plugin: registers mmseg-multipath's components
# (custom_imports) and makes resumed runs follow uninterrupted ones exactly.
_base_ = ['mmseg::_base_/default_runtime.py']
custom_imports = dict(imports=['mmseg_multipath'], allow_failed_imports=False)
default_scope = 'mmseg'
custom_hooks = [dict(type='IterSeedHook')]
