from . import tick
