from .legend import compare, legend, with_legend
from .overlay import colorize, overlay

__all__ = ['colorize', 'overlay', 'legend', 'with_legend', 'compare']
