from . import order
from . import misc
from . import compute
