from . import secret
