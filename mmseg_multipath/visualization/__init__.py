from .overlay import colorize, overlay

__all__ = ['colorize', 'overlay']
