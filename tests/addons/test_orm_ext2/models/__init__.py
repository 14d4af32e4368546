from . import order
from . import secret
from . import rate
