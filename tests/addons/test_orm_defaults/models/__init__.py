from . import basket
