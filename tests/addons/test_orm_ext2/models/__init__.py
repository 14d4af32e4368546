from . import order
from . import secret
