from . import order
from . import misc
