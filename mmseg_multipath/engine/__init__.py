from .hooks import *  # noqa: F401,F403
from .optimizers import *  # noqa: F401,F403
from .runner import (MultipathRunner, apply_safeguards,  # noqa: F401,E501
                     build_runner)
