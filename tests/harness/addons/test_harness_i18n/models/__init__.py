from . import colour
