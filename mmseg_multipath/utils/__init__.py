from .checkpoint_compat import (MMENGINE_SAFE_GLOBALS, TRUST_ENV,
                                UnsafeCheckpointError,
                                patch_mmengine_checkpoint_loading, safe_load)
from .config import check_config_path, load_config, load_run_config
from .config_checks import (check_config_keys, check_data_prefixes,
                            set_data_root)
from .config_edits import model_of, replace_norm_cfg
from .dist import setup_cpu_distributed

__all__ = [
    'MMENGINE_SAFE_GLOBALS', 'TRUST_ENV', 'UnsafeCheckpointError',
    'patch_mmengine_checkpoint_loading', 'safe_load',
    'check_config_keys', 'check_config_path', 'check_data_prefixes',
    'load_config', 'load_run_config', 'set_data_root', 'model_of',
    'replace_norm_cfg',
    'setup_cpu_distributed'
]
